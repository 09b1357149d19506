package org.kernellab.device.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.Errno;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.hw.disk.DiskCommand;
import org.kernellab.api.hw.disk.DiskOp;
import org.kernellab.api.hw.disk.DiskStatus;
import org.kernellab.api.hw.disk.dto.DiskCommandDTO;
import org.kernellab.api.hw.disk.dto.DiskStatsDTO;
import org.kernellab.core.StandaloneMachine;

class DiskModelTest {
    @TempDir
    Path dir;

    private static StandaloneMachine machine(int cpus, long seed) {
        return new StandaloneMachine(cpus, 250, seed, ViolationPolicy.PANIC, PreemptModel.FULL, PreemptLayout.LINUX_6);
    }

    /** A small SSD without jitter, its image in the test's directory. */
    private DiskSettings ssd() {
        DiskSettings s = DiskSettings.defaults();
        s.image = dir.resolve("disk0.img").toString();
        s.capacitySectors = 4096;
        s.ssdJitterNs = 0;
        return s;
    }

    /** Runs {@code r} as simulated code (a hardware event at the current instant) and returns its result. */
    private static <T> T sim(StandaloneMachine m, Supplier<T> r) {
        List<T> out = new ArrayList<>(1);
        m.machine().at(m.machine().now(), now -> out.add(r.get()));
        m.kernel().run(0);
        assertEquals(1, out.size(), "the event ran");
        return out.get(0);
    }

    private static int submit(StandaloneMachine m, DiskModel d, DiskCommand c) {
        return sim(m, () -> d.submit(c));
    }

    private static List<DiskCommandDTO> reapAll(StandaloneMachine m, DiskModel d) {
        return sim(m, () -> d.reap(Integer.MAX_VALUE));
    }

    /** Runs until every command has completed, then reaps every completion. */
    private static List<DiskCommandDTO> drain(StandaloneMachine m, DiskModel d) {
        m.kernel().runUntilIdle(1_000_000_000L);
        return reapAll(m, d);
    }

