package org.kernellab.block.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.QueueRqStatus;
import org.kernellab.api.softirq.SoftirqVector;

class BlockLayerTest {
    private static final long MS = 1_000_000L;

    @Test
    void plug_holdsRequestsUntilFinish_thenBackAndFrontMergesMakeOneRequest_andTheDataRoundTrips() {
        try (BlockRig r = new BlockRig(2, MS, 32)) {
            List<String> ends = new ArrayList<>();
            byte[] a = BlockRig.pattern(8, 1), b = BlockRig.pattern(8, 2), c = BlockRig.pattern(8, 3);
            byte[] back = new byte[24 * 512];
            long[] finishedAt = {-1};
            r.k.spawn(TaskSpec.process("fs"), k -> {
                r.block.startPlug();
                r.block.submitBio(BlockRig.write(8, b, ends));
                r.block.submitBio(BlockRig.write(0, a, ends));    // front merge
                r.block.submitBio(BlockRig.write(16, c, ends));   // back merge
                k.compute(3 * MS);
                finishedAt[0] = k.now();
                r.block.finishPlug();
                assertEquals(BlkStatus.OK, r.block.submitBioWait(Bio.read(BlockRig.DISK, 0, back, null)));
            });
            r.run();
            assertEquals(2, r.driver.log.size(), r.driver.log.toString());
            BlockRig.Dispatch w = r.driver.log.get(0);
            assertEquals("WRITE", w.op());
            assertEquals(0, w.sector());
            assertEquals(24, w.sectors());
            assertEquals(finishedAt[0], w.atNs(), "nothing reached the driver before blk_finish_plug");
            assertEquals(List.of("W0 OK", "W8 OK", "W16 OK"), ends);
            byte[] want = new byte[24 * 512];
            System.arraycopy(a, 0, want, 0, 4096);
            System.arraycopy(b, 0, want, 4096, 4096);
            System.arraycopy(c, 0, want, 8192, 4096);
            assertArrayEquals(want, back);
            // diskstats: 1 write completed with 2 merges, 24 sectors; 1 read of 24 sectors
            String line = r.block.diskstats();
            String[] f = line.trim().split("\\s+");
            assertEquals("disk0", f[2]);
            assertEquals("1", f[3]);
            assertEquals("0", f[4]);
            assertEquals("24", f[5]);
            assertEquals("1", f[7]);
            assertEquals("2", f[8], line);
            assertEquals("24", f[9]);
        }
    }

    @Test
    void none_dispatchesInArrivalOrder_mqDeadline_inSectorOrder() {
        for (String sched : List.of("none", "mq-deadline")) {
            try (BlockRig r = new BlockRig(2, MS, 32)) {
                r.block.setScheduler(BlockRig.DISK, sched);
                r.block.quiesceQueue(BlockRig.DISK);
                List<String> ends = new ArrayList<>();
                r.k.spawn(TaskSpec.process("fs"), k -> {
                    for (long s : new long[] {100, 50, 200, 10}) r.block.submitBio(BlockRig.read(s, 8, ends));
                    k.compute(MS);
                    r.block.unquiesceQueue(BlockRig.DISK);
                });
                r.run();
                assertEquals(sched.equals("none") ? List.of(100L, 50L, 200L, 10L) : List.of(10L, 50L, 100L, 200L),
                        r.driver.sectors(), sched);
                assertEquals(4, ends.size());
            }
        }
    }

    @Test
    void mqDeadline_servesWritesAfterWritesStarvedReadBatchesOfFifoBatch() {
        try (BlockRig r = new BlockRig(1, MS, 1)) {
            r.block.quiesceQueue(BlockRig.DISK);
            List<String> ends = new ArrayList<>();
            r.k.spawn(TaskSpec.process("fs"), k -> {
                r.block.submitBio(BlockRig.write(3000, BlockRig.pattern(8, 0), ends));
                for (int i = 0; i < 60; i++) r.block.submitBio(BlockRig.read(16L * i, 8, ends));
                r.block.unquiesceQueue(BlockRig.DISK);
            });
            r.run();
            List<String> ops = r.driver.log.stream().map(BlockRig.Dispatch::op).toList();
            // the first batch is free; then writes_starved = 2 more read batches of fifo_batch = 16
            assertEquals(48, ops.indexOf("WRITE"), ops.toString());
            assertEquals(61, ends.size());
        }
    }

