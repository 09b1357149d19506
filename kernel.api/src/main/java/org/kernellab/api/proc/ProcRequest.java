package org.kernellab.api.proc;

/**
 * What procfs asks an entry for: {@code path} relative to the entry's mount point, segments
 * joined by {@code '/'} with no leading or trailing slash ({@code ""} is the mount point
 * itself), and {@code pid}, the task whose directory holds the entry, or -1 for an entry
 * outside the pid directories.
 */
public record ProcRequest(String path, int pid) {
    public ProcRequest {
        if (path == null) throw new IllegalArgumentException("path must not be null");
        if (path.startsWith("/") || path.endsWith("/")) throw new IllegalArgumentException("path \"" + path + "\" must be relative, with no trailing '/'");
    }

    /** A request outside the pid directories. */
    public static ProcRequest of(String path) {
        return new ProcRequest(path, -1);
    }

    /** True for the mount point itself. */
    public boolean isRoot() {
        return path.isEmpty();
    }

    /** The path's segments; none for the mount point. */
    public String[] segments() {
        return path.isEmpty() ? new String[0] : path.split("/");
    }
}
