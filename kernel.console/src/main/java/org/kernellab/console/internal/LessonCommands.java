package org.kernellab.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code kernel:lesson}: the short course of docs/lessons/ (carried in this bundle under
 * {@code lessons/}) at the console. {@code kernel:lesson} lists the lessons, {@code kernel:lesson n}
 * prints one with its exercises, and {@code kernel:lesson n --answers} answers each exercise by
 * running its commands in this session now and reading the answer out of their output, as OSTEP's
 * simulators do with {@code -c}: nothing is written down, so an answer is always what this kernel
 * does. An exercise whose answer cannot be found makes the command fail, naming it.
 */
@Component(service = LessonCommands.class, property = {
    "osgi.command.scope=kernel",
    "osgi.command.function=lesson"
})
public class LessonCommands {
    private final Map<Integer, Lesson> lessons;

    @Activate
    public LessonCommands(BundleContext context) throws IOException {
        this(read(context));
    }

    LessonCommands(Map<String, String> files) {
        Map<Integer, Lesson> byNumber = new TreeMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (Lesson.numberOf(f.getKey()) < 0) continue; // the README and such
            Lesson l = Lesson.parse(f.getKey(), f.getValue());
            Lesson had = byNumber.put(l.number(), l);
            if (had != null) throw new IllegalArgumentException("two lessons are number " + l.number() + ": " + had.title() + " and " + l.title());
        }
        this.lessons = byNumber;
    }

    private static Map<String, String> read(BundleContext context) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Enumeration<URL> e = context.getBundle().findEntries("lessons", "*.md", false);
        while (e != null && e.hasMoreElements()) {
            URL u = e.nextElement();
            String path = u.getPath();
            try (InputStream in = u.openStream()) {
                files.put(path.substring(path.lastIndexOf('/') + 1), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    List<Lesson> lessons() {
        return List.copyOf(lessons.values());
    }

    @Descriptor("list the lessons: process, interrupt and atomic context, preempt_count, a handler's rules, bottom halves, the disk wakeup")
    public String lesson() {
        StringBuilder out = new StringBuilder();
        for (Lesson l : lessons.values()) {
            out.append(String.format("%s (%d exercises)%n", l.title(), l.exercises().size()));
        }
        out.append("kernel:lesson <n> prints one; kernel:lesson <n> --answers runs its exercises and answers them");
        return out.toString();
    }

    @Descriptor("print a lesson and its exercises, or answer its exercises by running them")
    public String lesson(CommandSession session,
                         @Descriptor("run the exercises' commands now and read each answer from their output")
                         @Parameter(names = {"-a", "--answers"}, presentValue = "true", absentValue = "false") boolean answers,
                         @Descriptor("the lesson's number (kernel:lesson lists them)") String number) {
        int n = SchedArgs.whole(number, "kernel:lesson: the lesson");
        Lesson l = lessons.get(n);
        if (l == null) {
            throw new BadArgument("kernel:lesson: there is no lesson " + n + "; the lessons are " + lessons.keySet()
                    + " (kernel:lesson lists them)");
        }
        return answers ? answers(session, l) : l.text();
    }

    private static String answers(CommandSession session, Lesson l) {
        StringBuilder out = new StringBuilder(l.title() + ": the answers, from runs made now\n");
        List<Integer> unanswered = new ArrayList<>();
        for (Lesson.Exercise e : l.exercises()) {
            out.append('\n').append(e.number()).append(". ").append(e.question()).append('\n');
            StringBuilder output = new StringBuilder();
            String failed = null;
            for (String cmd : e.commands()) {
                out.append("   ").append(Lesson.PROMPT).append(cmd).append('\n');
                try {
                    Object value = session.execute(cmd);
                    if (value != null) output.append(session.format(value, Converter.INSPECT)).append('\n');
                } catch (Exception ex) {
                    failed = cmd + ": " + ex.getMessage();
                    break;
                }
            }
            String[] found = failed == null ? Lesson.answer(e, output.toString()) : null;
            if (found != null) {
                out.append("   answer: ").append(found[0]).append('\n');
                out.append("   found in: ").append(found[1]).append('\n');
            } else {
                unanswered.add(e.number());
                out.append("   answer: not found: ").append(failed != null ? "the command failed: " + failed
                        : "the pattern `" + e.answer().pattern() + "` matched nothing in the commands' output").append('\n');
            }
        }
        if (!unanswered.isEmpty()) {
            throw new IllegalStateException(out + "kernel:lesson: exercises " + unanswered + " of lesson " + l.number() + " could not be answered");
        }
        return out.toString().stripTrailing();
    }
}