    @Test
    void mqDeadline_anExpiredReadIsServedAtTheNextBatchInsteadOfStarving() {
        try (BlockRig r = new BlockRig(2, 40 * MS, 1)) {
            List<String> ends = new ArrayList<>();
            r.k.spawn(TaskSpec.process("feeder"), k -> {
                r.block.submitBio(BlockRig.read(1000, 8, ends));
                k.msleep(1);
                for (int i = 0; i < 60; i++) {
                    r.block.submitBio(BlockRig.read(2000 + 16L * i, 8, ends));
                    k.msleep(20);
                }
            });
            r.k.spawn(TaskSpec.process("old"), k -> {
                k.msleep(2);
                r.block.submitBio(BlockRig.read(10, 8, ends));
            });
            r.run();
            List<Long> order = r.driver.sectors();
            int old = order.indexOf(10L);
            // 1 + 15 requests make the first batch of 16; 640 ms later the read at sector 10 has
            // passed its 500 ms deadline, and the next batch starts with it
            assertEquals(16, old, order.toString());
            assertEquals(640 * MS, r.driver.log.get(old).atNs());
            assertTrue(order.subList(old + 1, order.size()).contains(2000L + 16 * 40), "the feeder was still going");
        }
    }

    @Test
    void freeze_newSubmittersWaitInDState_inFlightDrains_unfreezeLetsThemOn_nothingLost() {
        try (BlockRig r = new BlockRig(2, 20 * MS, 32)) {
            List<String> ends = new ArrayList<>();
            long[] frozenAt = {-1}, lateSubmitted = {-1};
            char[] lateState = {'?'};
            r.k.spawn(TaskSpec.process("early").onCpu(0), k -> {
                for (int i = 0; i < 4; i++) r.block.submitBio(BlockRig.write(64L * i, BlockRig.pattern(8, i), ends));
            });
            r.k.spawn(TaskSpec.process("admin").onCpu(1), k -> {
                k.msleep(1);
                r.block.freezeQueue(BlockRig.DISK);
                frozenAt[0] = k.now();
                k.msleep(20);
                lateState[0] = r.k.ps().stream().filter(t -> t.comm.equals("late")).findFirst().orElseThrow().state.charAt(0);
                r.block.unfreezeQueue(BlockRig.DISK);
            });
            r.k.spawn(TaskSpec.process("late").onCpu(0), k -> {
                k.msleep(12);
                r.block.submitBio(BlockRig.write(1000, BlockRig.pattern(8, 9), ends));
                lateSubmitted[0] = k.now();
            });
            r.run();
            assertEquals(20 * MS, frozenAt[0], "the freeze returned when the four writes in flight completed");
            assertEquals('D', lateState[0], "a submitter waits uninterruptibly while the queue is frozen");
            assertTrue(lateSubmitted[0] >= frozenAt[0] + 20 * MS, "late went on only after the unfreeze: " + lateSubmitted[0]);
            assertEquals(5, ends.size(), ends.toString());
            assertEquals(5, r.driver.log.size());
            assertTrue(ends.stream().allMatch(e -> e.endsWith("OK")));
        }
    }

    @Test
    void completion_runsInBlockSoftirqAtTheInterruptInstant_whileAnotherTaskIsCurrent_andWakesTheDStateWriter() {
        try (BlockRig r = new BlockRig(2, 3 * MS, 32)) {
            List<String> seen = new ArrayList<>();
            long[] returned = {-1};
            char[] stateBefore = {'?'};
            r.k.spawn(TaskSpec.process("A").onCpu(0), k -> {
                Bio w = Bio.write(BlockRig.DISK, 0, BlockRig.pattern(8, 5), (b, st) -> {
                    var ctx = r.k.context();
                    seen.add(r.k.now() + " " + r.k.current().comm() + " softirq=" + ctx.inServingSoftirq() + " hardirq=" + ctx.inHardirq()
                            + " A=" + r.k.ps().stream().filter(t -> t.comm.equals("A")).findFirst().orElseThrow().state);
                });
                assertEquals(BlkStatus.OK, r.block.submitBioWait(w));
                returned[0] = k.now();
            });
            r.k.spawn(TaskSpec.process("B").onCpu(0), k -> {
                k.compute(MS / 2);
                stateBefore[0] = r.k.ps().stream().filter(t -> t.comm.equals("A")).findFirst().orElseThrow().state.charAt(0);
                k.compute(10 * MS);
            });
            r.run();
            assertEquals('D', stateBefore[0]);
            assertEquals(List.of(3 * MS + " B softirq=true hardirq=false A=D"), seen);
            assertTrue(returned[0] >= 3 * MS, "A returned at " + returned[0]);
            assertEquals(1, r.softirqs.count(SoftirqVector.BLOCK, 0));
        }
    }

