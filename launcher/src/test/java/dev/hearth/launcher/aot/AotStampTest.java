package dev.hearth.launcher.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.launcher.WorkerCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale-cache detection: what the daemon compares before giving workers -XX:AOTCache. */
class AotStampTest {
    @TempDir
    Path lib;
    Path a;
    Path b;
    WorkerCommand command;

    @BeforeEach
    void setUp() throws IOException {
        a = Files.writeString(lib.resolve("a.jar"), "jar a");
        b = Files.writeString(lib.resolve("b.jar"), "jar b");
        command = new WorkerCommand(Path.of("/bin/java"), a + ":" + b, List.of("-XX:+UseSerialGC", "-Xss8m"));
    }

    private Path trainedCache(WorkerCommand trainedWith) throws IOException {
        Path cache = Files.writeString(lib.resolve(AotCache.CACHE_FILE), "cache");
        AotStamp.current(trainedWith).write(lib.resolve(AotCache.STAMP_FILE));
        return cache;
    }

    @Test
    void freshCacheIsUsedAndGoesLastOnTheCommandLine() throws IOException {
        Path cache = trainedCache(command);
        AotCache.Verdict verdict = AotCache.check(cache, command);
        assertTrue(verdict.usable(), verdict.problem());
        assertEquals("-XX:AOTCache=" + cache, verdict.apply(command).jvmOptions().getLast());
    }

    @Test
    void heapSizeDoesNotMakeItStale() throws IOException {
        Path cache = trainedCache(command);
        assertTrue(AotCache.check(cache, command.withMaxHeap(64L << 20)).usable());
    }

    @Test
    void missingCacheSaysWhere() {
        AotCache.Verdict verdict = AotCache.check(lib.resolve(AotCache.CACHE_FILE), command);
        assertEquals("there is no worker AOT cache at " + lib.resolve(AotCache.CACHE_FILE), verdict.problem());
        assertEquals(command, verdict.apply(command));
    }

    @Test
    void changedJarIsNamed() throws IOException {
        Path cache = trainedCache(command);
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 5000));
        assertEquals("the worker AOT cache " + cache + " is stale: " + b + " changed since the cache was built",
                AotCache.check(cache, command).problem());
    }

    @Test
    void removedJarIsNamed() throws IOException {
        Path cache = trainedCache(command);
        Files.delete(a);
        assertTrue(AotCache.check(cache, command).problem().endsWith(a + " is missing"));
    }

    @Test
    void otherOptionsOrClassPathOrJdkMakeItStale() throws IOException {
        Path cache = trainedCache(command);
        assertTrue(AotCache.check(cache, command.withExtraOptions(List.of("-XX:+UseG1GC"))).problem()
                .contains("the worker JVM options changed: built with -XX:+UseSerialGC -Xss8m, workers now use -XX:+UseSerialGC -Xss8m -XX:+UseG1GC"));
        WorkerCommand reordered = new WorkerCommand(command.java(), b + ":" + a, command.jvmOptions());
        assertTrue(AotCache.check(cache, reordered).problem().contains("class path changed"));
        AotStamp now = AotStamp.current(command);
        AotStamp otherJdk = new AotStamp("/opt/jdk-25.0.1 25.0.1+8", now.options(), now.classpath(), now.entries());
        assertEquals("it was built for JDK /opt/jdk-25.0.1 25.0.1+8, workers run " + now.jdk(), now.whyNotServedBy(otherJdk));
    }

    @Test
    void stampSurvivesWriteAndRead() throws IOException {
        AotStamp stamp = AotStamp.current(command);
        stamp.write(lib.resolve("s"));
        assertEquals(stamp, AotStamp.read(lib.resolve("s")));
        assertNull(stamp.whyNotServedBy(AotStamp.read(lib.resolve("s"))));
    }

    @Test
    void brokenStampIsReportedAsUnusable() throws IOException {
        Path cache = trainedCache(command);
        Files.writeString(lib.resolve(AotCache.STAMP_FILE), "jdk=x\nwhat=ever\n");
        assertTrue(AotCache.check(cache, command).problem().contains("has no usable stamp"));
        Files.writeString(lib.resolve(AotCache.STAMP_FILE), "jdk=x\nclasspath=y\njar=notanumber 1 /a.jar\n");
        IOException e = assertThrows(IOException.class, () -> AotStamp.read(lib.resolve(AotCache.STAMP_FILE)));
        assertTrue(e.getMessage().contains(":3: expected jar=<size> <mtime> <path>"), e.getMessage());
    }
}
