package org.kernellab.demos;

import static org.kernellab.api.vm.Mman.MAP_ANONYMOUS;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.PROT_READ;
import static org.kernellab.api.vm.Mman.PROT_WRITE;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Uaccess;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An interrupt handler copies from a user address that the process "reader" gave the driver,
 * but in interrupt context {@code current} is whoever was interrupted ("other"), so
 * copy_from_user reads other's memory at that address: the might_fault report, and the wrong
 * process's data.
 */
@Component(service = Demo.class, property = "demo.name=copy-from-user-in-irq")
public final class CopyFromUserInIrqDemo extends DemoBase {
    private final AddressSpaces mm;
    private final Uaccess uaccess;
    /** The user address reader handed to the driver (its "read() buffer"). */
    private long userBuf;

    @Activate
    public CopyFromUserInIrqDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
                                 @Reference AddressSpaces mm, @Reference Uaccess uaccess) {
        super(kernel, irqs, machine);
        this.mm = mm;
        this.uaccess = uaccess;
    }

    @Override public String name() { return "copy-from-user-in-irq"; }

    @Override
    public String description() {
        return "an interrupt handler uses copy_from_user: the BUG report, and it reads the interrupted process's memory";
    }

    private long mapWith(String text) {
        long a = mm.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        mm.store(a, b, 0, b.length);
        return a;
    }

    @Override
    public long setup() {
        claim(DEV_IRQ, (irq, dev) -> {
            say("the device interrupts; the handler copies 16 bytes from reader's buffer at 0x" + Long.toHexString(userBuf) + ": " + ctx());
            byte[] got = new byte[16];
            long left = uaccess.copyFromUser(got, 0, userBuf, got.length);
            say("copy_from_user returned " + left + " and the handler got \"" + new String(got, StandardCharsets.US_ASCII).trim()
                    + "\": that is " + kernel.current().comm() + "'s memory, not reader's");
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "demo-dev");
        kernel.spawn(TaskSpec.process("reader").onCpu(0), k -> {
            userBuf = mapWith("reader's request");
            say("reader put \"reader's request\" at 0x" + Long.toHexString(userBuf) + " and waits for the device");
            k.msleep(4);
            byte[] got = new byte[16];
            long left = uaccess.copyFromUser(got, 0, userBuf, got.length);
            say("reader, back in process context, copies its own buffer: copy_from_user returned " + left + ", \""
                    + new String(got, StandardCharsets.US_ASCII) + "\"");
        });
        kernel.spawn(TaskSpec.process("other").onCpu(0), k -> {
            long a = mapWith("other's password");
            say("other put \"other's password\" at 0x" + Long.toHexString(a) + " (the same address: both address spaces are laid out alike) and computes 3 ms");
            k.compute(3_000_000);
        });
        raiseAt(1_000_000, DEV_IRQ);
        return 10_000_000;
    }

    @Override
    public void teardown() {
        super.teardown();
        say("what happened: a user address only means something in the address space of the process that owns it. "
                + "The handler ran on whatever CPU the interrupt hit, with current = the interrupted task, so copy_from_user "
                + "used that task's page tables and read another process's data, after might_fault's report. "
                + "The fix: the handler only records that the data is ready and wakes the reader; the reader copies in its own system call.");
    }
}
