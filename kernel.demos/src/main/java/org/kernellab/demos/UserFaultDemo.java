package org.kernellab.demos;

import static org.kernellab.api.vm.Mman.MAP_ANONYMOUS;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.PROT_READ;
import static org.kernellab.api.vm.Mman.PROT_WRITE;

import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Uaccess;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A "write() system call" whose driver copies from the user buffer the process passed: a bad
 * pointer makes copy_from_user return the bytes it could not copy, the driver returns -EFAULT and
 * the kernel is fine. The same bad pointer dereferenced by the process itself in user mode is a
 * SIGSEGV, with Linux's segfault line, and only that process dies.
 */
@Component(service = Demo.class, property = "demo.name=user-fault")
public final class UserFaultDemo extends DemoBase {
    private final AddressSpaces mm;
    private final Uaccess uaccess;

    @Activate
    public UserFaultDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
                         @Reference AddressSpaces mm, @Reference Uaccess uaccess) {
        super(kernel, irqs, machine);
        this.mm = mm;
        this.uaccess = uaccess;
    }

    @Override public String name() { return "user-fault"; }

    @Override
    public String description() {
        return "copy_from_user from a bad address returns the bytes not copied and the driver returns -EFAULT; the same access in user mode is a SIGSEGV";
    }

    /** The driver's write(): copy_from_user, and -EFAULT if anything was left, as drivers do. */
    private long driverWrite(long ubuf, int len) {
        byte[] kbuf = new byte[len];
        long left = uaccess.copyFromUser(kbuf, 0, ubuf, len);
        say("  driver: copy_from_user(kbuf, 0x" + Long.toHexString(ubuf) + ", " + len + ") returned " + left
                + (left == 0 ? " (all copied)" : " bytes NOT copied"));
        return left == 0 ? len : -Errno.EFAULT;
    }

    @Override
    public long setup() {
        kernel.spawn(TaskSpec.process("app").onCpu(0), k -> {
            long buf = mm.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
            mm.store(buf, new byte[64], 0, 64);
            say("write(fd, buf=0x" + Long.toHexString(buf) + ", 64): returns " + driverWrite(buf, 64));
            say("write(fd, NULL, 64): returns " + driverWrite(0, 64) + " (-EFAULT)");
            say("write(fd, buf+4064, 64), half of it past the mapping: returns " + driverWrite(buf + 4064, 64) + " (-EFAULT)");
            say("write(fd, 0x" + Long.toHexString(org.kernellab.api.vm.Mman.PAGE_OFFSET) + ", 64), a kernel address: returns "
                    + driverWrite(org.kernellab.api.vm.Mman.PAGE_OFFSET, 64) + " (access_ok refuses it)");
            say("the kernel is fine and app runs on; now app itself reads through the NULL pointer, in user mode");
            mm.load(0, new byte[8], 0, 8);
            say("never printed: app is dead");
        });
        kernel.spawn(TaskSpec.process("bystander").onCpu(1), k -> {
            k.compute(2_000_000);
            say("bystander computed 2 ms undisturbed");
        });
        return 10_000_000;
    }

    @Override
    public void teardown() {
        say("what happened: a bad pointer handed to the kernel is the caller's mistake, so the kernel must survive it. "
                + "copy_from_user checks the range (access_ok), and a fault inside the copy is caught by the exception table: "
                + "the copy stops, returns how many bytes it could not copy, and the driver turns that into -EFAULT. "
                + "The same access made by the process itself has no such fixup: the kernel sends SIGSEGV and prints the segfault line.");
    }
}
