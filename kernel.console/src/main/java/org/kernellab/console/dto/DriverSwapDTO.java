package org.kernellab.console.dto;

/** What {@code dev:swap} did: the driver bundle it updated and its versions before and after. */
public class DriverSwapDTO {
    public String device;
    /** The driver bundle's symbolic name and id. */
    public String bundle;
    public long bundleId;
    public String oldVersion;
    public String newVersion;
    /** The jar the new content came from, as given on the command line. */
    public String jar;
}
