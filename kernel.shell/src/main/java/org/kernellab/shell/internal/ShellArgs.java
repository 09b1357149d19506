package org.kernellab.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./kernel} (the launcher's arguments):
 *
 * <pre>
 * kernel [-v] [--timing] [--jit=quick|full]                 interactive console (or stdin when it is not a terminal)
 * kernel [-v] [--timing] [--jit=quick|full] -c COMMANDS...  run Gogo commands; the rest of the line is one program
 * kernel [-v] [--timing] [--jit=quick|full] FILE [ARGS...]  run a Gogo script; ARGS are $1.. and $args ("-" reads stdin)
 * kernel -h | --help
 * </pre>
 *
 * Immutable once parsed; {@link #error} is set instead of throwing so the shell can print usage.
 */
final class ShellArgs {

    enum Mode { DEFAULT, COMMAND, SCRIPT, HELP }

    static final String USAGE = String.join("\n",
        "usage: kernel [-v|--trace] [-x] [--timing] [--jit=quick|full] [-c COMMANDS... | FILE [ARGS...]]",
        "  (no argument)   interactive console; reads commands from stdin when it is not a terminal",
        "  -c COMMANDS     run Gogo commands (separated by ';' or newlines) and exit with their status",
        "  FILE [ARGS]     run a Gogo script; ARGS become $1.. and $args; '-' reads standard input",
        "  -v, --trace     print the stack trace of a failing command",
        "  -x, --xtrace    echo each command before it runs",
        "      --timing    report the time from JVM start to the console (or to the first command)",
        "      --jit=quick|full",
        "                  the JVM's JIT, chosen by ./kernel when it starts the JVM: quick (C1 only) starts",
        "                  the console sooner but runs long simulations at less than half the speed;",
        "                  full (C1 then C2) is the default for -c, scripts and piped input, quick for the",
        "                  interactive console",
        "  -h, --help      this help");

    final Mode mode;
    final String command;
    final String script;
    final List<String> scriptArgs;
    final boolean trace;
    final boolean xtrace;
    final boolean timing;
    final String error;

    private ShellArgs(Mode mode, String command, String script, List<String> scriptArgs, boolean trace,
        boolean xtrace, boolean timing, String error) {
        this.mode = mode;
        this.command = command;
        this.script = script;
        this.scriptArgs = List.copyOf(scriptArgs);
        this.trace = trace;
        this.xtrace = xtrace;
        this.timing = timing;
        this.error = error;
    }

    static ShellArgs parse(String... argv) {
        boolean trace = false;
        boolean xtrace = false;
        boolean timing = false;
        int i = 0;
        for (; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "-v", "--trace" -> trace = true;
                case "-x", "--xtrace" -> xtrace = true;
                case "--timing" -> timing = true;
                case "--jit=quick", "--jit=full" -> {
                    // ./kernel reads it to choose the JVM's options; nothing to do here
                }
                case "-h", "--help" -> {
                    return new ShellArgs(Mode.HELP, null, null, List.of(), trace, xtrace, timing, null);
                }
                case "-c", "--command" -> {
                    List<String> rest = List.of(argv).subList(i + 1, argv.length);
                    if (rest.isEmpty()) {
                        return failed("option '" + a + "' needs the commands to run, e.g. -c 'kernel:version'");
                    }
                    return new ShellArgs(Mode.COMMAND, String.join(" ", rest), null, List.of(), trace, xtrace,
                        timing, null);
                }
                case "--" -> {
                    i++;
                    return script(argv, i, trace, xtrace, timing);
                }
                default -> {
                    if (a.startsWith("--jit")) {
                        return failed("option --jit takes quick or full, as --jit=quick or --jit=full, not '" + a + "'");
                    }
                    if (a.startsWith("-") && !a.equals("-")) {
                        return failed("unknown option '" + a + "'");
                    }
                    return script(argv, i, trace, xtrace, timing);
                }
            }
        }
        return new ShellArgs(Mode.DEFAULT, null, null, List.of(), trace, xtrace, timing, null);
    }

    private static ShellArgs script(String[] argv, int i, boolean trace, boolean xtrace, boolean timing) {
        if (i >= argv.length) {
            return new ShellArgs(Mode.DEFAULT, null, null, List.of(), trace, xtrace, timing, null);
        }
        List<String> args = new ArrayList<>(List.of(argv).subList(i + 1, argv.length));
        return new ShellArgs(Mode.SCRIPT, null, argv[i], args, trace, xtrace, timing, null);
    }

    private static ShellArgs failed(String error) {
        return new ShellArgs(Mode.HELP, null, null, List.of(), false, false, false, error);
    }
}
