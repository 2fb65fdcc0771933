package dev.hearth.build.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password (or token) for a registry, as docker login stores them. */
public record Credentials(String username, String password) {
    /** The value of an {@code Authorization} header for HTTP Basic authentication. */
    public String basicAuthorization() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", password hidden]";
    }
}
