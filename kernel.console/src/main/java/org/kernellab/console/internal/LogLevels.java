package org.kernellab.console.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.kernellab.api.LogLevel;

/** Parses {@code dmesg --level} lists, with util-linux's level names. */
final class LogLevels {

    /** util-linux dmesg's names, indexed by level (0 = emerg). */
    private static final String[] NAMES = {"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"};

    private LogLevels() {
    }

    /**
     * Parses a comma-separated list such as {@code err,warn} or {@code 0,1,2}. An empty list
     * means every level.
     *
     * @throws IllegalArgumentException naming the entry that is not a level
     */
    static Set<LogLevel> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return EnumSet.allOf(LogLevel.class);
        }
        Set<LogLevel> levels = EnumSet.noneOf(LogLevel.class);
        for (String entry : spec.split(",")) {
            levels.add(parseOne(entry.trim(), spec));
        }
        return levels;
    }

    static String name(int level) {
        return level >= 0 && level < NAMES.length ? NAMES[level] : Integer.toString(level);
    }

    private static LogLevel parseOne(String entry, String spec) {
        String lower = entry.toLowerCase(Locale.ROOT);
        for (LogLevel level : LogLevel.values()) {
            if (lower.equals(NAMES[level.level()]) || lower.equals(level.name().toLowerCase(Locale.ROOT))
                || lower.equals(Integer.toString(level.level()))) {
                return level;
            }
        }
        throw new BadArgument("unknown log level '" + entry + "' in '" + spec
            + "': use emerg, alert, crit, err, warn, notice, info, debug or 0-7, separated by commas");
    }
}
