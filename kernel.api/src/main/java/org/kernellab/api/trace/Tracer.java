package org.kernellab.api.trace;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.CONTROL;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.dto.TraceEventDTO;
import org.osgi.annotation.versioning.ProviderType;

/** The typed trace stream of a run. */
@ProviderType
@KernelService
public interface Tracer {
    @Contract(ATOMIC_SAFE) void start();
    @Contract(ATOMIC_SAFE) void stop();
    @Contract(ATOMIC_SAFE) boolean recording();
    @Contract(ATOMIC_SAFE) void clear();
    @Contract(ATOMIC_SAFE) int size();
    @Contract(ATOMIC_SAFE) List<TraceEventDTO> events();
    /**
     * The records from index {@code from} on (0 is the oldest record kept), at most {@code max} of
     * them: a reader that keeps {@code from + result.size()} follows the trace without copying it
     * whole. A {@code from} beyond the end gives an empty list; a negative one or {@code max < 0} is refused.
     */
    @Contract(ATOMIC_SAFE) List<TraceEventDTO> eventsFrom(int from, int max);
    /** irq_handler_entry: called by the interrupt layer before each handler (include/trace/events/irq.h). */
    @Contract(ATOMIC_SAFE) void irqHandlerEntry(int irq, String name);

    /** irq_handler_exit: {@code handled} is ret=handled, otherwise ret=unhandled. */
    @Contract(ATOMIC_SAFE) void irqHandlerExit(int irq, boolean handled);

    /** softirq_entry: vector number and name. */
    @Contract(ATOMIC_SAFE) void softirqEntry(int vec, String name);

    @Contract(ATOMIC_SAFE) void softirqExit(int vec, String name);

    /** The records in ftrace's text format (kernel/trace/trace_output.c). */
    @Contract(ATOMIC_SAFE) String text();
    /** The records as Chrome trace-event JSON that opens in ui.perfetto.dev. */
    @Contract(CONTROL) String chromeJson();
    /**
     * A digest of every record since the run began, recording or not: the same seed and
     * configuration give the same digest. 16 hex digits.
     */
    @Contract(ATOMIC_SAFE) String digest();
}
