package org.kernellab.workload.internal;

/** CPU lists as taskset writes them: {@code 0,2-3}; bit n of the mask is CPU n. */
final class CpuList {
    private CpuList() {}

    static final int MAX_CPU = 63;

    /** The mask of {@code text}; an IllegalArgumentException's message completes "&lt;text&gt; ...". */
    static long parse(String text) {
        if (text.isBlank()) throw new IllegalArgumentException("must name at least one CPU");
        long mask = 0;
        for (String part : text.split(",", -1)) {
            String s = part.trim();
            int dash = s.indexOf('-');
            int lo;
            int hi;
            try {
                if (dash < 0) {
                    lo = hi = Integer.parseInt(s);
                } else {
                    lo = Integer.parseInt(s.substring(0, dash));
                    hi = Integer.parseInt(s.substring(dash + 1));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a CPU list such as \"0,2-3\"");
            }
            if (lo < 0 || hi < lo) throw new IllegalArgumentException("is not a CPU list such as \"0,2-3\"");
            if (hi > MAX_CPU) throw new IllegalArgumentException("names CPU " + hi + ", out of range 0.." + MAX_CPU);
            for (int c = lo; c <= hi; c++) mask |= 1L << c;
        }
        return mask;
    }

    /** {@code 0,2-3} for the mask 0b1101. */
    static String format(long mask) {
        StringBuilder b = new StringBuilder();
        int c = 0;
        while (c < 64) {
            if ((mask & (1L << c)) == 0) {
                c++;
                continue;
            }
            int start = c;
            while (c + 1 < 64 && (mask & (1L << (c + 1))) != 0) c++;
            if (b.length() > 0) b.append(',');
            b.append(start);
            if (c > start) b.append('-').append(c);
            c++;
        }
        return b.toString();
    }
}
