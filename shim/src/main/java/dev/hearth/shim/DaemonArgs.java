package dev.hearth.shim;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's command line, as the sh launcher's {@code start} writes it: {@code --socket},
 * {@code --state-dir}, {@code --namespace}, {@code --ttrpc-address} (required) and
 * {@code --address}, each {@code --name value} or {@code --name=value}.
 *
 * <p>Parsed by hand, not with picocli like the {@code hearth} command: picocli's classes are Java 5
 * class files, which the JVM's class data sharing cannot archive, and reading the daemon's five
 * options through them took ~110 ms of every daemon start (class loading and annotation
 * reflection, -Xlog:class+load), on the critical path of a namespace's first container: its
 * pool's first worker is forked only after.
 */
record DaemonArgs(Path socket, Path stateDir, String namespace, String address, String ttrpcAddress) {

    private static final List<String> REQUIRED = List.of("--socket", "--state-dir", "--namespace", "--ttrpc-address");
    private static final List<String> KNOWN = List.of("--socket", "--state-dir", "--namespace", "--ttrpc-address", "--address");

    static DaemonArgs parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (known: " + String.join(", ", KNOWN) + ")");
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("option " + name + " is given twice");
            }
        }
        for (String name : REQUIRED) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("missing option " + name);
            }
        }
        return new DaemonArgs(Path.of(values.get("--socket")), Path.of(values.get("--state-dir")),
                values.get("--namespace"), values.getOrDefault("--address", ""), values.get("--ttrpc-address"));
    }

    static final String USAGE = "usage: ShimDaemon --socket PATH --state-dir DIR --namespace NS --ttrpc-address ADDR [--address ADDR]";
}
