package dev.hearth.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The processes of this machine as /proc shows them: pid, command line and environment. */
final class Procs {
    private static final Path PROC = Path.of("/proc");

    /** One process; {@code cmdline} and {@code environ} have their NUL separators turned into spaces. */
    record Proc(long pid, long ppid, String cmdline, String environ) {
        boolean mentions(String text) {
            return cmdline.contains(text) || environ.contains(text);
        }

        @Override
        public String toString() {
            return "pid " + pid + ": " + (cmdline.length() > 300 ? cmdline.substring(0, 300) + "..." : cmdline);
        }
    }

    private Procs() {}

    /** Every process matching the filter; processes that exit while being read are left out. */
    static List<Proc> matching(Predicate<Proc> filter) {
        List<Proc> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                try {
                    String cmdline = nulsToSpaces(Files.readAllBytes(dir.resolve("cmdline")));
                    if (cmdline.isEmpty()) {
                        continue; // kernel thread or zombie
                    }
                    String environ = nulsToSpaces(Files.readAllBytes(dir.resolve("environ")));
                    Proc proc = new Proc(pid, parentPid(Files.readString(dir.resolve("stat"))), cmdline, environ);
                    if (filter.test(proc)) {
                        found.add(proc);
                    }
                } catch (IOException gone) {
                    // exited while we looked: not there any more
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return found;
    }

    /** The 4th field of /proc/PID/stat; the 2nd (the command name in parentheses) may itself hold spaces. */
    static long parentPid(String stat) {
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        return Long.parseLong(afterName.split(" ", 3)[1]);
    }

    private static String nulsToSpaces(byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    }

    /** SIGKILLs the processes and waits (bounded) until they are gone; returns those still alive. */
    static List<Proc> killAndWait(List<Proc> procs, Duration patience) {
        for (Proc proc : procs) {
            ProcessHandle.of(proc.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        List<Proc> alive = new ArrayList<>(procs);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            alive.removeIf(p -> ProcessHandle.of(p.pid()).map(h -> !h.isAlive()).orElse(true));
            sleep(Duration.ofMillis(50));
        }
        return alive;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits up to {@code timeout} for process {@code pid} to be gone (exited and reaped); true when it is.
     * containerd cleans up after a dead shim asynchronously, so a test may look before that cleanup ran.
     */
    public static boolean awaitGone(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(50));
        }
        return true;
    }
}
