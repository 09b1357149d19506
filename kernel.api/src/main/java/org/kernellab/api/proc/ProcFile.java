package org.kernellab.api.proc;

import java.util.function.Supplier;

/**
 * A {@link ProcEntry} that is one file: its text comes from {@code text}, called by procfs with
 * the machine held still. The usual base of an entry component:
 *
 * <pre>{@code
 * @Component(service = ProcEntry.class, property = ProcEntry.PATH + "=softirqs")
 * public final class SoftirqsProcEntry extends ProcFile {
 *     @Activate
 *     public SoftirqsProcEntry(@Reference Softirqs softirqs) {
 *         super(softirqs::procSoftirqs);
 *     }
 * }
 * }</pre>
 */
public abstract class ProcFile implements ProcEntry {
    private final Supplier<String> text;

    protected ProcFile(Supplier<String> text) {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        this.text = text;
    }

    /** The file's text for the mount point itself; nothing below it. */
    @Override
    public final String read(ProcRequest at) {
        return at.isRoot() ? text.get() : null;
    }
}
