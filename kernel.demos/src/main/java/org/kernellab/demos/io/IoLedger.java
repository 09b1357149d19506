package org.kernellab.demos.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.kernellab.api.block.BlkStatus;

/**
 * The request ledger of a verifying workload: every bio is counted when it is submitted and when
 * it completes, and every block read back is checked against the data last written to it. The
 * ledger's verdict is what a driver swap must leave untouched:
 * <ul>
 * <li><b>lost</b>: submitted and never completed;</li>
 * <li><b>duplicated</b>: completed more than once (each extra completion counts);</li>
 * <li><b>reordered</b>: a write to a block completed after a later write to the same block had
 * completed, or a read returned an older generation of the block than the last write that had
 * completed before the read was submitted (stale data);</li>
 * <li><b>checksum errors</b>: a read returned data that is no generation of that block
 * (corrupt, torn, or another block's: a misdirected write);</li>
 * <li><b>I/O errors</b>: completions with a status other than OK.</li>
 * </ul>
 * It also measures the longest pause in virtual time: the longest interval without a completion
 * while at least one request was outstanding, overall and for each driver swap (the interval
 * from the last completion before the swap to the first after it).
 *
 * <p>Simulated state: called only from simulated code (task bodies and bi_end_io callbacks),
 * one at a time, so it needs no lock.
 */
