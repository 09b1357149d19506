package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Mman;
import org.kernellab.console.dto.DemoRunDTO;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The address-space service in the framework: its demos through kernel:demo, /proc/PID/maps and status, mm:pagemap. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class AddressSpacesConsoleTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    @InjectService
    AddressSpaces mm;

    private static String log(DemoRunDTO run, String prefix) {
        return Arrays.stream(run.log).map(l -> l.text).filter(t -> prefix == null || t.startsWith(prefix)).collect(Collectors.joining("\n"));
    }

    @Test
    void demoOom_killsTheHog_theOthersGoOn() throws Exception {
        PolicyBundles.tickingKernel(context);
        try (GogoSession session = new GogoSession(processor)) {
            DemoRunDTO run = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo oom"));
            String all = log(run, null);
            assertTrue(all.contains("hog invoked oom-killer: gfp_mask="), all);
            assertTrue(all.contains("Out of memory: Killed process 3 (hog)"), all);
            assertTrue(all.contains("oom: editor is still alive"), all);
            assertTrue(all.contains("oom: daemon is still alive"), all);
        }
    }

    @Test
    void demoUserFault_andCopyFromUserInIrq_tellTheirStories() throws Exception {
        PolicyBundles.tickingKernel(context);
        try (GogoSession session = new GogoSession(processor)) {
            DemoRunDTO uf = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo user-fault"));
            String a = log(uf, null);
            assertTrue(a.contains("user-fault: write(fd, NULL, 64): returns -14 (-EFAULT)"), a);
            assertTrue(a.contains("app[1]: segfault at 0 ip 0000000000400000 sp 00007fffffffe000 error 4 in app[400000+1000]"), a);
            DemoRunDTO irq = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo copy-from-user-in-irq"));
            String b = log(irq, null);
            assertTrue(b.contains("BUG: sleeping function called from invalid context at CopyFromUserInIrqDemo.java:"), b);
            assertTrue(b.contains("KernelLab: offending bundle: kernel.demos"), b);
            assertTrue(b.contains("the handler got \"other's password\": that is other's memory, not reader's"), b);
            DemoRunDTO again = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo copy-from-user-in-irq"));
            assertEquals(irq.digest, again.digest, "the same run, event for event");
        }
    }

    @Test
    void procMapsStatusAndPagemap_describeALiveProcess() throws Exception {
        Kernel k = PolicyBundles.tickingKernel(context);
        long[] addr = new long[1];
        Task task = k.spawn(TaskSpec.process("mapper"), kk -> {
            addr[0] = mm.mmap(0, 3 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
            mm.touch(addr[0], 2 * 4096, true);
            kk.setCurrentState(TaskState.INTERRUPTIBLE);
            kk.schedule();
        });
        k.runUntilIdle(1_000_000_000L);
        int pid = task.pid();
        try (GogoSession session = new GogoSession(processor)) {
            String maps = assertInstanceOf(String.class, session.execute("kernel:cat /proc/" + pid + "/maps"));
            assertTrue(maps.startsWith("00400000-00401000 r-xp 00000000 00:00 "), maps);
            assertTrue(maps.contains(String.format("%x-%x rw-p 00000000 00:00 0 \n", addr[0], addr[0] + 3 * 4096)), maps);
            assertTrue(maps.endsWith("7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"), maps);
            String status = assertInstanceOf(String.class, session.execute("kernel:cat /proc/" + pid + "/status"));
            assertTrue(status.startsWith("Name:\tmapper\nState:\tS (sleeping)\n"), status);
            assertTrue(status.contains("VmRSS:\t       8 kB\nRssAnon:\t       8 kB\n"), status);
            String stat = assertInstanceOf(String.class, session.execute("kernel:cat /proc/" + pid + "/stat"));
            assertTrue(stat.startsWith(pid + " (mapper) S 0 0 0 0 -1 0 2 0 0 0 "), "minflt 2, majflt 0: " + stat);
            String pm = assertInstanceOf(String.class, session.execute("mm:pagemap " + pid));
            assertTrue(pm.startsWith("pid " + pid + " (mapper): 2 pages present, min_flt 2, maj_flt 0, VmRSS 8 kB, VmPTE 12 kB\n"), pm);
            assertTrue(pm.contains(String.format("%016x ", addr[0])), pm);
            assertThrows(Exception.class, () -> session.execute("mm:pagemap 9999"));
        }
    }
}
