package org.kernellab.softirq.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.workqueue.DelayedWork;
import org.kernellab.api.workqueue.Work;
import org.kernellab.api.workqueue.Workqueue;
import org.kernellab.api.workqueue.Workqueues;
import org.kernellab.api.workqueue.WqFlag;

class WorkqueueLayerTest {
    private static final long MS = 1_000_000L;

    /** Runs {@code body} in a process bound to {@code cpu}, starting at virtual time {@code atNs}. */
    private static void process(Rig r, int cpu, long atNs, Consumer<Kernel> body) {
        r.k.spawn(TaskSpec.process("p" + cpu).onCpu(cpu), k -> {
            if (atNs > 0) k.compute(atNs);
            body.accept(k);
        });
    }

    /** What one execution of a work item saw. */
    record Run(String name, String comm, long start, long end) {}

    private static Work recorder(Rig r, String name, List<Run> runs, Consumer<Kernel> body) {
        return r.wq.initWork(name, w -> {
            long start = r.k.now();
            String comm = r.k.current().comm();
            body.accept(r.k);
            runs.add(new Run(name, comm, start, r.k.now()));
        });
    }

    @Test
    void workers_areNamedAsLinuxNamesThem_perCpuHighpriAndUnbound() {
        try (Rig r = new Rig(2)) {
            List<Run> runs = new ArrayList<>();
            Work a = recorder(r, "a", runs, k -> {});
            Work h = recorder(r, "h", runs, k -> {});
            Work u = recorder(r, "u", runs, k -> {});
            process(r, 1, 0, k -> {
                r.wq.queue(r.wq.systemWq(), a);
                r.wq.queue(r.wq.systemHighpriWq(), h);
                r.wq.queue(r.wq.systemUnboundWq(), u);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            // create_worker(): "%d:%d%s" for per-CPU pools (H for nice < 0), "u%d:%d" with the pool id
            assertEquals(Set.of("a kworker/1:0", "h kworker/1:0H", "u kworker/u4:0"),
                    Set.copyOf(runs.stream().map(x -> x.name + " " + x.comm).toList()));
            List<String> names = r.wq.workerNames();
            assertTrue(names.containsAll(List.of("kworker/0:0", "kworker/0:0H", "kworker/1:0", "kworker/1:0H", "kworker/u4:0", "kworker/u5:0")), names.toString());
            // the worker that started work found no idle worker left and made a spare (manage_workers)
            assertTrue(names.contains("kworker/1:1") && names.contains("kworker/1:1H"), names.toString());
            assertEquals(0, r.task("kworker/1:0").nice);
            assertEquals(-20, r.task("kworker/1:0H").nice);
            assertEquals(-20, r.task("kworker/u5:0").nice);
        }
    }

    @Test
    void queue_whilePending_isNoOpReturningFalse() {
        try (Rig r = new Rig(1)) {
            List<Run> runs = new ArrayList<>();
            Work w = recorder(r, "once", runs, k -> {});
            List<Boolean> ret = new ArrayList<>();
            process(r, 0, 0, k -> {
                ret.add(r.wq.queue(r.wq.systemWq(), w));
                ret.add(w.pending());
                ret.add(r.wq.queue(r.wq.systemWq(), w));
                ret.add(r.wq.queueOn(0, r.wq.systemHighpriWq(), w));
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(true, true, false, false), ret);
            assertEquals(1, runs.size());
            assertFalse(w.pending());
        }
    }

    @Test
    void queue_fromItsOwnFunction_runsAgainBecausePendingIsClearedBeforeTheCall() {
        try (Rig r = new Rig(1)) {
            int[] n = {0};
            Work[] self = {null};
            self[0] = r.wq.initWork("again", w -> {
                if (++n[0] < 3) assertTrue(r.wq.queue(r.wq.systemWq(), w));
            });
            process(r, 0, 0, k -> r.wq.queue(r.wq.systemWq(), self[0]));
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(3, n[0]);
        }
    }

    @Test
    void orderedWorkqueue_runsOneItemAtATimeInQueueingOrder_evenWhenItemsSleep() {
        try (Rig r = new Rig(2).withTick()) {
            List<Run> runs = new ArrayList<>();
            Workqueue q = r.wq.allocOrdered("ordered");
            List<Work> items = new ArrayList<>();
            for (int i = 0; i < 5; i++) items.add(recorder(r, "w" + i, runs, k -> k.msleep(2)));
            process(r, 0, 0, k -> {
                for (int i = 0; i < 3; i++) r.wq.queue(q, items.get(i));
            });
            process(r, 1, MS, k -> {
                for (int i = 3; i < 5; i++) r.wq.queue(q, items.get(i));
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("w0", "w1", "w2", "w3", "w4"), runs.stream().map(Run::name).toList());
            for (int i = 1; i < runs.size(); i++) {
                assertTrue(runs.get(i).start >= runs.get(i - 1).end, "overlap: " + runs);
            }
            assertEquals(1, q.maxActive());
            assertEquals(WqFlag.UNBOUND.bit | 1 << 17, q.flags());
        }
    }

    /** The largest number of items of {@code runs} running at one instant. */
    private static int maxConcurrent(List<Run> runs) {
        int best = 0;
        for (Run a : runs) {
            int n = 0;
            for (Run b : runs) if (b.start <= a.start && a.start < b.end) n++;
            best = Math.max(best, n);
        }
        return best;
    }

    private static int concurrencyOf(int maxActive) {
        try (Rig r = new Rig(2).withTick()) {
            List<Run> runs = new ArrayList<>();
            Workqueue q = r.wq.alloc("lim", maxActive, WqFlag.UNBOUND);
            List<Work> items = new ArrayList<>();
            for (int i = 0; i < 6; i++) items.add(recorder(r, "w" + i, runs, k -> k.msleep(8)));
            process(r, 0, 0, k -> items.forEach(w -> r.wq.queue(q, w)));
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(6, runs.size());
            return maxConcurrent(runs);
        }
    }

    @Test
    void maxActive_limitsItemsInFlightPerPwq() {
        assertEquals(2, concurrencyOf(2));
        assertEquals(4, concurrencyOf(4), "sleeping unbound items run in parallel up to max_active");
    }

    @Test
    void alloc_outOfRangeMaxActive_isClampedWithLinuxMessage() {
        try (Rig r = new Rig(2)) {
            assertEquals(512, r.wq.alloc("big", 1000).maxActive());
            assertEquals(1, r.wq.alloc("neg", -3).maxActive());
            assertEquals(256, r.wq.alloc("dfl", 0).maxActive());
            String d = r.dmesg();
            assertTrue(d.contains("workqueue: max_active 1000 requested for big is out of range, clamping between 1 and 512"), d);
            assertTrue(d.contains("workqueue: max_active -3 requested for neg is out of range, clamping between 1 and 512"), d);
            assertFalse(d.contains("for dfl"), d);
            assertThrows(IllegalArgumentException.class, () -> r.wq.alloc("", 1));
        }
    }

    @Test
    void concurrencyManagement_secondWorkerRunsOnlyWhileTheFirstSleeps() {
        try (Rig r = new Rig(1).withTick()) {
            List<Run> runs = new ArrayList<>();
            Work a = recorder(r, "sleeper", runs, k -> {
                k.compute(MS);
                k.msleep(20);
            });
            Work b = recorder(r, "next", runs, k -> k.compute(MS));
            process(r, 0, 0, k -> {
                r.wq.queue(r.wq.systemWq(), a);
                r.wq.queue(r.wq.systemWq(), b);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            Run ra = runs.stream().filter(x -> x.name.equals("sleeper")).findFirst().orElseThrow();
            Run rb = runs.stream().filter(x -> x.name.equals("next")).findFirst().orElseThrow();
            assertEquals(MS, rb.start, "next started the instant sleeper blocked (wq_worker_sleeping woke an idle worker): " + runs);
            assertTrue(rb.end < ra.end, "next ran while sleeper slept: " + runs);
            assertTrue(!ra.comm.equals(rb.comm), "on another worker: " + runs);
        }
    }

    @Test
    void concurrencyManagement_cpuBoundItem_noSecondWorkerRuns() {
        try (Rig r = new Rig(1).withTick()) {
            List<Run> runs = new ArrayList<>();
            // 5 ms: below cpu_intensive_thresh_us, so the worker keeps counting as running
            Work a = recorder(r, "busy", runs, k -> k.compute(5 * MS));
            Work b = recorder(r, "next", runs, k -> k.compute(MS));
            process(r, 0, 0, k -> {
                r.wq.queue(r.wq.systemWq(), a);
                r.wq.queue(r.wq.systemWq(), b);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("busy", "next"), runs.stream().map(Run::name).toList());
            assertEquals(runs.get(0).comm, runs.get(1).comm, "one worker ran both: " + runs);
            assertTrue(runs.get(1).start >= runs.get(0).end);
        }
    }

    @Test
    void queueDelayed_firesAtTheExactVirtualInstant_andModDelayedReplacesTheDelay() {
        try (Rig r = new Rig(1)) {
            List<Run> runs = new ArrayList<>();
            DelayedWork d = r.wq.initDelayedWork("late", w -> runs.add(new Run("late", r.k.current().comm(), r.k.now(), r.k.now())));
            DelayedWork m = r.wq.initDelayedWork("moved", w -> runs.add(new Run("moved", r.k.current().comm(), r.k.now(), r.k.now())));
            List<Boolean> seen = new ArrayList<>();
            process(r, 0, 3 * MS, k -> {
                seen.add(r.wq.queueDelayed(r.wq.systemWq(), d, 5));
                seen.add(d.timerPending());
                seen.add(r.wq.queueDelayed(r.wq.systemWq(), d, 1));
                seen.add(r.wq.queueDelayed(r.wq.systemWq(), m, 100));
                seen.add(r.wq.modDelayed(r.wq.systemWq(), m, 2));
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(true, true, false, true, true), seen);
            // HZ 250: a jiffy is 4 ms; armed at 3 ms
            assertEquals(List.of("moved@" + 11 * MS, "late@" + 23 * MS), runs.stream().map(x -> x.name + "@" + x.start).toList());
            assertFalse(d.timerPending());
            assertFalse(d.pending());
        }
    }

    @Test
    void cancelWorkSync_waitsForTheRunningInstance_andRemovesAPendingOne() {
        try (Rig r = new Rig(2)) {
            List<Run> runs = new ArrayList<>();
            Work a = recorder(r, "long", runs, k -> k.compute(5 * MS));
            Work b = recorder(r, "never", runs, k -> {});
            long[] returned = {-1};
            boolean[] ret = new boolean[2];
            process(r, 0, 0, k -> r.wq.queue(r.wq.systemWq(), a));
            process(r, 1, MS, k -> {
                ret[0] = r.wq.cancelSync(a);
                returned[0] = k.now();
                r.wq.queue(r.wq.systemWq(), b);
                ret[1] = r.wq.cancelSync(b);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1, runs.size(), runs.toString());
            assertFalse(ret[0], "long was running, not pending");
            assertEquals(runs.get(0).end, returned[0], "cancel_work_sync returned when the running instance ended");
            assertTrue(ret[1], "never was pending");
            assertFalse(b.pending());
        }
    }

    @Test
    void flushWork_waitsForTheLastQueueing_andReturnsFalseForIdleWork() {
        try (Rig r = new Rig(2)) {
            List<Run> runs = new ArrayList<>();
            Work a = recorder(r, "job", runs, k -> k.compute(3 * MS));
            List<Object> seen = new ArrayList<>();
            process(r, 1, 0, k -> {
                seen.add(r.wq.flush(a));
                r.wq.queueOn(0, r.wq.systemWq(), a);
                seen.add(r.wq.flush(a));
                seen.add(k.now());
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(false, true, runs.get(0).end), seen);
        }
    }

    @Test
    void flushWorkqueue_waitsForEveryItemQueuedBefore() {
        try (Rig r = new Rig(2)) {
            List<Run> runs = new ArrayList<>();
            Workqueue q = r.wq.alloc("mine", 0);
            List<Work> items = List.of(recorder(r, "a", runs, k -> k.compute(MS)), recorder(r, "b", runs, k -> k.compute(2 * MS)),
                    recorder(r, "c", runs, k -> k.compute(3 * MS)));
            long[] back = {-1};
            process(r, 1, 0, k -> {
                items.forEach(w -> r.wq.queueOn(0, q, w));
                r.wq.flushWorkqueue(q);
                back[0] = k.now();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(3, runs.size());
            assertEquals(runs.stream().mapToLong(Run::end).max().orElseThrow(), back[0]);
        }
    }

    @Test
    void workerCreationFailing_memReclaimWorkIsRunByTheRescuer() {
        try (Rig r = new Rig(1).withTick()) {
            List<Run> runs = new ArrayList<>();
            Workqueue q = r.wq.alloc("reclaim_wq", 0, WqFlag.MEM_RECLAIM);
            Work a = recorder(r, "a", runs, k -> {});
            Work b = recorder(r, "b", runs, k -> {});
            // the pools' first workers are made at boot (workqueue_init; Linux BUG()s if that fails);
            // the failure hits the spare that kworker/0:0 must make before it starts work
            r.wq.failWorkerCreation(true);
            process(r, 0, 0, k -> {
                r.wq.queue(q, a);
                r.wq.queue(q, b);
            });
            r.k.run(3_000 * MS);
            assertEquals(List.of("a", "b"), runs.stream().map(Run::name).toList());
            assertEquals("reclaim_wq", runs.get(0).comm, "the rescuer thread is named after its workqueue");
            assertEquals("reclaim_wq", runs.get(1).comm);
            String d = r.dmesg();
            assertTrue(d.contains("workqueue: Failed to create a worker thread: -ENOMEM"), d);
        }
    }

    @Test
    void workerCreationFailing_withoutRescuer_stallsAndTheWatchdogReportsALockup() {
        try (Rig r = new Rig(1).withTick()) {
            List<Run> runs = new ArrayList<>();
            Work a = recorder(r, "stuck", runs, k -> {});
            r.wq.failWorkerCreation(true);
            process(r, 0, 0, k -> {
                k.msleep(10);
                r.wq.queue(r.wq.systemWq(), a);
            });
            r.k.run(59_000 * MS);
            String d = r.dmesg();
            assertFalse(d.contains("workqueue lockup"), "not before wq_watchdog_thresh (30 s) has passed at a check: " + d);
            r.k.run(2_000 * MS);
            d = r.dmesg();
            assertEquals(List.of(), runs, "system_wq has no rescuer: nothing runs its work");
            // the watchdog starts with the pools, at the first queue_work; it checks every 30 s from then
            // and reports a pool whose work waited strictly longer (time_after): at the second check, 60 s
            assertTrue(d.contains("BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 60s!"), d);
            // then show_all_workqueues(): the busy workqueue, its pwq and the stuck item, and the pool
            assertTrue(d.contains("Showing busy workqueues and worker pools:\nworkqueue events: flags=0x0\n"
                    + "  pwq 0: cpus=0 node=0 flags=0x0 nice=0 active=1/256 refcnt=2\n    pending: stuck\n"
                    + "pool 0: cpus=0 node=0 flags=0x0 nice=0 hung=60s workers=1 manager: " + r.task("kworker/0:0").pid), d);
        }
    }

    @Test
    void cpuHog_isReportedAtTheFourthTime_andStopsCountingAsRunning() {
        try (Rig r = new Rig(2)) {
            int[] seenRunning = new int[2];
            Work hog = r.wq.initWork("hog_fn", w -> r.k.compute(15 * MS));
            process(r, 0, 0, k -> {
                for (int i = 0; i < 4; i++) {
                    r.wq.queue(r.wq.systemWq(), hog);
                    r.wq.flush(hog);
                }
            });
            process(r, 1, 5 * MS, k -> {
                seenRunning[0] = r.wq.nrRunning(0, false);
                k.compute(7 * MS); // 12 ms: past the 10 ms threshold
                seenRunning[1] = r.wq.nrRunning(0, false);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1, seenRunning[0]);
            assertEquals(0, seenRunning[1], "marked CPU_INTENSIVE: no longer counted for concurrency management");
            String d = r.dmesg();
            assertTrue(d.contains("workqueue: hog_fn hogged CPU for >10000us 4 times, consider switching to WQ_UNBOUND"), d);
            assertFalse(d.contains("3 times"), d);
        }
    }

    @Test
    void leakingWorkFunction_getsLinuxLeakReport_andTheCountIsRepaired() {
        try (Rig r = new Rig(1)) {
            Work leak = r.wq.initWork("leaky_fn", w -> r.ctx.preemptDisable());
            int[] after = {-1};
            Work next = r.wq.initWork("next", w -> after[0] = r.ctx.preemptCount());
            process(r, 0, 0, k -> {
                r.wq.queue(r.wq.systemWq(), leak);
                r.wq.queue(r.wq.systemWq(), next);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            String d = r.dmesg();
            int pid = r.task("kworker/0:0").pid;
            assertTrue(d.contains("BUG: workqueue leaked atomic, lock or RCU: kworker/0:0[" + pid + "]\n     preempt=0x00000001 lock=0->0 RCU=0->0 workfn=leaky_fn"), d);
            assertEquals(0, after[0]);
        }
    }

    @Test
    void throwingWorkFunction_isEjected_andTheWorkerCarriesOn() {
        try (Rig r = new Rig(1)) {
            List<Run> runs = new ArrayList<>();
            Work bad = r.wq.initWork("bad_fn", w -> {
                throw new IllegalStateException("boom");
            });
            Work good = recorder(r, "good", runs, k -> {});
            boolean[] again = {true};
            process(r, 0, 0, k -> {
                r.wq.queue(r.wq.systemWq(), bad);
                r.wq.queue(r.wq.systemWq(), good);
                r.wq.flush(good);
                again[0] = r.wq.queue(r.wq.systemWq(), bad);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertTrue(bad.ejected());
            assertFalse(again[0]);
            assertEquals(List.of(new Run("good", "kworker/0:0", runs.get(0).start, runs.get(0).end)), runs);
            String d = r.dmesg();
            assertTrue(d.contains("workqueue: bad_fn function") && d.contains("failed: java.lang.IllegalStateException: boom"), d);
            assertTrue(d.contains("the work item is ejected"), d);
        }
    }

    @Test
    void destroyWorkqueue_drainsIt_andReportsBusyPwqOfSelfRequeuingWork() {
        try (Rig r = new Rig(2)) {
            List<Run> runs = new ArrayList<>();
            Workqueue ok = r.wq.alloc("okq", 0, WqFlag.MEM_RECLAIM);
            Workqueue busy = r.wq.alloc("busyq", 0);
            Work a = recorder(r, "a", runs, k -> k.compute(MS));
            Work[] chain = {null};
            chain[0] = r.wq.initWork("chain", w -> {
                r.k.compute(MS);
                r.wq.queue(busy, w);
            });
            // the destroyer on CPU 1, the work on CPU 0: this machine's FIFO scheduler never preempts the chain
            process(r, 1, 0, k -> {
                r.wq.queueOn(0, ok, a);
                r.wq.destroy(ok);
                r.wq.queueOn(0, busy, chain[0]);
                r.wq.destroy(busy);
            });
            r.k.run(100 * MS);
            assertEquals(1, runs.size(), "destroy drained okq first");
            assertTrue(ok.destroyed());
            assertFalse(busy.destroyed(), "Linux leaves a busy workqueue alive");
            String d = r.dmesg();
            assertTrue(d.contains("workqueue busyq: drain_workqueue() isn't complete after 10 tries"), d);
            assertTrue(d.contains("destroy_workqueue: busyq has the following busy pwq"), d);
            assertThrows(IllegalStateException.class, () -> r.wq.destroy(ok));
        }
    }

    @Test
    void sleepHook_isCalledOnlyForBlockingSchedules() {
        try (Rig r = new Rig(1).withTick()) {
            List<String> events = new ArrayList<>();
            org.kernellab.api.TaskSleepHook hook = new org.kernellab.api.TaskSleepHook() {
                @Override public void sleeping(org.kernellab.api.Task t) { events.add("sleeping pc=" + r.ctx.preemptCount()); }
                @Override public void running(org.kernellab.api.Task t) { events.add("running pc=" + r.ctx.preemptCount()); }
            };
            r.k.spawn(TaskSpec.kthread("hooked").sleepHook(hook), k -> {
                k.yieldCpu();
                k.condResched();
                k.msleep(4);
                events.add("back");
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("sleeping pc=1", "running pc=0", "back"), events);
            assertThrows(IllegalArgumentException.class, () -> TaskSpec.process("user").sleepHook(hook));
        }
    }

    @Test
    void badArguments_areRefusedNamingTheArgument() {
        try (Rig r = new Rig(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.wq.initWork("x", null));
            assertTrue(e.getMessage().contains("fn of work item x"), e.getMessage());
            Work plain = r.wq.initWork("plain", w -> {});
            Set<String> msgs = new LinkedHashSet<>();
            process(r, 0, 0, k -> {
                try {
                    r.wq.queueOn(7, r.wq.systemWq(), plain);
                } catch (IllegalArgumentException x) {
                    msgs.add(x.getMessage());
                }
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(Set.of("cpu 7 does not exist; this machine has CPUs 0..0"), msgs);
        }
    }

    @Test
    void procWorkqueues_listsWorkqueuesPwqsAndPools() {
        try (Rig r = new Rig(1)) {
            Workqueue q = r.wq.alloc("mydrv", 2);
            assertTrue(r.wq.procWorkqueues().contains("workqueue mydrv: flags=0x0\n"));
            String[] seen = {null};
            Work a = r.wq.initWork("a_fn", w -> seen[0] = r.wq.procWorkqueues());
            Work b = r.wq.initWork("b_fn", w -> {});
            Work c = r.wq.initWork("c_fn", w -> {});
            process(r, 0, 0, k -> {
                r.wq.queue(q, a);
                r.wq.queue(q, b);
                r.wq.queue(q, c);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            int pid = r.task("kworker/0:0").pid;
            assertTrue(seen[0].contains("workqueue mydrv: flags=0x0\n  pwq 0: cpus=0 node=0 flags=0x0 nice=0 active=2/2 refcnt=4\n"
                    + "    in-flight: " + pid + ":a_fn\n    pending: b_fn\n    inactive: c_fn\n"), seen[0]);
            assertTrue(seen[0].contains("pool 2: cpus=0 node=0 flags=0x4 nice=0 hung=0s workers=1 idle: "), seen[0]);
        }
    }

    @Test
    void cancelDelayedWorkSync_cancelsAnArmedTimer_andFlushWorkDoesNotWaitForOne() {
        try (Rig r = new Rig(1)) {
            List<Run> runs = new ArrayList<>();
            DelayedWork d = r.wq.initDelayedWork("timed", w -> runs.add(new Run("timed", r.k.current().comm(), r.k.now(), r.k.now())));
            List<Object> seen = new ArrayList<>();
            process(r, 0, 0, k -> {
                seen.add(r.wq.modDelayed(r.wq.systemWq(), d, 3)); // idle: queued, returns false
                seen.add(r.wq.flush(d));                          // only the timer is armed: nothing to wait for
                seen.add(r.wq.cancelDelayedSync(d));              // the timer was pending
                seen.add(d.timerPending());
                seen.add(r.wq.cancelDelayedSync(d));              // nothing pending any more
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(false, false, true, false, false), seen);
            assertEquals(List.of(), runs, "the cancelled timer never queued the item");
            assertThrows(IllegalArgumentException.class, () -> r.wq.cancelDelayedSync(null));
        }
    }

    @Test
    void perBundle_workAndWorkqueuesLeft_areHeldAndReleaseCancelsAndDestroys() {
        try (Rig r = new Rig(1)) {
            Workqueues leakyView = r.wq.open(new Holder(42, "kernel.driver.leaky", "1.0.0"));
            Workqueues leaky = r.m.boundary().wrap(Workqueues.class, leakyView);
            int[] runs = {0, 0, 0};
            Workqueue own = leaky.alloc("leaks_wq", 0);
            Workqueue gone = leaky.alloc("tidy_wq", 0);
            leaky.destroy(gone);
            Work[] self = {null};
            self[0] = leaky.initWork("self", w -> {
                runs[0]++;
                r.k.compute(50_000);
                leaky.queue(own, w);
            });
            Work sys = leaky.initWork("sys", w -> runs[1]++);
            DelayedWork later = leaky.initDelayedWork("later", w -> runs[2]++);
            leaky.initWork("idle", w -> { });
            // without a tick nothing preempts drv: what it queues waits until it is done
            r.k.spawn(TaskSpec.process("drv"), k -> {
                leaky.queue(own, self[0]);
                leaky.queueDelayed(leaky.systemWq(), later, 100);
                k.compute(400_000);
                leaky.queue(leaky.systemWq(), sys);
                k.compute(1_000_000);
            });
            r.k.runUntilIdle(1_000_000);

            List<LeakDTO> held = r.wq.held(leakyView);
            assertEquals(List.of("work self pending on leaks_wq", "work sys pending on events", "delayed_work later timer pending for events",
                            "workqueue leaks_wq allocated"),
                    held.stream().map(l -> l.kind + " " + l.object.replaceAll(" \\(.*\\)", "") + " " + l.state).toList());
            assertEquals("cancel_delayed_work_sync()", held.get(2).released);
            assertEquals("call cancel_work_sync() on your remove path", held.get(0).fix);
            assertEquals("destroy_workqueue()", held.get(3).released);

            r.wq.release(leakyView);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(0, runs[0], "cancelled before it ran");
            assertEquals(0, runs[1], "cancelled before it ran");
            assertEquals(0, runs[2], "its timer was cancelled");
            assertTrue(own.destroyed());
            assertEquals(List.of(), r.wq.held(leakyView));
            assertFalse(r.wq.procWorkqueues().contains("leaks_wq"), r.wq.procWorkqueues());
        }
    }
}
