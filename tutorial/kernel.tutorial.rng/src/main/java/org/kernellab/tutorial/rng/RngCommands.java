package org.kernellab.tutorial.rng;

import org.apache.felix.service.command.Descriptor;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.dto.RunResultDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The console command {@code rng:read N}: a process reads N bytes through the driver while the
 * machine runs until it is idle again; the command prints the bytes and the request's journey
 * through the three contexts. Console code: it runs on the console's thread, outside the
 * simulation, and drives it through the kernel's run control.
 *
 * <p>Immediate, like every component of a driver bundle: the kernel holds the machine during a
 * driver's update until each of its components is active again, and a delayed component would
 * stay merely satisfied until someone used it.
 */
@Component(immediate = true, service = RngCommands.class, property = {
    "osgi.command.scope=rng",
    "osgi.command.function=read"
})
public final class RngCommands {
    /** How much virtual time a read may take before the command gives up. */
    static final long LIMIT_NS = 1_000_000_000L;

    private final RngDriver driver;
    private final Kernel kernel;

    @Activate
    public RngCommands(@Reference RngDriver driver, @Reference Kernel kernel) {
        this.driver = driver;
        this.kernel = kernel;
    }

    @Descriptor("read random bytes from rng0: a process 'rngread' asks the driver and sleeps until the tasklet completes its request")
    public String read(@Descriptor("how many bytes, 1..64") String count) {
        int n = bytes(count);
        RngDriver.Request[] done = {null};
        kernel.spawn(TaskSpec.process("rngread"), k -> done[0] = driver.read(n));
        RunResultDTO run = kernel.runUntilIdle(LIMIT_NS);
        if ("panic".equals(run.stoppedBy)) {
            throw new IllegalStateException("kernel panic: " + run.panic.lines().findFirst().orElse("") + "; see kernel:dmesg");
        }
        RngDriver.Request rq = done[0];
        if (rq == null) throw new IllegalStateException("the read did not finish within 1 s of virtual time; see kernel:ps and kernel:dmesg");
        if (rq.error() != 0) throw new IllegalStateException(RngDevice.NAME + ": the read failed with errno " + rq.error());
        StringBuilder out = new StringBuilder(RngDevice.NAME + ": " + n + " bytes:");
        for (byte b : rq.data()) out.append(String.format(" %02x", b & 0xff));
        for (String step : rq.journey()) out.append('\n').append(step);
        return out.toString();
    }

    /**
     * The byte count, taken as text so that a word gets this sentence rather than Gogo's "Cannot
     * coerce": the console prints a CommandException as its message alone.
     */
    private static int bytes(String count) {
        try {
            int n = Integer.parseInt(count.trim());
            if (n >= 1 && n <= RngDevice.MAX_BYTES) return n;
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw CommandException.usage("byte count \"" + count + "\" is not a number from 1 to " + RngDevice.MAX_BYTES, "rng:read <bytes>");
    }
}
