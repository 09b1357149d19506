package org.kernellab.mm.vm;

import java.util.function.IntFunction;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcRequest;

/** A file in every task's /proc directory whose text the address-space service renders for the pid. */
abstract class PidView implements ProcEntry {
    private final IntFunction<String> text;

    PidView(IntFunction<String> text) {
        this.text = text;
    }

    @Override
    public final String read(ProcRequest at) {
        return at.isRoot() ? text.apply(at.pid()) : null;
    }
}
