package dev.hearth.it;

import dev.hearth.cgroups.CgroupException;
import dev.hearth.cgroups.CgroupManager;
import dev.hearth.launcher.PoolSlots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private containerd for one test: its own config, root, state, sockets and log in a fresh directory
 * {@code /tmp/hearth-it-<random>}, so it never touches a containerd the machine already runs.
 *
 * <p>It finds hearth's shim through PATH ({@code $hearth.dist/bin} first) and hands the shim
 * {@code HEARTH_RUN_DIR=<dir>/hearth-run} (where the shim keeps sockets and state) and
 * {@code HEARTH_IDLE_SECONDS=2} (so the daemon exits soon after the last task). The CRI plugin and other
 * plugins these tests never use are disabled so that it starts in well under a second.
 *
 * <p>{@link #close()} stops containerd, kills any process still referring to its directory (shim daemons,
 * workers, runc shims, stray ctr), unmounts what is mounted below it, removes the cgroups of the namespaces
 * handed out by {@link #ctr(String)}, keeps the logs in {@code target/it-logs/} and deletes the directory.
 */
public final class Containerd implements AutoCloseable {
    /** Where logs of finished containerds are kept (relative to the module directory surefire runs in). */
    static final Path LOG_KEEP = Path.of(System.getProperty("hearth.it.logs", "target/it-logs"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Fixed, machine-wide places containerd and runc use whatever the config says. */
    private static final Path SHIM_SOCKETS = Path.of("/run/containerd/s");
    private static final Path RUNC_STATE = Path.of("/run/containerd/runc");
    private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ContainerdBinary binary;
    private final Path dir;
    private final Process process;
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final String defaultNamespace;
    /** With the CRI on: the pod network namespaces that existed before it started (see {@link #close()}). */
    private Set<String> netnsBefore;
    private boolean closed;

    private Containerd(ContainerdBinary binary, Path dir, Process process) {
        this.binary = binary;
        this.dir = dir;
        this.process = process;
        this.defaultNamespace = "hit-" + dir.getFileName().toString().substring("hearth-it-".length());
    }

    /** Starts the default containerd ({@code hearth.containerd}). */
    public static Containerd start() {
        return start(ContainerdBinary.primary());
    }

    /** Starts the given containerd; skips the calling test when that binary is not installed. */
    public static Containerd start(ContainerdBinary binary) {
        return start(binary, Map.of());
    }

    /** Starts the given containerd with extra environment for it and the shims it starts (e.g. HEARTH_IDLE_SECONDS). */
    public static Containerd start(ContainerdBinary binary, Map<String, String> extraEnv) {
        return start(binary, extraEnv, null);
    }

    /**
     * Starts a containerd with its CRI plugin (Kubernetes' runtime API) on its gRPC socket: runtime
     * handlers {@code runc} (the default) and {@code hearth}, pod sandboxes made from {@code sandboxImage}
     * (an image the test imports into the {@code k8s.io} namespace: nothing is pulled), and a pod network of
     * its own (a CNI bridge, see {@link #writeCniNetwork}); configured in each version's own terms.
     */
    public static Containerd startWithCri(ContainerdBinary binary, String sandboxImage) {
        return start(binary, Map.of(), sandboxImage);
    }

    private static Containerd start(ContainerdBinary binary, Map<String, String> extraEnv, String criSandboxImage) {
        Assumptions.assumeTrue(binary.present(), binary::absence);
        Path dir = createDir();
        try {
            Files.createDirectories(dir.resolve("hearth-run"));
            Files.writeString(dir.resolve("config.toml"), configToml(binary.majorVersion(), dir, criSandboxImage));
            if (criSandboxImage != null) {
                writeCniNetwork(dir);
            }
            ProcessBuilder builder = new ProcessBuilder(binary.containerd().toString(), "--config", dir.resolve("config.toml").toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("containerd.log").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("CONTAINERD_"));
            env.put("PATH", Dist.bin() + ":" + SYSTEM_PATH);
            env.put("HEARTH_RUN_DIR", dir.resolve("hearth-run").toString());
            env.put("HEARTH_IDLE_SECONDS", "2");
            env.put("HEARTH_JAVA_HOME", System.getProperty("java.home")); // the JDK 25 running the tests
            env.putAll(extraEnv);
            Set<String> netnsBefore = criSandboxImage == null ? null : netnsNames();
            Containerd containerd = new Containerd(binary, dir, builder.start());
            containerd.netnsBefore = netnsBefore;
            try {
                containerd.awaitReady();
            } catch (RuntimeException | Error e) {
                containerd.close();
                throw e;
            }
            return containerd;
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("cannot start " + binary + " in " + dir, e);
        }
    }

    /** A short, unique directory: unix socket paths below it must stay under 108 bytes. */
    private static Path createDir() {
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; ; attempt++) {
            byte[] id = new byte[4];
            random.nextBytes(id);
            Path dir = Path.of("/tmp", "hearth-it-" + HexFormat.of().formatHex(id));
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt > 10) {
                    throw new IllegalStateException("cannot find a free /tmp/hearth-it-* directory name");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
        }
    }

    /**
     * The configuration: schema version 2 for containerd 1.x, 3 for 2.x. NRI is disabled because 2.x enables it
     * by default on a fixed machine-wide socket that two private containerds would fight over.
     */
    static String configToml(int majorVersion, Path dir) {
        return configToml(majorVersion, dir, null);
    }

    /**
     * The pod network of the CRI: a bridge of its own ({@link #cniBridge}) with a /24 of 10.231/16 picked from
     * the directory's name, addresses from host-local, no masquerading (the test reaches pods from the host,
     * which holds the bridge's gateway address). Debian's containernetworking-plugins provide the plugins.
     */
    private static void writeCniNetwork(Path dir) throws IOException {
        String suffix = dir.getFileName().toString().substring("hearth-it-".length());
        int subnet = Integer.parseInt(suffix.substring(0, 2), 16);
        Path conf = Files.createDirectories(dir.resolve("cni/conf"));
        Files.writeString(conf.resolve("10-hearth-it.conflist"), """
                {"cniVersion": "1.0.0", "name": "hearth-it", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.231.%d.0/24"}]], "dataDir": "%s"}}]}
                """.formatted(cniBridge(dir), subnet, dir.resolve("cni/ipam")));
    }

    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    private static Set<String> netnsNames() {
        if (!Files.isDirectory(NETNS_DIR)) {
            return Set.of();
        }
        try (var entries = Files.list(NETNS_DIR)) {
            return entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NETNS_DIR, e);
        }
    }

    /** The gateway address of this containerd's pod network: the bridge has it once a pod was added. */
    public String cniGateway() {
        String suffix = dir.getFileName().toString().substring("hearth-it-".length());
        return "10.231." + Integer.parseInt(suffix.substring(0, 2), 16) + ".1";
    }

    /** The bridge device of this containerd's pod network (host-wide, so named after its directory). */
    static String cniBridge(Path dir) {
        return "hit" + dir.getFileName().toString().substring("hearth-it-".length());
    }

    /** The configuration; with {@code criSandboxImage} (1.x only) the CRI plugin is on, see {@link #startWithCri}. */
    static String configToml(int majorVersion, Path dir, String criSandboxImage) {
        List<String> disabled = new ArrayList<>(List.of(
                "io.containerd.grpc.v1.cri", "io.containerd.nri.v1.nri", "io.containerd.snapshotter.v1.btrfs",
                "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs",
                "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"));
        if (majorVersion >= 2) {
            disabled.addAll(List.of("io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images",
                    "io.containerd.podsandbox.controller.v1.podsandbox", "io.containerd.snapshotter.v1.blockfile",
                    "io.containerd.snapshotter.v1.erofs"));
        }
        if (criSandboxImage != null) {
            disabled.removeAll(List.of("io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images",
                    "io.containerd.podsandbox.controller.v1.podsandbox"));
        }
        StringBuilder toml = new StringBuilder();
        toml.append("version = ").append(majorVersion >= 2 ? 3 : 2).append('\n');
        toml.append("root = ").append(quote(dir.resolve("root"))).append('\n');
        toml.append("state = ").append(quote(dir.resolve("state"))).append('\n');
        toml.append("disabled_plugins = [").append(String.join(", ", disabled.stream().map(Containerd::quote).toList())).append("]\n\n");
        toml.append("[grpc]\n  address = ").append(quote(dir.resolve("containerd.sock"))).append('\n');
        toml.append("[ttrpc]\n  address = ").append(quote(dir.resolve("containerd.sock.ttrpc"))).append('\n');
        toml.append("[debug]\n  level = \"debug\"\n\n");
        toml.append("[plugins.\"io.containerd.internal.v1.opt\"]\n  path = ").append(quote(dir.resolve("opt"))).append('\n');
        if (criSandboxImage != null && majorVersion >= 2) {
            // containerd 2.x: the CRI's images, runtime and gRPC service are plugins of their own.
            String runtime = "[plugins.'io.containerd.cri.v1.runtime'";
            toml.append("\n[plugins.'io.containerd.cri.v1.images'.pinned_images]\n  sandbox = ").append(quote(criSandboxImage)).append('\n')
                    .append("[plugins.'io.containerd.grpc.v1.cri']\n  stream_server_address = \"127.0.0.1\"\n  stream_server_port = \"0\"\n")
                    .append(runtime).append(".containerd]\n  default_runtime_name = \"runc\"\n")
                    .append(runtime).append(".containerd.runtimes.runc]\n  runtime_type = \"io.containerd.runc.v2\"\n")
                    .append(runtime).append(".containerd.runtimes.hearth]\n  runtime_type = \"io.containerd.hearth.v2\"\n")
                    .append(runtime).append(".cni]\n  bin_dirs = [\"/usr/lib/cni\"]\n  conf_dir = ")
                    .append(quote(dir.resolve("cni/conf"))).append('\n');
        } else if (criSandboxImage != null) {
            String cri = "[plugins.\"io.containerd.grpc.v1.cri\"";
            toml.append('\n').append(cri).append("]\n")
                    .append("  sandbox_image = ").append(quote(criSandboxImage)).append('\n')
                    .append("  stream_server_address = \"127.0.0.1\"\n  stream_server_port = \"0\"\n")
                    .append(cri).append(".containerd]\n  default_runtime_name = \"runc\"\n")
                    .append(cri).append(".containerd.runtimes.runc]\n  runtime_type = \"io.containerd.runc.v2\"\n")
                    .append(cri).append(".containerd.runtimes.hearth]\n  runtime_type = \"io.containerd.hearth.v2\"\n")
                    .append(cri).append(".cni]\n  bin_dir = \"/usr/lib/cni\"")
                    .append("\n  conf_dir = ").append(quote(dir.resolve("cni/conf"))).append('\n');
        }
        return toml.toString();
    }

    private static String quote(Object value) {
        return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Ctr probe = ctr("default");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary + " exited with " + process.exitValue() + " while starting; log:\n" + logTail(40));
            }
            if (Files.exists(address()) && probe.run(Duration.ofSeconds(5), "version").exitCode() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(binary + " did not answer `ctr version` within " + START_TIMEOUT.toSeconds() + " s; log:\n" + logTail(40));
            }
            Procs.sleep(Duration.ofMillis(50));
        }
    }

    public ContainerdBinary binary() {
        return binary;
    }

    public long pid() {
        return process.pid();
    }

    /** The directory holding everything of this containerd. */
    public Path dir() {
        return dir;
    }

    public Path address() {
        return dir.resolve("containerd.sock");
    }

    public Path ttrpcAddress() {
        return dir.resolve("containerd.sock.ttrpc");
    }

    public Path root() {
        return dir.resolve("root");
    }

    public Path state() {
        return dir.resolve("state");
    }

    /** HEARTH_RUN_DIR of the shims this containerd starts. */
    public Path hearthRunDir() {
        return dir.resolve("hearth-run");
    }

    /** The lines of the hearth daemons' logs (one daemon per namespace), read leniently: workers' stderr is there too. */
    public List<String> daemonLogLines() {
        List<String> all = new ArrayList<>();
        try (var files = Files.walk(hearthRunDir(), 2)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("daemon.log")).toList()) {
                all.addAll(new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the daemon logs under " + hearthRunDir(), e);
        }
        return all;
    }

    public Path log() {
        return dir.resolve("containerd.log");
    }

    /** A fresh scratch directory for a test's files (rootfs, image archives), removed with the rest. */
    public Path scratch(String name) {
        try {
            return Files.createDirectories(dir.resolve("scratch").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create scratch directory " + name, e);
        }
    }

    /** ctr in this containerd's own namespace (unique per containerd, so cgroups never collide between runs). */
    public Ctr ctr() {
        return ctr(defaultNamespace);
    }

    /** ctr in the given namespace; its cgroups are removed when this containerd is closed. */
    public synchronized Ctr ctr(String namespace) {
        if (!namespace.equals("default")) {
            namespaces.add(namespace);
        }
        return new Ctr(binary.ctr(), address(), namespace, scratch("ctr"), scratch("fifo"));
    }

    /** The namespaces handed out so far. */
    public synchronized Set<String> namespaces() {
        return Set.copyOf(namespaces);
    }

    /** The last lines of containerd's log, for failure messages. */
    public String logTail(int lines) {
        try (Stream<String> all = Files.lines(log(), StandardCharsets.UTF_8)) {
            List<String> list = all.toList();
            return String.join("\n", list.subList(Math.max(0, list.size() - lines), list.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log() + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        stopContainerd(problems);
        List<Path> shimSockets = shimSocketsOutsideDir();

        // Shim daemons and workers carry HEARTH_RUN_DIR in their environment; runc shims and ctr name the socket.
        String marker = dir.toString() + "/";
        List<Procs.Proc> leftovers = Procs.matching(p -> p.mentions(marker));
        if (!Procs.killAndWait(leftovers, Duration.ofSeconds(5)).isEmpty()) {
            problems.add("processes survive SIGKILL: " + leftovers);
        }
        // Container processes (e.g. runc's) whose shim was just killed are found by their cgroup.
        for (String namespace : namespaces()) {
            List<Long> alive = CgroupDirs.killAll(namespace, Duration.ofSeconds(5));
            if (!alive.isEmpty()) {
                problems.add("processes in the cgroups of namespace " + namespace + " survive SIGKILL: " + alive);
            }
            deleteTree(RUNC_STATE.resolve(namespace)); // runc's machine-wide state of this namespace's containers
        }
        for (Path socket : shimSockets) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                problems.add("cannot remove shim socket " + socket);
            }
        }

        if (netnsBefore != null) {
            // The CRI's pod network outlives containerd: its bridge is a host device, and the network
            // namespaces of pods a failed test did not remove stay pinned in /var/run/netns.
            Ctr.exec(Duration.ofSeconds(10), dir, "ip", "link", "delete", cniBridge(dir));
            for (String name : netnsNames()) {
                if (!netnsBefore.contains(name) && name.startsWith("cni-")) {
                    Path netns = NETNS_DIR.resolve(name);
                    Ctr.exec(Duration.ofSeconds(10), dir, "umount", netns.toString());
                    try {
                        Files.deleteIfExists(netns);
                    } catch (IOException e) {
                        problems.add("cannot remove the pod network namespace " + netns);
                    }
                }
            }
        }
        List<Path> stillMounted = Mounts.unmountAll(dir);
        if (!stillMounted.isEmpty()) {
            problems.add("cannot unmount " + stillMounted);
        }
        for (String namespace : namespaces()) {
            List<Path> busy = CgroupDirs.removeNamespace(namespace);
            if (!busy.isEmpty()) {
                problems.add("cannot remove cgroups " + busy);
            }
        }
        // The warm pool cgroups of this containerd's daemons that the kills above ended: a daemon
        // removes its own only when it exits by itself.
        try (Stream<Path> stateDirs = Files.isDirectory(dir.resolve("hearth-run")) ? Files.list(dir.resolve("hearth-run")) : Stream.empty()) {
            CgroupManager cgroups = CgroupManager.detect();
            PoolSlots.removeStale(cgroups, null, problems::add);
            for (Path stateDir : stateDirs.filter(Files::isDirectory).toList()) {
                PoolSlots.removeStale(cgroups, stateDir, problems::add);
            }
        } catch (IOException e) {
            problems.add("cannot list the shims' state directories: " + e.getMessage());
        } catch (CgroupException e) {
            problems.add("cannot look for stale pool cgroups: " + e.getMessage());
        }
        keepLogs();
        if (stillMounted.isEmpty()) {
            deleteTree(dir); // never while something is mounted below: that would delete through the mount
        } else {
            problems.add("left " + dir + " in place because of the mounts above");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cleaning up " + binary + " in " + dir + ": " + String.join("; ", problems));
        }
    }

    /**
     * The sockets of shims that containerd placed outside this directory: containerd's shim socket directory is
     * fixed (/run/containerd/s) whatever the config says; each bundle's {@code address} file names its socket.
     */
    private List<Path> shimSocketsOutsideDir() {
        Path tasks = state().resolve("io.containerd.runtime.v2.task");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(tasks, 3)) {
            List<Path> sockets = new ArrayList<>();
            for (Path address : files.filter(p -> p.getFileName().toString().equals("address") && Files.isRegularFile(p)).toList()) {
                String value = Files.readString(address).strip().replaceFirst("^unix://", "");
                Path socket = Path.of(value);
                if (socket.startsWith(SHIM_SOCKETS)) {
                    sockets.add(socket);
                }
            }
            return sockets;
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private void stopContainerd(List<String> problems) {
        process.destroy(); // SIGTERM: containerd shuts down cleanly, shims keep running (as in production)
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                problems.add("containerd ignored SIGTERM for " + STOP_TIMEOUT.toSeconds() + " s");
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Copies containerd's log and any *.log of the shim to target/it-logs/<dir name>/ for after-the-fact reading. */
    private void keepLogs() {
        Path keep = LOG_KEEP.resolve(dir.getFileName());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log") && Files.isRegularFile(p)).toList()) {
                Path target = keep.resolve(dir.relativize(log).toString().replace('/', '_'));
                Files.createDirectories(keep);
                Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("hearth-it: could not keep the logs of " + dir + ": " + e.getMessage());
        }
    }

    /** Deletes a tree without following symbolic links. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    @Override
    public String toString() {
        return binary + " in " + dir;
    }
}
