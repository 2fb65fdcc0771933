package dev.hearth.it;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Task state as {@code ctr task ls} shows it. */
public final class Tasks {
    private Tasks() {}

    /** Waits until {@code ctr task ls} lists the task with the status (RUNNING, STOPPED, ...); returns its pid. */
    public static long awaitStatus(Ctr ctr, String id, String status) {
        Pattern row = Pattern.compile(Pattern.quote(id) + "\\s+(\\d+)\\s+" + Pattern.quote(status) + "\\s*");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Ctr.Result tasks = ctr.run("task", "ls").requireSuccess();
            for (String line : tasks.stdout().lines().toList()) {
                Matcher m = row.matcher(line);
                if (m.matches()) {
                    return Long.parseLong(m.group(1));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(tasks.describe("never showed " + id + " as " + status));
            }
            Procs.sleep(Duration.ofMillis(50));
        }
    }

    /** Waits until {@code ctr task ls} shows the task stopped or not at all (containerd removed it). */
    public static void awaitGoneOrStopped(Ctr ctr, String id) {
        Pattern live = Pattern.compile(Pattern.quote(id) + "\\s+\\d+\\s+(?!STOPPED)\\S+\\s*");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Ctr.Result tasks = ctr.run("task", "ls").requireSuccess();
            if (tasks.stdout().lines().noneMatch(l -> live.matcher(l).matches())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(tasks.describe("still shows " + id + " as live"));
            }
            Procs.sleep(Duration.ofMillis(50));
        }
    }
}
