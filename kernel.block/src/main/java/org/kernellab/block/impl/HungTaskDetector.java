package org.kernellab.block.impl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The hung-task check (kernel/hung_task.c, Linux 6.6): every hung_task_timeout_secs it reports
 * each task that has stayed in D state (TASK_UNINTERRUPTIBLE) without being switched in or out
 * for that long.
 *
 * <p>Linux runs the check in the kernel thread khungtaskd. KernelLab runs it as a background
 * machine event (one that does not keep a run going by itself), armed at each boot
 * ({@link #machineReset}): a thread would take a pid and change every run's trace, and its
 * creation after a reconfiguration would race the first boot. The check and its report are
 * Linux's.
 *
 * <p>check_hung_task's rule: a task that has never been switched is skipped; a task whose
 * nvcsw + nivcsw changed since the last check has its count and the time (jiffies) recorded;
 * a task whose count stayed the same for timeout * HZ jiffies is reported, at most
 * hung_task_warnings times in all (10; -1 is unlimited).
 */
@Component(service = MachineListener.class, immediate = true, configurationPid = "org.kernellab.block.hungtask")
@Designate(ocd = HungTaskDetector.Config.class)
public final class HungTaskDetector implements MachineListener {
    @ObjectClassDefinition(name = "KernelLab hung-task detector", description = "khungtaskd: reports tasks stuck in D state (kernel/hung_task.c).")
    public @interface Config {
        /** CONFIG_DEFAULT_HUNG_TASK_TIMEOUT = 120. */
        @AttributeDefinition(description = "hung_task_timeout_secs: seconds of virtual time in D state before a report; 0 disables the check.", min = "0")
        long hung_task_timeout_secs() default 120;
        /** sysctl_hung_task_warnings = 10. */
        @AttributeDefinition(description = "hung_task_warnings: reports left; -1 is unlimited.", min = "-1")
        int hung_task_warnings() default 10;
    }

    /** The boot line's release, "Linux version 6.6.0-kernellab (...)". */
    private static final Pattern RELEASE = Pattern.compile("^Linux version (\\S+)");
    /** The core's report header "CPU: %d PID: %d Comm: %s <taint> <release>", which prints the taint at that moment. */
    private static final Pattern TAINT = Pattern.compile("CPU: \\d+ PID: \\d+ Comm: \\S+ (Not tainted|Tainted: \\S+) (\\S+)");

    private final Kernel kernel;
    private final Machine machine;
    private final long timeoutSecs;
    private int warnings;
    /** task_struct's last_switch_count and last_switch_time, by pid. */
    private final Map<Integer, long[]> last = new HashMap<>();

    @Activate
    public HungTaskDetector(@Reference Kernel kernel, @Reference Machine machine, Config config) {
        this(kernel, machine, config.hung_task_timeout_secs(), config.hung_task_warnings());
    }

    HungTaskDetector(Kernel kernel, Machine machine, long timeoutSecs, int warnings) {
        if (timeoutSecs < 0) throw new IllegalArgumentException("hung_task_timeout_secs " + timeoutSecs + " must not be negative");
        if (warnings < -1) throw new IllegalArgumentException("hung_task_warnings " + warnings + " must be -1 or more");
        this.kernel = kernel;
        this.machine = machine;
        this.timeoutSecs = timeoutSecs;
        this.warnings = warnings;
    }

    /** A boot: forgets what it saw and arms the first check, one interval from now (0 disables). */
    @Override
    public void machineReset(Machine m) {
        last.clear();
        arm();
    }

    /** watchdog(): the next check one interval (the timeout) from now, then again. */
    private void arm() {
        if (timeoutSecs == 0) return;
        machine.atBackground(machine.now() + timeoutSecs * 1_000_000_000L, now -> {
            check();
            arm();
        });
    }

    /** check_hung_uninterruptible_tasks. */
    void check() {
        if (warnings == 0 || timeoutSecs == 0) return;
        long now = kernel.jiffies();
        int hz = kernel.hz();
        List<TaskDTO> tasks = kernel.ps();
        last.keySet().removeIf(pid -> tasks.stream().noneMatch(t -> t.pid == pid));
        for (TaskDTO t : tasks) {
            if (!"D".equals(t.state)) continue;
            long switches = t.voluntarySwitches + t.involuntarySwitches;
            if (switches == 0) continue;
            long[] l = last.computeIfAbsent(t.pid, p -> new long[2]);
            if (switches != l[0]) {
                l[0] = switches;
                l[1] = now;
                continue;
            }
            if (now < l[1] + timeoutSecs * hz) continue;
            if (warnings > 0) warnings--;
            report(t, (now - l[1]) / hz);
            if (warnings == 0) return;
        }
    }

    private void report(TaskDTO t, long secs) {
        String taint = "Not tainted", release = "";
        for (LogLineDTO line : kernel.dmesg()) {
            Matcher r = RELEASE.matcher(line.text);
            if (r.find()) release = r.group(1);
            Matcher m = TAINT.matcher(line.text);
            if (m.find()) taint = m.group(1);
        }
        // kernel/hung_task.c check_hung_task, then sched_show_task (kernel/sched/core.c)
        kernel.printk(LogLevel.ERR, "INFO: task " + t.comm + ":" + t.pid + " blocked for more than " + secs + " seconds.");
        kernel.printk(LogLevel.ERR, "      " + taint + " " + release + " #1");
        kernel.printk(LogLevel.ERR, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
        kernel.printk(LogLevel.INFO, String.format("task:%-15.15s state:%c stack:%-5d pid:%-5d tgid:%-5d ppid:%-6d flags:0x%08x",
                t.comm, 'D', 0, t.pid, t.pid, 0, 0));
        kernel.printk(LogLevel.INFO, "Call Trace:\n <TASK>\n </TASK>");
    }
}
