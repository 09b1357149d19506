package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code kernel:web}: the live view served by Felix HTTP Jetty through the Servlet Whiteboard
 * (issue 11 §4). The page's data follows the machine as the console runs it; the page itself is
 * checked in headless Chromium by .ci/web-check.
 */
@ExtendWith(BundleContextExtension.class)
class WebViewTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    private GogoSession session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void open() {
        session = new GogoSession(processor);
    }

    @AfterEach
    void close() throws Exception {
        session.execute("kernel:web stop");
        session.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void web_servesThePageAndAStateThatFollowsTheMachine() throws Exception {
        Kernel k = PolicyBundles.tickingKernel(context);
        int port = freePort();
        String said = (String) session.execute("kernel:web " + port);
        assertTrue(said.startsWith("live view: http://localhost:" + port + "/kernellab/"), said);

        HttpResponse<String> root = get(port, "/kernellab/");
        assertEquals(302, root.statusCode());
        assertTrue(root.headers().firstValue("Location").orElse("").endsWith("/kernellab/ui/index.html"), root.headers().map().toString());
        HttpResponse<String> page = get(port, "/kernellab/ui/index.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"live.js\"></script>"), page.body());
        assertEquals(200, get(port, "/kernellab/ui/live.js").statusCode());

        // a busy CPU takes its ticks; an idle one takes none (NO_HZ idle, the console's default)
        k.spawn(org.kernellab.api.TaskSpec.process("busy").onCpu(0), kk -> {
            while (true) kk.compute(1_000_000);
        });
        session.execute("kernel:run 1ms");
        JsonNode before = json.readTree(get(port, "/kernellab/state").body());
        assertEquals(k.nrCpus(), before.get("cpus").size());
        JsonNode cpu0 = before.get("cpus").get(0);
        for (String f : new String[] {"currentPid", "currentComm", "context", "preemptCount", "preemptDepth", "softirqCount",
            "hardirqCount", "irqsDisabled", "runnable"}) assertTrue(cpu0.has(f), "cpu field " + f + " in " + cpu0);
        assertEquals("linux-6", before.get("layout").asText());
        assertEquals(5, before.get("fields").size(), "linux-6 has PREEMPT_NEED_RESCHED, NMI, HARDIRQ, SOFTIRQ, PREEMPT");
        assertTrue(before.get("recording").asBoolean(), "kernel:web starts the trace: " + before.get("recording"));

        long t0 = before.get("timeNs").asLong();
        int next = before.get("next").asInt();
        session.execute("kernel:run 20ms");
        JsonNode after = json.readTree(get(port, "/kernellab/state?since=" + next).body());
        assertEquals(t0 + 20_000_000L, after.get("timeNs").asLong(), "the state follows kernel:run");
        assertTrue(after.get("events").size() > 0, "the busy CPU's timer ticked: new trace records after the cursor");
        assertEquals(next, after.get("from").asInt());
        assertEquals("irq_handler_entry", after.get("events").get(0).get("type").asText(), after.get("events").get(0).toString());

        HttpResponse<String> bad = get(port, "/kernellab/state?since=-3");
        assertEquals(400, bad.statusCode());
        assertEquals("parameter since: \"-3\" is not a trace index (0 or more)", json.readTree(bad.body()).get("error").asText());
        assertEquals(404, get(port, "/kernellab/nothing").statusCode());

        assertEquals("live view: stopped", session.execute("kernel:web stop"));
        assertThrows(java.io.IOException.class, () -> get(port, "/kernellab/state"), "nothing listens after kernel:web stop");
    }

    @Test
    void web_badPort_isRefusedWithTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.execute("kernel:web eighty"));
        assertEquals("kernel:web: port \"eighty\" is not a number; usage: kernel:web [<port> | stop]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.execute("kernel:web 70000"));
        assertEquals("kernel:web: port 70000 is out of range 1..65535", e.getMessage());
    }
}
