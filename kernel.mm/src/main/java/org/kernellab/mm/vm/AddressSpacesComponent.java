package org.kernellab.mm.vm;

import java.util.List;

import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.VmFile;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.kernellab.api.vm.dto.PteDTO;
import org.kernellab.api.vm.dto.VmaDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link AddressSpaces} as its own service (the core republishes it behind the boundary), served by {@link VmService}. */
@Component(service = AddressSpaces.class)
public final class AddressSpacesComponent implements AddressSpaces {
    private final VmService vm;

    @Activate
    public AddressSpacesComponent(@Reference VmService vm) {
        this.vm = vm;
    }

    @Override
    public long mmap(long addr, long length, int prot, int flags, VmFile file, long offset) {
        return vm.mmap(addr, length, prot, flags, file, offset);
    }

    @Override
    public int munmap(long addr, long length) {
        return vm.munmap(addr, length);
    }

    @Override
    public int mprotect(long addr, long length, int prot) {
        return vm.mprotect(addr, length, prot);
    }

    @Override
    public long brk(long brk) {
        return vm.brk(brk);
    }

    @Override
    public Task fork(TaskSpec spec, TaskBody body) {
        return vm.fork(spec, body);
    }

    @Override
    public void load(long addr, byte[] dst, int off, int len) {
        vm.load(addr, dst, off, len);
    }

    @Override
    public void store(long addr, byte[] src, int off, int len) {
        vm.store(addr, src, off, len);
    }

    @Override
    public void touch(long addr, long len, boolean write) {
        vm.touch(addr, len, write);
    }

    @Override
    public int setOomScoreAdj(int pid, int adj) {
        return vm.setOomScoreAdj(pid, adj);
    }

    @Override
    public MmStatsDTO stats(int pid) {
        return vm.stats(pid);
    }

    @Override
    public List<VmaDTO> maps(int pid) {
        return vm.maps(pid);
    }

    @Override
    public List<PteDTO> pagemap(int pid) {
        return vm.pagemap(pid);
    }

    @Override
    public String procMaps(int pid) {
        return vm.procMaps(pid);
    }

    @Override
    public String procStatus(int pid) {
        return vm.procStatus(pid);
    }
}
