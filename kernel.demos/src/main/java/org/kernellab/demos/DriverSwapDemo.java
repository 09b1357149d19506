package org.kernellab.demos;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.sync.Sync;
import org.kernellab.demos.io.IoLedger;
import org.kernellab.demos.io.SwapSchedule;
import org.kernellab.demos.io.VerifyingWriters;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Swaps the disk driver ten times, version 1 to version 2 and back, while writer tasks keep 32
 * requests in flight, and prints the request ledger: nothing lost, duplicated, reordered or
 * corrupted. Each swap is a real OSGi update of the {@code kernel.driver.disk} bundle, from the
 * two driver jars this bundle carries, made on a thread outside the machine while the machine is
 * held at the instant the swap was scheduled for (see {@link SwapSchedule}).
 */
@Component(service = Demo.class, property = "demo.name=driver-swap")
public final class DriverSwapDemo extends DemoBase {
    static final String DISK = "disk0";
    static final String DRIVER = "kernel.driver.disk";
    static final int SWAPS = 10;
    /** 4 writers with 8 bios each in flight: 32, the device's queue depth. */
    static final VerifyingWriters.Plan PLAN = new VerifyingWriters.Plan(DISK, 1 << 20, 4, 64, 8, 3);
    /** How long a swap may take on the wall clock before the demo reports it stuck. */
    static final long SWAP_TIMEOUT_MS = 60_000;

    private final BlockLayer block;
    private final Sync sync;
    private final BundleContext context;
    private IoLedger ledger;
    private SwapSchedule schedule;
    private VerifyingWriters writers;

    @Activate
    public DriverSwapDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
                          @Reference BlockLayer block, @Reference Sync sync, BundleContext context) {
        super(kernel, irqs, machine);
        this.block = block;
        this.sync = sync;
        this.context = context;
    }

    @Override public String name() { return "driver-swap"; }

    @Override
    public String description() {
        return "the disk driver is updated ten times, version 1 to 2 and back, with 32 requests in flight; the ledger shows nothing is lost";
    }

    /** The trace of 1,500 requests and ten swaps is long: kernel:trace show prints it. */
    @Override
    public boolean showTrace() { return false; }

    @Override
    public long setup() {
        if (!block.disks().contains(DISK)) {
            throw new IllegalStateException("demo driver-swap needs " + DISK + ": no disk driver has attached it to the block layer"
                    + " (is kernel.driver.disk active?)");
        }
        driver(); // fails early if the driver bundle is missing
        ledger = new IoLedger(machine::now);
        writers = new VerifyingWriters(kernel, block, sync, ledger, PLAN);
        schedule = new SwapSchedule(machine, ledger, PLAN.totalIos(), SWAPS, this::swap,
                n -> n % 2 == 1 ? DRIVER + " 1 -> 2" : DRIVER + " 2 -> 1");
        say(PLAN.tasks() + " writers write " + PLAN.blocksPerTask() + " blocks of 4 KiB each, " + PLAN.rounds()
                + " times, and read every block back, with " + PLAN.depth() + " bios each in flight (" + PLAN.totalIos() + " requests)");
        say("the disk driver is updated " + SWAPS + " times while they run, at every " + PLAN.totalIos() / (SWAPS + 1)
                + " completions: the queue stops taking requests, the device keeps those in flight, the new driver adopts them");
        writers.spawn("verify");
        return 1_000_000_000L;
    }

    /** Swap {@code n}: odd swaps update the driver to version 2, even ones back to version 1. */
    private void swap(int n) throws IOException, BundleException {
        String jar = n % 2 == 1 ? "/drivers/disk-v2.jar" : "/drivers/disk-v1.jar";
        Bundle b = driver();
        try (InputStream in = DriverSwapDemo.class.getResourceAsStream(jar)) {
            if (in == null) throw new IllegalStateException("kernel.demos carries no " + jar);
            b.update(in);
        }
        int major = b.getVersion().getMajor();
        int want = n % 2 == 1 ? 2 : 1;
        if (major != want) throw new IllegalStateException(DRIVER + " is at version " + b.getVersion() + " after the update, not " + want);
    }

    private Bundle driver() {
        for (Bundle b : context.getBundles()) if (DRIVER.equals(b.getSymbolicName())) return b;
        throw new IllegalStateException("demo driver-swap needs the bundle " + DRIVER + ", which is not installed");
    }

    @Override
    public void teardown() {
        List<String> failures;
        try {
            failures = schedule.awaitSwaps(SWAP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures = List.of("interrupted while waiting for the swaps");
        }
        for (IoLedger.Swap s : ledger.swaps()) {
            say(String.format("swap %d (%s) at %s with %d requests in flight, after %d completions; next completion %s later",
                    s.n(), s.what(), ms(s.atNs()), s.inFlight(), s.completedBefore(), s.pauseNs() < 0 ? "never" : us(s.pauseNs())));
        }
        for (String f : failures) say("swap failed: " + f);
        if (!writers.finished()) say("the writers did not finish: " + ledger.outstanding() + " requests still outstanding");
        for (String line : ledger.report()) say(line);
        say("what happened: each update stopped the driver bundle while the machine held still at one instant of virtual time;"
                + " the requests in flight stayed with the device, and the new version adopted them by their tags and completed them."
                + " Version 2 holds completions back to coalesce their interrupts, so after a swap back to version 1 the completions"
                + " waiting in the device are reaped at once, and after a swap to version 2 the next one may wait up to 100 us");
        super.teardown();
    }

    static String us(long ns) {
        return String.format("%d.%03d us", ns / 1000, ns % 1000);
    }
}
