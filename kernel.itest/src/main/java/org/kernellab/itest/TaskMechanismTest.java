package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The framework's kernel runs task bodies the way this suite's run asks: continuations by default, threads with kernellab.tasks=thread. */
@ExtendWith(ServiceExtension.class)
class TaskMechanismTest {
    @InjectService
    Kernel kernel;

    @Test
    void bootLog_namesTheMechanismThisRunAskedFor() {
        String expected = "thread".equals(System.getProperty("kernellab.tasks"))
                ? "KernelLab: task bodies run on virtual threads (tasks=thread)"
                : "KernelLab: task bodies run as continuations on the engine's thread";
        assertTrue(kernel.dmesg().stream().anyMatch(l -> l.text.equals(expected)),
                "boot log without \"" + expected + "\": " + kernel.dmesg().stream().map(l -> l.text).toList());
    }
}
