package org.kernellab.mm.vm;

import org.kernellab.api.vm.Uaccess;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link Uaccess} as its own service (the core republishes it behind the boundary), served by {@link VmService}. */
@Component(service = Uaccess.class)
public final class UaccessComponent implements Uaccess {
    private final VmService vm;

    @Activate
    public UaccessComponent(@Reference VmService vm) {
        this.vm = vm;
    }

    @Override
    public boolean accessOk(long addr, long size) {
        return vm.accessOk(addr, size);
    }

    @Override
    public long copyFromUser(byte[] to, int off, long from, int n) {
        return vm.copyFromUser(to, off, from, n);
    }

    @Override
    public long copyToUser(long to, byte[] from, int off, int n) {
        return vm.copyToUser(to, from, off, n);
    }

    @Override
    public int getUser(long[] val, long addr, int size) {
        return vm.getUser(val, addr, size);
    }

    @Override
    public int putUser(long value, long addr, int size) {
        return vm.putUser(value, addr, size);
    }

    @Override
    public long strncpyFromUser(byte[] dst, long src, int count) {
        return vm.strncpyFromUser(dst, src, count);
    }

    @Override
    public void pagefaultDisable() {
        vm.pagefaultDisable();
    }

    @Override
    public void pagefaultEnable() {
        vm.pagefaultEnable();
    }

    @Override
    public boolean pagefaultDisabled() {
        return vm.pagefaultDisabled();
    }

    @Override
    public long pageAddress(long pfn) {
        return vm.pageAddress(pfn);
    }

    @Override
    public void kernelRead(long kaddr, byte[] dst, int off, int len) {
        vm.kernelRead(kaddr, dst, off, len);
    }

    @Override
    public void kernelWrite(long kaddr, byte[] src, int off, int len) {
        vm.kernelWrite(kaddr, src, off, len);
    }
}
