package org.kernellab.core;

import org.kernellab.api.TaskState;
import org.kernellab.api.sched.core.Put;
import org.kernellab.core.TraceBuffer.Type;

/**
 * The machine's half of scheduling: schedule() and the preemption points, the context switch
 * itself (what the architecture's switch code and finish_task_switch() do), and the state side
 * of try_to_wake_up(). What to run next is the scheduler's decision ({@link Engine#sched}).
 * Guarded by the baton.
 */
final class Switcher {
    private final Engine e;

    Switcher(Engine e) {
        this.e = e;
    }

    /** schedule() called by a task: sleeps if its state is not RUNNING. */
    void schedule() {
        Cpu c = e.cpu("schedule()");
        TaskImpl me = c.current;
        int count = e.layout.count(c.preemptCount);
        if (count != 0) {
            // kernel/sched/core.c schedule_debug(): report, then repair the count and go on
            e.contracts.schedulingWhileAtomic(me, c);
            c.preemptCount &= ~e.layout.preemptMask;
        }
        if (me.sleepHook == null || me.state == TaskState.RUNNING) {
            switchAway(me, c, false, false);
            return;
        }
        workerSchedule(me, c);
    }

    /**
     * schedule() of a task with a sleep hook that is about to block: sched_submit_work() tells
     * the hook with preemption disabled (wq_worker_sleeping), and sched_update_worker() tells it
     * again once the task runs (wq_worker_running); kernel/sched/core.c. Kept off the common
     * path: every other task pays the one null check above.
     */
    private void workerSchedule(TaskImpl me, Cpu c) {
        int off = e.layout.preemptOffset;
        c.preemptAdd(off);
        try {
            me.sleepHook.sleeping(me);
        } finally {
            e.running.preemptCount -= off; // preempt_enable_no_resched()
        }
        switchAway(me, e.running, false, false);
        me.sleepHook.running(me);
    }

    /** sched_yield() (kernel/sched/syscalls.c do_sched_yield): the class hook, then a switch. */
    void yieldCpu() {
        Cpu c = e.cpu("sched_yield()");
        c.yldCount++; // schedstat_inc(rq->yld_count)
        e.sched.yieldTask(c.id, c.current);
        schedule();
    }

    /**
     * _cond_resched() (kernel/sched/core.c): a voluntary preemption point. When need_resched is
     * set and the task may be preempted (preempt_count 0, interrupts on), it is switched away as
     * a preemption: it stays runnable and the switch counts as involuntary.
     */
    boolean condResched(Cpu c) {
        if (!c.needResched || c.irqsDisabled || e.layout.inAtomic(c.preemptCount) || c.current.idle) return false;
        switchAway(c.current, c, true, false);
        return true;
    }

    /**
     * __schedule(): puts prev away (back in the queue if still runnable), picks next and hands
     * the CPU over. Returns when {@code prev} runs again, on whichever CPU.
     */
    void switchAway(TaskImpl prev, Cpu c, boolean preempt, boolean exiting) {
        char prevState;
        Put how;
        boolean voluntary = !preempt && prev.state != TaskState.RUNNING;
        // The 2.6 layout's PREEMPT_ACTIVE: preempt_schedule(), preempt_schedule_irq() and
        // __cond_resched() (kernel/sched.c, 2.6) add it around schedule(), which then leaves a
        // preempted task on its runqueue whatever its state; in_atomic() masks it out, so the
        // switch is no "scheduling while atomic". 6.x has no such bit: __schedule(SM_PREEMPT)
        // is told by its argument.
        int active = preempt ? e.layout.preemptActive : 0;
        if (active != 0) c.preemptSet(c.preemptCount | active);
        if (voluntary) {
            prevState = prev.state.letter();
            how = exiting ? Put.EXIT : Put.SLEEP;
        } else {
            // 6.x's sched_switch prints a preempted task as "R+" (include/trace/events/sched.h
            // __trace_sched_switch_state); 2.6's printed its raw state, the preemption being
            // told by PREEMPT_ACTIVE in the count, not in the event
            prevState = active != 0 ? prev.state.letter() : preempt ? '+' : 'R';
            how = prev.idle ? Put.IDLE : preempt ? Put.PREEMPT : Put.YIELD;
        }
        c.schedCount++; // schedule_debug(): schedstat_inc(this_rq()->sched_count)
        TaskImpl next = (TaskImpl) e.sched.pickNext(c.id, prev, how);
        // set_next_task_idle() (kernel/sched/idle.c): every pick of the idle task counts
        if (next != null && next.idle) c.schedGoidle++;
        // __schedule() clears need_resched after the pick (kernel/sched/core.c): a reschedule
        // asked for this CPU while it picks is absorbed by this very switch
        c.needResched = false;
        if (next != prev && (next == null || next.onCpu || next.state == TaskState.DEAD)) {
            // The machine checks its scheduler too: an invalid pick is an internal error (a
            // panic). A task in S or D may be picked: preempted between set_current_state() and
            // schedule(), it stays queued and runs on to its schedule(), as in Linux.
            throw new IllegalStateException("the scheduler \"" + e.sched.name() + "\" picked " + next
                    + (next == null ? "" : " (state " + next.state.letter() + (next.onCpu ? ", running on CPU " + next.cpu : "") + ")")
                    + " on CPU " + c.id + ", which is not a runnable task");
        }
        if (next == prev) {
            // the only runnable task: keep running; no switch is counted (kernel/sched/core.c
            // __schedule() counts nvcsw/nivcsw only when prev != next)
            c.preemptCount &= ~active; // sub_preempt_count(PREEMPT_ACTIVE)
            return;
        }
        if (voluntary) {
            if (!exiting) prev.nvcsw++;
        } else if (!prev.idle) {
            prev.nivcsw++;
            prev.runnableSince = c.clock; // sched_info_enqueue: back to waiting on the runqueue
        }
        // sched_info_switch() (kernel/sched/stats.h): prev departs, next arrives
        if (!prev.idle) {
            c.rqCpuTimeNs += c.clock - prev.lastArrivalNs;
            prev.execStartNs = c.clock;
        }
        if (!next.idle) arrive(next, c);
        e.emit(c, Type.SCHED_SWITCH, prev, next, prev.prio(), next.prio(), prevState);
        // the bit is prev's (2.6 keeps the count in thread_info): next runs with its own count,
        // and prev drops the bit as it returns from schedule() (sub_preempt_count(PREEMPT_ACTIVE))
        c.preemptCount &= ~active;
        prev.onCpu = false;
        next.onCpu = true;
        c.current = next;
        // of what the gates remember, only "current is not idle" can change with the task: a
        // switch between two tasks keeps it, so the next task's sleeping calls stay on the fast path
        if (next.idle) e.contracts.revokeFastPass();
        next.cpu = c.id;
        c.switches++;
        e.switchesTotal++;
        // next's time on this CPU (an idle wait too) starts once the switch, and any interrupt
        // work still owed, is paid for
        e.irq.payStolen(c, e.switchCostNs);
        if (prev.stepper != null) {
            // a scripted task has no thread to park: the dispatch loop that stepped it goes on,
            // and it finishes the switch when it is stepped again
            prev.stepper.switchedOut();
            return;
        }
        e.dispatch(prev, exiting);
        if (!exiting) finishSwitch();
    }