    @Test
    void oneCpu_oneSoftwareQueue_completesDirectlyInTheHardIrq() {
        try (BlockRig r = new BlockRig(1, 3 * MS, 32)) {
            List<String> seen = new ArrayList<>();
            r.k.spawn(TaskSpec.process("A"), k -> r.block.submitBio(Bio.write(BlockRig.DISK, 0, BlockRig.pattern(8, 5),
                    (b, st) -> seen.add(r.k.now() + " hardirq=" + r.k.context().inHardirq()))));
            r.run();
            assertEquals(List.of(3 * MS + " hardirq=true"), seen);
            assertEquals(0, r.softirqs.count(SoftirqVector.BLOCK, 0));
        }
    }

    @Test
    void diskstats_afterADeterministicRun_isLinuxsLine() {
        try (BlockRig r = new BlockRig(2, 10 * MS, 32)) {
            r.k.spawn(TaskSpec.process("fs"), k -> {
                r.block.submitBioWait(Bio.write(BlockRig.DISK, 0, BlockRig.pattern(8, 1), null));
                r.block.submitBioWait(Bio.read(BlockRig.DISK, 0, new byte[16 * 512], null));
                r.block.submitBioWait(Bio.flush(BlockRig.DISK, null));
            });
            r.run();
            // write 0..10 ms, read 10..20 ms, flush 20..30 ms; HZ 250: io_ticks 0->2->5->7 jiffies = 28 ms
            assertEquals("   8       0 disk0 1 0 16 10 1 0 8 10 0 28 30 0 0 0 0 1 10\n", r.block.diskstats());
        }
    }

    @Test
    void mediaError_printsLinuxsIoErrorReport_andTheWaiterGetsTheStatus() {
        try (BlockRig r = new BlockRig(2, MS, 32)) {
            r.driver.bad.add(70L);
            BlkStatus[] st = {null};
            r.k.spawn(TaskSpec.process("fs"), k -> st[0] = r.block.submitBioWait(Bio.read(BlockRig.DISK, 64, new byte[4096], null)));
            r.run();
            assertEquals(BlkStatus.IOERR, st[0]);
            assertTrue(r.dmesg().contains("I/O error, dev disk0, sector 64 op 0x0:(READ) flags 0x800 phys_seg 1 prio class 0"), r.dmesg());
        }
    }

    @Test
    void beyondTheEnd_endsWithIoErrAndLinuxsMessage() {
        try (BlockRig r = new BlockRig(2, MS, 32)) {
            List<String> ends = new ArrayList<>();
            r.k.spawn(TaskSpec.process("fs"), k -> r.block.submitBio(BlockRig.read((1 << 20) - 4, 8, ends)));
            r.run();
            assertEquals(List.of("R1048572 IOERR"), ends);
            assertTrue(r.dmesg().contains("fs: attempt to access beyond end of device\ndisk0: rw=0, sector=1048572, nr_sectors = 8 limit=1048576"), r.dmesg());
            assertTrue(r.driver.log.isEmpty());
        }
    }

    @Test
    void busyDriver_keepsTheRequest_andDispatchesItLater() {
        try (BlockRig r = new BlockRig(2, MS, 32)) {
            r.driver.busy = true;
            List<String> ends = new ArrayList<>();
            r.k.spawn(TaskSpec.process("fs"), k -> {
                r.block.submitBio(BlockRig.write(0, BlockRig.pattern(8, 1), ends));
                k.compute(2 * MS);
                r.driver.busy = false;
                r.block.runQueue(BlockRig.DISK);
            });
            r.run();
            assertEquals(1, r.driver.log.size());
            assertEquals(2 * MS, r.driver.log.get(0).atNs());
            assertEquals(List.of("W0 OK"), ends);
        }
    }

