package org.kernellab.demos;

import static org.kernellab.api.vm.Mman.MAP_SHARED;
import static org.kernellab.api.vm.Mman.PROT_READ;

import java.nio.charset.StandardCharsets;

import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.VmFile;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A page read from the disk: process A maps a file that lives on disk0 and reads it. The first
 * touch finds no page in the page cache, a major fault (mm/filemap.c filemap_fault): the page is
 * added locked, a READ bio is submitted, and A sleeps in D state until the disk's completion
 * (BLOCK_SOFTIRQ, on whichever task is current) unlocks the page and wakes it. Process C then
 * maps the same file: the page is in the page cache, a minor fault, with no disk and no sleep.
 */
@Component(service = Demo.class, property = "demo.name=major-fault")
public final class MajorFaultDemo extends DemoBase {
    static final String DISK = "disk0";
    /** The file's one page: 4 KiB at 2 MiB on the disk. */
    static final long SECTOR = 4096;
    static final String TEXT = "read from disk0 by a major fault";

    private final BlockLayer block;
    private final AddressSpaces mm;

    @Activate
    public MajorFaultDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
                          @Reference BlockLayer block, @Reference AddressSpaces mm) {
        super(kernel, irqs, machine);
        this.block = block;
        this.mm = mm;
    }

    @Override public String name() { return "major-fault"; }

    /** The story ends when A and C have read the file and every task has exited. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public String description() {
        return "A maps a file on disk0 and touches it: a major fault, A sleeps in D until the disk's interrupt; C maps it next: a minor fault from the page cache";
    }

    @Override
    public long setup() {
        needDisk(block, DISK);
        VmFile file = new VmFile("/data/notes.txt", 12, DISK, SECTOR, 4096, false);
        byte[] text = TEXT.getBytes(StandardCharsets.US_ASCII);
        kernel.spawn(TaskSpec.process("A").onCpu(0), k -> {
            // the file's contents go to the disk first, around the page cache (as dd oflag=direct would)
            byte[] page = new byte[4096];
            System.arraycopy(text, 0, page, 0, text.length);
            BlkStatus st = block.submitBioWait(Bio.write(DISK, SECTOR, page, (bio, status) -> { }));
            say("A wrote the file's page to sector " + SECTOR + " of " + DISK + " (" + st + "), around the page cache, which does not hold it");
            Task a = k.current();
            kernel.spawn(TaskSpec.process("B").onCpu(0), kb -> {
                say("B runs while A waits for the disk (A is in state " + a.state().letter() + "), and computes 1 ms: " + ctx());
                kb.compute(1_000_000);
                say("B finished its 1 ms; the disk's completion interrupt arrived while it ran");
            });
            long addr = mm.mmap(0, 4096, PROT_READ, MAP_SHARED, file, 0);
            say("A mmaps " + file.path() + " at 0x" + Long.toHexString(addr) + " and reads its first bytes: no page is mapped there yet");
            long start = k.now();
            byte[] got = new byte[text.length];
            mm.load(addr, got, 0, got.length);
            MmStatsDTO s = mm.stats(a.pid());
            say("A has \"" + new String(got, StandardCharsets.US_ASCII) + "\" " + ms(k.now() - start)
                    + " after its load began (the disk's read, then, woken, its wait for B to give up the CPU: see the trace);"
                    + " faults so far: " + s.majFlt + " major, " + s.minFlt + " minor: " + ctx());
            kernel.spawn(TaskSpec.process("C").onCpu(0), kc -> {
                long at = mm.mmap(0, 4096, PROT_READ, MAP_SHARED, file, 0);
                long t0 = kc.now();
                byte[] again = new byte[text.length];
                mm.load(at, again, 0, again.length);
                MmStatsDTO sc = mm.stats(kc.current().pid());
                say("C maps the same file and reads \"" + new String(again, StandardCharsets.US_ASCII) + "\" " + ms(kc.now() - t0)
                        + " after its load: the page was in the page cache; faults: " + sc.majFlt + " major, " + sc.minFlt + " minor");
                account("a major fault is a page fault that has to wait for the disk: A went to sleep in D state inside its own"
                        + " load, in process context, and the disk's interrupt and BLOCK_SOFTIRQ, which ran on B's stack in"
                        + " interrupt and softirq context, only finished the read and woke A. C found the page in the page cache"
                        + " and took a minor fault: the same memory, no disk, no sleep.");
            });
        });
        return 20_000_000;
    }
}
