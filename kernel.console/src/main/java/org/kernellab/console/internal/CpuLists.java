package org.kernellab.console.internal;

/**
 * CPU lists as taskset -c and /sys/devices/system/cpu take them ({@code 0,2-3}), to and from
 * affinity masks (bit n = CPU n, so CPUs 0..63).
 */
final class CpuLists {
    static final int MAX_CPUS = Long.SIZE;

    private CpuLists() {}

    /**
     * Parses {@code 0,2-3}: CPU numbers and inclusive ranges separated by commas.
     *
     * @throws IllegalArgumentException quoting the list and the entry that is wrong
     */
    static long parse(String list) {
        if (list == null || list.isBlank()) {
            throw new BadArgument("cpu list is missing; give CPUs such as 0,2-3");
        }
        long mask = 0;
        for (String entry : list.split(",", -1)) {
            String e = entry.trim();
            int dash = e.indexOf('-');
            int from = cpu(dash < 0 ? e : e.substring(0, dash), e, list);
            int to = dash < 0 ? from : cpu(e.substring(dash + 1), e, list);
            if (to < from) {
                throw new BadArgument("cpu list \"" + list + "\": range \"" + e + "\" runs backwards; write "
                    + to + "-" + from);
            }
            for (int c = from; c <= to; c++) mask |= 1L << c;
        }
        return mask;
    }

    private static int cpu(String s, String entry, String list) {
        String what = entry.isEmpty() ? "an empty entry" : "\"" + entry + "\"";
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new BadArgument("cpu list \"" + list + "\": " + what
                + " is not a CPU number or a range such as 2-3");
        }
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException tooLong) {
            n = Integer.MAX_VALUE;
        }
        if (n >= MAX_CPUS) {
            throw new BadArgument("cpu list \"" + list + "\": CPU " + s + " is out of range 0.." + (MAX_CPUS - 1));
        }
        return n;
    }

    /** The list of the CPUs in {@code mask}, ranges collapsed: {@code 0,2-3}; {@code none} when empty. */
    static String format(long mask) {
        if (mask == 0) return "none";
        StringBuilder sb = new StringBuilder();
        int c = 0;
        while (c < MAX_CPUS) {
            if ((mask & (1L << c)) == 0) {
                c++;
                continue;
            }
            int end = c;
            while (end + 1 < MAX_CPUS && (mask & (1L << (end + 1))) != 0) end++;
            if (sb.length() > 0) sb.append(',');
            sb.append(c);
            if (end > c) sb.append('-').append(end);
            c = end + 1;
        }
        return sb.toString();
    }

    /** The mask of CPUs 0..cpus-1. */
    static long all(int cpus) {
        return cpus >= MAX_CPUS ? -1L : (1L << cpus) - 1;
    }
}
