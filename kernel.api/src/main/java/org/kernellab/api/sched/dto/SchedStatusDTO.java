package org.kernellab.api.sched.dto;

import java.util.List;
import java.util.Map;

/** What {@code sched:status} shows. */
public class SchedStatusDTO {
    /** The active policy's name ("fair" for the built-in class). */
    public String active;
    /** The parameters it was enabled with. */
    public Map<String, String> params;
    /** Virtual time at which it was enabled on this machine, ns. */
    public long sinceNs;
    /** The policy the user chose, when it differs from the active one (its bundle is gone or it was ejected). */
    public String desired;
    /** Live tasks per class (stop, dl, rt, fair, the policy, idle): class name to count. */
    public Map<String, Integer> tasksPerClass;
    /** Calls into the policy by op name. */
    public Map<String, Long> policyCalls;
    /** The last ejections, newest last: "<time> <policy>: <reason>". */
    public List<String> ejections;
    public int cpus;
    public long nowNs;
}
