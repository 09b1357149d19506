package org.kernellab.api.leak;

/**
 * The bundle a per-bundle service object was made for, as leak reports name it.
 *
 * @param bundleId     the framework's bundle id
 * @param symbolicName Bundle-SymbolicName
 * @param version      Bundle-Version
 */
public record Holder(long bundleId, String symbolicName, String version) {
    /** {@code <symbolic name> <version>}, as every KernelLab report names a bundle. */
    public String label() {
        return symbolicName + " " + version;
    }
}
