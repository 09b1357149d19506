package org.kernellab.api.vm.dto;

/** One VMA, as a line of /proc/pid/maps. */
public class VmaDTO {
    public long start;
    public long end;
    /** "rwxp" / "rw-s": read, write, exec, and p(rivate) or s(hared). */
    public String perms;
    /** The file offset in bytes (pgoff << PAGE_SHIFT). */
    public long offset;
    public long inode;
    /** The file's path, {@code [heap]}, {@code [stack]}, or empty for an anonymous mapping. */
    public String name;
}
