package org.kernellab.console.dto;

/** What {@code kernel:version} reports: the kernel release, the framework, the JDK and its JIT. */
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
    /**
     * The JIT the JVM runs: {@code quick} (C1 only, {@code -XX:TieredStopAtLevel} below 4, as
     * {@code ./kernel} starts the interactive console) or {@code full} (tiered, C1 then C2).
     * Since 1.4.0.
     */
    public String jit;
}
