package org.kernellab.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcException;
import org.kernellab.api.proc.ProcRequest;

/** Path resolution, errors and the guard, over entries that are plain lambdas. */
class ProcTreeTest {

    /** A host with fixed pids that records holds and reports. */
    static final class FakeHost implements ProcTree.Host {
        int[] pids = {1, 2, 10};
        int holds;
        boolean held;
        final List<String> reports = new ArrayList<>();

        @Override
        public <T> T hold(Supplier<T> r) {
            holds++;
            held = true;
            try {
                return r.get();
            } finally {
                held = false;
            }
        }

        @Override public int[] pids() { return pids; }
        @Override public void report(String line) { reports.add(line); }
    }

    private static ProcEntry file(String text) {
        return at -> at.isRoot() ? text : null;
    }

    /** /proc/irq as kernel.irq has it: lines 0 and 9, each with a spurious file. */
    private static final ProcEntry IRQ = new ProcEntry() {
        @Override
        public List<String> list(ProcRequest at) {
            return switch (at.path()) {
                case "" -> List.of("9", "0");
                case "0", "9" -> List.of("spurious");
                default -> null;
            };
        }

        @Override
        public String read(ProcRequest at) {
            return at.path().endsWith("/spurious") && at.segments().length == 2 ? "count of " + at.segments()[0] + "\n" : null;
        }
    };

    private final FakeHost host = new FakeHost();
    private final ProcTree tree = new ProcTree(host);
    private long ids;

    private void mount(String path, ProcEntry e) {
        assertTrue(tree.mount(path, e, "bundle test.bundle 1.0.0", 0, ++ids), "mounted " + path);
    }

    private ProcException fails(Runnable r) {
        return assertThrows(ProcException.class, r::run);
    }

    private void standardTree() {
        mount("interrupts", file("IRQ TEXT\n"));
        mount("irq", IRQ);
        mount("{pid}/stat", at -> at.isRoot() ? at.pid() + " stat\n" : null);
        mount("{pid}/sched", at -> at.isRoot() ? at.pid() + " sched\n" : null);
        mount("driver/rtc", file("rtc\n"));
    }

    @Test
    void ls_root_listsEntriesAndPidsInCOrder() {
        standardTree();
        assertEquals(List.of("1", "10", "2", "driver", "interrupts", "irq"), tree.list("/proc"));
        assertEquals(tree.list("/proc"), tree.list("/proc/"));
        assertEquals(tree.list("/proc"), tree.list("."), "a relative path starts at /proc");
    }

    @Test
    void cat_file_returnsTheEntrysTextInsideTheHold() {
        List<Boolean> heldWhileReading = new ArrayList<>();
        mount("interrupts", at -> {
            heldWhileReading.add(host.held);
            return "IRQ TEXT\n";
        });
        assertEquals("IRQ TEXT\n", tree.read("/proc/interrupts"));
        assertEquals("IRQ TEXT\n", tree.read("interrupts"));
        assertEquals("IRQ TEXT\n", tree.read("//proc/./irq/../interrupts"));
        assertEquals(List.of(true, true, true), heldWhileReading);
        assertEquals(3, host.holds, "one hold per look-up");
    }

    @Test
    void pidDirectories_holdEveryPidEntry_withThePid() {
        standardTree();
        assertEquals(List.of("sched", "stat"), tree.list("/proc/10"));
        assertEquals("10 stat\n", tree.read("/proc/10/stat"));
        assertEquals("2 sched\n", tree.read("/proc/2/sched"));
        assertEquals(Errno.ENOENT, fails(() -> tree.read("/proc/3/stat")).errno(), "no task 3");
        assertEquals(Errno.ENOENT, fails(() -> tree.list("/proc/010")).errno(), "\"010\" is not a pid directory");
        assertEquals(Errno.ENOENT, fails(() -> tree.read("/proc/1/nope")).errno());
    }

    @Test
    void pidDirectory_withoutPidEntries_isEmpty() {
        mount("interrupts", file("x"));
        assertEquals(List.of(), tree.list("/proc/1"));
    }

    @Test
    void directoryEntry_listsAndReadsBelowItsMountPoint() {
        standardTree();
        assertEquals(List.of("0", "9"), tree.list("/proc/irq"));
        assertEquals(List.of("spurious"), tree.list("/proc/irq/9"));
        assertEquals("count of 9\n", tree.read("/proc/irq/9/spurious"));
        assertEquals(Errno.ENOENT, fails(() -> tree.read("/proc/irq/7/spurious")).errno());
    }

    @Test
    void deeperMount_impliesItsDirectories() {
        standardTree();
        assertEquals(List.of("rtc"), tree.list("/proc/driver"));
        assertEquals("rtc\n", tree.read("/proc/driver/rtc"));
    }

    @Test
    void ls_file_printsTheArgument() {
        standardTree();
        assertEquals(List.of("/proc/interrupts"), tree.list("/proc/interrupts"));
        assertEquals(List.of("interrupts"), tree.list("interrupts"));
    }

