package org.kernellab.mm.impl;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.kernellab.api.mm.PageAllocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/buddyinfo (mm/vmstat.c frag_show), rendered by the page allocator. */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=buddyinfo")
public final class BuddyinfoProcEntry extends ProcFile {
    @Activate
    public BuddyinfoProcEntry(@Reference PageAllocator pages) {
        super(pages::procBuddyinfo);
    }
}
