package org.kernellab.compare.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;

/**
 * Runs a list of independent runs on {@code jobs} worker threads and returns their results in
 * the order of the list, whatever order they finish in; so the results, and every document made
 * from them, do not depend on {@code jobs}.
 *
 * <p>The command thread only waits, prints the progress line and watches for its own
 * interrupt (Ctrl-C). On an interrupt it cancels: runs not started are dropped, runs in
 * progress stop at their next event (their monitors say cancelled), the workers end, and
 * {@link CancellationException} says how far it got. A run that fails stops the sweep the same
 * way and its exception is rethrown, naming the run.
 */
final class Sweep {
    /** How long a cancelled sweep waits for its runs in progress to stop. */
    private static final long DRAIN_SECONDS = 30;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private Sweep() {
    }

    /** The label of a run in messages and the progress line: {@code cfs seed 2}, {@code rr:quantum=5ms seed 2}. */
    static String label(RunSpec s) {
        return PolicyEntry.of(s.policy(), s.params()).label() + " seed " + s.seed();
    }

    static List<RunResult> run(WorkloadRunner runner, List<RunSpec> specs, int jobs, Progress progress, PrintStream status) {
        RunResult[] results = new RunResult[specs.size()];
        if (specs.isEmpty()) return List.of();
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory named = r -> {
            Thread t = new Thread(r, "kernel.compare-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(jobs, specs.size()), named);
        ExecutorCompletionService<Integer> completions = new ExecutorCompletionService<>(workers);
        List<Future<Integer>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < specs.size(); i++) {
                int index = i;
                RunSpec spec = specs.get(i);
                futures.add(completions.submit(() -> {
                    if (progress.cancelled()) throw new CancellationException("dropped");
                    String label = label(spec);
                    progress.started(index, label);
                    results[index] = runner.run(spec, progress.monitor(index, label));
                    progress.finished(index);
                    return index;
                }));
            }
            for (int left = specs.size(); left > 0;) {
                Future<Integer> f;
                try {
                    f = completions.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    progress.cancel();
                    break;
                }
                if (progress.cancelled()) {
                    progress.cancel();
                    break;
                }
                progress.maybePrint(status);
                if (f == null) continue;
                left--;
                try {
                    f.get();
                } catch (InterruptedException e) {
                    progress.cancel();
                    break;
                } catch (ExecutionException e) {
                    progress.cancel();
                    throw failure(specs, futures.indexOf(f), e.getCause());
                }
            }
        } finally {
            progress.clear(status);
            for (Future<Integer> f : futures) f.cancel(false);
            workers.shutdown();
            drain(workers);
        }
        if (progress.cancelled()) {
            Thread.interrupted(); // handled: the console goes on with a clean thread
            String message = progress.command() + " cancelled: " + progress.done() + " of " + progress.total()
                    + (progress.total() == 1 ? " run" : " runs") + " finished; the others were dropped";
            // Gogo's interactive shell reports a Ctrl-C'd job as a bare InterruptedException and
            // drops what the command throws after it, so the console hears it here as well
            status.println(message);
            status.flush();
            throw new CancellationException(message);
        }
        return List.of(results);
    }

    private static void drain(ExecutorService workers) {
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            while (!workers.isTerminated()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    workers.shutdownNow();
                    return;
                }
                try {
                    workers.awaitTermination(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // a second Ctrl-C while the runs in progress stop: keep draining
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException failure(List<RunSpec> specs, int index, Throwable cause) {
        String label = index < 0 ? "a run" : label(specs.get(index));
        if (cause instanceof CancellationException c) return c;
        if (cause instanceof IllegalArgumentException) return new IllegalArgumentException(label + ": " + cause.getMessage(), cause);
        return new IllegalStateException(label + " failed: " + cause, cause);
    }
}