public final class IoLedger {
    /** The ledger's verdict. */
    public record Totals(long submitted, long completed, long lost, long duplicated, long reordered, long checksumErrors,
                         long ioErrors, long readsVerified, long longestPauseNs, int swaps, long longestSwapPauseNs,
                         int mostInFlightAtSwap) {
        /** True when nothing was lost, duplicated, reordered or corrupted, and no request failed. */
        public boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0 && checksumErrors == 0 && ioErrors == 0;
        }
    }

    /** One driver swap as the ledger saw it. */
    public record Swap(int n, String what, long atNs, long inFlight, long completedBefore, long pauseNs) { }

    private static final class Entry {
        final boolean write;
        final long block;
        final long gen;
        int completions;

        Entry(boolean write, long block, long gen) {
            this.write = write;
            this.block = block;
            this.gen = gen;
        }
    }

    private final LongSupplier clock;
    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    /** block -> the highest generation whose write has completed. */
    private final Map<Long, Long> written = new HashMap<>();
    private final List<Swap> swaps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private LongConsumer onCompleted = n -> { };
    private long nextId;
    private long completed;
    private long duplicated;
    private long reordered;
    private long checksumErrors;
    private long ioErrors;
    private long readsVerified;
    private long outstanding;
    /** When the current stretch of waiting began: the last completion, or the submission that ended an idle stretch. */
    private long waitingSince;
    private long longestPause;
    private long lastCompletionAt;
    /** The swap whose pause is still open (no completion since it), or null. */
    private Swap openSwap;

    /** @param clock the machine's virtual time in ns */
    public IoLedger(LongSupplier clock) {
        this.clock = clock;
    }

    /** Called after every completion that the ledger counts, with the number completed so far. */
    public void onCompleted(LongConsumer listener) {
        this.onCompleted = listener;
    }

    /** Records a write of generation {@code gen} of {@code block}; returns the request's ledger id. */
    public long submitWrite(long block, long gen) {
        return submit(new Entry(true, block, gen));
    }

    /** Records a read of {@code block}; returns the request's ledger id. */
    public long submitRead(long block) {
        return submit(new Entry(false, block, -1));
    }

    private long submit(Entry e) {
        if (outstanding == 0) waitingSince = clock.getAsLong();
        outstanding++;
        long id = nextId++;
        entries.put(id, e);
        return id;
    }

    /** Records the completion of request {@code id} with {@code status}. */
    public void completed(long id, BlkStatus status) {
        Entry e = entries.get(id);
        if (e == null) {
            problems.add("completion of request " + id + ", which was never submitted");
            duplicated++;
            return;
        }
        long now = clock.getAsLong();
        if (++e.completions > 1) {
            duplicated++;
            problems.add("request " + id + " (" + (e.write ? "write" : "read") + " of block " + e.block + ") completed "
                    + e.completions + " times");
            return;
        }
        longestPause = Math.max(longestPause, now - waitingSince);
        waitingSince = now;
        if (openSwap != null) {
            Swap s = openSwap;
            swaps.set(swaps.size() - 1, new Swap(s.n(), s.what(), s.atNs(), s.inFlight(), s.completedBefore(), now - lastCompletionAt));
            openSwap = null;
        }
        lastCompletionAt = now;
        outstanding--;
        completed++;
        if (status != BlkStatus.OK) {
            ioErrors++;
            problems.add("request " + id + " (" + (e.write ? "write" : "read") + " of block " + e.block + ") ended " + status);
        } else if (e.write) {
            long last = written.getOrDefault(e.block, -1L);
            if (last > e.gen) {
                reordered++;
                problems.add("write of generation " + e.gen + " of block " + e.block + " completed after generation " + last);
            } else {
                written.put(e.block, e.gen);
            }
        }
        onCompleted.accept(completed);
    }

    /**
     * Checks the data read back from {@code block}: it must be the generation of the last write to
     * the block that completed ({@code expectedGen}, which the caller knows because it waited for
     * that write before submitting the read).
     */
    public void verify(long block, long expectedGen, byte[] data) {
        readsVerified++;
        long gen = Patterns.generationOf(block, data);
        if (gen == expectedGen) return;
        if (gen >= 0 && gen < expectedGen) {
            reordered++;
            problems.add("block " + block + " read back generation " + gen + ", not " + expectedGen + " (stale)");
        } else {
            checksumErrors++;
            problems.add("block " + block + " read back data that is not generation " + expectedGen + " of it (checksum)");
        }
    }

    /** A driver swap begins now, at a safe point: the machine is held until it ends. */
    public void swapBegins(String what) {
        swaps.add(new Swap(swaps.size() + 1, what, clock.getAsLong(), outstanding, completed, -1));
        openSwap = swaps.get(swaps.size() - 1);
    }

    public long completedCount() { return completed; }

    public long submittedCount() { return nextId; }

    public long outstanding() { return outstanding; }

    public List<Swap> swaps() { return List.copyOf(swaps); }

    /** What went wrong, one line each, in the order seen (empty for a clean run). */
    public List<String> problems() { return List.copyOf(problems); }

    public Totals totals() {
        long lost = 0;
        for (Entry e : entries.values()) if (e.completions == 0) lost++;
        long swapPause = 0;
        int inFlight = 0;
        for (Swap s : swaps) {
            swapPause = Math.max(swapPause, s.pauseNs());
            inFlight = (int) Math.max(inFlight, s.inFlight());
        }
        return new Totals(nextId, completed, lost, duplicated, reordered, checksumErrors, ioErrors, readsVerified, longestPause,
                swaps.size(), swapPause, inFlight);
    }

    /** The ledger as the demo prints it: one line per count. */
    public List<String> report() {
        Totals t = totals();
        List<String> out = new ArrayList<>();
        out.add(String.format("ledger: submitted %d, completed %d", t.submitted(), t.completed()));
        out.add(String.format("ledger: lost %d, duplicated %d, reordered %d, checksum errors %d, I/O errors %d (%d reads verified)",
                t.lost(), t.duplicated(), t.reordered(), t.checksumErrors(), t.ioErrors(), t.readsVerified()));
        out.add(String.format("ledger: %d driver swaps with up to %d requests in flight; longest pause %s (across a swap %s)",
                t.swaps(), t.mostInFlightAtSwap(), us(t.longestPauseNs()), us(t.longestSwapPauseNs())));
        if (t.clean()) {
            out.add("ledger: clean: nothing lost, duplicated, reordered or corrupted");
        } else {
            List<String> all = new ArrayList<>(problems);
            entries.forEach((id, e) -> {
                if (e.completions == 0) all.add("request " + id + " (" + (e.write ? "write" : "read") + " of block " + e.block + ") never completed");
            });
            out.add("ledger: NOT CLEAN: " + all.size() + " problem(s), the first: " + all.get(0));
        }
        return out;
    }

    static String us(long ns) {
        return String.format("%d.%03d us", ns / 1000, ns % 1000);
    }
}
