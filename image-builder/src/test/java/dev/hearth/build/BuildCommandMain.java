package dev.hearth.build;

import picocli.CommandLine;

/** {@code hearth build} as its own process, for tests that must run it under other privileges. */
public final class BuildCommandMain {
    private BuildCommandMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new BuildCommand()).execute(args));
    }
}
