package dev.hearth.oci.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:encoded}, as the image spec defines it. sha256 and sha512
 * encodings are checked for length and lower-case hex because registries and containerd reject
 * anything else; other registered-looking algorithms are kept as given.
 */
public record Digest(String algorithm, String encoded) implements Comparable<Digest> {
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
    private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        if (algorithm == null || !ALGORITHM.matcher(algorithm).matches())
            throw new IllegalArgumentException("digest algorithm \"" + algorithm + "\" is not valid");
        if (encoded == null || !ENCODED.matcher(encoded).matches())
            throw new IllegalArgumentException("digest \"" + algorithm + ":" + encoded + "\" has an invalid encoded part");
        int hexLength = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> -1;
        };
        if (hexLength > 0 && (encoded.length() != hexLength || !HEX.matcher(encoded).matches()))
            throw new IllegalArgumentException("digest \"" + algorithm + ":" + encoded + "\" must be "
                    + hexLength + " lower-case hex digits after " + algorithm + ":");
    }

    /** Parses {@code sha256:<hex>}; the message of the exception says what is wrong. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) throw new IllegalArgumentException("digest is null");
        int colon = text.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("digest \"" + text + "\" is not of the form algorithm:encoded");
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of {@code content}. */
    public static Digest sha256(byte[] content) {
        return fromSha256(newSha256().digest(content));
    }

    /** Wraps a finished sha256 {@link MessageDigest} result. */
    public static Digest fromSha256(byte[] hash) {
        return new Digest("sha256", HexFormat.of().formatHex(hash));
    }

    /** A fresh sha256 {@link MessageDigest} (every JDK has one). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }
}
