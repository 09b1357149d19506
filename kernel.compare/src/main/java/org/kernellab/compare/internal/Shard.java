package org.kernellab.compare.internal;

/**
 * {@code --shard i/n}: of the runs in (policy, seed) order, this shard runs those whose index
 * is congruent to {@code i} modulo {@code n}; {@code i} is 0-based ({@code 0/2} and {@code 1/2}
 * together are everything).
 */
record Shard(int index, int count) {
    Shard {
        if (count < 1) throw new IllegalArgumentException("shard count " + count + " must be at least 1");
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index " + index + " must lie in 0.." + (count - 1) + " for " + count
                    + (count == 1 ? " shard" : " shards") + " (0-based)");
        }
    }

    /** True when run number {@code runIndex} (0-based, in (policy, seed) order) belongs to this shard. */
    boolean owns(int runIndex) {
        return runIndex % count == index;
    }

    /**
     * {@code text} as {@code --shard} takes it, e.g. {@code 1/4}.
     *
     * @throws IllegalArgumentException quoting the text and saying what is wrong
     */
    static Shard parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String usage = "; write i/n with 0 <= i < n, e.g. --shard 0/4";
        if (slash <= 0 || slash == t.length() - 1) {
            throw new IllegalArgumentException("--shard \"" + text + "\" is not i/n" + usage);
        }
        int i;
        int n;
        try {
            i = Integer.parseInt(t.substring(0, slash).trim());
            n = Integer.parseInt(t.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard \"" + text + "\" is not two whole numbers i/n" + usage);
        }
        try {
            return new Shard(i, n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--shard \"" + text + "\": " + e.getMessage() + usage, e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
