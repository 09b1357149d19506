package org.kernellab.web.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page's files (the bundle's {@code /web} folder) at {@code /kernellab/ui/*}, as a whiteboard
 * resource, and {@code /kernellab} and {@code /kernellab/} sent on to the page itself (the
 * whiteboard refuses a servlet pattern ending in {@code /} other than {@code /}, so the page has
 * a folder of its own and the rest of {@code /kernellab/*} is the redirect's).
 */
final class PageResources {
    static final String PAGE = "/kernellab/ui/index.html";

    private PageResources() {
    }

    /** The files. */
    @Component(service = Files.class)
    @HttpWhiteboardResource(pattern = "/kernellab/ui/*", prefix = "/web")
    public static final class Files {
    }

    /**
     * {@code /kernellab} and {@code /kernellab/} redirect to the page; any other address under
     * {@code /kernellab} that the page's files and the state do not answer is a 404 naming the page.
     */
    @Component(service = Servlet.class)
    @HttpWhiteboardServletName("kernellab-index")
    @HttpWhiteboardServletPattern("/kernellab/*")
    public static final class Index extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String rest = req.getPathInfo();
            if (rest == null || rest.equals("/")) {
                resp.sendRedirect(PAGE);
                return;
            }
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no " + req.getRequestURI() + " here; the live view is " + PAGE);
        }
    }
}
