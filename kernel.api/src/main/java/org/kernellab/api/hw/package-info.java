/**
 * The simulated machine as hardware models see it: interrupt lines and device events in virtual time.
 *
 * <p>1.3.0 added {@code ClockEventDevice.setPeriodicHz} and {@code periodicHz}: a periodic tick exact at any HZ.
 * <p>1.4.0 added NO_HZ idle: {@code ClockEventDevice.stopTick}, {@code restartTick} and {@code tickStopped}, and
 * {@code TimeKeeping.tickDevice}, by which the tick driver hands the kernel its device.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.kernellab.api.hw;
