package org.kernellab.policy.mlfq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The policy's own decisions against OSTEP's mlfq.py, tick by tick: each case of
 * {@code ostep-mlfq.txt} (mlfq.py's -c output for those options) is driven through the SPI by
 * {@link TickDriver}, with one instant's events in mlfq.py's order and backwards. Single-job
 * cases also run with the quantum-end preemption before the job's own I/O.
 */
class MlfqOstepTest {

    record Case(String args, List<TickDriver.JobSpec> jobs, String runs) {}

    @TestFactory
    Stream<DynamicTest> mlfqPy_everyCase_sameJobAndPriorityEveryTick() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            List<TickDriver.Order> orders = new ArrayList<>(List.of(TickDriver.Order.OSTEP, TickDriver.Order.REVERSED));
            if (c.jobs().size() == 1) orders.add(TickDriver.Order.HRTICK_FIRST);
            for (TickDriver.Order order : orders) {
                tests.add(DynamicTest.dynamicTest(c.args() + " [" + order + "]", () -> {
                    Map<String, String> params = new LinkedHashMap<>();
                    int ioTime = options(c.args(), params);
                    MlfqProvider provider = new MlfqProvider();
                    TickDriver driver = new TickDriver();
                    String runs = driver.run(provider.create(driver, params), c.jobs(), ioTime, order);
                    assertEquals(c.runs(), runs, "mlfq.py -c " + c.args() + " as " + params);
                }));
            }
        }
        return tests.stream();
    }

    /** mlfq.py's options as the policy's parameters (1 unit = 1 ms); returns -i. */
    static int options(String args, Map<String, String> params) {
        String[] a = args.trim().split("\\s+");
        int ioTime = 5;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "-n" -> params.put("queues", a[++i]);
                case "-q" -> params.put("quantum", a[++i] + "ms");
                case "-Q" -> params.put("quanta", String.join(",", List.of(a[++i].split(",")).stream().map(x -> x + "ms").toList()));
                case "-a" -> params.put("allotment", a[++i]);
                case "-A" -> params.put("allotments", a[++i]);
                case "-B" -> params.put("boost", a[++i] + "ms");
                case "-S" -> params.put("stay", "true");
                case "-I" -> params.put("iobump", "true");
                case "-i" -> ioTime = Integer.parseInt(a[++i]);
                case "-s", "-j", "-m", "-M", "-l" -> i++; // the workload: the job list is given
                default -> throw new IllegalArgumentException("option " + a[i]);
            }
        }
        return ioTime;
    }

    static List<Case> cases() throws IOException {
        String text;
        try (InputStream in = MlfqOstepTest.class.getResourceAsStream("/ostep-mlfq.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String args = null;
        List<TickDriver.JobSpec> jobs = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("args: ")) args = line.substring(6);
            else if (line.startsWith("jobs: ")) {
                jobs = new ArrayList<>();
                for (String j : line.substring(6).split(":")) {
                    String[] f = j.split(",");
                    jobs.add(new TickDriver.JobSpec(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])));
                }
            } else if (line.startsWith("runs: ")) cases.add(new Case(args, jobs, line.substring(6)));
        }
        return cases;
    }
}
