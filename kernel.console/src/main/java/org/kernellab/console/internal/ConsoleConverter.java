package org.kernellab.console.internal;

import org.apache.felix.service.command.Converter;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.console.dto.ModuleDTO;
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
        return null;
    }
}
