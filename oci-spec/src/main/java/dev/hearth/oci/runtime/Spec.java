package dev.hearth.oci.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The parts of an OCI runtime spec ({@code config.json}) that hearth reads. Fields hearth does not
 * use are ignored on parse (a runtime must accept specs written for runc).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        List<Mount> mounts,
        Linux linux,
        Map<String, String> annotations) {

    public Spec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Process(
            boolean terminal,
            User user,
            List<String> args,
            List<String> env,
            String cwd) {
        public Process {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? List.of() : List.copyOf(env);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(long uid, long gid, List<Long> additionalGids) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Root(String path, boolean readonly) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Linux(String cgroupsPath, LinuxResources resources, List<Namespace> namespaces) {
        public Linux {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        }

        /**
         * The path of an existing network namespace the container is to join (a Kubernetes pod's,
         * made by the CRI), or null: none, or a new one to be made (which hearth does not).
         */
        public String networkNamespacePath() {
            return namespaces.stream().filter(n -> "network".equals(n.type()) && n.path() != null && !n.path().isBlank())
                    .map(Namespace::path).findFirst().orElse(null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Namespace(String type, String path) {}
}
