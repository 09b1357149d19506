package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The lessons' format (docs/lessons/README.md), and the real lessons read with it. */
class LessonTest {
    private static final String SAMPLE = """
            # Lesson 9: A sample

            Prose.

            ```text
            kernellab> kernel:demo sleep-in-irq
            ```

            ## Exercises

            ### 1. Who is current?

            ```text
            kernellab> kernel:demo sleep-in-irq
            kernellab> kernel:time
            ```

            Answer: `current=(\\S+)`

            ### 2. What is preempt_count?

            ```text
            kernellab> kernel:demo nested-irq
            ```

            Answer: `preempt_count=(0x[0-9a-f]+)`
            """;

    @Test
    void parse_titleCommandsExercises_andTheStudentsTextWithoutAnswers() {
        Lesson l = Lesson.parse("09-sample.md", SAMPLE);
        assertEquals(9, l.number());
        assertEquals("Lesson 9: A sample", l.title());
        assertEquals(List.of("kernel:demo sleep-in-irq", "kernel:demo sleep-in-irq", "kernel:time", "kernel:demo nested-irq"), l.commands());
        assertEquals(2, l.exercises().size());
        Lesson.Exercise e = l.exercises().get(0);
        assertEquals(1, e.number());
        assertEquals("Who is current?", e.question());
        assertEquals(List.of("kernel:demo sleep-in-irq", "kernel:time"), e.commands());
        assertFalse(l.text().contains("Answer:"), l.text());
        assertTrue(l.text().contains("### 2. What is preempt_count?"));
    }

    @Test
    void answer_isThePatternsGroup_withItsLine() {
        Lesson.Exercise e = Lesson.parse("09-sample.md", SAMPLE).exercises().get(0);
        String out = "[    0.000000] boot\n[    0.001000] demo: handler runs: current=app/1 in_irq()=1\n[    0.002000] more";
        assertArrayEquals(new String[] {"app/1", "[    0.001000] demo: handler runs: current=app/1 in_irq()=1"}, Lesson.answer(e, out));
        assertNull(Lesson.answer(e, "nothing here"));
    }

    @Test
    void parse_malformed_isRefusedNamingFileLineAndWhat() {
        assertEquals("x.md: a lesson's file is named <number>-<slug>.md, e.g. 01-process-context.md",
                assertThrows(IllegalArgumentException.class, () -> Lesson.parse("x.md", SAMPLE)).getMessage());
        assertEquals("01-a.md: no title (a first line # <title>)",
                assertThrows(IllegalArgumentException.class, () -> Lesson.parse("01-a.md", "text\n")).getMessage());
        assertEquals("01-a.md: a fenced block (```) is not closed",
                assertThrows(IllegalArgumentException.class, () -> Lesson.parse("01-a.md", "# T\n```\nkernellab> kernel:time\n")).getMessage());
        assertEquals("01-a.md:2: an Answer: line outside an exercise (### <n>. <question> under ## Exercises)",
                assertThrows(IllegalArgumentException.class, () -> Lesson.parse("01-a.md", "# T\nAnswer: `(x)`\n")).getMessage());
        assertEquals("01-a.md:4: the answer pattern needs a group ( ... ) around the answer",
                assertThrows(IllegalArgumentException.class, () -> Lesson.parse("01-a.md", "# T\n## Exercises\n### 1. Q?\nAnswer: `x`\n")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Lesson.parse("01-a.md", "# T\n## Exercises\n### 1. Q?\nAnswer: `(x`\n"))
                .getMessage().startsWith("01-a.md:4: the answer pattern is not a regular expression: "));
        assertEquals("01-a.md:3: exercise 1 has no Answer: `<regex>` line",
                assertThrows(IllegalArgumentException.class, () -> Lesson.parse("01-a.md", "# T\n## Exercises\n### 1. Q?\n```\nkernellab> kernel:time\n```\n")).getMessage());
        assertEquals("01-a.md:3: exercise 1 has no command (kernellab> ... in a fenced block)",
                assertThrows(IllegalArgumentException.class, () -> Lesson.parse("01-a.md", "# T\n## Exercises\n### 1. Q?\nAnswer: `(x)`\n### 2. R?\n")).getMessage());
    }

    /** The lessons in docs/lessons/, as the console bundle carries them. */
    static Map<String, String> realLessons() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var s = Files.list(Path.of("..", "docs", "lessons"))) {
            for (Path p : s.toList()) files.put(p.getFileName().toString(), Files.readString(p));
        }
        return files;
    }

    @Test
    void realLessons_allParse_numberedOneToSeven_eachWithExercises() throws IOException {
        LessonCommands c = new LessonCommands(realLessons());
        List<Lesson> ls = c.lessons();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), ls.stream().map(Lesson::number).toList());
        for (Lesson l : ls) {
            assertTrue(l.exercises().size() >= 3, l.title() + " has " + l.exercises().size() + " exercises");
            for (Lesson.Exercise e : l.exercises()) assertFalse(e.commands().isEmpty(), l.title() + " exercise " + e.number());
        }
        String list = c.lesson();
        assertTrue(list.startsWith("Lesson 1: Process context (3 exercises)\nLesson 2: Interrupt context (3 exercises)\n"), list);
        assertTrue(list.endsWith("kernel:lesson <n> prints one; kernel:lesson <n> --answers runs its exercises and answers them"), list);
        assertEquals("kernel:lesson: there is no lesson 12; the lessons are [1, 2, 3, 4, 5, 6, 7] (kernel:lesson lists them)",
                assertThrows(IllegalArgumentException.class, () -> c.lesson(null, false, "12")).getMessage());
        assertEquals("kernel:lesson: the lesson \"two\" is not a whole number",
                assertThrows(IllegalArgumentException.class, () -> c.lesson(null, false, "two")).toString(), "printed without Java's class name");
        String two = c.lesson(null, false, "2");
        assertTrue(two.startsWith("# Lesson 2: Interrupt context\n"), two);
        assertFalse(two.contains("Answer:"), two);
    }
}
