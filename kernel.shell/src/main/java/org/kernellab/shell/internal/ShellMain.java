package org.kernellab.shell.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.Parser;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.jline.terminal.Terminal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The console's main program. The bnd launcher calls {@link #call()} on its main thread once
 * it finds this service (registered with {@code main.thread=true}), then stops the framework
 * and exits the JVM with the returned status. So -c, scripts and piped input end with their
 * own status, and the framework always stops cleanly.
 * <p>
 * Exit status, as a POSIX shell would give it: 0 success, 1 a command failed, 2 bad usage,
 * 127 a command or script that does not exist.
 */
final class ShellMain implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_NOT_FOUND = 127;

    /** Unqualified names resolve in kernel: first, then sched:; the interactive profile sets the same. */
    static final String SCOPE = "kernel:sched:gogo:*";
    /** The command whose result is the boot log shown before the first prompt. */
    static final String BOOT_LOG_COMMAND = "kernel:dmesg";
    static final String LAUNCHER_ARGUMENTS = "launcher.arguments";
    /** Set by ./kernel: true when stdin and stdout are a terminal and no -c or script is given. */
    static final String INTERACTIVE_PROPERTY = "kernellab.interactive";

    private final BundleContext context;
    private final CommandProcessor processor;
    private final Shell.Context shellContext;
    // The process's own streams: System.out/err are multiplexed by Gogo's ThreadIO.
    private final InputStream stdin = new FileInputStream(FileDescriptor.in);
    private final PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    private final PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private volatile Terminal terminal;
    private volatile boolean stopping;
    /** The interactive terminal, set up in the background while the framework starts. */
    private volatile CompletableFuture<Terminal> earlyTerminal;

    ShellMain(BundleContext context, CommandProcessor processor, Shell.Context shellContext) {
        this.context = context;
        this.processor = processor;
        this.shellContext = shellContext;
    }

    /**
     * Starts building the interactive terminal on its own thread (about 0.1 s of stty calls),
     * so that it is ready when the framework is. ./kernel sets the property only when the
     * console will be interactive. The same thread then warms up the line reader, whose first
     * construction (loading its classes and linking its some 200 widget lambdas) would
     * otherwise stand between the started framework and the first prompt.
     */
    void prepareTerminal() {
        CompletableFuture<Terminal> future = new CompletableFuture<>();
        earlyTerminal = future;
        Thread.ofPlatform().daemon().name("kernellab-terminal").start(() -> {
            Terminal t;
            try {
                t = Terminals.system(stderr);
            } catch (IOException | RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            future.complete(t);
            Terminals.warmUpLineReader(t);
        });
    }

    @Override
    public Integer call() {
        ShellArgs args = ShellArgs.parse(launcherArguments());
        boolean interactive = args.mode == ShellArgs.Mode.DEFAULT && isTerminal();
        if (!interactive) {
            closeEarlyTerminal();
        }
        try {
            return switch (args.mode) {
                case HELP -> help(args);
                case COMMAND -> runProgram(args, args.command, null);
                case SCRIPT -> runScript(args);
                case DEFAULT -> interactive ? interactive(args) : runProgram(args, readStdin(), null);
            };
        } catch (IOException e) {
            stderr.println("kernel: " + e);
            return EXIT_FAILURE;
        }
    }

    private void closeEarlyTerminal() {
        CompletableFuture<Terminal> early = earlyTerminal;
        earlyTerminal = null;
        if (early != null) {
            try {
                early.join().close();
            } catch (IOException | RuntimeException e) {
                // it was never used
            }
        }
    }

    /** Ends a running interactive session: the component is going away. */
    void stop() {
        stopping = true;
        closeEarlyTerminal();
        Terminal t = terminal;
        if (t != null) {
            try {
                t.close();
            } catch (IOException e) {
                // closing is best effort while the framework stops
            }
        }
    }

    private int help(ShellArgs args) {
        if (args.error != null) {
            stderr.println("kernel: " + args.error);
            stderr.println(ShellArgs.USAGE);
            return EXIT_USAGE;
        }
        stdout.println(ShellArgs.USAGE);
        return EXIT_OK;
    }

    private int runScript(ShellArgs args) throws IOException {
        if (args.script.equals("-")) {
            return runProgram(args, readStdin(), null);
        }
        Path path = Path.of(System.getProperty("user.dir")).resolve(args.script);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            stderr.println("kernel: " + args.script + ": No such file or directory");
            return EXIT_NOT_FOUND;
        }
        return runProgram(args, text, path);
    }

    /**
     * Runs a program statement by statement, printing each result as the interactive shell
     * would, and stops at the first failure (like {@code sh -e}), whose status it returns.
     */
    private int runProgram(ShellArgs args, String text, Path script) throws IOException {
        long ready = uptimeMillis();
        try (Terminal dumb = Terminals.dumb(stdin, stdout);
            CommandSession session = processor.createSession(stdin, stdout, stderr)) {
            prepare(session, dumb);
            if (script != null) {
                session.put("0", script.toUri());
                session.put("args", args.scriptArgs);
                for (int i = 0; i < args.scriptArgs.size(); i++) {
                    session.put(String.valueOf(i + 1), args.scriptArgs.get(i));
                }
            }
            if (args.timing) {
                stderr.printf("kernel: %d ms from JVM start to the first command%n", ready);
            }
            Parser.Program program;
            try {
                program = new Parser(text).program();
            } catch (RuntimeException syntax) {
                return failed(session, syntax, args.trace, where(script, null));
            }
            for (Parser.Executable statement : program.tokens()) {
                if (args.xtrace) {
                    stderr.println("+ " + statement);
                }
                try {
                    Object result = session.execute(statement.toString());
                    if (result != null) {
                        stdout.println(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    return failed(session, e, args.trace, where(script, statement));
                }
            }
            return EXIT_OK;
        }
    }

    private int interactive(ShellArgs args) throws IOException {
        Terminal t = takeTerminal();
        terminal = t;
        try (CommandSession session = processor.createSession(t.input(), t.output(), t.output())) {
            prepare(session, t);
            if (args.xtrace) {
                session.put("echo", Boolean.TRUE);
            }
            printBootLog(session, t);
            if (args.timing) {
                t.writer().printf("kernel: %d ms from JVM start to the console; its prompt follows%n", uptimeMillis());
            }
            t.flush();
            new Shell(shellContext, processor).gosh(session, new String[0]);
            return EXIT_OK;
        } catch (Exception e) {
            if (stopping) {
                return EXIT_OK; // stop() closed the terminal: the framework is going down
            }
            stderr.println("kernel: the console failed: " + e);
            return EXIT_FAILURE;
        } finally {
            terminal = null;
            t.close();
        }
    }

    private Terminal takeTerminal() throws IOException {
        CompletableFuture<Terminal> early = earlyTerminal;
        earlyTerminal = null;
        if (early == null) {
            return Terminals.system(stderr);
        }
        try {
            return early.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void prepare(CommandSession session, Terminal t) {
        session.put(Shell.VAR_SCOPE, SCOPE);
        session.put(Shell.VAR_CONTEXT, context);
        session.put(Shell.VAR_TERMINAL, t);
        session.put(Shell.VAR_PROCESSOR, processor);
    }

    private void printBootLog(CommandSession session, Terminal t) {
        try {
            Object log = session.execute(BOOT_LOG_COMMAND);
            t.writer().println(session.format(log, Converter.INSPECT));
        } catch (Exception e) {
            t.writer().println("[    0.000000] kernel.shell: no boot log: " + e.getMessage());
        }
        t.writer().println("Type 'help' for the commands, 'help kernel:lsmod' for one; Tab completes, Ctrl-D leaves.");
    }

    private int failed(CommandSession session, Exception e, boolean trace, String where) {
        session.put(Shell.VAR_EXCEPTION, e);
        stderr.println(where + "gogo: " + errorText(e));
        if (trace) {
            e.printStackTrace(stderr);
        }
        return e instanceof CommandNotFoundException ? EXIT_NOT_FOUND : EXIT_FAILURE;
    }

    /**
     * What a failed command prints after {@code gogo: }: the exception's simple name and message,
     * or only its message when the exception prints so itself (the console's BadArgument and
     * CommandFailure override toString(), as Gogo's interactive shell shows them).
     */
    static String errorText(Exception e) {
        String shown = e.toString();
        String name = e.getClass().getName();
        if (shown.startsWith(name)) return e.getClass().getSimpleName() + shown.substring(name.length());
        return shown;
    }

    private static String where(Path script, Parser.Executable statement) {
        if (script == null) {
            return "";
        }
        return script.getFileName() + (statement == null ? "" : ":" + (statement.line() + 1)) + ": ";
    }

    private String readStdin() throws IOException {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    }

    private String[] launcherArguments() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + LAUNCHER_ARGUMENTS + "=*)");
            if (refs != null && refs.length > 0 && refs[0].getProperty(LAUNCHER_ARGUMENTS) instanceof String[] a) {
                return a;
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new String[0];
    }

    /**
     * True when stdin and stdout are a terminal. ./kernel tells, through the property, whether
     * the console will be interactive (it tests both with {@code -t}); without it, JDK 22+
     * always has a Console and says so with {@code isTerminal()}, and JDK 21 has a Console only
     * for a terminal. The property also saves the Console's start-up cost.
     */
    private static boolean isTerminal() {
        String told = System.getProperty(INTERACTIVE_PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException jdk21) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
