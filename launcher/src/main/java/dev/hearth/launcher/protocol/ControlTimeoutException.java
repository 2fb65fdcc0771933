package dev.hearth.launcher.protocol;

import java.io.IOException;

/** No reply arrived in time; the connection has been closed. */
public final class ControlTimeoutException extends IOException {
    public ControlTimeoutException(String message) { super(message); }
}
