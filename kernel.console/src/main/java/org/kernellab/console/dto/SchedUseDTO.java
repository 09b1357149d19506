package org.kernellab.console.dto;

import java.util.Map;

import org.kernellab.api.sched.dto.SchedStatusDTO;

/** What {@code sched:use} did: the policy asked for, the one active before, and the status after. */
public class SchedUseDTO {
    public String name;
    /** The parameters given, in command-line order. */
    public Map<String, String> params;
    /** The policy that was active before. */
    public String previous;
    /** The scheduler's status after the change was posted. */
    public SchedStatusDTO status;
}
