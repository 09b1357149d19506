package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.proc.ProcException;
import org.kernellab.api.proc.ProcFs;

class ProcCommandsTest {

    /** /proc with one file, "interrupts", and one directory, "1". */
    private static final ProcFs FS = new ProcFs() {
        @Override
        public List<String> list(String path) {
            return switch (path) {
                case "/proc" -> List.of("1", "interrupts");
                case "/proc/interrupts" -> List.of(path);
                default -> throw new ProcException(Errno.ENOENT, path, null);
            };
        }

        @Override
        public String read(String path) {
            return switch (path) {
                case "/proc/interrupts" -> "           CPU0\n";
                case "/proc/1" -> throw new ProcException(Errno.EISDIR, path, null);
                default -> throw new ProcException(Errno.ENOENT, path, null);
            };
        }
    };

    private final ProcCommands commands = new ProcCommands(FS);

    @Test
    void cat_file_returnsItsText() {
        assertEquals("           CPU0\n", commands.cat("/proc/interrupts"));
    }

    @Test
    void cat_errors_readAsCoreutils() {
        assertEquals("cat: /proc/nope: No such file or directory",
                assertThrows(IllegalArgumentException.class, () -> commands.cat("/proc/nope")).getMessage());
        assertEquals("cat: /proc/1: Is a directory",
                assertThrows(IllegalArgumentException.class, () -> commands.cat("/proc/1")).getMessage());
    }

    @Test
    void ls_defaultsToProc_oneNameALine() {
        assertEquals("1\ninterrupts", commands.ls());
        assertEquals("/proc/interrupts", commands.ls("/proc/interrupts"));
    }

    @Test
    void ls_errors_readAsCoreutils() {
        assertEquals("ls: cannot access '/proc/nope': No such file or directory",
                assertThrows(IllegalArgumentException.class, () -> commands.ls("/proc/nope")).getMessage());
        assertEquals("ls takes one path, not 2: /proc /proc/1; usage: kernel:ls [<directory>]   (default /proc)",
                assertThrows(IllegalArgumentException.class, () -> commands.ls("/proc", "/proc/1")).getMessage());
    }

    @Test
    void noProcfs_saysWhichBundleIsMissing() {
        assertEquals("no procfs: is the kernel.proc bundle active? (kernel:lsmod)",
                assertThrows(IllegalStateException.class, () -> new ProcCommands().cat("/proc/interrupts")).getMessage());
    }
}
