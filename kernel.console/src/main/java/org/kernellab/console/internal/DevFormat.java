package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.console.dto.BlkStatDTO;
import org.kernellab.console.dto.DeviceDTO;
import org.kernellab.console.dto.DriverSwapDTO;
import org.kernellab.console.dto.IostatDTO;

/** Text for the dev: and blk: commands' DTOs. Pure functions, so each is unit-tested. */
final class DevFormat {
    private DevFormat() {}

    /**
     * iostat -x's header (sysstat 12.6) and the width each column takes in it, the separating
     * spaces included: the device name is {@code %-13s}, each value right-aligned to its header.
     */
    static final String[] IOSTAT_COLUMNS = {
        "r/s", "rkB/s", "rrqm/s", "%rrqm", "r_await", "rareq-sz",
        "w/s", "wkB/s", "wrqm/s", "%wrqm", "w_await", "wareq-sz",
        "d/s", "dkB/s", "drqm/s", "%drqm", "d_await", "dareq-sz",
        "f/s", "f_await", "aqu-sz", "%util"};
    static final int[] IOSTAT_WIDTHS = {8, 10, 9, 7, 8, 9, 8, 10, 9, 7, 8, 9, 8, 10, 9, 7, 8, 9, 8, 8, 8, 7};
    static final int DEVICE_WIDTH = 13;

    /** The dev:list table: one aligned row per device and driver, {@code -} where there is nothing. */
    static String devices(DeviceDTO[] devices) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Device", "Type", "IRQ", "Handlers", "Model", "Driver", "Id", "Version", "State"});
        for (DeviceDTO d : devices) {
            rows.add(new String[] {
                dash(d.name), dash(d.type), d.irq < 0 ? "-" : Integer.toString(d.irq),
                d.handlers == null || d.handlers.length == 0 ? "-" : String.join(",", d.handlers),
                d.model == null ? "-" : d.model + " " + d.modelVersion,
                dash(d.driver), d.driverId < 0 ? "-" : Long.toString(d.driverId), dash(d.driverVersion), dash(d.state)});
        }
        return ConsoleFormat.table(rows, false);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    static String swap(DriverSwapDTO s) {
        return s.device + ": " + s.bundle + " (bundle " + s.bundleId + ") updated from " + s.oldVersion + " to " + s.newVersion
            + " from \"" + s.jar + "\", and bound to " + s.device + " again";
    }

    /** A line saying which interval of virtual time the report covers, a blank line, then iostat -x's table. */
    static String blkstat(BlkStatDTO r) {
        StringBuilder sb = new StringBuilder();
        sb.append("I/O over ").append(Durations.seconds(r.toNs - r.fromNs)).append(" of virtual time, ")
            .append(r.sinceBoot ? "since boot" : "since the previous blk:stat at " + Durations.seconds(r.fromNs))
            .append(" (now ").append(Durations.seconds(r.toNs)).append(")\n\n");
        sb.append(String.format("%-" + DEVICE_WIDTH + "s", "Device"));
        for (int i = 0; i < IOSTAT_COLUMNS.length; i++) sb.append(String.format("%" + IOSTAT_WIDTHS[i] + "s", IOSTAT_COLUMNS[i]));
        for (IostatDTO d : r.disks) {
            sb.append('\n').append(String.format("%-" + DEVICE_WIDTH + "s", d.device));
            double[] v = values(d);
            for (int i = 0; i < v.length; i++) sb.append(String.format("%" + IOSTAT_WIDTHS[i] + ".2f", v[i]));
        }
        return sb.toString();
    }

    static double[] values(IostatDTO d) {
        return new double[] {
            d.rPerSec, d.rkBPerSec, d.rrqmPerSec, d.rrqmPct, d.rAwait, d.rareqSz,
            d.wPerSec, d.wkBPerSec, d.wrqmPerSec, d.wrqmPct, d.wAwait, d.wareqSz,
            d.dPerSec, d.dkBPerSec, d.drqmPerSec, d.drqmPct, d.dAwait, d.dareqSz,
            d.fPerSec, d.fAwait, d.aquSz, d.util};
    }
}
