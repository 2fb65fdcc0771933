package dev.hearth.launcher.http;

/**
 * A request the server refuses before any handler sees it: the status to answer with (400, 413,
 * 414, 431, 501, ...) and a short reason that goes in the plain-text body. The connection is
 * closed after the answer, since the stream can no longer be trusted to be in step.
 */
public final class HttpError extends Exception {

    private final int status;

    public HttpError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
