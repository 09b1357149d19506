package org.kernellab.api;

/** Task states with Linux's letters (fs/proc/array.c task_state_array). */
public enum TaskState {
    RUNNING('R'), INTERRUPTIBLE('S'), UNINTERRUPTIBLE('D'), DEAD('X');

    private final char letter;
    TaskState(char letter) { this.letter = letter; }
    public char letter() { return letter; }
}