    /** sched_info_arrive(): the run delay ends, on the task and its runqueue, and a pending wakeup's latency is taken. */
    private void arrive(TaskImpl t, Cpu c) {
        long now = c.clock;
        if (t.runnableSince >= 0) {
            long delta = now - t.runnableSince;
            t.runDelayNs += delta;
            c.rqRunDelayNs += delta;
            t.runnableSince = -1;
        }
        t.pcount++;
        c.rqPcount++;
        t.lastArrivalNs = now;
        t.execStartNs = now;
        if (t.wokenAt >= 0) {
            if (t.wakeupLatencies != null) t.wakeupLatencies.add(now - t.wokenAt);
            t.wokenAt = -1;
        }
        if (t.firstRunNs < 0) t.firstRunNs = now;
    }

    /** finish_task_switch(): the rq lock is released with interrupts enabled. */
    void finishSwitch() {
        e.running.irqsDisabled = false;
    }

    /** try_to_wake_up(): true if the task was sleeping. */
    boolean wakeUp(TaskImpl p) {
        if (p.state == TaskState.RUNNING || p.state == TaskState.DEAD) return false;
        p.state = TaskState.RUNNING;
        if (p.bootAsleep) {
            // a boot kernel thread's first wakeup: the scheduler meets it now (wake_up_new_task)
            p.bootAsleep = false;
            p.runnableSince = e.now();
            p.wokenAt = p.runnableSince;
            int target = e.sched.wakeUpNew(p);
            emitWakeup(p, target, Type.SCHED_WAKEUP);
            ttwuStat(target);
            return true;
        }
        if (p.onCpu || e.sched.onRq(p)) {
            // Still on its CPU between set_current_state() and schedule(), or preempted there
            // and still on the runqueue: nothing to queue (kernel/sched/core.c ttwu_runnable()).
            emitWakeup(p, p.cpu, Type.SCHED_WAKEUP);
            ttwuStat(p.cpu);
            return true;
        }
        long now = e.now();
        p.runnableSince = now;
        p.wokenAt = now;
        int target = e.sched.wakeUp(p, e.running != null ? e.running.id : p.cpu);
        emitWakeup(p, target, Type.SCHED_WAKEUP);
        ttwuStat(target);
        return true;
    }

    /**
     * ttwu_stat() (kernel/sched/core.c): the waking CPU counts the wakeup, and counts it local
     * when the task runs there. A wakeup from outside the simulation counts on the target CPU.
     */
    private void ttwuStat(int target) {
        Cpu waker = e.running != null ? e.running : e.cpus[target];
        waker.ttwuCount++;
        if (waker.id == target) waker.ttwuLocal++;
    }

    /** sched_wakeup(_new) on the CPU that executes, or from outside on the target CPU. */
    void emitWakeup(TaskImpl p, int target, Type type) {
        if (e.running != null) e.emit(e.running, type, p, null, p.prio(), target, 'R');
        else e.emitOutside(e.cpus[target], type, p, null, p.prio(), target, 'R');
    }

    /** resched_curr(): sets need_resched, and kicks the CPU if it is not the one executing. */
    void reschedCurr(Cpu c) {
        c.needResched = true;
        if (c != e.running) e.irq.kick(c);
    }

    void setNice(TaskImpl t, int nice) {
        if (nice < -20 || nice > 19) throw new IllegalArgumentException("nice " + nice + " is out of range -20..19");
        if (t.idle) throw new IllegalArgumentException("the idle task's nice value cannot be changed");
        e.rc.still(() -> e.sched.setAttr(t, t.attr.withNice(nice)));
    }

    /** scheduler_tick(), from the timer interrupt on the CPU that took it. */
    void schedulerTick(Cpu c) {
        // the tick's update_curr() accounts the running task: se.exec_start moves to now
        if (!c.current.idle) c.current.execStartNs = c.clock;
        e.sched.tick(c.id);
    }
}
