package org.kernellab.api.workload;

import java.util.Locale;

/**
 * One step of a task's body. A task runs its phases in order, {@link TaskDef#loop()} times
 * (or, for a periodic task, once per job). Durations are nanoseconds of virtual time and
 * positive; names are not empty.
 *
 * <p>The kinds, with the JSON key of each ({@link Kind#key()}):
 * <ul>
 * <li>{@link Run} {@code run}: compute for this much CPU time. Time spent preempted, or
 *     waiting for a CPU, does not count.</li>
 * <li>{@link Sleep} {@code sleep}: sleep interruptibly (TASK_INTERRUPTIBLE, a voluntary
 *     switch) for this long, then become runnable.</li>
 * <li>{@link Io} {@code io}: block uninterruptibly (TASK_UNINTERRUPTIBLE) until a device's
 *     completion interrupt this long after the request.</li>
 * <li>{@link Yield} {@code yield}: {@code sched_yield()}; the task stays runnable.</li>
 * <li>{@link Lock} / {@link Unlock} {@code lock} / {@code unlock}: take or release the named
 *     sleeping mutex (shared by every task of the workload that names it). Mutexes do not
 *     nest: a task never takes one it holds, and releases every mutex it takes before the end
 *     of its phases.</li>
 * <li>{@link Signal} / {@link Wait} {@code signal} / {@code wait}: a named counting event
 *     shared by the workload's tasks. {@code signal} wakes the task that has waited longest on
 *     the event, or, when none waits, adds one to the event's count; {@code wait} takes one
 *     from the count if it is positive and goes on, and otherwise sleeps until a signal
 *     wakes it. No signal is lost (unlike a condition variable).</li>
 * <li>{@link Barrier} {@code barrier}: wait until every task that names this barrier in its
 *     phases has reached it, then all go on (each expanded instance takes part;
 *     {@link Workload#barriers()} counts them). It can be reached again after it opens.</li>
 * <li>{@link Timer} {@code timer}: sleep until the next expiry of the task's own timer
 *     {@code ref}, as rt-app's timer event does. The timer starts at the task's start time
 *     ({@link TaskDef#startNs()}); each use advances its next expiry by {@code periodNs} and
 *     sleeps until then. If that instant has already passed the task goes on at once, and
 *     in {@link Timer.Mode#RELATIVE} mode the timer is re-based on the current time, in
 *     {@link Timer.Mode#ABSOLUTE} mode it keeps its schedule.</li>
 * </ul>
 *
 * <p>This interface is sealed: a switch over a {@code Phase} is exhaustive. A new kind is a
 * major version of this package.
 */
public sealed interface Phase permits Phase.Run, Phase.Sleep, Phase.Io, Phase.Yield, Phase.Lock, Phase.Unlock,
        Phase.Signal, Phase.Wait, Phase.Barrier, Phase.Timer {

    /** What the phase does; {@link #key()} is its key in the JSON format. */
    enum Kind {
        RUN, SLEEP, IO, YIELD, LOCK, UNLOCK, SIGNAL, WAIT, BARRIER, TIMER;

        /** The JSON key: {@code run}, {@code sleep}, ... */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Kind kind();

    /** Compute for {@code ns} of CPU time. */
    record Run(long ns) implements Phase {
        public Run {
            positive(ns, "run");
        }

        @Override
        public Kind kind() { return Kind.RUN; }
    }

    /** Sleep interruptibly for {@code ns}. */
    record Sleep(long ns) implements Phase {
        public Sleep {
            positive(ns, "sleep");
        }

        @Override
        public Kind kind() { return Kind.SLEEP; }
    }

    /** Block uninterruptibly until an I/O completion interrupt {@code ns} later. */
    record Io(long ns) implements Phase {
        public Io {
            positive(ns, "io");
        }

        @Override
        public Kind kind() { return Kind.IO; }
    }

    /** {@code sched_yield()}. Every {@code Yield} equals every other. */
    record Yield() implements Phase {
        @Override
        public Kind kind() { return Kind.YIELD; }
    }

    /** Take the named mutex, sleeping while another task holds it. */
    record Lock(String mutex) implements Phase {
        public Lock {
            named(mutex, "lock");
        }

        @Override
        public Kind kind() { return Kind.LOCK; }
    }

    /** Release the named mutex, which this task holds. */
    record Unlock(String mutex) implements Phase {
        public Unlock {
            named(mutex, "unlock");
        }

        @Override
        public Kind kind() { return Kind.UNLOCK; }
    }

    /** Signal the named counting event: wake its longest waiter, or count one. */
    record Signal(String event) implements Phase {
        public Signal {
            named(event, "signal");
        }

        @Override
        public Kind kind() { return Kind.SIGNAL; }
    }

    /** Wait on the named counting event: take one from its count, or sleep until signalled. */
    record Wait(String event) implements Phase {
        public Wait {
            named(event, "wait");
        }

        @Override
        public Kind kind() { return Kind.WAIT; }
    }

    /** Wait until every task that uses the named barrier has reached it. */
    record Barrier(String name) implements Phase {
        public Barrier {
            named(name, "barrier");
        }

        @Override
        public Kind kind() { return Kind.BARRIER; }
    }

    /**
     * Sleep until the next expiry of this task's timer {@code ref}, which expires every
     * {@code periodNs} from the task's start (rt-app's {@code timer} event).
     */
    record Timer(String ref, long periodNs, Mode mode) implements Phase {
        /** What a timer does when its expiry has passed by the time the task reaches it. */
        public enum Mode {
            /** Re-base the timer on the current time (rt-app's default). */
            RELATIVE,
            /** Keep the original schedule: the next expiries may be late too. */
            ABSOLUTE;

            /** {@code relative} or {@code absolute}, as the JSON format writes it. */
            public String key() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public Timer {
            named(ref, "timer ref");
            positive(periodNs, "timer period");
            if (mode == null) throw new IllegalArgumentException("timer mode must be relative or absolute");
        }

        @Override
        public Kind kind() { return Kind.TIMER; }
    }

    static Run run(long ns) { return new Run(ns); }

    static Sleep sleep(long ns) { return new Sleep(ns); }

    static Io io(long ns) { return new Io(ns); }

    /** A yield ({@code yield} is a restricted identifier, hence the name). */
    static Yield yieldCpu() { return new Yield(); }

    static Lock lock(String mutex) { return new Lock(mutex); }

    static Unlock unlock(String mutex) { return new Unlock(mutex); }

    static Signal signal(String event) { return new Signal(event); }

    /** A wait on the event ({@code wait} is taken by {@link Object#wait()}). */
    static Wait await(String event) { return new Wait(event); }

    static Barrier barrier(String name) { return new Barrier(name); }

    /** A relative-mode timer. */
    static Timer timer(String ref, long periodNs) { return new Timer(ref, periodNs, Timer.Mode.RELATIVE); }

    private static void positive(long ns, String what) {
        if (ns <= 0) throw new IllegalArgumentException(what + " " + ns + " ns must be positive");
    }

    private static void named(String name, String what) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException(what + " needs a name");
    }
}
