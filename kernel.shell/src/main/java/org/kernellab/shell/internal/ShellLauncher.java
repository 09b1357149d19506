package org.kernellab.shell.internal;

import java.util.Hashtable;
import java.util.concurrent.Callable;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Wires the console into the framework: registers gogo.jline's {@code gogo:} commands and,
 * when the framework property {@value #SHELL_PROPERTY} is {@code true} (the distribution sets
 * it; test frameworks do not), offers {@link ShellMain} to the bnd launcher as its main thread.
 * <p>
 * The distribution starts this bundle at the highest start level, so by the time the launcher
 * runs the shell every other bundle has started and its commands are registered.
 */
@Component(immediate = true)
public class ShellLauncher {

    static final String SHELL_PROPERTY = "kernellab.shell";
    static final String GOGO_JLINE = "org.apache.felix.gogo.jline";

    private final GogoBuiltins builtins;
    private final ShellMain main;
    private final ServiceRegistration<?> mainRegistration;

    @Activate
    public ShellLauncher(BundleContext context, @Reference CommandProcessor processor) {
        Shell.Context shellContext = new Shell.Context() {
            @Override
            public String getProperty(String name) {
                return context.getProperty(name);
            }

            @Override
            public void exit() {
                // The launcher stops the framework when ShellMain returns.
            }
        };
        this.builtins = gogoJlineRunning(context) ? null : new GogoBuiltins(context, processor, shellContext);
        this.main = new ShellMain(context, processor, shellContext);
        if (Boolean.parseBoolean(context.getProperty(SHELL_PROPERTY))) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", Boolean.TRUE);
            this.mainRegistration = context.registerService(Callable.class, main, props);
        } else {
            this.mainRegistration = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (mainRegistration != null) {
            try {
                mainRegistration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework
            }
        }
        main.stop();
        if (builtins != null) {
            builtins.close();
        }
    }

    /** gogo.jline's activator registers the same commands (and its own shell) when it runs. */
    private static boolean gogoJlineRunning(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if (GOGO_JLINE.equals(b.getSymbolicName()) && (b.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                return true;
            }
        }
        return false;
    }
}
