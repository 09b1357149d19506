package org.kernellab.report.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What every page inlines: Apache ECharts from the webjar's files (which {@code bnd.bnd} copies
 * into this bundle, at the webjar's own paths), and the page's own script and style sheet.
 *
 * @param echartsVersion the webjar's version, from its {@code pom.properties}
 * @param echarts        {@code echarts.min.js}
 * @param pageScript     {@code report.js}: draws the charts from the page's data
 * @param css            {@code report.css}
 */
record Assets(String echartsVersion, String echarts, String pageScript, String css) {
    static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

    /** Reads them through {@code loader}'s class, which in a framework reads this bundle's own entries. */
    static Assets load(Class<?> loader) {
        Properties pom = new Properties();
        try (InputStream in = open(loader, ECHARTS_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ECHARTS_POM, e);
        }
        String version = pom.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(ECHARTS_POM + " names no version; the ECharts webjar's files are not as expected");
        }
        return new Assets(version,
                text(loader, "/META-INF/resources/webjars/echarts/" + version + "/dist/echarts.min.js"),
                text(loader, "report.js"),
                text(loader, "report.css"));
    }

    private static InputStream open(Class<?> loader, String name) {
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on " + loader.getName()
                    + "'s class path; kernel.report's bnd.bnd copies the ECharts webjar's files into the bundle");
        }
        return in;
    }

    private static String text(Class<?> loader, String name) {
        try (InputStream in = open(loader, name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }
}
