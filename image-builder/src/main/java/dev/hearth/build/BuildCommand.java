package dev.hearth.build;

import dev.hearth.build.registry.BlobLocations;
import dev.hearth.build.registry.DockerConfig;
import dev.hearth.build.registry.RegistryClient;
import dev.hearth.build.registry.RegistryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hearth build <dir-or-file> -t <ref> [-o <file.tar> | -o <dir>/ | -o type=...,dest=...]...
 * [--push [--insecure-registry]] [--entry <file>] [--source <url>]}: packages a JS function as an
 * OCI image (see {@link FunctionImageBuilder}) and writes it to each output, then pushes it.
 * Exit 0 on success with one line on stdout ("built <ref> <index digest> (entrypoint ...) -> ...");
 * a progress line per pushed blob on stderr; on bad input one line on stderr ("hearth build: ...")
 * and exit 1; usage errors exit 2 (picocli's default).
 */
@Command(name = "build",
        description = {
            "Package a JavaScript function as an OCI image for the hearth runtime.",
            "All files of the directory go into one layer under /app; the entry is --entry, else package.json",
            "exports, module or main, else index.js or index.mjs; .hearthignore / .dockerignore are honoured.",
            "Import an archive with: ctr image import <file.tar>"
        },
        sortOptions = false)
public final class BuildCommand implements Callable<Integer> {
    static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    @Parameters(index = "0", paramLabel = "<dir-or-file>", description = "The function's directory, or a single JS file.")
    Path source;

    @Option(names = {"-t", "--tag"}, required = true, paramLabel = "<ref>",
            description = "Image name, e.g. example.com/fn:1 (hello means docker.io/library/hello:latest).")
    String tag;

    @Option(names = {"-o", "--output"}, paramLabel = "<dest>",
            description = {"Write the image: <file.tar> an OCI archive, <dir>/ an OCI image layout;",
                "or type=oci-layout,dest=<dir> / type=oci,dest=<file.tar>. May be repeated."})
    List<String> outputs = new ArrayList<>();

    @Option(names = "--push", description = {"Push the image to the registry named by -t (credentials from docker's",
            "config.json: $DOCKER_CONFIG or ~/.docker). HTTPS, plain HTTP for localhost and 127.x."})
    boolean push;

    @Option(names = "--insecure-registry", description = "Push over plain HTTP whatever the registry's host.")
    boolean insecureRegistry;

    @Option(names = "--entry", paramLabel = "<file>", description = "Entry file, relative to the directory.")
    String entry;

    @Option(names = "--source", paramLabel = "<url>",
            description = "Where the source lives (label org.opencontainers.image.source; default: package.json repository).")
    String sourceUrl;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Function<String, String> environment;
    /** Blobs bigger than this are uploaded in chunks; tests make it small to exercise that path. */
    long chunkSize = RegistryPusher.DEFAULT_CHUNK_SIZE;

    public BuildCommand() {
        this(System::getenv);
    }

    /** For tests: {@code environment} stands in for the process environment (SOURCE_DATE_EPOCH). */
    BuildCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ImageReference reference = reference();
            List<Output> targets = new ArrayList<>();
            for (String spec : outputs) targets.add(Output.parse(spec));
            if (targets.isEmpty() && !push)
                throw new BuildException("nothing to write: give -o <file.tar>, -o <dir>/ or --push");
            Set<Path> excluded = new HashSet<>();
            for (Output target : targets) excluded.add(target.checkedPath());
            BuildRequest request = new BuildRequest(source, reference, Optional.ofNullable(entry), sourceDateEpoch(),
                    Optional.ofNullable(sourceUrl), excluded);
            try (BuiltImage image = new FunctionImageBuilder().build(request)) {
                for (Output target : targets) target.write(image);
                List<String> written = new ArrayList<>(targets.stream().map(Output::toString).toList());
                if (push) {
                    try {
                        pusher(reference).push(image);
                    } catch (RegistryException e) {
                        throw new BuildException(e.getMessage(), e);
                    }
                    written.add(reference.toString());
                }
                BuildResult result = image.result();
                spec.commandLine().getOut().printf("built %s %s (entrypoint %s) -> %s%n", result.reference(),
                        result.index().digest(), result.entrypoint(), String.join(", ", written));
                spec.commandLine().getOut().flush();
            } catch (IOException e) {
                throw new BuildException("cannot delete the temporary blobs: " + SourceTree.reason(e), e);
            }
            return 0;
        } catch (BuildException e) {
            err.println("hearth build: " + e.getMessage().replace('\n', ' '));
            err.flush();
            return 1;
        }
    }

    private RegistryPusher pusher(ImageReference reference) throws BuildException {
        try {
            DockerConfig config = DockerConfig.read(DockerConfig.location(environment));
            String source = config.file() + (config.usesCredentialHelpers() ? " (credential helpers are not supported)" : "");
            RegistryClient client = new RegistryClient(reference.domain(),
                    RegistryClient.baseUri(reference.domain(), insecureRegistry), config.credentials(reference.domain()), source);
            return new RegistryPusher(client, new BlobLocations(BlobLocations.defaultFile(environment)),
                    spec.commandLine().getErr(), chunkSize);
        } catch (RegistryException e) {
            throw new BuildException(e.getMessage(), e);
        }
    }

    private ImageReference reference() throws BuildException {
        try {
            return ImageReference.parse(tag);
        } catch (IllegalArgumentException e) {
            throw new BuildException("-t: " + e.getMessage(), e);
        }
    }

    /** SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else 0. */
    private long sourceDateEpoch() throws BuildException {
        String value = environment.apply(SOURCE_DATE_EPOCH);
        if (value == null || value.isBlank()) return 0;
        try {
            long epoch = Long.parseLong(value.trim());
            if (epoch < 0) throw new NumberFormatException();
            return epoch;
        } catch (NumberFormatException e) {
            throw new BuildException(SOURCE_DATE_EPOCH + " must be a non-negative number of seconds, got \"" + value + "\"");
        }
    }
}
