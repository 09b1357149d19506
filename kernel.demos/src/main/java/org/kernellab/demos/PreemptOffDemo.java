package org.kernellab.demos;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A kernel thread runs 20 ms with preemption disabled on CPU 0. A more important task wakes
 * on that CPU at about 2 ms and must wait: need_resched is set ('N' in the trace flags) but
 * the switch happens only at preempt_enable().
 */
@Component(service = Demo.class, property = "demo.name=preempt-off")
public final class PreemptOffDemo extends DemoBase {
    @Activate
    public PreemptOffDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine) {
        super(kernel, irqs, machine);
    }

    @Override public String name() { return "preempt-off"; }
    @Override public String description() { return "a long preempt-off section delays a more important task, visible in the trace"; }
    /** The story ends when its tasks have exited: the run stops there, not after idle ticks. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public long setup() {
        kernel.spawn(TaskSpec.process("urgent").nice(-10).onCpu(0), k -> {
            say("urgent sleeps 1 ms (2 jiffies) and will want CPU 0 back at once");
            k.msleep(1);
            say("urgent runs at " + ms(k.now()));
            var layout = k.context().layout();
            String why = "preempt_disable() makes a task atomic without any lock: urgent's wakeup set need_resched ('N' in the"
                + " trace flags) long before, but the switch waited for preempt_enable(), so urgent ran only at " + ms(k.now())
                + ". Keep preempt-off sections short, and never sleep inside one. ";
            if (layout.preemptActive != 0) {
                account(why + "In the " + layout.name + " layout preempt_enable() called preempt_schedule(), which set PREEMPT_ACTIVE"
                    + String.format(" (0x%08x) around schedule(): the count was 0x%08x during the switch,", layout.preemptActive,
                        layout.preemptActive)
                    + " yet in_atomic() read " + (layout.inAtomic(layout.preemptActive) ? 1 : 0) + ", as in_atomic() masks"
                    + " PREEMPT_ACTIVE out; without the mask every preemption would be 'scheduling while atomic'. The bit also"
                    + " told schedule() to leave hog on the runqueue, and the trace prints its state raw (prev_state=R).");
            } else {
                account(why + "In the " + layout.name + " layout there is no PREEMPT_ACTIVE: preempt_schedule() tells __schedule() it"
                    + " preempts by an argument, the count stays 0 during the switch, and the trace marks hog's preemption"
                    + " as prev_state=R+. 'kernel:config layout linux-2.6' shows the 2.6 way.");
            }
        });
        kernel.spawn(TaskSpec.kthread("hog").onCpu(0), k -> {
            k.context().preemptDisable();
            say("hog disables preemption for 20 ms: " + ctx());
            k.compute(20_000_000);
            say("hog calls preempt_enable() at " + ms(k.now()));
            k.context().preemptEnable();
            k.compute(1_000_000);
        });
        return 40_000_000;
    }
}
