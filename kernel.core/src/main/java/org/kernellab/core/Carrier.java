package org.kernellab.core;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread on which a machine's task continuations run ({@link TaskMechanism#CONTINUATION}).
 * Whoever calls a run waits while the carrier runs it, so every continuation is suspended and
 * resumed on this same thread, whichever thread asked for the run: the console's, a web request's,
 * a test's executor.
 *
 * <p>It must be one thread. The JDK's continuations are made for virtual threads, on which
 * {@code Thread.currentThread()} is the virtual thread wherever it is mounted, so compiled code
 * may keep its value across a yield (read once before a loop, say). A continuation run directly by
 * platform threads, as here, sees the thread it first ran on for ever in such code: resumed on
 * another thread, a task body whose loop the JIT had compiled found itself outside the simulation
 * ("compute() must be called from a simulated task") and was killed. {@code
 * ContinuationTest.runsFromManyThreads_aCompiledBodyKeepsRunning} shows it without this class.
 *
 * <p>The thread starts with the first call and ends with {@link #close}. A call from the carrier
 * itself runs at once, and so does a call after close.
 */
final class Carrier {
    private final String name;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    /** Guards the two fields below (a lock, not a monitor: no {@code synchronized} in bundle code). */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Thread thread;
    private boolean closed;

    Carrier(String name) {
        this.name = name;
    }

    /** One call: the body, what it threw, and the thread that waits for it. */
    private static final class Job {
        final Runnable body;
        final Thread caller = Thread.currentThread();
        Throwable failure;
        volatile boolean done;

        Job(Runnable body) {
            this.body = body;
        }

        void run() {
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                done = true;
                LockSupport.unpark(caller);
            }
        }
    }

    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code body} on the carrier, and throws what it throws. The caller waits; if it is
     * interrupted meanwhile, {@code onInterrupt} runs (on the caller's thread, once) and the
     * caller goes on waiting, its interrupt status set again on return.
     */
    void run(Runnable body, Runnable onInterrupt) {
        if (isCurrent()) {
            body.run();
            return;
        }
        Job job = new Job(body);
        boolean gone;
        lock.lock();
        try {
            gone = closed;
            if (!gone && thread == null) {
                // a platform thread, daemon: a machine nobody shut down does not keep the JVM up
                thread = Thread.ofPlatform().daemon().name(name).start(this::serve);
            }
            if (!gone) jobs.add(job);
        } finally {
            lock.unlock();
        }
        // after close no continuation is left suspended to keep on one thread
        if (gone) {
            body.run();
            return;
        }
        boolean interrupted = false;
        while (!job.done) {
            LockSupport.park(job);
            if (Thread.interrupted()) {
                if (!interrupted) onInterrupt.run();
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (job.failure instanceof RuntimeException r) throw r;
        if (job.failure instanceof Error err) throw err;
        if (job.failure != null) throw new IllegalStateException(job.failure);
    }

    /** Ends the thread once the calls already made have run; later calls run on their caller's thread. */
    void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (thread != null) jobs.add(new Job(() -> { })); // wakes the thread to see it is closed
        } finally {
            lock.unlock();
        }
    }

    private void serve() {
        for (;;) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                continue; // nobody but close() ends the carrier: a continuation may still be suspended on it
            }
            job.run();
            lock.lock();
            try {
                if (closed && jobs.isEmpty()) return;
            } finally {
                lock.unlock();
            }
        }
    }
}
