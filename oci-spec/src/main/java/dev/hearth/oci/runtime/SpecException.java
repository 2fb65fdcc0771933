package dev.hearth.oci.runtime;

/** A config.json that cannot be used; the message names the field and what is wrong with it. */
public final class SpecException extends Exception {
    public SpecException(String message) { super(message); }
    public SpecException(String message, Throwable cause) { super(message, cause); }
}
