package org.kernellab.shell.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Converters;
import org.apache.felix.gogo.jline.Posix;
import org.apache.felix.gogo.jline.Procedural;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@code gogo:} commands of gogo.jline (echo, grep, each, if, help, source, history...),
 * registered by this bundle because gogo.jline's own activator is kept from starting: it would
 * open a second terminal on the same stdin and stop the framework when its stdin ends. The
 * function lists are those of gogo.jline 1.1.8 (its own arrays are package-private).
 */
final class GogoBuiltins implements AutoCloseable {

    static final String[] BUILTIN = {"format", "getopt", "new", "set", "tac", "type", "jobs", "fg", "bg", "keymap",
        "setopt", "unsetopt", "complete", "history", "widget", "__files", "__directories", "__usage_completion"};
    static final String[] PROCEDURAL = {"each", "if", "not", "throw", "try", "until", "while", "break", "continue"};
    static final String[] POSIX = {"cat", "echo", "grep", "sort", "sleep", "cd", "pwd", "ls", "less", "watch",
        "nano", "tmux", "head", "tail", "clear", "wc", "date", "ttop"};
    static final String[] SHELL = {"gosh", "sh", "source", "help"};

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    GogoBuiltins(BundleContext context, CommandProcessor processor, Shell.Context shellContext) {
        BundleContext system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getBundleContext();
        registrations.add(context.registerService(Converter.class, new Converters(system), null));
        register(context, Builtin.class, new Builtin(), BUILTIN);
        register(context, Procedural.class, new Procedural(), PROCEDURAL);
        register(context, Posix.class, new Posix(processor), POSIX);
        register(context, Shell.class, new Shell(shellContext, processor), SHELL);
    }

    private <T> void register(BundleContext context, Class<T> type, T commands, String[] functions) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(CommandProcessor.COMMAND_SCOPE, "gogo");
        props.put(CommandProcessor.COMMAND_FUNCTION, functions);
        registrations.add(context.registerService(type, commands, props));
    }

    @Override
    public void close() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it while stopping the bundle
            }
        }
        registrations.clear();
    }
}
