package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One lesson of docs/lessons/, read from its Markdown. The format, which the lessons' README
 * documents for authors:
 * <ul>
 * <li>the first {@code # } heading is the title; the file name's leading number is the lesson's;</li>
 * <li>a line {@code kernellab> <command>} inside a fenced block is a console command the student
 * types (every one of them is run by the lessons' in-framework test);</li>
 * <li>under {@code ## Exercises}, each {@code ### <n>. <question>} is an exercise; its commands are
 * the ones in its section, and its line {@code Answer: `<regex>`} says where the answer is in their
 * output: the regex's first group, found by running the commands ({@code kernel:lesson n --answers}),
 * as OSTEP's simulators compute their answers with {@code -c}. No answer is written down.</li>
 * </ul>
 *
 * @param number    the lesson's number
 * @param title     its title
 * @param text      the Markdown as a student reads it: the answer patterns left out
 * @param commands  every console command of the lesson, in order
 * @param exercises its exercises
 */
record Lesson(int number, String title, String text, List<String> commands, List<Exercise> exercises) {
    static final String PROMPT = "kernellab> ";
    private static final Pattern EXERCISE = Pattern.compile("^### (\\d+)\\. (.+)$");
    private static final Pattern ANSWER = Pattern.compile("^Answer: `(.+)`\\s*$");
    private static final Pattern FILE = Pattern.compile("^(\\d+)-[a-z0-9-]+\\.md$");

    /**
     * One exercise.
     *
     * @param number   its number in the lesson
     * @param question the question
     * @param commands what to run to answer it
     * @param answer   where the answer is in their output: group 1
     */
    record Exercise(int number, String question, List<String> commands, Pattern answer) {
    }

    /** The lesson number a file name {@code NN-slug.md} carries, or -1 when it is not a lesson's name. */
    static int numberOf(String fileName) {
        Matcher m = FILE.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Reads a lesson; a malformed one is refused naming the file, the line and what is wrong. */
    static Lesson parse(String fileName, String markdown) {
        int number = numberOf(fileName);
        if (number < 0) throw new IllegalArgumentException(fileName + ": a lesson's file is named <number>-<slug>.md, e.g. 01-process-context.md");
        String title = null;
        StringBuilder text = new StringBuilder();
        List<String> commands = new ArrayList<>();
        List<Exercise> exercises = new ArrayList<>();
        boolean fenced = false;
        boolean inExercises = false;
        int exNumber = -1;
        String exWhere = null;
        String question = null;
        List<String> exCommands = new ArrayList<>();
        Pattern answer = null;
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = fileName + ":" + (i + 1);
            if (line.startsWith("```")) fenced = !fenced;
            if (!fenced && title == null && line.startsWith("# ")) title = line.substring(2).trim();
            if (!fenced && line.startsWith("## ")) {
                inExercises = line.trim().equals("## Exercises");
            }
            Matcher ex = EXERCISE.matcher(line);
            if (!fenced && inExercises && ex.matches()) {
                if (question != null) exercises.add(exercise(exWhere, exNumber, question, exCommands, answer));
                exWhere = where;
                exNumber = Integer.parseInt(ex.group(1));
                question = ex.group(2).trim();
                exCommands = new ArrayList<>();
                answer = null;
            }
            Matcher an = ANSWER.matcher(line);
            if (!fenced && an.matches()) {
                if (question == null) throw new IllegalArgumentException(where + ": an Answer: line outside an exercise (### <n>. <question> under ## Exercises)");
                try {
                    answer = Pattern.compile(an.group(1), Pattern.MULTILINE);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(where + ": the answer pattern is not a regular expression: " + e.getDescription());
                }
                if (answer.matcher("").groupCount() < 1) throw new IllegalArgumentException(where + ": the answer pattern needs a group ( ... ) around the answer");
                continue; // the student's text leaves it out
            }
            if (fenced && line.startsWith(PROMPT)) {
                String cmd = line.substring(PROMPT.length()).trim();
                if (cmd.isEmpty()) throw new IllegalArgumentException(where + ": an empty command after the prompt");
                commands.add(cmd);
                if (question != null) exCommands.add(cmd);
            }
            text.append(line).append('\n');
        }
        if (fenced) throw new IllegalArgumentException(fileName + ": a fenced block (```) is not closed");
        if (title == null) throw new IllegalArgumentException(fileName + ": no title (a first line # <title>)");
        if (question != null) exercises.add(exercise(exWhere, exNumber, question, exCommands, answer));
        return new Lesson(number, title, text.toString().stripTrailing() + "\n", List.copyOf(commands), List.copyOf(exercises));
    }

    private static Exercise exercise(String where, int number, String question, List<String> commands, Pattern answer) {
        if (commands.isEmpty()) throw new IllegalArgumentException(where + ": exercise " + number + " has no command (kernellab> ... in a fenced block)");
        if (answer == null) throw new IllegalArgumentException(where + ": exercise " + number + " has no Answer: `<regex>` line");
        return new Exercise(number, question, List.copyOf(commands), answer);
    }

    /**
     * The answer to {@code e} in the output of its commands: the pattern's first group, with the line
     * it was found on; null when the pattern finds nothing.
     */
    static String[] answer(Exercise e, String output) {
        Matcher m = e.answer().matcher(output);
        if (!m.find()) return null;
        int start = output.lastIndexOf('\n', m.start(1)) + 1;
        int end = output.indexOf('\n', m.end(1));
        return new String[] {m.group(1), output.substring(start, end < 0 ? output.length() : end).strip()};
    }
}
