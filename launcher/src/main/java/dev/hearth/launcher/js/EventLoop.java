package dev.hearth.launcher.js;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The single thread a function runs on. Everything that touches the function's polyglot context
 * runs as a task of this loop, on the thread that called {@link #run()}; other threads only hand
 * work in through {@link #submit(Runnable)}. Promise jobs (microtasks) are not queued here:
 * GraalJS drains them when each task's call into the guest returns.
 *
 * <p>Sources of work: timers ({@link #setTimer}, loop thread only; a timer set with keepsAlive
 * false runs only while something else keeps the loop going), tasks submitted from other
 * threads, and {@link Hold}s that keep the loop alive while something outside may still submit
 * (a later HTTP server holds the loop while it listens). {@link #run()} returns when none is left.
 *
 * <p>A task that throws stops the loop: {@code run()} rethrows it and the remaining work is
 * dropped. A task can also stop the loop after it returns with {@link #fail(RuntimeException)}
 * (used for promise rejections nobody handled during that task).
 */
public final class EventLoop {

    /** Keeps the loop running until released; release is idempotent and thread-safe. */
    public interface Hold extends AutoCloseable {
        void release();

        @Override
        default void close() { release(); }
    }

    private static final Runnable WAKE_UP = () -> { };

    private final LongSupplier nanoClock;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Map<Integer, Timer> timersById = new HashMap<>();
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger holds = new AtomicInteger();
    /** Timers that keep the loop running (all but those set with keepsAlive false). */
    private int liveTimers;
    private int nextTimerId = 1;
    private long nextSequence;
    private RuntimeException failure;
    private volatile boolean stopRequested;

    public EventLoop() {
        this(System::nanoTime);
    }

    EventLoop(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Schedules {@code callback} after {@code delayMillis} (0 or more), and then every
     * {@code repeatMillis} if that is positive. Timers due at the same time run in the order they
     * were set. Loop thread only.
     *
     * @return the timer's id, positive, never reused by this loop
     */
    public int setTimer(long delayMillis, long repeatMillis, Runnable callback) {
        return setTimer(delayMillis, repeatMillis, callback, true);
    }

    /**
     * {@link #setTimer(long, long, Runnable)}, optionally without keeping the loop alive: a timer
     * with {@code keepsAlive} false runs if the loop is still running when it is due, but the loop
     * does not wait for it (Node's unref'd timer; used by AbortSignal.timeout).
     */
    public int setTimer(long delayMillis, long repeatMillis, Runnable callback, boolean keepsAlive) {
        int id = nextTimerId++;
        Timer timer = new Timer(id, callback, repeatMillis, keepsAlive);
        schedule(timer, Math.max(0, delayMillis));
        timersById.put(id, timer);
        if (keepsAlive) {
            liveTimers++;
        }
        return id;
    }

    /** Cancels a timer; unknown or finished ids are ignored. Loop thread only. */
    public void clearTimer(int id) {
        Timer timer = timersById.remove(id);
        if (timer != null) {
            timers.remove(timer);
            if (timer.keepsAlive) {
                liveTimers--;
            }
        }
    }

    /** Queues a task from any thread. The caller should hold the loop while it may submit. */
    public void submit(Runnable task) {
        inbox.add(task);
    }

    /** Keeps the loop alive until the returned hold is released. Any thread. */
    public Hold hold() {
        holds.incrementAndGet();
        return new Hold() {
            private boolean released;

            @Override
            public synchronized void release() {
                if (!released) {
                    released = true;
                    holds.decrementAndGet();
                    inbox.add(WAKE_UP);
                }
            }
        };
    }

    /** Stops the loop once the running task returns; the first failure wins. Loop thread only. */
    public void fail(RuntimeException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /**
     * Ends the loop after the running task, whatever work is left (timers, holds, queued tasks
     * are dropped): a server that drained after SIGTERM ends the function this way. Any thread.
     */
    public void stop() {
        stopRequested = true;
        inbox.add(WAKE_UP);
    }

    /** Whether any timer is set. Loop thread only. */
    public boolean hasTimers() {
        return !timers.isEmpty();
    }

    /**
     * Runs tasks until there is no timer, no queued task and no hold left, or {@link #stop()}.
     *
     * @throws RuntimeException the first task failure, as thrown or as given to {@link #fail}
     */
    public void run() throws InterruptedException {
        while (!stopRequested) {
            Runnable task = inbox.poll();
            if (task == null) {
                task = dueTimerTask();
            }
            if (task != null) {
                runTask(task);
                continue;
            }
            Timer next = timers.peek();
            if (liveTimers == 0 && holds.get() == 0 && inbox.isEmpty()) {
                return;
            }
            long waitNanos = next == null ? Long.MAX_VALUE : next.dueNanos - nanoClock.getAsLong();
            task = inbox.poll(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
            if (task != null) {
                runTask(task);
            }
        }
    }

    private Runnable dueTimerTask() {
        Timer timer = timers.peek();
        if (timer == null || timer.dueNanos - nanoClock.getAsLong() > 0) {
            return null;
        }
        timers.poll();
        if (timer.repeatMillis > 0) {
            schedule(timer, timer.repeatMillis); // before it runs, so the callback may clear it
        } else {
            timersById.remove(timer.id);
            if (timer.keepsAlive) {
                liveTimers--;
            }
        }
        return timer.callback;
    }

    private void schedule(Timer timer, long delayMillis) {
        timer.dueNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        timer.sequence = nextSequence++;
        timers.add(timer);
    }

    private void runTask(Runnable task) {
        task.run();
        if (failure != null) {
            throw failure;
        }
    }

    private static final class Timer implements Comparable<Timer> {
        final int id;
        final Runnable callback;
        final long repeatMillis;
        final boolean keepsAlive;
        long dueNanos;
        long sequence;

        Timer(int id, Runnable callback, long repeatMillis, boolean keepsAlive) {
            this.id = id;
            this.callback = callback;
            this.repeatMillis = repeatMillis;
            this.keepsAlive = keepsAlive;
        }

        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(dueNanos - other.dueNanos, 0);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
