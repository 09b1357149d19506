package org.kernellab.demos.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;

import org.kernellab.api.hw.Machine;

/**
 * Driver swaps at fixed shares of a verifying workload: swap {@code n} of {@code swaps} begins at
 * the completion that brings the ledger's count to {@code totalIos * n / (swaps + 1)}. There, in
 * the completion's own event, the machine is held ({@link Machine#hold}) and the swap runs on a
 * thread of its own, as a bundle update from outside the machine would; the hold ends when the
 * swap returns. The kernel's own hold for a driver bundle's stop takes over from the moment the
 * bundle begins to stop, so the machine goes on only once the new driver is bound. Each swap thus
 * happens at an exact virtual instant with whatever requests are then in flight, and a run with
 * swaps is as repeatable as one without.
 */
public final class SwapSchedule {
    /** One swap, run on a thread outside the machine while the machine is held. */
    @FunctionalInterface
    public interface Swapper {
        void swap(int n) throws Exception;
    }

    private final Machine machine;
    private final IoLedger ledger;
    private final long totalIos;
    private final int swaps;
    private final Swapper swapper;
    private final IntFunction<String> what;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private int next = 1;

    /**
     * @param what names swap {@code n} for the ledger, e.g. "kernel.driver.disk 1.0.0 -> 2.0.0"
     */
    public SwapSchedule(Machine machine, IoLedger ledger, long totalIos, int swaps, Swapper swapper, IntFunction<String> what) {
        if (swaps < 0) throw new IllegalArgumentException("swaps " + swaps + " must not be negative");
        if (totalIos < swaps + 1L) throw new IllegalArgumentException("totalIos " + totalIos + " leaves no room for " + swaps + " swaps");
        this.machine = machine;
        this.ledger = ledger;
        this.totalIos = totalIos;
        this.swaps = swaps;
        this.swapper = swapper;
        this.what = what;
        ledger.onCompleted(this::completed);
    }

    private void completed(long n) {
        if (next <= swaps && n == totalIos * next / (swaps + 1)) begin(next++);
    }

    private void begin(int n) {
        ledger.swapBegins(what.apply(n));
        Machine.Hold hold = machine.hold("driver swap " + n + " of " + swaps);
        threads.add(Thread.ofPlatform().name("kernellab-driver-swap-" + n).daemon(true).start(() -> {
            try {
                swapper.swap(n);
            } catch (Throwable e) {
                failures.add("swap " + n + ": " + e);
            } finally {
                hold.close();
            }
        }));
    }

    /** The swaps begun so far. */
    public int begun() {
        return next - 1;
    }

    /** Waits (wall time, at most {@code timeoutMs} each) for the swap threads; returns the failures, one line each. */
    public List<String> awaitSwaps(long timeoutMs) throws InterruptedException {
        for (Thread t : threads) {
            t.join(timeoutMs);
            if (t.isAlive()) failures.add(t.getName() + " did not finish within " + timeoutMs + " ms");
        }
        return List.copyOf(failures);
    }
}
