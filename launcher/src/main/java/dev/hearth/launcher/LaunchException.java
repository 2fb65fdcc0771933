package dev.hearth.launcher;

/** A function process could not be created or started; the message names the cause. */
public final class LaunchException extends Exception {
    public LaunchException(String message) { super(message); }
    public LaunchException(String message, Throwable cause) { super(message, cause); }
}
