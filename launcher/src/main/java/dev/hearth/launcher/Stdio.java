package dev.hearth.launcher;

/**
 * The stdio endpoints containerd hands a task: FIFO paths, {@code file://} URIs, or empty for
 * "none". The worker opens them itself, so the function's output never passes through the shim.
 */
public record Stdio(String stdin, String stdout, String stderr) {
    public Stdio {
        stdin = stdin == null ? "" : stdin;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
