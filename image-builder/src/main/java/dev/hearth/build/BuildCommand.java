package dev.hearth.build;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hearth build <dir-or-file> -t <ref> -o <file.tar> [--entry <file>]}: packages a JS
 * function as an OCI image archive. Exit 0 on success with one line on stdout; on bad input one
 * line on stderr ("hearth build: ...") and exit 1; usage errors exit 2 (picocli's default).
 */
@Command(name = "build",
        description = {
            "Package a JavaScript function as an OCI image for the hearth runtime.",
            "All files of the directory go into one layer under /app; the entry is --entry, else package.json",
            "main or module, else index.js or index.mjs. Import the archive with: ctr image import <file.tar>"
        },
        sortOptions = false)
public final class BuildCommand implements Callable<Integer> {
    static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    @Parameters(index = "0", paramLabel = "<dir-or-file>", description = "The function's directory, or a single JS file.")
    Path source;

    @Option(names = {"-t", "--tag"}, required = true, paramLabel = "<ref>",
            description = "Image name, e.g. example.com/fn:1 (hello means docker.io/library/hello:latest).")
    String tag;

    @Option(names = {"-o", "--output"}, paramLabel = "<file.tar>", description = "Write an OCI image archive here.")
    Path output;

    @Option(names = "--entry", paramLabel = "<file>", description = "Entry file, relative to the directory.")
    String entry;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Function<String, String> environment;

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
            BuildRequest request = request();
            BuildResult result = new FunctionImageBuilder().build(request);
            spec.commandLine().getOut().printf("built %s %s (entrypoint %s) -> %s%n", result.reference(),
                    result.manifest().digest(), result.entrypoint(), request.output());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (BuildException e) {
            err.println("hearth build: " + e.getMessage().replace('\n', ' '));
            err.flush();
            return 1;
        }
    }

    private BuildRequest request() throws BuildException {
        ImageReference reference;
        try {
            reference = ImageReference.parse(tag);
        } catch (IllegalArgumentException e) {
            throw new BuildException("-t: " + e.getMessage(), e);
        }
        if (output == null)
            throw new BuildException("nothing to write: give -o <file.tar> (pushing to a registry is not supported yet)");
        return new BuildRequest(source, reference, output, Optional.ofNullable(entry), sourceDateEpoch());
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
