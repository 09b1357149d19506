package org.kernellab.demos;

import static org.kernellab.api.vm.Mman.MAP_ANONYMOUS;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.PROT_READ;
import static org.kernellab.api.vm.Mman.PROT_WRITE;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.vm.AddressSpaces;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A memory hog touches page after page of a 1 GiB mapping until memory runs out; the OOM killer
 * picks it by oom_badness and kills it with Linux's report. A small editor and a daemon with
 * oom_score_adj -1000 carry on.
 */
@Component(service = Demo.class, property = "demo.name=oom")
public final class OomDemo extends DemoBase {
    private static final long HOG_BYTES = 1L << 30;
    private final AddressSpaces mm;

    @Activate
    public OomDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine, @Reference AddressSpaces mm) {
        super(kernel, irqs, machine);
        this.mm = mm;
    }

    @Override public String name() { return "oom"; }
    @Override public String description() { return "a memory hog runs the machine out of memory; the OOM killer kills it and the rest go on"; }
    @Override public boolean showTrace() { return false; }

    private long mapAndTouch(long bytes) {
        long a = mm.mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
        mm.touch(a, bytes, false);
        return a;
    }

    @Override
    public long setup() {
        kernel.spawn(TaskSpec.process("editor").onCpu(0), k -> {
            long a = mapAndTouch(2 << 20);
            say("editor holds 2 MiB and edits for 40 ms");
            k.msleep(40);
            mm.touch(a, 2 << 20, false);
            say("editor is still alive: " + mm.stats(k.current().pid()).rssAnon * 4 + " kB resident");
        });
        kernel.spawn(TaskSpec.process("daemon").onCpu(1), k -> {
            mm.setOomScoreAdj(k.current().pid(), -1000);
            mapAndTouch(4 << 20);
            say("daemon holds 4 MiB with oom_score_adj -1000 (OOM_SCORE_ADJ_MIN: never chosen) and sleeps 40 ms");
            k.msleep(40);
            say("daemon is still alive");
        });
        kernel.spawn(TaskSpec.process("hog").onCpu(1), k -> {
            k.msleep(1);
            long a = mm.mmap(0, HOG_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
            say("hog mapped 1 GiB at 0x" + Long.toHexString(a) + " and touches it page by page");
            for (long off = 0; off < HOG_BYTES; off += 4096) {
                mm.touch(a + off, 1, false);
                if (off % (16 << 20) == 0 && off > 0) say("hog has " + (off >> 20) + " MiB");
            }
            say("never printed: the hog is killed first");
        });
        return 100_000_000;
    }

    @Override
    public void teardown() {
        say("what happened: every page the hog touched was a minor fault that took a free page. When none was left, "
                + "the allocation failed, and out_of_memory() chose a victim by oom_badness: resident pages plus page tables, "
                + "adjusted by oom_score_adj. The hog had by far the most; the daemon's -1000 takes it out of the choice. "
                + "The hog was killed, its memory reaped at once, and the others went on.");
    }
}
