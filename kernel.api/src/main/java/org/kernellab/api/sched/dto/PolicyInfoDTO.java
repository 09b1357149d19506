package org.kernellab.api.sched.dto;

import java.util.List;

/** One row of {@code sched:list}. */
public class PolicyInfoDTO {
    public String name;
    public String description;
    /** The providing bundle's symbolic name, or "kernel.sched" for the built-in fair class. */
    public String bundle;
    public String version;
    /** "active", "available" or "ejected". */
    public String state;
    /** Why it was ejected, or null. */
    public String reason;
    /** The parameter names it takes. */
    public List<String> parameters;
}
