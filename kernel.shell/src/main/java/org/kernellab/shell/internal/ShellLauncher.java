package org.kernellab.shell.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Hashtable;
import java.util.concurrent.Callable;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Wires the console into the framework: registers gogo.jline's {@code gogo:} commands and,
 * when the framework property {@value #SHELL_PROPERTY} is {@code true} (the distribution sets
 * it; test frameworks do not), offers {@link ShellMain} to the bnd launcher as its main thread.
 * <p>
 * The distribution starts this bundle early (right after JLine), so that the terminal can be
 * set up while the kernel bundles start, but offers the main thread only when the framework
 * reports that it reached its beginning start level: by then every bundle has started and
 * every command is registered.
 */
@Component(immediate = true)
public class ShellLauncher {

    static final String SHELL_PROPERTY = "kernellab.shell";
    static final String GOGO_JLINE = "org.apache.felix.gogo.jline";
    static final String GOSH_HOME = "gosh.home";
    static final String PROFILE = "gosh_profile";

    private final BundleContext context;
    private final GogoBuiltins builtins;
    private final ShellMain main;
    private final FrameworkListener startLevelListener;
    /** Guards the two fields below (a lock, not a monitor: no {@code synchronized} in bundle code). */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private ServiceRegistration<?> mainRegistration; // guarded by lock
    private boolean closed; // guarded by lock

    @Activate
    public ShellLauncher(BundleContext context, @Reference CommandProcessor processor) throws IOException {
        String goshHome = installProfile(context);
        Shell.Context shellContext = new Shell.Context() {
            @Override
            public String getProperty(String name) {
                // gogo.jline's Shell sources etc/gosh_profile under gosh.home: ours.
                return GOSH_HOME.equals(name) ? goshHome : context.getProperty(name);
            }

            @Override
            public void exit() {
                // The launcher stops the framework when ShellMain returns.
            }
        };
        this.context = context;
        this.builtins = gogoJlineRunning(context) ? null : new GogoBuiltins(context, processor, shellContext);
        this.main = new ShellMain(context, processor, shellContext);
        if (!Boolean.parseBoolean(context.getProperty(SHELL_PROPERTY))) {
            this.startLevelListener = null;
            return;
        }
        if (Boolean.getBoolean(ShellMain.INTERACTIVE_PROPERTY)) {
            main.prepareTerminal(); // in the background, while the rest of the framework starts
        }
        this.startLevelListener = event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                offerMainThread();
            }
        };
        context.addFrameworkListener(startLevelListener);
        FrameworkStartLevel framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class);
        int mine = context.getBundle().adapt(BundleStartLevel.class).getStartLevel();
        if (framework.getStartLevel() > mine) {
            offerMainThread(); // started after boot: every level is already up
        }
        // else the framework is still climbing through the start levels (we are started at
        // ours); it reports STARTLEVEL_CHANGED once it reaches the beginning level.
    }

    /**
     * Offers the shell to the launcher as its main thread, once: only when every bundle has
     * started, so the first command finds every command registered.
     */
    private void offerMainThread() {
        lock.lock();
        try {
            if (closed || mainRegistration != null) {
                return;
            }
            context.removeFrameworkListener(startLevelListener);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", Boolean.TRUE);
            mainRegistration = context.registerService(Callable.class, main, props);
        } finally {
            lock.unlock();
        }
    }

    @Deactivate
    void deactivate() {
        lock.lock();
        try {
            closed = true;
            if (startLevelListener != null) {
                context.removeFrameworkListener(startLevelListener);
            }
            if (mainRegistration != null) {
                try {
                    mainRegistration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // unregistered by the framework
                }
            }
        } finally {
            lock.unlock();
        }
        main.stop();
        if (builtins != null) {
            builtins.close();
        }
    }

    /**
     * Copies the console's profile to {@code <data area>/gosh/etc/gosh_profile} and returns the
     * gosh home. The profile replaces gogo.jline's own, which prints Felix's banner and sets
     * its {@code g!} prompt.
     */
    private static String installProfile(BundleContext context) throws IOException {
        File home = context.getDataFile("gosh");
        if (home == null) {
            throw new IOException("the framework gives kernel.shell no data area for its profile");
        }
        Path profile = home.toPath().resolve("etc").resolve(PROFILE);
        Files.createDirectories(profile.getParent());
        try (InputStream in = ShellLauncher.class.getResourceAsStream(PROFILE)) {
            if (in == null) {
                throw new IOException("kernel.shell lacks its resource " + PROFILE);
            }
            Files.copy(in, profile, StandardCopyOption.REPLACE_EXISTING);
        }
        return home.getAbsolutePath();
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
