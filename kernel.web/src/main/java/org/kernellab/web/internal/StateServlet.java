package org.kernellab.web.internal;

import java.io.IOException;

import org.kernellab.api.Kernel;
import org.kernellab.api.trace.Tracer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /kernellab/state?since=N}: the live page's data ({@link LiveState}) as JSON. With no
 * kernel running it answers 503 with the reason, and a bad {@code since} 400 naming the parameter.
 * Jetty's threads call it; the kernel's services take their reads at safe points.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("kernellab-state")
@HttpWhiteboardServletPattern(StateServlet.PATH)
public final class StateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/kernellab/state";

    private final transient ObjectMapper json = new ObjectMapper();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Kernel kernel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Tracer tracer;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        Kernel k = kernel;
        Tracer t = tracer;
        if (k == null || t == null) {
            error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the kernel is not running (no Kernel or Tracer service); it is back after kernel:config or a reboot");
            return;
        }
        int since;
        String s = req.getParameter("since");
        try {
            since = s == null || s.isEmpty() ? 0 : Integer.parseInt(s);
            if (since < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            error(resp, HttpServletResponse.SC_BAD_REQUEST, "parameter since: \"" + s + "\" is not a trace index (0 or more)");
            return;
        }
        Object state;
        try {
            state = LiveState.read(k, t, since);
        } catch (IllegalStateException machineGone) {
            error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the kernel is rebooting: " + machineGone.getMessage());
            return;
        }
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), state);
    }

    private void error(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), java.util.Map.of("error", message));
    }
}
