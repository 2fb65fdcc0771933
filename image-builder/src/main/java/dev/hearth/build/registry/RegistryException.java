package dev.hearth.build.registry;

/** A registry could not be reached, refused a request or answered what the protocol does not allow. */
public final class RegistryException extends Exception {
    public RegistryException(String message) { super(message); }

    public RegistryException(String message, Throwable cause) { super(message, cause); }
}
