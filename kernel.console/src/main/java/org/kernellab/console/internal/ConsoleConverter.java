package org.kernellab.console.internal;

import org.apache.felix.service.command.Converter;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.kernellab.console.dto.BlkStatDTO;
import org.kernellab.console.dto.ConfigEntryDTO;
import org.kernellab.console.dto.DemoDTO;
import org.kernellab.console.dto.DemoRunDTO;
import org.kernellab.console.dto.DeviceDTO;
import org.kernellab.console.dto.DriverSwapDTO;
import org.kernellab.console.dto.TimeDTO;
import org.kernellab.console.dto.ModuleDTO;
import org.kernellab.console.dto.SchedChangeDTO;
import org.kernellab.console.dto.SchedUseDTO;
import org.kernellab.console.dto.TaskSchedDTO;
import org.kernellab.console.dto.VersionDTO;
import org.osgi.service.component.annotations.Component;

/**
 * Gogo's formatting hook for the console's DTOs, as Felix SCR does for its component DTOs:
 * the shell asks every {@link Converter} to format a command's result and prints the text.
 */
@Component(service = Converter.class)
public class ConsoleConverter implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null; // formatting only; no argument conversions
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof LogLineDTO[] lines) {
            return level == PART ? lines.length + " log lines" : ConsoleFormat.dmesg(lines);
        }
        if (target instanceof LogLineDTO line) {
            return ConsoleFormat.dmesgLine(line);
        }
        if (target instanceof ModuleDTO[] modules) {
            return level == PART ? modules.length + " modules" : ConsoleFormat.lsmod(modules);
        }
        if (target instanceof ModuleDTO module) {
            return ConsoleFormat.moduleLine(module);
        }
        if (target instanceof VersionDTO version) {
            return level == PART ? version.release : ConsoleFormat.version(version);
        }
        if (target instanceof TaskDTO[] tasks) {
            return level == PART ? tasks.length + " tasks" : SimFormat.ps(tasks);
        }
        if (target instanceof RunResultDTO run) {
            return SimFormat.run(run);
        }
        if (target instanceof TimeDTO time) {
            return SimFormat.time(time);
        }
        if (target instanceof ConfigEntryDTO[] config) {
            return level == PART ? config.length + " keys" : SimFormat.config(config);
        }
        if (target instanceof DemoDTO[] demos) {
            return level == PART ? demos.length + " demos" : SimFormat.demos(demos);
        }
        if (target instanceof DemoRunDTO demo) {
            return level == PART ? "demo " + demo.name : SimFormat.demoRun(demo);
        }
        if (target instanceof DeviceDTO[] devices) {
            return level == PART ? devices.length + " devices and drivers" : DevFormat.devices(devices);
        }
        if (target instanceof DriverSwapDTO swap) {
            return DevFormat.swap(swap);
        }
        if (target instanceof BlkStatDTO stat) {
            return level == PART ? stat.disks.length + " disks" : DevFormat.blkstat(stat);
        }
        if (target instanceof PolicyInfoDTO[] policies) {
            return level == PART ? policies.length + " policies" : SchedFormat.list(policies);
        }
        if (target instanceof SchedStatusDTO status) {
            return level == PART ? "scheduler " + status.active : SchedFormat.status(status);
        }
        if (target instanceof SchedUseDTO use) {
            return level == PART ? SchedFormat.useLine(use) : SchedFormat.use(use);
        }
        if (target instanceof SchedChangeDTO change) {
            return SchedFormat.change(change);
        }
        if (target instanceof TaskSchedDTO task) {
            return SchedFormat.task(task);
        }
        return null;
    }
}
