/** The simulated machine as hardware models see it: interrupt lines and device events in virtual time. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.kernellab.api.hw;
