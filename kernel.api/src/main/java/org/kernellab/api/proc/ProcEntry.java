package org.kernellab.api.proc;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A file, or a directory tree, under {@code /proc}: a whiteboard service. Register it with the
 * service property {@value #PATH} naming where it is mounted, relative to {@code /proc}:
 * <ul>
 * <li>{@code proc.path=interrupts}: a file, {@code /proc/interrupts}. Keep the default
 *     {@link #list} (null: not a directory) and render it in {@link #read}.</li>
 * <li>{@code proc.path=irq}: a directory whose contents the entry decides, such as
 *     {@code /proc/irq/N/spurious}: {@link #list} names what a directory holds,
 *     {@link #read} renders a file; the request's {@link ProcRequest#path()} is relative to
 *     the mount point ({@code ""} for the mount point itself, {@code "9/spurious"} below it).</li>
 * <li>{@code proc.path={pid}/sched}: a file in every task's directory, {@code /proc/<pid>/sched};
 *     the request carries the pid. The pid directories themselves are procfs's: one per live
 *     task, as fs/proc/base.c has them.</li>
 * </ul>
 * Mount paths may have several segments ({@code driver/rtc}); the directories above them exist
 * as long as something is mounted below. If two entries claim one path, the one procfs saw
 * first (the higher service ranking, then the lower service id) wins.
 *
 * <p><b>Calling context.</b> procfs calls both methods from a framework thread (the console's),
 * one at a time, with the simulated machine held still: no simulated code runs during the call,
 * so an entry may read simulated state through the kernel's services and the text is a
 * consistent snapshot. An entry must not sleep, run the machine or change simulated state.
 *
 * <p><b>Guard.</b> These are plugin calls. An entry that throws, or returns a name that is
 * empty, null, {@code "."}, {@code ".."} or holds a {@code '/'}, is ejected with the reason
 * (printk, and the read fails with {@code EIO}); its path disappears until its bundle registers
 * the service again.
 */
@ConsumerType
public interface ProcEntry {
    /** The service property that names the mount point, relative to {@code /proc}, e.g. {@code "interrupts"}. */
    String PATH = "proc.path";

    /** The first segment of a mount path that puts an entry into every task's directory: {@code "{pid}/stat"}. */
    String PID = "{pid}";

    /**
     * The names directly inside directory {@code at}, or null when {@code at} is not a
     * directory of this entry (a file, or nothing). Optional: the default makes the entry a
     * single file. The order does not matter; procfs sorts as {@code ls} does.
     */
    default List<String> list(ProcRequest at) {
        return null;
    }

    /** The text of file {@code at}, or null when this entry has no such file. */
    String read(ProcRequest at);
}
