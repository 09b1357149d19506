package org.kernellab.core;

/**
 * swapper/N with no thread: the idle loop of {@link Engine} ({@code idleLoop}) as a
 * {@link Stepper}, step for step. Schedule when work is there, else wait for an interrupt; the
 * wait's time is idle time. Guarded by the baton.
 */
final class IdleStep implements Stepper {
    private final Engine e;
    private final TaskImpl me;
    /** Switched in since the last step: finish_task_switch() is due. */
    private boolean switchIn = true;
    /** Waiting for an interrupt or for work since {@link Cpu#segmentStart}. */
    private boolean waiting;
    /** Left the return-from-interrupt path midway (switched away or paying interrupt costs): go on there. */
    private boolean inIrqPath;

    IdleStep(Engine e, TaskImpl me) {
        this.e = e;
        this.me = me;
    }

    @Override
    public void switchedOut() {
        switchIn = true;
    }

    @Override
    public void step(Cpu c) {
        if (switchIn) {
            switchIn = false;
            e.sw.finishSwitch();
        }
        if (waiting) {
            waiting = false;
            e.time.idleExit(c);
            c.idleNs += c.clock - c.segmentStart;
            inIrqPath = true;
        }
        if (inIrqPath) {
            inIrqPath = false;
            if (!e.irq.handleInterruptions(me)) {
                inIrqPath = true;
                return;
            }
        }
        for (;;) {
            c = e.running;
            if (c.needResched) {
                e.sw.switchAway(me, c, false, false);
                if (c.current != me) return;
                continue;
            }
            c.burstEnd = Engine.NEVER;
            c.segmentStart = c.clock;
            c.resumeAt = c.hasDeliverable(e.maskedLines) ? c.clock : Engine.NEVER;
            if (c.resumeAt == Engine.NEVER) e.time.idleEnter(c);
            waiting = true;
            return;
        }
    }
}
