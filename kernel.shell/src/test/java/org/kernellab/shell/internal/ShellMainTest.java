package org.kernellab.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShellMainTest {

    /** An exception that prints its message alone, as the console's BadArgument does. */
    private static final class Plain extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Plain(String m) {
            super(m);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    @Test
    void errorText_simpleNameAndMessage_orTheMessageOfAnExceptionThatPrintsItself() {
        assertEquals("IllegalStateException: no kernel", ShellMain.errorText(new IllegalStateException("no kernel")));
        assertEquals("cat: /proc/nope: No such file or directory", ShellMain.errorText(new Plain("cat: /proc/nope: No such file or directory")));
    }
}
