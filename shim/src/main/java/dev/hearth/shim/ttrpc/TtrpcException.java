package dev.hearth.shim.ttrpc;

import java.util.Objects;

/**
 * An error with a gRPC status code. Thrown by a handler it becomes the status of the ttrpc
 * response (code and message reach containerd as they are); thrown by {@link TtrpcClient} it is
 * the status the server answered with.
 */
public class TtrpcException extends Exception {
    private final Code code;

    public TtrpcException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        if (code == Code.OK) {
            throw new IllegalArgumentException("a TtrpcException cannot carry status OK");
        }
    }

    public TtrpcException(Code code, String message, Throwable cause) {
        this(code, message);
        initCause(cause);
    }

    public Code code() {
        return code;
    }

    public static TtrpcException notFound(String message) {
        return new TtrpcException(Code.NOT_FOUND, message);
    }

    public static TtrpcException alreadyExists(String message) {
        return new TtrpcException(Code.ALREADY_EXISTS, message);
    }

    public static TtrpcException invalidArgument(String message) {
        return new TtrpcException(Code.INVALID_ARGUMENT, message);
    }

    public static TtrpcException failedPrecondition(String message) {
        return new TtrpcException(Code.FAILED_PRECONDITION, message);
    }

    public static TtrpcException unimplemented(String message) {
        return new TtrpcException(Code.UNIMPLEMENTED, message);
    }

    public static TtrpcException internal(String message) {
        return new TtrpcException(Code.INTERNAL, message);
    }

    @Override
    public String toString() {
        return "ttrpc status " + code + ": " + getMessage();
    }

    /**
     * gRPC status codes, which ttrpc carries unchanged in its response status. containerd maps
     * them back to its own errors (NOT_FOUND to errdefs.ErrNotFound and so on), so the numbers
     * must be exactly gRPC's.
     */
    public enum Code {
        OK(0),
        CANCELLED(1),
        UNKNOWN(2),
        INVALID_ARGUMENT(3),
        DEADLINE_EXCEEDED(4),
        NOT_FOUND(5),
        ALREADY_EXISTS(6),
        PERMISSION_DENIED(7),
        RESOURCE_EXHAUSTED(8),
        FAILED_PRECONDITION(9),
        ABORTED(10),
        OUT_OF_RANGE(11),
        UNIMPLEMENTED(12),
        INTERNAL(13),
        UNAVAILABLE(14),
        DATA_LOSS(15),
        UNAUTHENTICATED(16);

        private static final Code[] BY_NUMBER = values();

        private final int number;

        Code(int number) {
            this.number = number;
        }

        /** The number sent on the wire. */
        public int number() {
            return number;
        }

        /** The code for a wire number; numbers gRPC does not define read as {@link #UNKNOWN}. */
        public static Code forNumber(int number) {
            return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
        }
    }
}
