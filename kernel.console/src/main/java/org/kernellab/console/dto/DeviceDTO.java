package org.kernellab.console.dto;

/**
 * One row of {@code dev:list}: a hardware model and the driver bundle bound to it, or a driver
 * bundle bound to no device ({@link #name} null).
 */
public class DeviceDTO {
    /** The device's name (its model's {@code name()}), or null for a driver bound to no device. */
    public String name;
    /** What kind of device: {@code disk}, {@code clockevent}, or the service interface's simple name. */
    public String type;
    /** The interrupt line it raises, or -1. */
    public int irq = -1;
    /** The names of the handlers registered on that line, in registration order (empty: none). */
    public String[] handlers = new String[0];
    /** The model's bundle symbolic name and version, or null. */
    public String model;
    public String modelVersion;
    /** The driver bundle bound to the device (symbolic name), or null when none is. */
    public String driver;
    public long driverId = -1;
    public String driverVersion;
    /** {@code bound}, {@code unbound}, or for a driver bound to nothing its bundle state. */
    public String state;
}