    @Test
    void setScheduler_waitsForTheDrain_andSysfsShowsTheActiveOne() {
        try (BlockRig r = new BlockRig(2, 5 * MS, 32)) {
            assertEquals("none [mq-deadline] \n", r.block.scheduler(BlockRig.DISK));
            List<String> ends = new ArrayList<>();
            String[] during = {null};
            r.k.spawn(TaskSpec.process("fs"), k -> {
                r.block.submitBio(BlockRig.write(0, BlockRig.pattern(8, 1), ends));
                r.block.setScheduler(BlockRig.DISK, "none");
                during[0] = r.block.scheduler(BlockRig.DISK);
            });
            r.run();
            assertEquals("none [mq-deadline] \n", during[0], "the switch waits until the queue has drained");
            assertEquals("[none] mq-deadline \n", r.block.scheduler(BlockRig.DISK));
            assertEquals(List.of("W0 OK"), ends);
            assertTrue(r.dmesg().contains("disk0: I/O scheduler switched from mq-deadline to none"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.block.setScheduler(BlockRig.DISK, "cfq"));
            assertTrue(e.getMessage().startsWith("scheduler 'cfq' is not an I/O scheduler"));
        }
    }

    @Test
    void detachedDriver_leavesStartedRequestsListed_andANewDriverCompletesThem() {
        try (BlockRig r = new BlockRig(2, 5 * MS, 32)) {
            List<String> ends = new ArrayList<>();
            var first = r.driver;
            r.k.spawn(TaskSpec.process("fs"), k -> {
                r.block.submitBio(BlockRig.write(0, BlockRig.pattern(8, 1), ends));
                r.block.detachDriver(BlockRig.DISK, first);
                r.block.submitBio(BlockRig.write(64, BlockRig.pattern(8, 2), ends));
            });
            r.k.run(MS);
            assertEquals(1, r.block.started(BlockRig.DISK).size());
            assertEquals(1, first.log.size(), "the detached driver got nothing more");
            // the first driver's device still completes what it holds (the layer accepts it from whoever reaps it)
            r.run();
            assertEquals(List.of("W0 OK"), ends);
            BlockRig.FakeDriver second = r.new FakeDriver(MS, 32);
            r.driver = second;
            assertEquals(0, r.block.attachDriver(BlockRig.DISK, 1 << 20, 32, second));
            r.run();
            assertEquals(List.of("W0 OK", "W64 OK"), ends);
            assertEquals(64, second.log.get(0).sector());
        }
    }

    @Test
    void completingARequestTwice_isRefused_andADriverForAnotherGeometryIsRefused() {
        try (BlockRig r = new BlockRig(2, MS, 32)) {
            List<org.kernellab.api.block.Request> kept = new ArrayList<>();
            BlockRig.FakeDriver keeper = r.new FakeDriver(MS, 32) {
                @Override
                public QueueRqStatus queueRq(org.kernellab.api.block.Request rq) {
                    kept.add(rq);
                    return QueueRqStatus.OK;
                }
            };
            r.block.detachDriver(BlockRig.DISK, r.driver);
            assertEquals(0, r.block.attachDriver(BlockRig.DISK, 1 << 20, 32, keeper));
            assertEquals(-org.kernellab.api.Errno.EBUSY, r.block.attachDriver(BlockRig.DISK, 1 << 20, 32, r.driver));
            r.k.spawn(TaskSpec.process("fs"), k -> r.block.submitBio(BlockRig.write(0, BlockRig.pattern(8, 1), new ArrayList<>())));
            r.run();
            assertEquals(1, kept.size());
            IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> r.block.attachDriver(BlockRig.DISK, 5, 32, keeper));
            assertTrue(g.getMessage().contains("capacitySectors 5"), g.getMessage());
            String[] second = {null};
            r.k.spawn(TaskSpec.process("drv"), k -> {
                r.block.complete(kept.get(0), BlkStatus.OK);
                second[0] = assertThrows(IllegalStateException.class, () -> r.block.complete(kept.get(0), BlkStatus.OK)).getMessage();
            });
            r.run();
            assertTrue(second[0].contains("is not started"), second[0]);
            assertTrue(r.block.started(BlockRig.DISK).isEmpty());
            assertEquals(0, r.block.attachDriver(BlockRig.DISK, 4096, 32, keeper), "an idle queue takes a new geometry");
            assertTrue(r.dmesg().contains("disk0: detected capacity change from 1048576 to 4096"));
        }
    }

