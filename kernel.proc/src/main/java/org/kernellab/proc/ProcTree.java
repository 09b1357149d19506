package org.kernellab.proc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.kernellab.api.Errno;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcException;
import org.kernellab.api.proc.ProcRequest;

/**
 * The simulated /proc: the mounted entries and path resolution, as fs/proc/root.c and
 * fs/proc/base.c arrange it. The root holds every entry's first segment and one directory per
 * live task; an entry mounted at {@code {pid}/name} appears in every task's directory.
 *
 * <p>Every look-up runs inside {@link Host#hold}, so the entries render one consistent
 * snapshot of the machine. Every call into an entry goes through {@link #call}, the one
 * guarded path: an entry that throws or breaks the naming contract is ejected with the reason
 * (printk), the read fails with EIO, and its path is gone until its bundle registers it again.
 *
 * <p>The mount table is copy-on-write: DS binds and unbinds entries from framework threads,
 * and look-ups read a snapshot. No simulated state lives here.
 */
final class ProcTree {

    /** What the tree needs from the machine. */
    interface Host {
        /** Runs {@code r} with the machine held still (Machine.still). */
        <T> T hold(Supplier<T> r);

        /** The pids of the live tasks (pid 0, the idle tasks, has no directory). Called inside {@link #hold}. */
        int[] pids();

        /** Reports an ejection or a refused mount (printk at KERN_ERR). */
        void report(String line);
    }

    /** A mounted entry. {@code perPid}: mounted under {@code {pid}/}; {@code segs} then excludes that segment. */
    record Mount(String path, String[] segs, boolean perPid, ProcEntry entry, String origin, int ranking, long serviceId) {}

    /** A resolved path: a directory's sorted names, or a file's text. */
    record Node(Set<String> names, String text) {
        boolean isDir() {
            return names != null;
        }
    }

    /** The first entry to claim a path wins: the higher ranking, then the lower service id. */
    private static final Comparator<Mount> ORDER = Comparator.comparingInt((Mount m) -> -m.ranking()).thenComparingLong(Mount::serviceId);

    private final Host host;
    private final CopyOnWriteArrayList<Mount> mounts = new CopyOnWriteArrayList<>();

    ProcTree(Host host) {
        this.host = host;
    }

    // =====================================================================================
    // Mounting: from DS bind and unbind, on framework threads
    // =====================================================================================

    /** Mounts {@code entry} at {@code path} (the proc.path property); a bad path is refused with a report. Returns whether it was mounted. */
    boolean mount(Object path, ProcEntry entry, String origin, int ranking, long serviceId) {
        String why = invalidMountPath(path);
        if (why != null) {
            host.report("KernelLab: procfs refuses the entry from " + origin + ": " + ProcEntry.PATH + " " + quoted(path) + " " + why);
            return false;
        }
        String p = (String) path;
        String[] segs = p.split("/");
        boolean perPid = segs[0].equals(ProcEntry.PID);
        if (perPid) segs = Arrays.copyOfRange(segs, 1, segs.length);
        mounts.add(new Mount(p, segs, perPid, entry, origin, ranking, serviceId));
        return true;
    }

    /** Unmounts every mount of {@code entry}. */
    void unmount(ProcEntry entry) {
        mounts.removeIf(m -> m.entry() == entry);
    }

