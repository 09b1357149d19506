package org.kernellab.irq;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.dto.IrqLineDTO;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * /proc/irq: a directory per line that has a handler or has fired (register_irq_proc() makes
 * one per line in use), each holding {@code spurious} (kernel/irq/proc.c irq_spurious_proc_show).
 */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=irq")
public final class IrqProcDir implements ProcEntry {
    static final String SPURIOUS = "spurious";
    private final IrqController irq;
    private final Kernel kernel;

    @Activate
    public IrqProcDir(@Reference IrqController irq, @Reference Kernel kernel) {
        this.irq = irq;
        this.kernel = kernel;
    }

    @Override
    public List<String> list(ProcRequest at) {
        String[] s = at.segments();
        if (s.length == 0) {
            List<String> names = new ArrayList<>();
            for (IrqLineDTO l : irq.lines()) names.add(Integer.toString(l.irq));
            return names;
        }
        return s.length == 1 && line(s[0]) != null ? List.of(SPURIOUS) : null;
    }

    @Override
    public String read(ProcRequest at) {
        String[] s = at.segments();
        if (s.length != 2 || !SPURIOUS.equals(s[1])) return null;
        IrqLineDTO l = line(s[0]);
        return l == null ? null : spurious(l, kernel.hz());
    }

    private IrqLineDTO line(String name) {
        for (IrqLineDTO l : irq.lines()) if (Integer.toString(l.irq).equals(name)) return l;
        return null;
    }

    /** kernel/irq/proc.c irq_spurious_proc_show(): "count %u\nunhandled %u\nlast_unhandled %u ms\n". */
    static String spurious(IrqLineDTO l, int hz) {
        return "count " + l.windowCount + "\nunhandled " + l.windowUnhandled
                + "\nlast_unhandled " + jiffiesToMsecs(l.lastUnhandledJiffies, hz) + " ms\n";
    }

    /** kernel/time/time.c jiffies_to_msecs(): exact when HZ divides 1000 or 1000 divides HZ, else rounded up. */
    static long jiffiesToMsecs(long j, int hz) {
        if (1000 % hz == 0) return (1000 / hz) * j;
        if (hz % 1000 == 0) return (j + hz / 1000 - 1) / (hz / 1000);
        return (j * 1000 + hz - 1) / hz;
    }
}
