package org.kernellab.mm.impl;

import org.kernellab.api.Ctx;
import org.kernellab.api.Kernel;
import org.kernellab.api.mm.Gfp;

/**
 * might_alloc() (include/linux/sched/mm.h) for one allocating call: unknown GFP bits are the
 * caller's bug, and {@code might_sleep_if(gfpflags_allow_blocking(gfp))}. The call's name with
 * its flags ({@code kmalloc(GFP_KERNEL)}) is what a report prints; it is made once per GFP value
 * in a row and kept, so the allowed path allocates nothing.
 *
 * <h2>Locking</h2>
 * None: the last description is one immutable {@link Memo} in one field, so a reader on another
 * thread sees a whole pair or an older one (and then makes its own).
 */
final class MightAlloc {
    static final String FIX = "use GFP_ATOMIC in atomic context";

    private final Kernel kernel;
    private final String what;
    private Memo last = new Memo(-1, null);

    private record Memo(int gfp, String text) { }

    MightAlloc(Kernel kernel, String what) {
        this.kernel = kernel;
        this.what = what;
    }

    /** Throws on unknown bits; returns false when the check says the allocation must not go on (warn mode from interrupt context). */
    boolean check(int gfp) {
        if ((gfp & ~Gfp.KNOWN) != 0) throw unknownBits(gfp);
        if (!Gfp.allowsBlocking(gfp)) return true;
        Memo m = last;
        return kernel.mightSleep(Ctx.MAY_SLEEP, m.gfp() == gfp ? m.text() : describe(gfp), FIX);
    }

    private static IllegalArgumentException unknownBits(int gfp) {
        return new IllegalArgumentException(String.format("gfp %#x has bits KernelLab does not define: %#x", gfp, gfp & ~Gfp.KNOWN));
    }

    /** {@code what(FLAGS)}, e.g. {@code alloc_pages(GFP_KERNEL)}, made and kept. */
    String describe(int gfp) {
        Memo m = new Memo(gfp, what + "(" + Gfp.toString(gfp) + ")");
        last = m;
        return m.text();
    }
}