    /** Why {@code path} cannot be a mount point, or null when it can. */
    static String invalidMountPath(Object path) {
        if (!(path instanceof String p) || p.isEmpty()) return "is missing or not a string: give the path under /proc, e.g. \"interrupts\"";
        if (p.startsWith("/") || p.endsWith("/")) return "must be relative to /proc, with no leading or trailing '/'";
        String[] segs = p.split("/");
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            if (s.isEmpty() || s.equals(".") || s.equals("..")) return "has an empty, \".\" or \"..\" segment";
            if (s.equals(ProcEntry.PID) && i != 0) return "may have " + ProcEntry.PID + " only as its first segment";
            if (i == 0 && isNumber(s)) return "would hide the directory of task " + s + ": numeric names at the root are the pids'";
        }
        if (segs.length == 1 && segs[0].equals(ProcEntry.PID)) return "names the pid directory itself; mount a file in it, e.g. \"{pid}/status\"";
        return null;
    }

    List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    // =====================================================================================
    // Look-ups: from the console, outside the simulation
    // =====================================================================================

    /** ls: the directory's names, sorted; for a file, the argument itself. */
    List<String> list(String arg) {
        return host.hold(() -> {
            Node n = resolve(arg);
            return n.isDir() ? List.copyOf(n.names()) : List.of(arg);
        });
    }

    /** cat: the file's text. */
    String read(String arg) {
        return host.hold(() -> {
            Node n = resolve(arg);
            if (n.isDir()) throw new ProcException(Errno.EISDIR, arg, null);
            return n.text();
        });
    }

    /** Resolves {@code arg}, component by component as a path walk does: ENOENT, or ENOTDIR under a file. */
    private Node resolve(String arg) {
        String[] segs = parse(arg);
        Mount[] table = mounts.toArray(new Mount[0]);
        Arrays.sort(table, ORDER);
        int[] pids = host.pids();
        for (int k = 1; k < segs.length; k++) {
            Node parent = lookup(arg, table, pids, Arrays.copyOf(segs, k));
            if (parent == null) throw new ProcException(Errno.ENOENT, arg, null);
            if (!parent.isDir()) throw new ProcException(Errno.ENOTDIR, arg, null);
        }
        Node n = lookup(arg, table, pids, segs);
        if (n == null) throw new ProcException(Errno.ENOENT, arg, null);
        // "interrupts/" names a directory: a file there is ENOTDIR, as in a path walk
        if (!n.isDir() && arg.endsWith("/")) throw new ProcException(Errno.ENOTDIR, arg, null);
        return n;
    }

    /**
     * The segments below /proc of {@code arg}: absolute under /proc, or relative to /proc (the
     * console's working directory). "." is skipped and ".." goes up; a path outside /proc does
     * not exist here.
     */
    static String[] parse(String arg) {
        if (arg == null || arg.isBlank()) throw new IllegalArgumentException("path must not be empty; give a path under /proc, e.g. /proc/interrupts");
        List<String> out = new ArrayList<>();
        boolean absolute = arg.startsWith("/");
        if (!absolute) out.add("proc");
        for (String s : arg.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
            } else {
                out.add(s);
            }
        }
        if (out.isEmpty() || !out.get(0).equals("proc")) throw new ProcException(Errno.ENOENT, arg, "KernelLab has only /proc");
        return out.subList(1, out.size()).toArray(new String[0]);
    }

    /** The node at {@code segs}, or null when nothing is there. */
    private Node lookup(String arg, Mount[] table, int[] pids, String[] segs) {
        if (segs.length == 0) {
            Set<String> names = new TreeSet<>();
            for (Mount m : table) if (!m.perPid()) names.add(m.segs()[0]);
            for (int pid : pids) names.add(Integer.toString(pid));
            return new Node(names, null);
        }
        if (isNumber(segs[0])) {
            int pid = pidOf(segs[0], pids);
            if (pid < 0) return null;
            return lookupIn(arg, table, true, Arrays.copyOfRange(segs, 1, segs.length), pid);
        }
        return lookupIn(arg, table, false, segs, -1);
    }

    /** The node at {@code rest} among the mounts of one kind: the deepest mount above it answers. */
    private Node lookupIn(String arg, Mount[] table, boolean perPid, String[] rest, int pid) {
        Mount owner = null;
        Set<String> below = new TreeSet<>();
        for (Mount m : table) {
            if (m.perPid() != perPid) continue;
            String[] s = m.segs();
            if (s.length <= rest.length && startsWith(rest, s)) {
                if (owner == null || s.length > owner.segs().length) owner = m;
            } else if (s.length > rest.length && startsWith(s, rest)) {
                below.add(s[rest.length]); // a directory implied by a deeper mount
            }
        }
        if (owner != null) {
            ProcRequest req = new ProcRequest(String.join("/", Arrays.copyOfRange(rest, owner.segs().length, rest.length)), pid);
            Mount m = owner;
            List<String> names = call(arg, m, "list", req, () -> m.entry().list(req));
            if (names != null) {
                Set<String> all = new TreeSet<>(below);
                for (String n : names) {
                    String bad = invalidName(n);
                    if (bad != null) throw eject(arg, m, "list", req, "returned the name " + quoted(n) + ", which " + bad);
                    all.add(n);
                }
                return new Node(all, null);
            }
            if (below.isEmpty()) {
                String text = call(arg, m, "read", req, () -> m.entry().read(req));
                if (text != null) return new Node(null, text);
            }
        }
        if (!below.isEmpty() || (perPid && rest.length == 0)) return new Node(below, null);
        return null;
    }

    /**
     * The one guarded call into an entry: a throw ejects it (its mount is removed and the
     * reason printed) and fails the read with EIO.
     */
    private <T> T call(String arg, Mount m, String op, ProcRequest req, Supplier<T> body) {
        try {
            return body.get();
        } catch (ProcException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw eject(arg, m, op, req, "threw " + e);
        }
    }

    private ProcException eject(String arg, Mount m, String op, ProcRequest req, String what) {
        mounts.removeIf(x -> x.entry() == m.entry());
        String where = "/proc/" + m.path();
        host.report("KernelLab: procfs entry " + where + " from " + m.origin() + " ejected: " + op + "(\"" + req.path() + "\""
                + (req.pid() >= 0 ? ", pid " + req.pid() : "") + ") " + what
                + "; the path is gone until the bundle registers the entry again");
        return new ProcException(Errno.EIO, arg, "the entry " + where + " from " + m.origin() + " " + what + " and was ejected; see kernel:dmesg");
    }

    static String invalidName(String n) {
        if (n == null) return "is null";
        if (n.isEmpty() || n.equals(".") || n.equals("..")) return "is not a file name";
        if (n.indexOf('/') >= 0) return "holds a '/'";
        return null;
    }

    private static boolean startsWith(String[] a, String[] prefix) {
        for (int i = 0; i < prefix.length; i++) if (!a[i].equals(prefix[i])) return false;
        return true;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** The pid that {@code s} names, or -1: "007" is not a pid directory, as in Linux (name_to_int). */
    private static int pidOf(String s, int[] pids) {
        if (s.length() > 1 && s.charAt(0) == '0') return -1;
        int pid = Integer.parseInt(s);
        for (int p : pids) if (p == pid) return pid;
        return -1;
    }

    private static String quoted(Object o) {
        return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
    }
}
