package org.kernellab.web.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.apache.felix.service.command.Descriptor;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.trace.Tracer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

/**
 * {@code kernel:web [port]}: serves the live view on localhost, as Karaf's and the Felix Web
 * Console's HTTP service does: through Felix HTTP Jetty, configured by ConfigAdmin (PID
 * {@code org.apache.felix.http}: {@code org.osgi.service.http.port}, and
 * {@code org.apache.felix.http.host=localhost} so that only this machine can reach it). The
 * distribution installs Jetty without starting it, so that boot stays fast; this command starts it
 * on first use (for this run only). It starts the trace recording when it is off, since the page
 * shows the trace. {@code kernel:web stop} stops serving.
 *
 * <p>Console code: it waits in wall time (bounded) for Jetty to listen, never in simulated time.
 */
@Component(service = WebCommand.class, property = {
    "osgi.command.scope=kernel",
    "osgi.command.function=web"
})
public class WebCommand {
    static final String JETTY = "org.apache.felix.http.jetty12";
    /**
     * What is started, in this order, when the live view is first asked for: SPI Fly (which must
     * be active before SLF4J's API is first loaded, to wire it to its provider), the SLF4J
     * provider, then Jetty. Only Jetty must be installed.
     */
    static final java.util.List<String> START = java.util.List.of("org.apache.aries.spifly.dynamic.bundle", "slf4j.nop", JETTY);
    static final String HTTP_PID = "org.apache.felix.http";
    static final int DEFAULT_PORT = 8080;
    private static final long WAIT_MS = 15_000;
    /**
     * SPI Fly reports each provider it wires at INFO through java.util.logging, onto the console;
     * its warnings still show. Held here so that the level stays set (JUL keeps loggers weakly).
     */
    private static final java.util.logging.Logger SPIFLY_LOG = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    private final BundleContext context;
    private final ConfigurationAdmin config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Tracer tracer;

    @Activate
    public WebCommand(BundleContext context, @Reference ConfigurationAdmin config) {
        this.context = context;
        this.config = config;
    }

    @Descriptor("serve the live view of the machine on http://localhost:8080/kernellab/ (each CPU's task, context, preempt_count, irqs, runqueue, and the trace)")
    public String web() throws Exception {
        return serve(DEFAULT_PORT);
    }

    @Descriptor("serve the live view on the given port of localhost, or stop serving it")
    public String web(@Descriptor("a TCP port (1-65535), or stop") String arg) throws Exception {
        if ("stop".equals(arg)) return stop();
        int port;
        try {
            port = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw CommandException.usage("kernel:web: port \"" + arg + "\" is not a number", "kernel:web [<port> | stop]");
        }
        if (port < 1 || port > 65535) throw new CommandException("kernel:web: port " + port + " is out of range 1..65535");
        return serve(port);
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) if (bsn.equals(b.getSymbolicName())) return b;
        return null;
    }

    private Bundle jetty() {
        Bundle b = bundle(JETTY);
        if (b == null) throw new IllegalStateException("kernel:web: the HTTP server bundle " + JETTY + " is not installed; the distribution (cnf/kernel.bndrun) carries it");
        return b;
    }

    /** Starts {@code b} for this run, first bringing its start level down to the framework's if it waits above it. */
    private void startNow(Bundle b) throws BundleException {
        if (b.getState() == Bundle.ACTIVE) return;
        BundleStartLevel level = b.adapt(BundleStartLevel.class);
        int now = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        if (level.getStartLevel() > now) level.setStartLevel(now);
        b.start(Bundle.START_TRANSIENT);
    }

    private String serve(int port) throws IOException, BundleException, InterruptedException {
        Configuration c = config.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> props = c.getProperties() != null ? c.getProperties() : new Hashtable<>();
        Object had = props.get("org.osgi.service.http.port");
        props.put("org.osgi.service.http.port", port);
        props.put("org.apache.felix.http.host", "localhost");
        if (!String.valueOf(port).equals(String.valueOf(had)) || c.getProperties() == null) c.update(props);
        jetty();
        SPIFLY_LOG.setLevel(java.util.logging.Level.WARNING);
        // installed above the beginning level (cnf/kernel.bndrun) so that boot does not pay for them
        for (String bsn : START) {
            Bundle b = bundle(bsn);
            if (b != null) startNow(b);
        }
        String url = awaitEndpoint(port);
        String trace = "";
        Tracer t = tracer;
        if (t != null && !t.recording()) {
            t.start();
            trace = "; trace recording started";
        }
        return "live view: " + url + "kernellab/ (kernel:step or kernel:run and watch it move" + trace + ")";
    }

    /** The runtime's endpoint on {@code port}, once Jetty listens there; fails after {@link #WAIT_MS}. */
    private String awaitEndpoint(int port) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        String seen = "none";
        while (System.nanoTime() < deadline) {
            ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
            if (ref != null) {
                Object ep = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
                String[] eps = ep instanceof String[] a ? a : ep instanceof String s ? new String[] {s} : ep instanceof java.util.Collection<?> col
                        ? col.stream().map(String::valueOf).toArray(String[]::new) : new String[0];
                seen = String.join(", ", eps);
                for (String e : eps) {
                    if (e.contains(":" + port + "/")) return e.replace("://127.0.0.1:", "://localhost:");
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("kernel:web: the HTTP server did not listen on port " + port + " within " + WAIT_MS / 1000
                + " s (its endpoints: " + seen + "); is the port taken? try kernel:web <another port>");
    }

    private String stop() throws BundleException {
        Bundle b = jetty();
        if (b.getState() != Bundle.ACTIVE) return "live view: not serving";
        b.stop(Bundle.STOP_TRANSIENT);
        return "live view: stopped";
    }
}
