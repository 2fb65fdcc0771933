package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    /** A clock the test moves: each time it is read while the loop would wait, time jumps. */
    private final AtomicLong now = new AtomicLong();
    private final EventLoop loop = new EventLoop(now::get);
    private final List<String> order = new ArrayList<>();

    @Test
    void emptyLoopReturnsAtOnce() throws InterruptedException {
        loop.run();
        assertEquals(List.of(), order);
    }

    @Test
    void timersRunByDueTimeThenBySetOrder() throws InterruptedException {
        EventLoop real = new EventLoop();
        real.setTimer(150, 0, () -> order.add("150"));
        real.setTimer(0, 0, () -> order.add("0a"));
        real.setTimer(50, 0, () -> order.add("50"));
        real.setTimer(0, 0, () -> order.add("0b"));
        real.run();
        assertEquals(List.of("0a", "0b", "50", "150"), order);
    }

    @Test
    void clearedTimersDoNotRunAndDoNotKeepTheLoopAlive() throws InterruptedException {
        int id = loop.setTimer(1_000_000, 0, () -> order.add("never"));
        loop.setTimer(0, 0, () -> loop.clearTimer(id));
        long start = System.nanoTime();
        loop.run();
        assertEquals(List.of(), order);
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void intervalRepeatsUntilClearedFromItsCallback() throws InterruptedException {
        EventLoop real = new EventLoop();
        int[] id = new int[1];
        id[0] = real.setTimer(1, 1, () -> {
            order.add("tick");
            if (order.size() == 3) {
                real.clearTimer(id[0]);
            }
        });
        real.run();
        assertEquals(List.of("tick", "tick", "tick"), order);
        assertTrue(!real.hasTimers());
    }

    @Test
    void timerIdsAreDistinctAndPositive() {
        int a = loop.setTimer(1, 0, () -> { });
        int b = loop.setTimer(1, 0, () -> { });
        assertTrue(a > 0 && b > a);
    }

    @Test
    void aThrowingTaskStopsTheLoop() {
        IllegalStateException boom = new IllegalStateException("boom");
        loop.setTimer(0, 0, () -> { throw boom; });
        loop.setTimer(0, 0, () -> order.add("never"));
        assertSame(boom, assertThrows(IllegalStateException.class, loop::run));
        assertEquals(List.of(), order);
    }

    @Test
    void failStopsAfterTheCurrentTask() {
        RuntimeException first = new RuntimeException("first");
        loop.setTimer(0, 0, () -> {
            loop.fail(first);
            loop.fail(new RuntimeException("second"));
            order.add("rest of task");
        });
        loop.setTimer(0, 0, () -> order.add("never"));
        assertSame(first, assertThrows(RuntimeException.class, loop::run));
        assertEquals(List.of("rest of task"), order);
    }

    @Test
    void holdKeepsTheLoopAliveForWorkFromOtherThreads() throws Exception {
        EventLoop real = new EventLoop();
        EventLoop.Hold hold = real.hold();
        List<Thread> ranOn = new ArrayList<>();
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            real.submit(() -> ranOn.add(Thread.currentThread()));
            hold.release();
            hold.release(); // idempotent
        });
        real.run();
        producer.join();
        assertEquals(List.of(Thread.currentThread()), ranOn);
    }

    @Test
    void timersThatDoNotKeepTheLoopAliveRunOnlyWhileItRuns() throws InterruptedException {
        EventLoop real = new EventLoop();
        real.setTimer(1_000_000, 0, () -> order.add("weak, never due"), false);
        real.setTimer(1, 0, () -> order.add("weak, due first"), false);
        real.setTimer(100, 0, () -> order.add("strong"));
        real.run(); // ends with the strong timer, not a quarter of an hour later
        assertEquals(List.of("weak, due first", "strong"), order);
        assertTrue(real.hasTimers()); // the far weak timer is still set, yet run() returned
    }

    @Test
    void clearingAWeakTimerLeavesTheOthersCounted() throws InterruptedException {
        EventLoop real = new EventLoop();
        int weak = real.setTimer(1, 0, () -> order.add("weak"), false);
        real.setTimer(2, 0, () -> order.add("strong"));
        real.clearTimer(weak);
        real.run();
        assertEquals(List.of("strong"), order);
    }
}
