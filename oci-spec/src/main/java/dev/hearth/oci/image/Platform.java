package dev.hearth.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Locale;

/** The platform an image runs on, as named by Go's GOOS/GOARCH (what containerd matches on). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"architecture", "os", "os.version", "os.features", "variant"})
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    public Platform {
        Checks.requiredText("architecture", architecture);
        Checks.requiredText("os", os);
        osFeatures = Checks.list("os.features", osFeatures);
    }

    public Platform(String architecture, String os) {
        this(architecture, os, null, List.of(), null);
    }

    /** linux on the architecture of the JVM that runs this, in Go's names (amd64, arm64, ...). */
    public static Platform linuxOfThisHost() {
        return new Platform(goArch(System.getProperty("os.arch")), "linux");
    }

    /** Maps a JVM {@code os.arch} value to the GOARCH name containerd uses. */
    public static String goArch(String jvmArch) {
        String arch = jvmArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
    }
}
