package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.console.dto.DemoRunDTO;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** kernel:demo major-fault through the console: a file page read from disk0 by the block layer, then found in the page cache. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MajorFaultDemoTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    @Test
    void majorFault_sleepsInDUntilTheDisk_thenTheSecondMapperHitsThePageCache() throws Exception {
        PolicyBundles.tickingKernel(context);
        PolicyBundles.awaitDisk(context, "disk0");
        try (GogoSession session = new GogoSession(processor)) {
            DemoRunDTO run = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo major-fault"));
            List<String> lines = Arrays.stream(run.log).map(l -> l.text).filter(t -> t.startsWith("major-fault: ")).toList();
            String all = String.join("\n", lines);
            assertTrue(lines.get(0).startsWith("major-fault: A wrote the file's page to sector 4096 of disk0 (OK)"), all);
            assertTrue(lines.get(1).startsWith("major-fault: A mmaps /data/notes.txt at 0x"), all);
            assertTrue(lines.get(2).startsWith("major-fault: B runs while A waits for the disk (A is in state D)"), all);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("major-fault: A has \"read from disk0 by a major fault\"")
                    && l.contains("faults so far: 1 major") && l.contains("current=A/")), all);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("major-fault: C maps the same file and reads \"read from disk0 by a major fault\"")
                    && l.contains("faults: 0 major, 1 minor")), all);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("major-fault: what it shows: a major fault is a page fault that has to wait for the disk")), all);
            assertTrue(run.trace.contains("irq_handler_entry: irq=14 name=disk0"), run.trace);
            assertTrue(run.trace.contains("prev_comm=A") && run.trace.contains("prev_state=D"), run.trace);
            DemoRunDTO again = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo major-fault"));
            assertEquals(run.digest, again.digest, "the same story, event for event");
        }
    }
}
