package org.kernellab.report.internal;

import org.kernellab.api.run.ReportWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link ReportWriter}: one self-contained HTML page per results document, its charts
 * drawn by Apache ECharts, which the page carries inline (a page needs no network to view).
 * Stateless once activated, so any thread may call it, several at once.
 */
@Component(service = ReportWriter.class, configurationPid = EChartsReportWriter.PID)
@Designate(ocd = EChartsReportWriter.Config.class)
public final class EChartsReportWriter implements ReportWriter {
    public static final String PID = "org.kernellab.report";

    @ObjectClassDefinition(name = "KernelLab report writer",
            description = "Writes a comparison's results as one self-contained HTML page.")
    public @interface Config {
        @AttributeDefinition(description = "Most timeline slices a page draws per run (idle is never drawn). "
                + "Beyond it the page draws the earliest ones and says how many it left out: a browser stays "
                + "responsive with some tens of thousands per chart.", min = "1")
        int max_slices_per_run() default 20_000;
    }

    private final ResultsReader reader = new ResultsReader();
    private final ReportPage page;

    @Activate
    public EChartsReportWriter(Config config) {
        this(config.max_slices_per_run());
    }

    EChartsReportWriter(int maxSlicesPerRun) {
        if (maxSlicesPerRun < 1) throw new IllegalArgumentException("max_slices_per_run " + maxSlicesPerRun + " is below 1");
        this.page = new ReportPage(Assets.load(EChartsReportWriter.class), maxSlicesPerRun);
    }

    @Override
    public String html(String resultsJson) {
        return page.render(reader.read(resultsJson));
    }
}
