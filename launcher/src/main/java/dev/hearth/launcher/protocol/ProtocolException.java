package dev.hearth.launcher.protocol;

import java.io.IOException;

/** The peer sent something that is not a valid control frame. */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) { super(message); }
}
