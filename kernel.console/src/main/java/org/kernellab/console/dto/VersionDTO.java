package org.kernellab.console.dto;

/** What {@code kernel:version} reports: the kernel release, the framework and the JDK. */
public class VersionDTO {
    /** The kernel release, like {@code uname -r}: {@code 6.6.0-kernellab-0.1.0}. */
    public String release;
    /** The framework's Bundle-Name, e.g. {@code Apache Felix Framework}. */
    public String framework;
    public String frameworkVersion;
    /** {@code Runtime.version()}, e.g. {@code 25.0.3+9-LTS}. */
    public String javaVersion;
    public String javaVendor;
    public String javaVm;
}
