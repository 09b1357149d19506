package org.kernellab.ostep.internal;

/** The usage texts of {@code sched:ostep}, in KernelLab's words; {@code docs/ostep.md} says the same at length. */
final class Help {
    private Help() {}

    private static final String COMMON = """
            Flags are read as the script reads them: -s 5, -s5, --seed 5, --seed=5, --se 5 (a unique
            prefix), -cs5, 0x/0b/0 prefixes on integers. An unknown flag, a bad value or a bare
            argument is an error naming the flag.

            With -c the answer is not worked out from the script's rules: the jobs run as a workload
            on a private simulated machine (1 CPU, 1 unit = 1 ms, no switch/tick/IRQ costs) under
            the KernelLab policy named below, and the lines are formatted from that run's timeline
            and per-task figures. A line starting with KERNELLAB MISMATCH reports a run that
            contradicts the script's rules; it is never hidden.
            """;

    static String general() {
        return OstepCommand.USAGE + "\n\n"
                + "  scheduler  cpu-sched/scheduler.py: FIFO, SJF, RR        (policies fifo, sjf, rr)\n"
                + "  mlfq       cpu-sched-mlfq/mlfq.py: multi-level feedback (policy mlfq)\n"
                + "  lottery    cpu-sched-lottery/lottery.py: lottery         (policy lottery)\n\n"
                + "Output is byte for byte the script's (ostep-homework 6c6cfc7e), random jobs from -s included.\n\n"
                + COMMON;
    }

    static String of(String script) {
        return switch (script) {
            case "scheduler" -> """
                    usage: sched:ostep scheduler [flags]   (OSTEP cpu-sched/scheduler.py)

                      -s, --seed N      seed of Python's generator for random jobs (0)
                      -j, --jobs N      number of random jobs (3)
                      -m, --maxlen N    random job length is int(N * random()) + 1 (10)
                      -l, --jlist L     run times instead, e.g. 10,15,20 (decimals allowed)
                      -p, --policy P    FIFO, SJF or RR, in capitals (FIFO)
                      -q, --quantum N   RR time slice (1)
                      -c                print the answer, computed by a KernelLab run
                      -h, --help        this text

                    Runs under: fifo; sjf (each job's length is its expected-run hint); rr quantum=<q>ms.
                    Reproduced as the script has them: all jobs arrive at 0; SJF's stable sort (equal
                    lengths in id order); an RR job with exactly q left finishes in that slice and the
                    next starts at once; FIFO/SJF statistics in execution order, RR's in id order; -l
                    lengths written as Python floats (8.0); Python's %.2f rounding.
                    Differs: an unknown -p is an error here (the script prints the problem and then
                    "not available" only with -c); a -l length is run to the nearest nanosecond.
                    """ + COMMON;
            case "mlfq" -> """
                    usage: sched:ostep mlfq [flags]   (OSTEP cpu-sched-mlfq/mlfq.py)

                      -s, --seed N           seed for random jobs (0)
                      -n, --numQueues N      number of queues (3)
                      -q, --quantum N        time slice of every queue (10)
                      -a, --allotment N      quanta a job may use at a level (1)
                      -Q, --quantumList L    time slices per queue, highest first, e.g. 10,20,40
                      -A, --allotmentList L  allotments per queue, highest first, e.g. 2,2,1
                      -j, --numJobs N        number of random jobs (3)
                      -m, --maxlen N         random run time bound (100)
                      -M, --maxio N          random I/O frequency bound (10)
                      -B, --boost N          boost every N units; 0 never (0)
                      -i, --iotime N         length of every I/O (5)
                      -S, --stay             refill quantum and allotment when a job starts an I/O
                      -I, --iobump           a job whose I/O completes goes to the head of its queue
                      -l, --jlist L          jobs start,run,ioFreq:start,run,ioFreq...
                      -c                     print the answer, computed by a KernelLab run
                      -h, --help             this text

                    Runs under: mlfq quanta=..,allotment(s)=..,boost=..,stay=..,iobump=..; each job is a
                    task of run ioFreq / io ioTime phases starting at its start time.
                    Reproduced: boost before arrivals before I/O completions in a tick; a preempted job
                    keeps its place and its partly used quantum; the quantum-end check reads the ticks
                    left before -S refills them, so -S with an allotment of 1 still demotes a job whose
                    I/O and quantum end coincide; -a 0 (or an allotment below 0) never demotes; a
                    quantum of 0 or less never ends (run with a quantum longer than the whole run);
                    the stray "IO DONE" line after each IO_START; "Avg" numbered with the last job id.
                    The PRIORITY/TICKS/ALLOT figures are bookkeeping kept beside the run by the
                    script's rules, and every tick checks the run's choice against them.
                    Differs: -i 0 or less with a job that does I/O is an error (the run's I/O takes
                    time); run times below 1, negative start times and -n 0 are errors (the script
                    aborts, hangs or crashes).
                    """ + COMMON;
            case "lottery" -> """
                    usage: sched:ostep lottery [flags]   (OSTEP cpu-sched-lottery/lottery.py)

                      -s, --seed N       seed of Python's generator: jobs, then the lotteries (0)
                      -j, --jobs N       number of random jobs (3)
                      -l, --jlist L      length:tickets pairs instead, e.g. 10:100,20:100
                      -m, --maxlen N     random length is int(N * random()), drawn until not 0 (10)
                      -T, --maxticket N  random tickets likewise (100)
                      -q, --quantum N    time slice per lottery (1)
                      -c, --compute      print the answer, computed by a KernelLab run
                      -h, --help         this text

                    Runs under: lottery quantum=<q>ms pyseed=<s> pyskip=<draws job generation took>,
                    so the policy draws Python's numbers in Python's order.
                    Reproduced: one draw r = int(random() * 1000001) per quantum, winner r % T over the
                    tickets of unfinished jobs walked in id order; a finished job's tickets shown as
                    ---. The "Random" lines are recomputed from the seed and the totals and checked
                    against the job the run actually ran.
                    Converted: the script's clock advances a full quantum even when the winner needed
                    less; the run holds the next lottery at once, so "DONE at time" is the number of
                    lotteries held so far times the quantum, not the run's exit time.
                    Differs: -m or -T below 2 for random jobs, and -l lengths or tickets below 1, are
                    errors (the script loops forever or divides by zero).
                    """ + COMMON;
            default -> general();
        };
    }
}