    private static byte[] pattern(int sectors, int seed) {
        byte[] b = new byte[sectors * DiskCommand.SECTOR_SIZE];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    /** Reads {@code count} sectors at {@code sector} to completion; the buffer starts filled with 0x55. */
    private static byte[] read(StandaloneMachine m, DiskModel d, int tag, long sector, int count) {
        byte[] buf = new byte[count * DiskCommand.SECTOR_SIZE];
        Arrays.fill(buf, (byte) 0x55);
        assertEquals(0, submit(m, d, DiskCommand.read(tag, sector, count, buf, 0)));
        drain(m, d);
        return buf;
    }

    private static DiskCommandDTO writeAndReap(StandaloneMachine m, DiskModel d, int tag, long sector, byte[] data) {
        assertEquals(0, submit(m, d, DiskCommand.write(tag, sector, data.length / DiskCommand.SECTOR_SIZE, data, 0)));
        List<DiskCommandDTO> done = drain(m, d);
        assertEquals(1, done.size());
        return done.get(0);
    }

    // ---- data -------------------------------------------------------------------------------

    @Test
    void image_writtenSectors_readBackThroughANewModelOverTheSameImage() throws Exception {
        DiskSettings s = ssd();
        Path image = Path.of(s.image);
        byte[] data = pattern(8, 7);
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), s);
            assertFalse(Files.exists(image), "the image is created on first use, not before");
            DiskCommandDTO w = writeAndReap(m, d, 3, 100, data);
            assertEquals(DiskStatus.OK, w.status);
            assertEquals(4096L * 512, Files.size(image), "created at the disk's size");
            assertArrayEquals(data, read(m, d, 3, 100, 8));
            byte[] zeros = read(m, d, 4, 200, 1);
            assertArrayEquals(new byte[512], zeros, "a never-written sector reads as zeros");
            d.deactivate();
            m.kernel().run(0);
        }
        try (StandaloneMachine m = machine(2, 99)) {
            DiskModel d = new DiskModel(m.machine(), s);
            assertArrayEquals(data, read(m, d, 0, 100, 8), "contents persist across models");
            assertArrayEquals(Arrays.copyOfRange(data, 512, 1024), read(m, d, 0, 101, 1));
        }
    }

    @Test
    void write_bufferChangedAfterSubmit_writesWhatWasSubmitted() {
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), ssd());
            byte[] data = pattern(1, 1);
            byte[] kept = data.clone();
            assertEquals(0, submit(m, d, DiskCommand.write(0, 5, 1, data, 0)));
            Arrays.fill(data, (byte) 0);
            drain(m, d);
            assertArrayEquals(kept, read(m, d, 0, 5, 1));
        }
    }

    // ---- interrupt coalescing -------------------------------------------------------------------

    /** The instants the device raised its line at, with {@code n} one-sector reads submitted at 0 on tags 0..n-1. */
    private List<Long> interruptsFor(int threshold, long timeNs, int n) {
        try (StandaloneMachine m = machine(1, 1)) {
            DiskSettings s = ssd();
            s.ssdChannels = 1; // one command at a time: completions one service time apart
            DiskModel d = new DiskModel(m.machine(), s);
            List<Long> at = new ArrayList<>();
            m.irqEntry((irq, cpu) -> {
                if (irq == s.irq) at.add(m.machine().now());
            });
            d.setCoalescing(threshold, timeNs);
            assertEquals(threshold, d.coalescingThreshold());
            assertEquals(timeNs, d.coalescingTimeNs());
            for (int t = 0; t < n; t++) assertEquals(0, submit(m, d, DiskCommand.read(t, t, 1, new byte[512], t)));
            m.kernel().runUntilIdle(1_000_000_000L);
            assertEquals(n, reapAll(m, d).size(), "coalescing delays the interrupt, never a completion");
            return at;
        }
    }

    @Test
    void coalescing_off_everyCompletionInterrupts() {
        assertEquals(8, interruptsFor(1, 0, 8).size());
    }

    @Test
    void coalescing_threshold_oneInterruptPerThresholdCompletions_andTheTimerSignalsTheRest() {
        List<Long> every = interruptsFor(1, 0, 10);
        List<Long> coalesced = interruptsFor(4, 10_000_000, 10);
        assertEquals(3, coalesced.size(), "completions 4 and 8 reach the threshold; the timer signals 9 and 10: " + coalesced);
        assertEquals(every.get(3), coalesced.get(0), "raised at the 4th completion");
        assertEquals(every.get(7), coalesced.get(1), "raised at the 8th completion");
        assertEquals(every.get(8) + 10_000_000, coalesced.get(2), "the aggregation time runs from the first completion not yet signalled");
    }

    @Test
    void coalescing_time_bounds_theDelay() {
        List<Long> every = interruptsFor(1, 0, 3);
        long gap = every.get(1) - every.get(0);
        List<Long> timed = interruptsFor(256, gap / 2, 3);
        assertEquals(List.of(every.get(0) + gap / 2, every.get(1) + gap / 2, every.get(2) + gap / 2), timed,
                "each completion is signalled at most the aggregation time after it was posted");
    }

    @Test
    void coalescing_badArguments_nameTheField_andAReset_turnsItOff() {
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), ssd());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.setCoalescing(0, 0)).getMessage().contains("threshold 0"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.setCoalescing(257, 0)).getMessage().contains("threshold 257"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.setCoalescing(8, -1)).getMessage().contains("timeNs -1"));
            d.setCoalescing(8, 100_000);
            m.addListener(d);
            m.kernel().reset();
            m.kernel().run(0);
            assertEquals(1, d.coalescingThreshold(), "a power cycle restores the default, as an NVMe controller reset does");
            assertEquals(0, d.coalescingTimeNs());
        }
    }

    // ---- tags ---------------------------------------------------------------------------------

    @Test
    void submit_tagBusyOrOutOfRange_returnsErrno_andTheTagFreesOnlyWhenReaped() {
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), ssd());
            byte[] buf = new byte[512];
            assertEquals(-Errno.EINVAL, submit(m, d, DiskCommand.read(-1, 0, 1, buf, 0)));
            assertEquals(-Errno.EINVAL, submit(m, d, DiskCommand.read(32, 0, 1, buf, 0)));
            assertEquals(0, submit(m, d, DiskCommand.read(31, 0, 1, buf, 0)));
            assertEquals(-Errno.EBUSY, submit(m, d, DiskCommand.read(31, 1, 1, buf, 0)), "in flight");
            m.kernel().runUntilIdle(1_000_000_000L);
            assertEquals(-Errno.EBUSY, submit(m, d, DiskCommand.read(31, 1, 1, buf, 0)), "completed, not reaped");
            assertEquals(1, reapAll(m, d).size());
            assertEquals(0, submit(m, d, DiskCommand.read(31, 1, 1, buf, 0)), "reaped: free again");
            assertEquals(1, d.stats().inFlight);
        }
    }

    @Test
    void submit_pastTheLastSector_throwsNamingTheRange() {
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), ssd());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.submit(DiskCommand.read(0, 4090, 8, new byte[8 * 512], 0)));
            assertTrue(e.getMessage().contains("sector 4090 count 8 runs past the end of disk0 (4096 sectors)"), e.getMessage());
        }
    }

    @Test
    void command_malformed_throwsNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DiskCommand.read(0, 0, 2, new byte[512], 0))
                .getMessage().contains("buffer of 512 bytes is too small for count 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DiskCommand.read(0, 0, 0, new byte[512], 0))
                .getMessage().startsWith("count 0 is out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DiskCommand(0, DiskOp.FLUSH, 3, 0, null, 0))
                .getMessage().contains("sector 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DiskCommand(0, null, 0, 1, new byte[512], 0))
                .getMessage().startsWith("op must not be null"));
    }

    // ---- latency -----------------------------------------------------------------------------

    @Test
    void ssd_withoutJitter_completesAtTheFormulasInstants_onTheChannelThatFreesFirst() {
        DiskSettings s = ssd();
        s.ssdChannels = 2;
        try (StandaloneMachine m = machine(1, 1)) {
            List<Long> irqs = new ArrayList<>();
            m.irqEntry((irq, cpu) -> irqs.add(m.kernel().now()));
            DiskModel d = new DiskModel(m.machine(), s);
            long read8 = s.ssdReadNs + 8 * s.ssdSectorNs;
            long write1 = s.ssdWriteNs + s.ssdSectorNs;
            // three commands at t=0 on two channels: the third waits for the first channel to free
            sim(m, () -> {
                d.submit(DiskCommand.read(0, 0, 8, new byte[8 * 512], 0));
                d.submit(DiskCommand.write(1, 8, 1, new byte[512], 0));
                return d.submit(DiskCommand.read(2, 16, 8, new byte[8 * 512], 0));
            });
            long[] due = d.inFlight().stream().mapToLong(c -> c.dueNs).toArray();
            // channel 1 (the write) frees at write1 < read8, so the third read goes there
            assertArrayEquals(new long[] {read8, write1, write1 + read8}, due);
            m.kernel().runUntilIdle(1_000_000_000L);
            assertEquals(List.of(write1, read8, write1 + read8), irqs, "one interrupt per completion, at its instant");
            // a flush on an idle device
            long t0 = m.machine().now();
            submit(m, d, DiskCommand.flush(5, 0));
            assertEquals(t0 + s.ssdFlushNs, d.inFlight().get(0).dueNs);
        }
    }

    private static List<Long> ssdDueTimes(Path dir, long seed, int n) {
        DiskSettings s = DiskSettings.defaults();
        s.image = dir.resolve("j.img").toString();
        s.capacitySectors = 4096;
        s.ssdChannels = 1;
        try (StandaloneMachine m = machine(1, seed)) {
            DiskModel d = new DiskModel(m.machine(), s);
            sim(m, () -> {
                for (int t = 0; t < n; t++) d.submit(DiskCommand.read(t, t, 1, new byte[512], 0));
                return null;
            });
            return d.inFlight().stream().map(c -> c.dueNs).toList();
        }
    }

    @Test
    void ssd_jitter_isTheSeededStreamsDraws_sameSeedSameTimes_otherSeedOtherTimes() {
        DiskSettings s = DiskSettings.defaults();
        long service = s.ssdReadNs + s.ssdSectorNs;
        List<Long> expected = new ArrayList<>();
        try (StandaloneMachine m = machine(1, 42)) {
            var jitter = m.machine().random("disk.disk0.jitter");
            long t = 0;
            for (int i = 0; i < 6; i++) {
                t += service + jitter.nextLong(s.ssdJitterNs + 1); // one channel: each starts when the last ends
                expected.add(t);
            }
        }
        List<Long> seed42 = ssdDueTimes(dir, 42, 6);
        assertEquals(expected, seed42);
        assertEquals(seed42, ssdDueTimes(dir, 42, 6));
        assertNotEquals(seed42, ssdDueTimes(dir, 43, 6));
    }

    @Test
    void hdd_servesInSubmissionOrder_withSeekRotationAndTransferFromTheFormula() {
        DiskSettings s = ssd();
        s.model = "hdd";
        s.capacitySectors = 1_000_000;
        try (StandaloneMachine m = machine(1, 5)) {
            List<Long> irqs = new ArrayList<>();
            m.irqEntry((irq, cpu) -> irqs.add(m.kernel().now()));
            long period = 60_000_000_000L / s.hddRpm;                               // 8_333_333 ns per turn
            long perTrack = s.hddTransferBytesPerS * period / 512 / 1_000_000_000L; // 2034 sectors per track
            long tracks = (s.capacitySectors + perTrack - 1) / perTrack;
            long phase = m.machine().random("disk.disk0.spindle").nextLong(period);
            assertEquals(8_333_333L, period);
            assertEquals(2034L, perTrack);
            DiskModel d = new DiskModel(m.machine(), s);
            long far = 900_000;
            sim(m, () -> {
                d.submit(DiskCommand.read(0, 100, 8, new byte[8 * 512], 0));      // track 0: no seek
                d.submit(DiskCommand.read(1, far, 8, new byte[8 * 512], 0));      // far away
                d.submit(DiskCommand.read(2, 108, 8, new byte[8 * 512], 0));      // back next to the first
                return d.submit(DiskCommand.flush(3, 0));
            });
            // A: head on track 0, waits for sector 100 to come round, then 8 sectors pass
            long waitA = Math.floorMod(100 * period / perTrack - phase, period);
            long a = waitA + (108 * period / perTrack - 100 * period / perTrack);
            // B: starts when A ends, seeks |far/perTrack - 0| tracks
            long distB = far / perTrack;
            long seekB = s.hddTrackToTrackNs + (s.hddFullStrokeNs - s.hddTrackToTrackNs) * distB / tracks;
            long firstB = far % perTrack;
            long waitB = Math.floorMod(firstB * period / perTrack - (a + seekB + phase), period);
            long b = a + seekB + waitB + ((firstB + 8) * period / perTrack - firstB * period / perTrack);
            // C: seeks back the same distance (from B's track to track 0)
            long seekC = s.hddTrackToTrackNs + (s.hddFullStrokeNs - s.hddTrackToTrackNs) * (far + 7) / perTrack / tracks;
            long waitC = Math.floorMod(108 * period / perTrack - (b + seekC + phase), period);
            long c = b + seekC + waitC + (116 * period / perTrack - 108 * period / perTrack);
            assertArrayEquals(new long[] {a, b, c, c}, d.inFlight().stream().mapToLong(x -> x.dueNs).toArray());
            assertTrue(seekB > 16_000_000 && seekB < 23_900_000, "a long seek: " + seekB);
            m.kernel().runUntilIdle(1_000_000_000L);
            // the flush completes at C's instant: two raises of one line at one instant are one
            // pending interrupt, which finds both completions posted
            assertEquals(List.of(a, b, c), irqs);
            assertEquals(4, d.completed().size());
        }
    }

    @Test
    void hdd_sequentialCommandOnTheSameTrack_followsWithNoRotationalWait() {
        DiskSettings s = ssd();
        s.model = "hdd";
        try (StandaloneMachine m = machine(1, 9)) {
            DiskModel d = new DiskModel(m.machine(), s);
            sim(m, () -> {
                d.submit(DiskCommand.read(0, 10, 4, new byte[4 * 512], 0));
                return d.submit(DiskCommand.read(1, 14, 4, new byte[4 * 512], 0));
            });
            long period = 60_000_000_000L / s.hddRpm;
            long perTrack = s.hddTransferBytesPerS * period / 512 / 1_000_000_000L;
            List<DiskCommandDTO> q = d.inFlight();
            assertEquals(18 * period / perTrack - 14 * period / perTrack, q.get(1).dueNs - q.get(0).dueNs);
        }
    }

    // ---- media errors ------------------------------------------------------------------------

    @Test
    void badSector_failsTheCommandWithMediaError_andNothingIsTransferred() {
        DiskSettings s = ssd();
        s.badSectors = new long[] {50};
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), s);
            byte[] old = pattern(4, 1);
            assertEquals(DiskStatus.OK, writeAndReap(m, d, 0, 60, old).status);
            sim(m, () -> { d.setBadSector(62, true); return null; });
            assertArrayEquals(new long[] {50, 62}, d.badSectors());

            DiskCommandDTO w = writeAndReap(m, d, 1, 60, pattern(4, 2));
            assertEquals(DiskStatus.MEDIA_ERROR, w.status);
            assertEquals("uncorrectable media error at sector 62", w.error);

            byte[] buf = new byte[8 * 512];
            Arrays.fill(buf, (byte) 0x55);
            submit(m, d, DiskCommand.read(2, 48, 8, buf, 0));
            DiskCommandDTO r = drain(m, d).get(0);
            assertEquals(DiskStatus.MEDIA_ERROR, r.status);
            assertEquals("uncorrectable media error at sector 50", r.error, "the first bad sector the command touches");
            byte[] untouched = new byte[8 * 512];
            Arrays.fill(untouched, (byte) 0x55);
            assertArrayEquals(untouched, buf, "a failed read transfers nothing");

            sim(m, () -> { d.setBadSector(62, false); return null; });
            assertArrayEquals(old, read(m, d, 3, 60, 4), "a failed write left the old contents");
            DiskStatsDTO st = d.stats();
            assertEquals(2, st.mediaErrors);
            assertEquals(2, st.readsCompleted);
            assertEquals(4, st.sectorsRead, "only the successful read's sectors");
            assertEquals(2, st.writesCompleted);
            assertEquals(4, st.sectorsWritten);
            assertThrows(IllegalArgumentException.class, () -> d.setBadSector(4096, true));
        }
    }

    // ---- ownership: no driver ------------------------------------------------------------------

    @Test
    void noDriver_commandsStillComplete_andWaitPostedForTheNextDriverToListAndReap() {
        DiskSettings s = ssd();
        s.ssdChannels = 1;
        try (StandaloneMachine m = machine(2, 1)) {
            // no interrupt handler at all: the line is raised and nobody listens
            DiskModel d = new DiskModel(m.machine(), s);
            long one = s.ssdWriteNs + s.ssdSectorNs;
            sim(m, () -> {
                for (int t = 0; t < 4; t++) d.submit(DiskCommand.write(t, t, 1, pattern(1, t), 1000 + t));
                return null;
            });
            m.kernel().run(2 * one + one / 2);
            // a driver binding now sees two completed and two in flight
            assertEquals(List.of(1000L, 1001L), d.completed().stream().map(c -> c.cookie).toList());
            assertTrue(d.completed().stream().allMatch(c -> c.completed && c.status == DiskStatus.OK));
            assertEquals(List.of(1002L, 1003L), d.inFlight().stream().map(c -> c.cookie).toList());
            assertTrue(d.inFlight().stream().allMatch(c -> !c.completed && c.status == null));
            m.kernel().runUntilIdle(1_000_000_000L);
            assertTrue(d.inFlight().isEmpty());
            assertEquals(4, d.stats().unreaped);
            assertEquals(-Errno.EBUSY, submit(m, d, DiskCommand.read(0, 0, 1, new byte[512], 0)), "unreaped: the tag stays busy");
            List<DiskCommandDTO> first = sim(m, () -> d.reap(3));
            assertEquals(List.of(1000L, 1001L, 1002L), first.stream().map(c -> c.cookie).toList());
            assertEquals(List.of(one, 2 * one, 3 * one), first.stream().map(c -> c.dueNs).toList());
            assertEquals(List.of(1003L), reapAll(m, d).stream().map(c -> c.cookie).toList());
            assertTrue(reapAll(m, d).isEmpty(), "nothing reaped twice");
            for (int t = 0; t < 4; t++) assertArrayEquals(pattern(1, t), read(m, d, t, t, 1));
        }
    }

    @Test
    void interrupt_raisedOnceForEachCompletion_onTheConfiguredLineAndCpu() {
        DiskSettings s = ssd();
        s.irq = 11;
        s.irqCpu = 1;
        try (StandaloneMachine m = machine(2, 1)) {
            List<String> seen = new ArrayList<>();
            m.irqEntry((irq, cpu) -> seen.add(irq + "@" + cpu));
            DiskModel d = new DiskModel(m.machine(), s);
            sim(m, () -> {
                d.submit(DiskCommand.read(0, 0, 1, new byte[512], 0));
                d.submit(DiskCommand.read(1, 1, 2, new byte[1024], 0));
                return d.submit(DiskCommand.flush(2, 0));
            });
            m.kernel().runUntilIdle(1_000_000_000L);
            assertEquals(List.of("11@1", "11@1", "11@1"), seen);
        }
    }

    // ---- counters ----------------------------------------------------------------------------

    @Test
    void stats_countBusyAndWeightedTime_inVirtualNs() {
        DiskSettings s = ssd();
        s.ssdChannels = 1;
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), s);
            long r = s.ssdReadNs + s.ssdSectorNs;
            sim(m, () -> {
                d.submit(DiskCommand.read(0, 0, 1, new byte[512], 0));
                return d.submit(DiskCommand.read(1, 1, 1, new byte[512], 0));
            });
            m.kernel().run(r);
            DiskStatsDTO mid = sim(m, d::stats);
            assertEquals(1, mid.readsCompleted);
            assertEquals(1, mid.inFlight);
            assertEquals(r, mid.busyNs);
            assertEquals(2 * r, mid.weightedNs, "the done one's r, plus r so far for the one in flight");
            m.kernel().runUntilIdle(1_000_000_000L);
            m.kernel().run(1_000_000); // idle time does not count as busy
            DiskStatsDTO end = d.stats();
            assertEquals(2, end.readsCompleted);
            assertEquals(2, end.sectorsRead);
            assertEquals(2 * r, end.busyNs);
            assertEquals(r + 2 * r, end.weightedNs);
            assertEquals(r + 2 * r, end.readNs);
            assertEquals(0, end.inFlight);
            assertEquals(2, end.unreaped);
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    @Test
    void reset_dropsTheQueueAndCounters_keepsTheMedium() {
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), ssd());
            m.addListener(d);
            byte[] data = pattern(2, 3);
            writeAndReap(m, d, 0, 7, data);
            submit(m, d, DiskCommand.read(1, 0, 1, new byte[512], 0));
            m.kernel().reset();
            assertTrue(d.inFlight().isEmpty());
            assertTrue(d.completed().isEmpty());
            assertEquals(0, d.stats().writesCompleted);
            assertEquals(0, submit(m, d, DiskCommand.read(1, 0, 1, new byte[512], 0)), "tag 1 is free after the reset");
            drain(m, d);
            assertArrayEquals(data, read(m, d, 2, 7, 2));
        }
    }

    @Test
    void deactivate_dropsWhatIsInFlight_andRefusesNewCommands() {
        try (StandaloneMachine m = machine(1, 1)) {
            List<Long> irqs = new ArrayList<>();
            m.irqEntry((irq, cpu) -> irqs.add(m.kernel().now()));
            DiskModel d = new DiskModel(m.machine(), ssd());
            submit(m, d, DiskCommand.read(0, 0, 1, new byte[512], 0));
            d.deactivate();
            m.kernel().runUntilIdle(1_000_000_000L);
            assertTrue(irqs.isEmpty(), "no completion after the model went away");
            assertTrue(d.inFlight().isEmpty());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.submit(DiskCommand.flush(0, 0)));
            assertEquals("disk0 is gone: its model was deactivated", e.getMessage());
        }
    }

    // ---- configuration -----------------------------------------------------------------------

    @Test
    void settings_badValues_areRefusedNamingTheField() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        try (StandaloneMachine m = machine(2, 1)) {
            DiskSettings s = ssd();
            s.image = file.resolve("disk.img").toString();
            assertTrue(refused(m, s).startsWith("image '" + s.image + "'"), refused(m, s));
            s = ssd();
            s.image = dir.toString();
            assertTrue(refused(m, s).contains("is a directory"), refused(m, s));
            s = ssd();
            s.image = " ";
            assertTrue(refused(m, s).startsWith("image ' ' is not a file path"), refused(m, s));
            s = ssd();
            s.capacitySectors = 0;
            assertTrue(refused(m, s).startsWith("capacity.sectors 0 "), refused(m, s));
            s = ssd();
            s.model = "floppy";
            assertEquals("model 'floppy' is not a latency model; use ssd or hdd", refused(m, s));
            s = ssd();
            s.irqCpu = 2;
            assertEquals("irq.cpu 2 does not exist; CPUs are 0..1", refused(m, s));
            s = ssd();
            s.badSectors = new long[] {4096};
            assertTrue(refused(m, s).startsWith("bad.sectors holds 4096"), refused(m, s));
            s = ssd();
            s.hddFullStrokeNs = 1;
            assertEquals("hdd.full.stroke.ns 1 must be at least 800000", refused(m, s));
        }
    }

    @Test
    void image_smallerThanTheDisk_isExtendedKeepingItsSectors() throws Exception {
        DiskSettings s = ssd();
        byte[] first = pattern(1, 9);
        Files.write(Path.of(s.image), first);
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), s);
            assertArrayEquals(first, read(m, d, 0, 0, 1));
            assertArrayEquals(new byte[512], read(m, d, 0, 4095, 1), "the extension reads as zeros");
            assertEquals(4096L * 512, Files.size(Path.of(s.image)));
        }
    }

    @Test
    void image_largerThanTheDisk_isRefusedAtFirstUseNamingCapacity() throws Exception {
        DiskSettings s = ssd();
        Files.write(Path.of(s.image), new byte[4097 * 512]);
        try (StandaloneMachine m = machine(1, 1)) {
            DiskModel d = new DiskModel(m.machine(), s);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.submit(DiskCommand.flush(0, 0)));
            assertTrue(e.getMessage().contains("more than capacity.sectors 4096"), e.getMessage());
            assertTrue(d.inFlight().isEmpty(), "a refused command is not queued");
        }
    }

    @Test
    void settings_defaults_areTheConfigAnnotations_andPassTheirOwnChecks() {
        DiskSettings s = DiskSettings.defaults();
        assertEquals("disk0", s.name);
        assertEquals(14, s.irq);
        assertEquals(2_097_152L, s.capacitySectors);
        assertEquals("ssd", s.model);
        assertEquals(0, s.badSectors.length);
        assertEquals("", s.image);
        assertEquals(Path.of(".kernel/disk0.img").toAbsolutePath().normalize(), s.check(2), "named after the disk, relative to the working directory");
        assertFalse(Files.exists(s.check(2)), "checking does not create the image");
        s.name = "disk1";
        assertEquals(Path.of(".kernel/disk1.img").toAbsolutePath().normalize(), s.check(2), "another disk, another image");
        assertEquals(2034, Latency.Rotating.sectorsPerTrack(s), "125 MB/s at 7200 rpm");
    }

    private static String refused(StandaloneMachine m, DiskSettings s) {
        return assertThrows(IllegalArgumentException.class, () -> new DiskModel(m.machine(), s)).getMessage();
    }
}
