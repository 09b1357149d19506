package org.kernellab.api.vm.dto;

/** A process's memory counters (struct mm_struct, the task's min_flt/maj_flt), in pages unless said. */
public class MmStatsDTO {
    public int pid;
    public String comm;
    /** total_vm and hiwater_vm (VmSize, VmPeak). */
    public long totalVm;
    public long hiwaterVm;
    /** MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES (RssAnon, RssFile, RssShmem). */
    public long rssAnon;
    public long rssFile;
    public long rssShmem;
    /** hiwater_rss (VmHWM). */
    public long hiwaterRss;
    public long dataVm;
    public long stackVm;
    public long execVm;
    /** mm_pgtables_bytes(): the page tables below the PGD. */
    public long pgtablesBytes;
    /** The task's min_flt and maj_flt. */
    public long minFlt;
    public long majFlt;
    public int oomScoreAdj;
    public int mapCount;
}
