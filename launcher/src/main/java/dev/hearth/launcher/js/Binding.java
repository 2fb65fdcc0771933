package dev.hearth.launcher.js;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one container gives its function ({@link FunctionRuntime#bind}).
 *
 * @param rootfs the container's root on the host: the only files the function can import
 * @param cwd    the working directory as a container path ({@code /} when empty)
 * @param env    what the function sees as {@code process.env}
 * @param args   the function's arguments: what follows the JS file in the container's
 *               {@code process.args}; the function sees {@code process.argv} as
 *               {@code ["hearth", <JS file>, ...args]}, node's layout
 * @param stdin  what {@code process.stdin} reads
 */
public record Binding(Path rootfs, String cwd, Map<String, String> env, List<String> args,
        FunctionInput stdin, FunctionOutput stdout, FunctionOutput stderr) {

    public Binding {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        args = List.copyOf(args);
        stdin = stdin == null ? FunctionInput.empty() : stdin;
    }

    /** No arguments and nothing on stdin. */
    public static Binding of(Path rootfs, String cwd, Map<String, String> env, FunctionOutput stdout,
            FunctionOutput stderr) {
        return new Binding(rootfs, cwd, env, List.of(), FunctionInput.empty(), stdout, stderr);
    }
}