    @Test
    void errors_areLinuxs_andNameTheArgument() {
        standardTree();
        ProcException nope = fails(() -> tree.read("/proc/nope"));
        assertEquals(Errno.ENOENT, nope.errno());
        assertEquals("/proc/nope: No such file or directory", nope.getMessage());
        ProcException dir = fails(() -> tree.read("/proc/1"));
        assertEquals("/proc/1: Is a directory", dir.getMessage());
        assertEquals(Errno.EISDIR, fails(() -> tree.read("/proc")).errno());
        assertEquals(Errno.EISDIR, fails(() -> tree.read("/proc/irq/9")).errno());
        ProcException under = fails(() -> tree.read("/proc/interrupts/x"));
        assertEquals("/proc/interrupts/x: Not a directory", under.getMessage());
        assertEquals(Errno.ENOTDIR, fails(() -> tree.list("/proc/interrupts/")).errno());
        assertEquals(Errno.ENOENT, fails(() -> tree.read("/proc/nope/x")).errno(), "a missing directory is ENOENT, not ENOTDIR");
        ProcException outside = fails(() -> tree.read("/etc/passwd"));
        assertEquals(Errno.ENOENT, outside.errno());
        assertEquals("/etc/passwd", outside.path());
        assertEquals(Errno.ENOENT, fails(() -> tree.list("..")).errno(), "/ is outside /proc");
        assertThrows(IllegalArgumentException.class, () -> tree.read(" "));
    }

    @Test
    void throwingEntry_isEjectedWithAReason_andTheRestGoesOn() {
        standardTree();
        mount("bad", at -> {
            throw new IllegalStateException("boom");
        });
        ProcException e = fails(() -> tree.read("/proc/bad"));
        assertEquals(Errno.EIO, e.errno());
        assertTrue(e.getMessage().startsWith("/proc/bad: Input/output error (the entry /proc/bad from bundle test.bundle 1.0.0 threw java.lang.IllegalStateException: boom"), e.getMessage());
        assertEquals(1, host.reports.size());
        String report = host.reports.get(0);
        assertTrue(report.contains("procfs entry /proc/bad from bundle test.bundle 1.0.0 ejected: read(\"\") threw java.lang.IllegalStateException: boom"), report);
        assertEquals(Errno.ENOENT, fails(() -> tree.read("/proc/bad")).errno(), "ejected: gone");
        assertFalse(tree.list("/proc").contains("bad"));
        assertEquals("IRQ TEXT\n", tree.read("/proc/interrupts"), "the other entries still answer");
    }

    @Test
    void throwingPidEntry_isEjectedFromEveryPidDirectory() {
        standardTree();
        mount("{pid}/bad", at -> {
            throw new ArithmeticException("/ by zero");
        });
        assertEquals(List.of("bad", "sched", "stat"), tree.list("/proc/1"));
        assertEquals(Errno.EIO, fails(() -> tree.read("/proc/2/bad")).errno());
        assertTrue(host.reports.get(0).contains("read(\"\", pid 2) threw java.lang.ArithmeticException"), host.reports.get(0));
        assertEquals(List.of("sched", "stat"), tree.list("/proc/1"));
    }

    @Test
    void entryListingABadName_isEjected() {
        mount("irq", new ProcEntry() {
            @Override public List<String> list(ProcRequest at) { return List.of("0", "a/b"); }
            @Override public String read(ProcRequest at) { return null; }
        });
        ProcException e = fails(() -> tree.list("/proc/irq"));
        assertEquals(Errno.EIO, e.errno());
        assertTrue(host.reports.get(0).contains("list(\"\") returned the name \"a/b\", which holds a '/'"), host.reports.get(0));
        assertEquals(List.of("1", "10", "2"), tree.list("/proc"), "only the pid directories are left");
    }

    @Test
    void badMountPaths_areRefusedWithTheRule() {
        for (Object bad : new Object[] {null, "", "/interrupts", "irq/", "a//b", "a/../b", "a/{pid}", "{pid}", "42", 7}) {
            assertFalse(tree.mount(bad, file("x"), "bundle b 1.0.0", 0, 1), "refused: " + bad);
        }
        assertEquals(10, host.reports.size());
        assertTrue(host.reports.get(8).contains("proc.path \"42\" would hide the directory of task 42"), host.reports.get(8));
        assertTrue(tree.mounts().isEmpty());
    }

    @Test
    void twoEntriesOnOnePath_theHigherRankingWins_thenTheOlder() {
        tree.mount("version", file("old\n"), "bundle a 1.0.0", 0, 5);
        tree.mount("version", file("new\n"), "bundle b 1.0.0", 0, 9);
        assertEquals("old\n", tree.read("/proc/version"));
        ProcEntry ranked = file("ranked\n");
        tree.mount("version", ranked, "bundle c 1.0.0", 10, 12);
        assertEquals("ranked\n", tree.read("/proc/version"));
        tree.unmount(ranked);
        assertEquals("old\n", tree.read("/proc/version"));
        assertEquals(List.of("version"), tree.list("/proc").subList(3, 4));
    }
}
