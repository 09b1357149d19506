package org.kernellab.console.dto;

/** One row of {@code kernel:lsmod}: a KernelLab bundle. */
public class ModuleDTO {
    public long id;
    /** The bundle symbolic name, which is also the module's folder and artifactId. */
    public String name;
    public String version;
    /** The bundle's {@code KernelLab-Role} header, or {@code -} when it has none. */
    public String role;
    /** The bundle state: INSTALLED, RESOLVED, STARTING, STOPPING, ACTIVE or UNINSTALLED. */
    public String state;
}