    @Test
    void withoutAPlug_bothSchedulersMergeAdjacentBiosIntoAWaitingRequest_butNotAcrossDirectionsOrGaps() {
        for (String sched : List.of("none", "mq-deadline")) {
            try (BlockRig r = new BlockRig(2, MS, 32)) {
                r.block.setScheduler(BlockRig.DISK, sched);
                r.block.quiesceQueue(BlockRig.DISK);
                List<String> ends = new ArrayList<>();
                r.k.spawn(TaskSpec.process("fs").onCpu(0), k -> {
                    r.block.submitBio(BlockRig.write(8, BlockRig.pattern(8, 1), ends));
                    r.block.submitBio(BlockRig.write(0, BlockRig.pattern(8, 2), ends));    // front merge
                    r.block.submitBio(BlockRig.write(16, BlockRig.pattern(8, 3), ends));   // back merge
                    r.block.submitBio(BlockRig.read(24, 8, ends));                         // other direction
                    r.block.submitBio(BlockRig.write(40, BlockRig.pattern(8, 4), ends));   // a gap
                    r.block.unquiesceQueue(BlockRig.DISK);
                });
                r.run();
                List<String> reqs = r.driver.log.stream().map(d -> d.op() + " " + d.sector() + "+" + d.sectors()).sorted().toList();
                assertEquals(List.of("READ 24+8", "WRITE 0+24", "WRITE 40+8"), reqs, sched);
                assertEquals(5, ends.size());
                String[] f = r.block.diskstats().trim().split("\\s+");
                assertEquals("2", f[8], sched + ": writes merged");
            }
        }
    }

    @Test
    void ioErrorReports_areRatelimitedTo10Per5Seconds_thenTheSuppressedCountIsPrinted() {
        try (BlockRig r = new BlockRig(2, MS, 32)) {
            r.driver.bad.add(0L);
            r.k.spawn(TaskSpec.process("fs"), k -> {
                for (int i = 0; i < 15; i++) r.block.submitBioWait(Bio.read(BlockRig.DISK, 0, new byte[512], null));
                k.msleep(5_000);
                r.block.submitBioWait(Bio.read(BlockRig.DISK, 0, new byte[512], null));
            });
            r.run();
            String log = r.dmesg();
            assertEquals(11, log.split("I/O error, dev disk0, sector 0 op 0x0:\\(READ\\)", -1).length - 1, log);
            assertTrue(log.contains("blk_print_req_error: 5 callbacks suppressed"), log);
        }
    }

    /** The one rule for plugins: a queue_rq that throws ejects its driver, the request waits for the next one; a throwing bi_end_io harms only itself. */
    @Test
    void throwingDriver_isEjected_requestWaitsForTheNextDriver_andAThrowingEndIoSparesTheOthers() {
        try (BlockRig r = new BlockRig(2, MS, 32)) {
            BlockRig.FakeDriver broken = r.new FakeDriver(MS, 32) {
                @Override
                public QueueRqStatus queueRq(org.kernellab.api.block.Request rq) {
                    throw new IllegalStateException("queue_rq fails on purpose");
                }
            };
            r.block.detachDriver(BlockRig.DISK, r.driver);
            assertEquals(0, r.block.attachDriver(BlockRig.DISK, 1 << 20, 32, broken));
            List<String> ends = new ArrayList<>();
            r.k.spawn(TaskSpec.process("fs"), k -> {
                r.block.submitBio(Bio.write(BlockRig.DISK, 0, BlockRig.pattern(8, 1), (b, st) -> {
                    throw new IllegalArgumentException("bi_end_io fails on purpose");
                }));
                r.block.submitBio(BlockRig.write(64, BlockRig.pattern(8, 2), ends));
            });
            r.run();
            String log = r.dmesg();
            assertTrue(log.contains(": queue_rq(rq#") && log.contains("failed: java.lang.IllegalStateException: queue_rq fails on purpose"), log);
            assertTrue(log.contains("KernelLab: the driver is ejected; the request waits for the next driver"), log);
            assertTrue(ends.isEmpty(), "nothing completes without a driver: " + ends);
            assertEquals(0, r.block.attachDriver(BlockRig.DISK, 1 << 20, 32, r.driver), "the ejected driver left the queue free");
            r.block.runQueue(BlockRig.DISK);
            r.run();
            assertEquals(List.of("W64 OK"), ends, "the waiting requests went to the next driver; the throwing callback spared the other");
            assertTrue(r.dmesg().contains("failed: java.lang.IllegalArgumentException: bi_end_io fails on purpose"), r.dmesg());
            assertTrue(r.dmesg().contains("KernelLab: the block layer carries on with the next bio"), r.dmesg());
        }
    }
}
