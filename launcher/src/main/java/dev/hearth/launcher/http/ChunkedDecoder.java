package dev.hearth.launcher.http;

/**
 * Decodes a chunked request body (RFC 9112 section 7.1) incrementally, in whatever pieces the
 * socket delivers: chunk-size lines (extensions ignored), data, the CRLF after the data, and the
 * trailer section (read and dropped). Data is handed on as slices of the input, never copied
 * here. Bare LF is accepted as a line end, as for the head.
 */
final class ChunkedDecoder {

    /** Longest chunk-size line (with extensions) or trailer line we read. */
    static final int MAX_LINE = 4096;
    /** Largest trailer section we read through. */
    static final int MAX_TRAILERS = 16 * 1024;

    /** Where decoded data goes. */
    interface Sink {
        void data(byte[] buf, int offset, int length);
    }

    private enum State { SIZE, DATA, DATA_END, TRAILER, DONE }

    private State state = State.SIZE;
    private long remaining;
    private int lineLength;
    private long sizeValue;
    private boolean sizeDigits;
    private boolean inExtension;
    private int trailerBytes;
    private boolean lastWasCr;

    boolean done() {
        return state == State.DONE;
    }

    /**
     * Consumes bytes from {@code buf[from, to)} and returns the index of the first byte not
     * consumed: {@code to}, or less once the body has ended (the rest is the next request).
     */
    int feed(byte[] buf, int from, int to, Sink sink) throws HttpError {
        int i = from;
        while (i < to && state != State.DONE) {
            switch (state) {
                case SIZE -> i = sizeLine(buf, i, to);
                case DATA -> {
                    int n = (int) Math.min(remaining, to - i);
                    sink.data(buf, i, n);
                    remaining -= n;
                    i += n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                        lastWasCr = false;
                    }
                }
                case DATA_END -> {
                    byte b = buf[i++];
                    if (b == '\r' && !lastWasCr) {
                        lastWasCr = true;
                    } else if (b == '\n') {
                        state = State.SIZE;
                        resetLine();
                    } else {
                        throw new HttpError(400, "chunk data not followed by CRLF");
                    }
                }
                case TRAILER -> i = trailerLine(buf, i, to);
                default -> throw new IllegalStateException(state.name());
            }
        }
        return i;
    }

    private int sizeLine(byte[] buf, int i, int to) throws HttpError {
        while (i < to) {
            byte b = buf[i++];
            if (++lineLength > MAX_LINE) {
                throw new HttpError(400, "chunk-size line longer than " + MAX_LINE + " bytes");
            }
            if (b == '\n') {
                if (!sizeDigits) {
                    throw new HttpError(400, "chunk-size line without a size");
                }
                if (sizeValue == 0) {
                    state = State.TRAILER;
                } else {
                    state = State.DATA;
                    remaining = sizeValue;
                }
                resetLine();
                return i;
            }
            if (lastWasCr) {
                throw new HttpError(400, "CR not followed by LF in a chunk-size line");
            }
            if (b == '\r') {
                lastWasCr = true;
            } else if (inExtension) {
                if (b < ' ' && b != '\t' || b == 127) {
                    throw new HttpError(400, "control character in a chunk extension");
                }
            } else if (b == ';' || b == ' ' || b == '\t') {
                if (!sizeDigits) {
                    throw new HttpError(400, "chunk-size line without a size");
                }
                inExtension = true;
            } else {
                int digit = Character.digit(b, 16);
                if (digit < 0) {
                    throw new HttpError(400, "invalid chunk size");
                }
                if (sizeValue > (Long.MAX_VALUE >> 4)) {
                    throw new HttpError(400, "chunk size too large");
                }
                sizeValue = (sizeValue << 4) | digit;
                sizeDigits = true;
            }
        }
        return i;
    }

    private int trailerLine(byte[] buf, int i, int to) throws HttpError {
        while (i < to) {
            byte b = buf[i++];
            if (++trailerBytes > MAX_TRAILERS) {
                throw new HttpError(431, "trailer section larger than " + MAX_TRAILERS + " bytes");
            }
            if (b == '\n') {
                if (lineLength == 0) {
                    state = State.DONE;
                    return i;
                }
                resetLine();
            } else if (b == '\r') {
                if (lastWasCr) {
                    throw new HttpError(400, "CR not followed by LF in the trailer section");
                }
                lastWasCr = true;
            } else {
                if (lastWasCr) {
                    throw new HttpError(400, "CR not followed by LF in the trailer section");
                }
                lineLength++;
            }
        }
        return i;
    }

    private void resetLine() {
        lineLength = 0;
        sizeValue = 0;
        sizeDigits = false;
        inExtension = false;
        lastWasCr = false;
    }
}
