package dev.hearth.launcher;

import dev.hearth.cgroups.Cgroup;
import dev.hearth.cgroups.CgroupException;
import dev.hearth.launcher.protocol.ControlMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Warm workers: booted, JS engine and web APIs initialised, prepared for a claim (see
 * {@link #bootAndPark}), holding no function yet.
 * A parked worker is blocked reading its control connection, so it uses no CPU; it lives in a
 * cgroup of its own, its slot ({@link PoolSlots}), so what its boot touched is accounted there.
 * A container {@linkplain #claim claims} one, with its slot; the pool then refills in the
 * background, one worker at a time and only after {@code refillDelay} without a claim, so that
 * refilling does not compete with starts in progress (the slots' low CPU weight does the rest).
 *
 * <p>A worker leaves the pool once, for one container, and is never returned: it exits with its
 * container. {@link #close()} kills the parked workers and removes their slots; a worker whose
 * daemon dies exits by itself when its control connection closes.
 */
final class WorkerPool implements AutoCloseable {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final WorkerBooter booter;
    private final WorkerCommand command;
    private final PoolSlots slots;
    private final int size;
    private final Duration refillDelay;
    private final Consumer<String> log;
    private final Deque<PoolWorker> parked = new ArrayDeque<>();
    private final Object lock = new Object();
    private final Thread refiller;
    private final Duration bootWait;
    private long lastClaimNanos;
    private boolean closed;
    /** The refiller is booting a worker now. */
    private boolean booting;
    /** A claim is waiting for that worker (one at most: the others boot their own). */
    private boolean bootAwaited;

    /**
     * @param command     how pool workers start (heap fixed: see {@link WorkerMemory})
     * @param slots       the cgroups pool workers live in until claimed; null to leave them in the daemon's
     * @param size        how many workers to keep parked (at least 1)
     * @param refillDelay quiet time after a claim before the next worker is booted
     * @param bootWait    how long a claim that finds the pool empty waits for the worker the
     *                    refiller is booting (its boot timeout)
     */
    WorkerPool(WorkerBooter booter, WorkerCommand command, PoolSlots slots, int size, Duration refillDelay,
            Duration bootWait, Consumer<String> log) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool holds at least one worker, not " + size);
        }
        this.booter = booter;
        this.command = command;
        this.slots = slots;
        this.size = size;
        this.refillDelay = refillDelay;
        this.bootWait = bootWait;
        this.log = log;
        // The first fill starts at once, and claims may wait for it even before the thread runs.
        this.booting = true;
        // A platform thread: it blocks for a whole JVM boot at a time.
        this.refiller = Thread.ofPlatform().daemon().name("hearth-pool-refill").priority(Thread.MIN_PRIORITY)
                .start(this::refillLoop);
    }

    /**
     * A parked worker for {@code containerId}, or null when none is ready (the caller starts one).
     * When none is parked but the refiller is booting one (a daemon that just started, a burst of
     * starts), the first such claim waits for it rather than booting a JVM of its own beside it:
     * the refill started earlier, and two JVMs booting at once on a small host each take about
     * twice as long. Others, and a refill that fails, leave the caller to boot its own.
     */
    PoolWorker claim(String containerId) throws InterruptedException {
        synchronized (lock) {
            lastClaimNanos = System.nanoTime();
            lock.notifyAll();
            PoolWorker worker = takeParked(containerId);
            if (worker != null || !booting || bootAwaited) {
                return worker;
            }
            bootAwaited = true;
            try {
                long deadline = System.nanoTime() + bootWait.toNanos();
                while (parked.isEmpty() && booting && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                return takeParked(containerId);
            } finally {
                bootAwaited = false;
            }
        }
    }

    /** The first live parked worker, or null; dead ones are dropped. Holds the lock. */
    private PoolWorker takeParked(String containerId) {
        while (!parked.isEmpty()) {
            PoolWorker parkedWorker = parked.pollFirst();
            BootedWorker worker = parkedWorker.worker();
            if (worker.process().isAlive()) {
                return parkedWorker;
            }
            log.accept("pool worker " + worker.pid() + " died while parked (status "
                    + worker.process().exitValue() + "); not given to container " + containerId);
            worker.control().closeQuietly();
            removeSlotLater(parkedWorker);
        }
        return null;
    }

    /** Removes the slot of a dead worker on a thread of its own (rmdir may retry while the kernel ends it). */
    private void removeSlotLater(PoolWorker worker) {
        if (worker.slot() != null) {
            Thread.ofVirtual().name("hearth-slot-remove").start(() -> slots.remove(worker.slot()));
        }
    }

    /** Workers parked right now. */
    int parked() {
        synchronized (lock) {
            return parked.size();
        }
    }

    /** Waits until {@code count} workers are parked; false when that did not happen in time. */
    boolean awaitParked(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (parked.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void refillLoop() {
        int failures = 0;
        while (true) {
            try {
                if (!waitForRoom()) {
                    return;
                }
                PoolWorker worker = bootAndPark();
                if (worker == null) {
                    return; // closed while it booted
                }
                // A parked worker that dies (OOM in its slot, a stray kill) is replaced.
                worker.worker().process().onExit().thenRun(() -> {
                    synchronized (lock) {
                        if (!parked.remove(worker)) {
                            return;
                        }
                        log.accept("pool worker " + worker.worker().pid() + " exited while parked; replacing it");
                        worker.worker().control().closeQuietly();
                        lock.notifyAll();
                    }
                    removeSlotLater(worker);
                });
                failures = 0;
            } catch (LaunchException e) {
                synchronized (lock) {
                    if (closed) {
                        return; // the boot was interrupted by close(): not a failure
                    }
                }
                failures++;
                Duration backoff = backoff(failures);
                log.accept("pool refill failed (" + failures + " in a row), next try in " + backoff.toSeconds()
                        + " s: " + e.getMessage());
                if (!sleep(backoff)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Boots one worker, has it prepare to park and parks it, in the same step that ends
     * {@link #booting}: a claim waiting for this boot then finds the worker parked when it sees the
     * boot over (or sees that it failed), never the moment between the two. A claim already waiting
     * when the worker says hello takes it at once, unprepared: the preparation (~200 ms of
     * collections and rehearsals) only makes later claims faster, and that container's first
     * context costs about what the preparation's would have. Null, with the worker killed, when the
     * pool closed meanwhile.
     */
    private PoolWorker bootAndPark() throws LaunchException {
        Cgroup slot = null;
        PoolWorker worker = null;
        boolean parkedIt = false;
        try {
            slot = newSlot();
            BootedWorker booted = booter.boot("pool", command, slot);
            worker = new PoolWorker(booted, slot, false);
            parkedIt = park(worker, true);
            if (!parkedIt) {
                prepare(booted);
                worker = new PoolWorker(booted, slot, true);
                parkedIt = park(worker, false);
            }
        } finally {
            if (!parkedIt) {
                synchronized (lock) {
                    booting = false;
                    lock.notifyAll();
                }
                if (worker != null) {
                    worker.worker().kill();
                }
                if (slot != null) {
                    // The booter killed a worker that failed; close() may have interrupted this thread,
                    // and the removal waits (briefly) for the kernel to empty the slot.
                    boolean interrupted = Thread.interrupted();
                    slots.remove(slot);
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        return parkedIt ? worker : null;
    }

    /**
     * Parks {@code worker} and ends the boot in one step, unless the pool closed or, when
     * {@code onlyForAWaitingClaim}, no claim is waiting for it.
     */
    private boolean park(PoolWorker worker, boolean onlyForAWaitingClaim) {
        synchronized (lock) {
            if (closed || onlyForAWaitingClaim && !bootAwaited) {
                return false;
            }
            booting = false;
            parked.addLast(worker);
            lock.notifyAll();
            return true;
        }
    }

    /** Has a booted worker prepare to park: Prepare, answered by Parked within the boot timeout. */
    private void prepare(BootedWorker worker) throws LaunchException {
        ControlMessage answer;
        try {
            worker.control().send(new ControlMessage.Prepare());
            answer = worker.control().receive(bootWait);
        } catch (IOException e) {
            throw new LaunchException("pool: worker " + worker.pid() + " failed to prepare: " + e.getMessage()
                    + "; its last output:\n" + worker.lastOutput(), e);
        }
        if (!(answer instanceof ControlMessage.Parked)) {
            throw new LaunchException("pool: worker " + worker.pid() + " answered Prepare with " + answer.getClass().getSimpleName());
        }
    }

    /** A slot for the next worker; null without slots. */
    private Cgroup newSlot() throws LaunchException {
        if (slots == null) {
            return null;
        }
        try {
            return slots.make();
        } catch (CgroupException e) {
            throw new LaunchException("pool: cannot make a cgroup for the next worker: " + e.getMessage(), e);
        }
    }

    /** 1 s, 2 s, 4 s ... up to a minute: a worker that cannot boot must not spin the CPU. */
    static Duration backoff(int failures) {
        long seconds = 1L << Math.min(failures - 1, 6);
        return seconds > MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    /**
     * Blocks until the pool has room and no claim happened for refillDelay, then marks a boot in
     * progress; false once closed.
     */
    private boolean waitForRoom() throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                if (parked.size() >= size) {
                    lock.wait();
                    continue;
                }
                if (booting) {
                    return true; // the first fill (see the constructor)
                }
                long quietFor = System.nanoTime() - lastClaimNanos;
                long left = refillDelay.toNanos() - quietFor;
                if (left <= 0) {
                    booting = true;
                    return true;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return false;
        }
    }

    private boolean sleep(Duration duration) {
        synchronized (lock) {
            long deadline = System.nanoTime() + duration.toNanos();
            try {
                while (!closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return true;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                return false;
            }
            return false;
        }
    }

    /** Kills the parked workers (and one still booting), then removes their slots. */
    @Override
    public void close() {
        List<PoolWorker> toKill;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toKill = new ArrayList<>(parked);
            parked.clear();
            lock.notifyAll();
        }
        refiller.interrupt(); // a boot in progress fails fast and kills its process
        toKill.forEach(worker -> worker.worker().kill());
        try {
            refiller.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PoolWorker worker : toKill) {
            if (worker.slot() != null) {
                slots.remove(worker.slot());
            }
        }
    }

    /**
     * A parked worker and its slot (null without slots), given together to the claim;
     * {@code prepared} unless a claim took it as it said hello.
     */
    record PoolWorker(BootedWorker worker, Cgroup slot, boolean prepared) { }
}
