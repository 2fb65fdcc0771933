package dev.hearth.cli;

import dev.hearth.build.BuildCommand;
import dev.hearth.launcher.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code hearth} command. Subcommands live in the modules that own them
 * (image-builder: build; launcher: run; shim: serve) and are gathered here, the one module that
 * sees them all.
 */
@Command(name = "hearth", mixinStandardHelpOptions = true, version = "hearth 0.1.0",
        description = "Run JavaScript functions as containers.",
        subcommands = {BuildCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
