package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.console.dto.DemoRunDTO;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** kernel:demo disk-wakeup through the console, on the distribution's disk, block layer and driver. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DiskWakeupDemoTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    @Test
    void diskWakeup_tellsTheStory_inOrder_withBCurrentAtTheCompletion_andRepeatsExactly() throws Exception {
        PolicyBundles.tickingKernel(context);
        PolicyBundles.awaitDisk(context, "disk0");
        try (GogoSession session = new GogoSession(processor)) {
            DemoRunDTO run = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo disk-wakeup"));
            List<String> lines = Arrays.stream(run.log).map(l -> l.text).filter(t -> t.startsWith("disk-wakeup: ")).toList();
            String all = String.join("\n", lines);
            assertEquals(6, lines.size(), all);
            assertTrue(lines.get(0).startsWith("disk-wakeup: A writes 4 KiB at sector 2048 of disk0 with submit_bio_wait"), all);
            assertTrue(lines.get(1).startsWith("disk-wakeup: B runs while A sleeps in D state (A is D)"), all);
            assertTrue(lines.get(2).startsWith("disk-wakeup: the disk's interrupt came while B was running; at irq_exit BLOCK_SOFTIRQ ends the write (OK)"), all);
            assertTrue(lines.get(2).contains("wakes A, which is in state D: current=B/"), all);
            assertTrue(lines.get(2).contains("preempt_count=0x100"), "served in softirq context: " + all);
            assertTrue(lines.get(3).startsWith("disk-wakeup: B finished its 1 ms") || lines.get(3).startsWith("disk-wakeup: A wakes up"), all);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("disk-wakeup: A wakes up") && l.contains("submit_bio_wait returned OK: current=A/")), all);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("disk-wakeup: what it shows: a task that waits for the disk sleeps in process context")), all);
            assertTrue(run.trace.contains("irq_handler_entry: irq=14 name=disk0"), run.trace);
            DemoRunDTO again = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo disk-wakeup"));
            assertEquals(run.digest, again.digest, "the same story, event for event");
            assertEquals(Arrays.stream(run.log).map(l -> l.text).collect(Collectors.toList()).size(), again.log.length);
        }
    }
}
