/**
 * The simulated machine as hardware models see it: interrupt lines and device events in virtual time.
 *
 * <p>1.3.0 added {@code ClockEventDevice.setPeriodicHz} and {@code periodicHz}: a periodic tick exact at any HZ.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.kernellab.api.hw;
