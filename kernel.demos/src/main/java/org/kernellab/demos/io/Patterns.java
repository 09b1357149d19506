package org.kernellab.demos.io;

import java.nio.ByteBuffer;

/**
 * The data a verifying writer puts in a block: a header naming the block and the generation
 * (how many times the block has been written), then words derived from both, so that a read
 * tells which write of which block it returns, and whether the data is intact.
 */
public final class Patterns {
    private static final long MAGIC = 0x4b4c_4c45_4447_4552L; // "KLLEDGER"
    private static final int HEADER = 24;

    private Patterns() { }

    /** Generation {@code gen} of block {@code block}, {@code bytes} long (a multiple of 8, at least 24). */
    public static byte[] pattern(long block, long gen, int bytes) {
        if (bytes < HEADER || bytes % 8 != 0) throw new IllegalArgumentException("bytes " + bytes + " must be a multiple of 8, at least 24");
        ByteBuffer b = ByteBuffer.allocate(bytes);
        b.putLong(MAGIC).putLong(block).putLong(gen);
        for (int w = 0; b.hasRemaining(); w++) b.putLong(mix(block, gen, w));
        return b.array();
    }

    /** The generation of {@code block} that {@code data} holds intact, or -1 if it holds none (corrupt, or another block's). */
    public static long generationOf(long block, byte[] data) {
        if (data.length < HEADER || data.length % 8 != 0) return -1;
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.getLong() != MAGIC || b.getLong() != block) return -1;
        long gen = b.getLong();
        for (int w = 0; b.hasRemaining(); w++) if (b.getLong() != mix(block, gen, w)) return -1;
        return gen;
    }

    /** SplitMix64's finalizer over the word's coordinates: cheap, and every bit depends on all three. */
    private static long mix(long block, long gen, int word) {
        long z = block * 0x9E3779B97F4A7C15L + gen * 0xBF58476D1CE4E5B9L + word * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
