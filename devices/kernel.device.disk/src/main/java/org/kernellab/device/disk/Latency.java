package org.kernellab.device.disk;

import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.disk.DiskOp;

/**
 * When the device completes a command. Both models decide it when the command is submitted,
 * since neither lets a later command overtake an earlier one's service: the SSD puts each
 * command on the channel that frees first, the rotating disk serves one command at a time in
 * submission order. The formulas are in docs/disk.md; the tests recompute them.
 */
interface Latency {
    /** The completion instant of a command submitted at {@code now}; books the device's time for it. */
    long due(long now, DiskOp op, long sector, int count);

    /** The random stream of a model: {@code disk.<name>.<what>}. */
    static String stream(String disk, String what) {
        return "disk." + disk + "." + what;
    }

    static Latency of(DiskSettings s, Machine machine) {
        return s.model.equals("hdd")
                ? new Rotating(s, machine.random(stream(s.name, "spindle")).nextLong(Rotating.periodNs(s.hddRpm)))
                : new Ssd(s, machine.random(stream(s.name, "jitter")));
    }

    /**
     * An SSD: {@code ssd_channels} commands proceed in parallel. A command takes the channel
     * that frees first (the lowest-numbered on a tie), starts when it is free, and takes
     * base(op) + count * ssd_sector_ns + jitter, the jitter being the next draw of
     * {@code nextLong(ssd_jitter_ns + 1)} from the stream {@code disk.<name>.jitter}.
     */
    final class Ssd implements Latency {
        private final DiskSettings s;
        private final java.util.SplittableRandom jitter;
        private final long[] freeAt;

        Ssd(DiskSettings s, java.util.SplittableRandom jitter) {
            this.s = s;
            this.jitter = jitter;
            this.freeAt = new long[s.ssdChannels];
        }

        @Override
        public long due(long now, DiskOp op, long sector, int count) {
            int ch = 0;
            for (int i = 1; i < freeAt.length; i++) if (freeAt[i] < freeAt[ch]) ch = i;
            long base = switch (op) {
                case READ -> s.ssdReadNs;
                case WRITE -> s.ssdWriteNs;
                case FLUSH -> s.ssdFlushNs;
            };
            long j = s.ssdJitterNs == 0 ? 0 : jitter.nextLong(s.ssdJitterNs + 1);
            long done = Math.max(now, freeAt[ch]) + base + count * s.ssdSectorNs + j;
            freeAt[ch] = done;
            return done;
        }
    }

    /**
     * A rotating disk, one command at a time in submission order (no reordering). The platter
     * turns once every P = 60e9 / hdd_rpm ns and holds S = hdd_transfer_bytes_per_s * P / 512e9
     * sectors per track; sector n is on track n / S at angle (n % S) * P / S ns past the index
     * mark. The spindle's phase at time 0 is drawn from the stream {@code disk.<name>.spindle}.
     * A command starts when the previous one completes (or at submission), seeks
     * 0 (same track) or hdd_track_to_track_ns + (hdd_full_stroke_ns - hdd_track_to_track_ns)
     * * distance / tracks, waits for its first sector to come under the head, and transfers
     * until its last sector has passed. A FLUSH moves nothing: it completes when the commands
     * before it have.
     */
    final class Rotating implements Latency {
        private final DiskSettings s;
        private final long period;
        private final long perTrack;
        private final long tracks;
        private final long phase;
        private long headTrack;
        private long freeAt;

        static long periodNs(int rpm) {
            return 60_000_000_000L / rpm;
        }

        static long sectorsPerTrack(DiskSettings s) {
            return Math.max(1, Math.multiplyExact(s.hddTransferBytesPerS, periodNs(s.hddRpm)) / (512L * 1_000_000_000L));
        }

        Rotating(DiskSettings s, long phase) {
            this.s = s;
            this.period = periodNs(s.hddRpm);
            this.perTrack = sectorsPerTrack(s);
            this.tracks = (s.capacitySectors + perTrack - 1) / perTrack;
            this.phase = phase;
        }

        @Override
        public long due(long now, DiskOp op, long sector, int count) {
            long start = Math.max(now, freeAt);
            if (op == DiskOp.FLUSH) return freeAt = start;
            long track = sector / perTrack;
            long distance = Math.abs(track - headTrack);
            long seek = distance == 0 ? 0
                    : s.hddTrackToTrackNs + Math.multiplyExact(s.hddFullStrokeNs - s.hddTrackToTrackNs, distance) / tracks;
            long atTrack = start + seek;
            long first = sector % perTrack;
            long wait = Math.floorMod(angle(first) - (atTrack + phase), period);
            // the transfer ends as the last sector's trailing edge passes: exact, so the next sector is due at once
            long transfer = angle(first + count) - angle(first);
            headTrack = (sector + count - 1) / perTrack;
            return freeAt = atTrack + wait + transfer;
        }

        /** Where sector index {@code i} of a track begins, in ns past the index mark ({@code i} may exceed a track). */
        private long angle(long i) {
            return Math.multiplyExact(i, period) / perTrack;
        }
    }
}
