package org.kernellab.console.dto;

/** One machine configuration key, its value and what it means. */
public class ConfigEntryDTO {
    public String key;
    public String value;
    public String description;
}
