package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.kernellab.api.workload.Workload;
import org.osgi.service.component.annotations.Component;

/**
 * What the console put into the machine since it last started from time 0 ({@code kernel:reset}):
 * the workloads of {@code kernel:load} and {@code kernel:spawn}, each with the machine's step count
 * and trace digest at that moment, and the breakpoints of {@code kernel:break}. {@code kernel:back}
 * replays it: the machine is deterministic, so the same inputs at the same steps give the same run,
 * and the digests recorded here check that the replay met each input where the first run did.
 * A demo or a configuration change starts the machine afresh with inputs the journal cannot
 * replay; it says so. Console threads call it; a lock guards it (no monitor in bundle code).
 */
@Component(service = Journal.class)
public class Journal {
    /** One input: {@code w} loaded when the machine had made {@code step} steps and its digest was {@code digest}. */
    record Input(long step, String digest, Workload w, String command) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Input> inputs = new ArrayList<>();
    private final List<String> breaks = new ArrayList<>();
    /**
     * Why the machine's run cannot be replayed, or null while it can. A machine that booted is at
     * time 0 with nothing in it, so it can; whatever else ran it shows as a digest the replay does not meet.
     */
    private String notReplayable;

    /** The machine restarted from time 0 under the console's control: nothing is in it yet. */
    void reset() {
        lock.lock();
        try {
            inputs.clear();
            notReplayable = null;
        } finally {
            lock.unlock();
        }
    }

    /** The machine now runs something the journal cannot replay (a demo, a reboot with a new configuration). */
    void unreplayable(String why) {
        lock.lock();
        try {
            inputs.clear();
            notReplayable = why;
        } finally {
            lock.unlock();
        }
    }

    void loaded(long step, String digest, Workload w, String command) {
        lock.lock();
        try {
            inputs.add(new Input(step, digest, w, command));
        } finally {
            lock.unlock();
        }
    }

    List<Input> inputs() {
        lock.lock();
        try {
            return List.copyOf(inputs);
        } finally {
            lock.unlock();
        }
    }

    /** Why kernel:back cannot replay the machine's run, or null. */
    String notReplayable() {
        lock.lock();
        try {
            return notReplayable;
        } finally {
            lock.unlock();
        }
    }

    void addBreak(String condition) {
        lock.lock();
        try {
            breaks.add(condition);
        } finally {
            lock.unlock();
        }
    }

    void clearBreaks() {
        lock.lock();
        try {
            breaks.clear();
        } finally {
            lock.unlock();
        }
    }

    List<String> breaks() {
        lock.lock();
        try {
            return List.copyOf(breaks);
        } finally {
            lock.unlock();
        }
    }

    /** {@code until} joined with every breakpoint into one condition; "" for none. */
    String condition(String until) {
        List<String> all = new ArrayList<>(breaks());
        if (until != null && !until.isBlank()) all.add(0, until);
        return String.join(",", all);
    }
}
