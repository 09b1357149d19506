package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * The lessons of docs/lessons/ (issue 11 §3) at the console: every command of every lesson runs,
 * and every exercise is answered by {@code kernel:lesson n --answers} from the runs it makes, so a
 * lesson cannot rot.
 */
@ExtendWith(BundleContextExtension.class)
class LessonsTest {
    private static final Pattern LISTED = Pattern.compile("^Lesson (\\d+): (.+) \\((\\d+) exercises\\)$", Pattern.MULTILINE);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    private GogoSession session;

    @BeforeEach
    void open() {
        PolicyBundles.tickingKernel(context);
        session = new GogoSession(processor);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void everyLesson_everyCommandRuns_andEveryExerciseIsAnswered() throws Exception {
        String list = (String) session.execute("kernel:lesson");
        Matcher m = LISTED.matcher(list);
        List<int[]> lessons = new ArrayList<>();
        while (m.find()) lessons.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3))});
        assertEquals(7, lessons.size(), list);
        for (int[] l : lessons) {
            String text = (String) session.execute("kernel:lesson " + l[0]);
            int commands = 0;
            for (String line : text.split("\n")) {
                if (!line.startsWith("kernellab> ")) continue;
                String cmd = line.substring("kernellab> ".length()).trim();
                Object value = session.execute(cmd); // throws when a command of the lesson fails
                assertFalse(session.format(value).isBlank(), "lesson " + l[0] + ": " + cmd + " printed nothing");
                commands++;
            }
            assertTrue(commands >= l[1], "lesson " + l[0] + " has " + commands + " commands for " + l[1] + " exercises");
            String answers = (String) session.execute("kernel:lesson --answers " + l[0]);
            int answered = 0;
            for (String line : answers.split("\n")) if (line.startsWith("   answer: ")) answered++;
            assertEquals(l[1], answered, answers);
            assertFalse(answers.contains("not found"), answers);
        }
    }

    @Test
    void answers_areWhatTheKernelDoes() throws Exception {
        String two = (String) session.execute("kernel:lesson --answers 2");
        assertTrue(two.contains("1. Which task is current while the handler of irq 5 runs?\n   kernellab> kernel:demo sleep-in-irq\n   answer: app/1\n"), two);
        assertTrue(two.contains("   answer: BUG: sleeping function called from invalid context\n"), two);
        String four = (String) session.execute("kernel:lesson --answers 4");
        assertTrue(four.contains("   answer: 0x20000\n"), "two nested hard IRQs: " + four);
        assertTrue(four.contains("   answer: 0x100\n"), "serving a softirq: " + four);
    }
}
