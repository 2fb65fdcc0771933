package dev.hearth.build;

/** Why an image could not be built; the message is one line meant for the person who ran the build. */
public final class BuildException extends Exception {
    public BuildException(String message) { super(message); }
    public BuildException(String message, Throwable cause) { super(message, cause); }
}
