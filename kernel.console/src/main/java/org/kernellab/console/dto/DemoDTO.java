package org.kernellab.console.dto;

/** One demo the console can run. */
public class DemoDTO {
    public String name;
    public String description;
    /** The bundle that provides it. */
    public String bundle;
}
