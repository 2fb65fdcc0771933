package dev.hearth.launcher.js;

/**
 * The entrypoint could not be read or parsed. The message is for the user: for a syntax error
 * it names the file, line and column as GraalJS reports them.
 */
public final class ScriptLoadException extends Exception {
    public ScriptLoadException(String message) { super(message); }
    public ScriptLoadException(String message, Throwable cause) { super(message, cause); }
}
