package org.kernellab.api.workload;

import java.util.Locale;

/**
 * A periodic task's release pattern, with SimSo's rules (SCHED-MODELS.md): job k is released
 * at {@code start + offsetNs + k * periodNs} and must finish by its release plus
 * {@code deadlineNs}. Each job runs the task's phases once. A job that completes exactly at its
 * deadline meets it; one with work left at its deadline misses it then, and {@link #onMiss}
 * says what happens to it.
 */
public record Periodic(long periodNs, long deadlineNs, long offsetNs, OnMiss onMiss) {

    /** What a job that misses its deadline does (SimSo's two behaviours). */
    public enum OnMiss {
        /** The late job is dropped at its deadline (SimSo's default). */
        ABORT,
        /** The late job runs on; the task's later jobs queue behind it. */
        CONTINUE;

        /** {@code abort} or {@code continue}, as the JSON format writes it. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Periodic {
        if (periodNs <= 0) throw new IllegalArgumentException("period " + periodNs + " ns must be positive");
        if (deadlineNs <= 0) throw new IllegalArgumentException("deadline " + deadlineNs + " ns must be positive");
        if (offsetNs < 0) throw new IllegalArgumentException("offset " + offsetNs + " ns is negative");
        if (onMiss == null) throw new IllegalArgumentException("on_miss must be abort or continue");
    }

    /** Implicit deadline (= period), no offset, abort on a miss. */
    public static Periodic of(long periodNs) {
        return new Periodic(periodNs, periodNs, 0, OnMiss.ABORT);
    }
}
