package org.kernellab.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.kernellab.api.ContextViolationException;
import org.kernellab.api.Contract;
import org.kernellab.api.Ctx;
import org.kernellab.api.LogLevel;
import org.kernellab.api.Taint;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.boundary.Boundary;
import org.kernellab.api.boundary.Checkpoint;
import org.kernellab.api.boundary.FastPass;
import org.kernellab.api.boundary.GeneratedBoundary;
import org.kernellab.core.TraceBuffer.Type;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The contract boundary: every kernel service goes out behind a boundary object that checks
 * the caller's context against the method's {@link Contract} on every call before the
 * implementation runs. The boundary is the interface's generated class ({@code XxxChecked},
 * written by kernel.apt at the interface's build: a checkpoint field per checked method and a
 * direct call), or, for an interface built without it, a reflective proxy. Either way each
 * contract is read once per interface. Also the home of every report the kernel makes
 * about broken rules, in Linux's formats, followed by KernelLab's additions.
 */
final class Contracts {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Engine e;
    /** __might_resched's prev_jiffy: at most one report per HZ jiffies. */
    private long lastReportJiffies = Long.MIN_VALUE;
    private long taints;
    private long reports;

    Contracts(Engine e) {
        this(e, new Grant());
    }

    /** A machine's contracts, with the fast pass its earlier engines had ({@link #fastPass}). */
    Contracts(Engine e, Grant fastPass) {
        this.fastPass = fastPass;
        fastPass.deny();
        this.e = e;
    }

    long reports() { return reports; }

    /**
     * print_tainted() (kernel/panic.c, Linux 6.6): one column per taint flag in bit order, the
     * flag's letter when set, else 'G' for the first (not proprietary) and a space for the rest,
     * so "Tainted: G        W" is followed by the blank columns of the flags after W.
     */
    String taintString() {
        if (taints == 0) return "Not tainted";
        StringBuilder sb = new StringBuilder("Tainted: ");
        for (int bit = 0; bit < TAINT_FLAGS.length(); bit++) {
            sb.append((taints & (1L << bit)) != 0 ? TAINT_FLAGS.charAt(bit) : bit == 0 ? 'G' : ' ');
        }
        return sb.toString();
    }

    /** taint_flags[].c_true in bit order, TAINT_PROPRIETARY_MODULE to TAINT_TEST (TAINT_FLAGS_COUNT = 19). */
    static final String TAINT_FLAGS = "PFSRMBUDAWCIOELKXTN";

    // =====================================================================================
    // The boundary
    // =====================================================================================

    /**
     * Puts {@code impl} behind the boundary for {@code iface}: the interface's generated class
     * ({@code XxxChecked}, see kernel.apt) when it has one, else the reflective proxy. Refuses an
     * interface with an undeclared method.
     */
    static <T> T wrap(Class<T> iface, T impl, Supplier<Contracts> contracts) {
        Plan plan = PLANS.get(iface);
        // An interface whose every method is atomic-safe has nothing to check at its boundary:
        // the implementation goes out as it is, at the cost of a direct call.
        if (plan.atomicSafe()) return impl;
        return plan.generated() != null ? generated(iface, plan, impl, null, contracts) : proxy(iface, impl, contracts);
    }

    /**
     * Like {@link #wrap}, always with a boundary, whose implementation is fetched on the first call.
     * For services republished by {@link ServiceBoundary}: fetching a DS service while its
     * registration event is being delivered would catch DS half-way.
     */
    static <T> T wrapLazy(Class<T> iface, Supplier<? extends T> impl, Supplier<Contracts> contracts) {
        Plan plan = PLANS.get(iface);
        if (plan.generated() != null) return generated(iface, plan, null, impl, contracts);
        InvocationHandler h = new ProxyBoundary(contracts, null, impl, plan.rules());
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
    }

    /** The reflective proxy, always: the fallback for an interface without a generated class. */
    static <T> T proxy(Class<T> iface, T impl, Supplier<Contracts> contracts) {
        InvocationHandler h = new ProxyBoundary(contracts, impl, null, PLANS.get(iface).rules());
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
    }

    /** The generated class, always; null when {@code iface} has none. */
    static <T> T generated(Class<T> iface, T impl, Supplier<Contracts> contracts) {
        Plan plan = PLANS.get(iface);
        return plan.generated() == null ? null : generated(iface, plan, impl, null, contracts);
    }

    private static <T> T generated(Class<T> iface, Plan plan, T impl, Supplier<? extends T> lazy, Supplier<Contracts> contracts) {
        try {
            return iface.cast(plan.generated().newInstance(new GeneratedSite(contracts, plan, lazy), impl));
        } catch (InvocationTargetException ite) {
            if (ite.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException("cannot make the boundary of " + iface.getName(), ite.getCause());
        } catch (ReflectiveOperationException roe) {
            throw new IllegalStateException("cannot make the boundary of " + iface.getName(), roe);
        }
    }

    /** Puts implementations behind the boundary of whichever machine is current. */
    interface Wrapper {
        <T> T wrap(Class<T> iface, T impl);
    }

    /** A method's contract, read once: the rule, the advice, and the method's name for reports. */
    record Rule(Ctx ctx, String fix, String what, int layers) {
        Rule(Ctx ctx, String fix, String what) {
            this(ctx, fix, what, 0);
        }
    }

    static Map<Method, Rule> rulesOf(Class<?> iface) {
        Map<Method, Rule> rules = new HashMap<>();
        for (Method m : iface.getMethods()) {
            Contract c = m.getAnnotation(Contract.class);
            if (c == null) {
                throw new IllegalArgumentException("method " + iface.getName() + "." + m.getName()
                        + "() has no @Contract; every kernel service method must state the contexts it may be called from");
            }
            rules.put(m, new Rule(c.value(), c.fix(), iface.getSimpleName() + "." + m.getName() + "()"));
        }
        return rules;
    }

    /**
     * What the boundary of one interface is made from, read once per interface: its rules, and the
     * constructor of its generated class if the interface's bundle has one.
     *
     * @param generated {@code XxxChecked(Boundary, Xxx)}, or null: the proxy stands in
     */
    private record Plan(Map<Method, Rule> rules, Map<Signature, Rule> bySignature, boolean atomicSafe, Constructor<?> generated) {
        static Plan of(Class<?> iface) {
            Map<Method, Rule> rules = Map.copyOf(rulesOf(iface));
            Map<Signature, Rule> bySignature = new HashMap<>();
            rules.forEach((m, r) -> bySignature.put(new Signature(m.getName(), List.of(m.getParameterTypes())), r));
            boolean atomicSafe = rules.values().stream().allMatch(r -> r.ctx() == Ctx.ATOMIC_SAFE);
            return new Plan(rules, Map.copyOf(bySignature), atomicSafe, generatedConstructor(iface));
        }
    }

    private record Signature(String name, List<Class<?>> parameterTypes) {
    }

    /**
     * The plan of each interface. A cache of facts about classes, shared by every machine in the
     * JVM; a ClassValue, so an uninstalled bundle's interfaces and classes are not kept alive by it.
     */
    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> iface) {
            return Plan.of(iface);
        }
    };

    /**
     * Names of the generated classes found so far, so that exception traces leave their frames out
     * as they leave out the proxy's. Only names: it keeps no class alive. Grows by one entry per
     * kernel service interface.
     */
    private static final Set<String> GENERATED_NAMES = ConcurrentHashMap.newKeySet();

    /**
     * {@code XxxChecked(Boundary, Xxx)} for {@code Xxx}, loaded by the interface's own class loader
     * (its bundle's: the core imports no other bundle's API packages), or null if the interface's
     * build did not run kernel.apt.
     */
    private static Constructor<?> generatedConstructor(Class<?> iface) {
        try {
            Class<?> c = Class.forName(iface.getName() + "Checked", false, iface.getClassLoader());
            GeneratedBoundary marker = c.getAnnotation(GeneratedBoundary.class);
            if (marker == null || marker.value() != iface || !iface.isAssignableFrom(c)) return null;
            Constructor<?> ctor = c.getConstructor(Boundary.class, iface);
            GENERATED_NAMES.add(c.getName());
            return ctor;
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError none) {
            return null;
        }
    }

    /** What one generated boundary object is made from: the checkpoints of its checked methods, and its implementation. */
    private static final class GeneratedSite implements Boundary {
        private final Supplier<Contracts> contracts;
        private final Plan plan;
        private final Supplier<?> lazy;

        /** The machine's fast pass, which outlives its resets: read once, at the boundary's making. */
        private final Grant fastPass;

        GeneratedSite(Supplier<Contracts> contracts, Plan plan, Supplier<?> lazy) {
            this.contracts = contracts;
            this.plan = plan;
            this.lazy = lazy;
            this.fastPass = contracts.get().fastPass;
        }

        @Override
        public FastPass fastPass() {
            return fastPass;
        }

        @Override
        public Checkpoint checkpoint(String name, Class<?>... parameterTypes) {
            Rule rule = plan.bySignature().get(new Signature(name, List.of(parameterTypes)));
            if (rule == null) {
                throw new IllegalArgumentException("the generated boundary asks for " + name + List.of(parameterTypes)
                        + ", which its interface does not declare; rebuild the interface's bundle");
            }
            return new Gate(contracts, rule, fastPass);
        }

        @Override
        public Object target() {
            Object t = lazy == null ? null : lazy.get();
            if (t == null) throw new IllegalStateException("the service behind this boundary is gone");
            return t;
        }
    }

    /** One checked method's check: the call a generated class makes before it calls the implementation. */
    private static final class Gate implements Checkpoint {
        private final Supplier<Contracts> contracts;
        private final Rule rule;
        /** A rule that forbids atomic context (might_sleep and its kin): it has a fast allowed path. */
        private final boolean sleeping;
        /**
         * A rule the fast path's answer also settles: the sleeping rules, and TASK_ONLY, whose
         * allowed path (in_task(): no hardirq, softirq or NMI count) a zero preempt count implies.
         */
        private final boolean fast;

        /** The machine's fast pass, the one its generated class reads. */
        private final FastPass fastPass;

        Gate(Supplier<Contracts> contracts, Rule rule, FastPass fastPass) {
            this.contracts = contracts;
            this.fastPass = fastPass;
            this.rule = rule;
            this.sleeping = sleeps(rule.ctx());
            this.fast = sleeping || rule.ctx() == Ctx.TASK_ONLY;
        }

        /**
         * The allowed path of a sleeping or task-only rule is the machine's fast pass compared with
         * the current thread, as the generated class itself does first (a class generated before
         * it did goes through here); everything else, and every other rule, goes to
         * {@link #passSlow}, kept out of line so that this method inlines into the generated class.
         */
        @Override
        public boolean pass() {
            if (fast && fastPass.admits(Thread.currentThread())) return true;
            return passSlow();
        }

        private boolean passSlow() {
            Contracts k = contracts.get();
            return sleeping && k.maySleepHere() || k.check(rule);
        }
    }

    /**
     * The allowed path of a sleeping rule in a few field reads: simulated code, on a CPU with a
     * zero preempt count and interrupts on, running a real task, under a preemption model whose
     * might_sleep() is not also a preemption point (voluntary). When it says false, {@link #check}
     * decides, with its report; when it says true, check would have said true and done nothing.
     */
    boolean maySleepHere() {
        Cpu c = e.running;
        boolean may = c != null && e.layout.count(c.preemptCount) == 0 && !c.irqsDisabled && !c.current.idle
                && e.model != org.kernellab.api.PreemptModel.VOLUNTARY && e.inSimulation();
        // granted to this thread until the executing CPU, task or thread changes, the CPU's preempt
        // count rises or its interrupts go off
        if (may) fastPass.allow(Thread.currentThread());
        return may;
    }

    /**
     * The machine's {@link FastPass}, granted by {@link #maySleepHere} to the thread it found in
     * plain process context. The engine revokes it ({@link #revokeFastPass}) wherever that answer
     * may change: a dispatch step to another CPU or to a hardware event, a switch to idle, a
     * baton handoff, the start and end of a run and of a safe point, a new engine; and the CPU
     * itself revokes it wherever its preempt count rises or its interrupts go off
     * ({@link Cpu#preemptAdd}, {@link Cpu#preemptSet}, {@link Cpu#irqsOff}).
     * Shared by every engine of one machine, so that boundaries made once serve them all.
     */
    final Grant fastPass;

    /** The executing CPU, task or thread changes, or the CPU may no longer sleep: the fast pass is void. */
    void revokeFastPass() {
        fastPass.deny();
    }

    /**
     * Whether {@code ctx} is a rule that forbids atomic context (might_sleep and its kin), whose
     * allowed path {@link #maySleepHere} (and so the fast pass) settles.
     */
    static boolean sleeps(Ctx ctx) {
        return ctx == Ctx.MAY_SLEEP || ctx == Ctx.SCHEDULES || ctx == Ctx.USER_ACCESS;
    }

    /** The core's side of {@link FastPass}. */
    static final class Grant extends FastPass {
        void allow(Thread t) {
            grant(t);
        }

        void deny() {
            revoke();
        }
    }

    /** The reflective boundary: rule lookup, the check, reflective dispatch. */
    private static final class ProxyBoundary implements InvocationHandler {
        private final Supplier<Contracts> contracts;
        private volatile Object impl;
        private final Supplier<?> lazy;
        private final Map<Method, Rule> methods;

        ProxyBoundary(Supplier<Contracts> contracts, Object impl, Supplier<?> lazy, Map<Method, Rule> methods) {
            this.contracts = contracts;
            this.impl = impl;
            this.lazy = lazy;
            this.methods = methods;
        }

        private Object target() {
            Object t = impl;
            if (t == null) {
                t = lazy.get();
                if (t == null) throw new IllegalStateException("the service behind this boundary is gone");
                impl = t;
            }
            return t;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Rule rule = methods.get(method);
            if (rule == null) {
                // java.lang.Object methods
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "boundary(" + (impl != null ? impl : "not yet used") + ")";
                    default -> method.invoke(target(), args);
                };
            }
            if (rule.ctx() != Ctx.ATOMIC_SAFE && !contracts.get().check(rule)) {
                return defaultValue(method.getReturnType());
            }
            try {
                return method.invoke(target(), args);
            } catch (InvocationTargetException ite) {
                throw ite.getCause();
            }
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) return null;
        if (type == boolean.class) return false;
        if (type == long.class) return 0L;
        if (type == int.class) return 0;
        if (type == double.class) return 0.0;
        if (type == float.class) return 0f;
        if (type == short.class) return (short) 0;
        if (type == byte.class) return (byte) 0;
        return '\0';
    }

    /**
     * Checks the caller's context against {@code contract}. Returns true to let the call
     * proceed; false to skip it (a sleeping call from interrupt context in warn mode, where
     * there is no task to put to sleep). Throws in fail mode; halts the machine in panic mode.
     */
    boolean check(Rule r) {
        int saved = skipLayers;
        skipLayers = r.layers();
        try {
            return checkRule(r);
        } finally {
            skipLayers = saved;
        }
    }

    /**
     * Service layers between the offending code and the check: 1 when a service outside the
     * core asks for might_sleep() on its caller's behalf, so its own frames are skipped.
     * Guarded by the baton, like everything the check reads.
     */
    private int skipLayers;

    private boolean checkRule(Rule r) {
        Ctx rule = r.ctx();
        boolean sim = e.inSimulation();
        if (rule == Ctx.CONTROL) {
            if (sim) {
                throw new IllegalStateException(r.what() + " " + rule.rule());
            }
            return true;
        }
        Cpu c = sim ? e.running : null;
        if (c == null) return true; // outside the simulation there is no atomic context to break
        int pc = c.preemptCount;
        var layout = e.layout;
        switch (rule) {
            case MAY_SLEEP, SCHEDULES, USER_ACCESS -> {
                boolean userInIrq = rule == Ctx.USER_ACCESS && layout.inInterrupt(pc);
                if (layout.inAtomic(pc) || c.irqsDisabled || c.current.idle || userInIrq) {
                    return violation(r, c, sleepReport(c));
                }
                if (e.model == org.kernellab.api.PreemptModel.VOLUNTARY && rule != Ctx.SCHEDULES) {
                    // might_sleep() is a voluntary preemption point (include/linux/kernel.h
                    // might_resched); schedule() itself is not one, it is about to switch anyway
                    e.sw.condResched(c);
                }
                return true;
            }
            case TASK_ONLY -> {
                if (!layout.inTask(pc)) {
                    String head = String.format("WARNING: CPU: %d PID: %d at %s %s%nDEBUG_LOCKS_WARN_ON(!in_task())",
                            c.id, c.current.pid, callerSite(skipLayers), r.what());
                    return violation(r, c, head);
                }
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    /** The head of __might_resched's report (kernel/sched/core.c). */
    private String sleepReport(Cpu c) {
        TaskImpl cur = c.current;
        return "BUG: sleeping function called from invalid context at " + callerSite(skipLayers) + "\n"
                + String.format("in_atomic(): %d, irqs_disabled(): %d, non_block: %d, pid: %d, name: %s%n",
                        e.layout.inAtomic(c.preemptCount) ? 1 : 0, c.irqsDisabled ? 1 : 0, 0, cur.pid, cur.comm)
                + String.format("preempt_count: %x, expected: %x", c.preemptCount, 0);
    }

    private boolean violation(Rule r, Cpu c, String head) {
        ViolationPolicy policy = e.policy;
        Ctx rule = r.ctx();
        // hard IRQ, NMI or serving a softirq: there is no task that could sleep
        boolean inIrq = !e.layout.inTask(c.preemptCount);
        String what = r.what();
        String report = head + "\n" + dumpStack(c) + additions(what, rule, r.fix());
        boolean suppressed = policy == ViolationPolicy.WARN && lastReportJiffies != Long.MIN_VALUE
                && e.jiffies < lastReportJiffies + e.config.hz();
        e.emit(c, Type.CONTEXT_VIOLATION, c.current, head.lines().findFirst().orElse(head), rule.ordinal(), 0, 'R');
        if (!suppressed) {
            lastReportJiffies = e.jiffies;
            reports++;
            taints |= 1L << Taint.WARN.bit;
            e.log(LogLevel.ERR, report);
        }
        switch (policy) {
            case FAIL -> throw new ContextViolationException(rule, report);
            case PANIC -> {
                e.panic(report);
                return false;
            }
            default -> {
                if (inIrq) {
                    if (rule == Ctx.USER_ACCESS && r.layers() > 0) {
                        // a user copy asking on its own behalf (might_fault): as in Linux it goes on, and
                        // cannot sleep, because in atomic context a fault takes the fixup instead
                        if (!suppressed) {
                            e.log(LogLevel.WARNING, "KernelLab: " + what + " goes on, as in Linux, with whichever process was interrupted:"
                                    + " in interrupt context a page that is not present cannot be faulted in, and ends the copy short");
                        }
                        return true;
                    }
                    if (!suppressed) {
                        e.log(LogLevel.WARNING, "KernelLab: " + what + " was skipped: in interrupt context there is no task it could run as");
                    }
                    return false;
                }
                return true;
            }
        }
    }

    /** "BUG: scheduling while atomic" (kernel/sched/core.c __schedule_bug). */
    void schedulingWhileAtomic(TaskImpl prev, Cpu c) {
        String head = String.format("BUG: scheduling while atomic: %s/%d/0x%08x", prev.comm, prev.pid, c.preemptCount);
        String report = head + "\n" + dumpStack(c) + additions(null, Ctx.SCHEDULES, "");
        reports++;
        taints |= 1L << Taint.WARN.bit;
        e.emit(c, Type.CONTEXT_VIOLATION, prev, head, Ctx.SCHEDULES.ordinal(), 0, 'R');
        e.log(LogLevel.ERR, report);
        if (e.policy == ViolationPolicy.PANIC) e.panic(report);
        if (e.policy == ViolationPolicy.FAIL) throw new ContextViolationException(Ctx.SCHEDULES, report);
    }

    /** A handler that left preempt_count or the irq state changed (kernel/softirq.c handle_softirqs wording). */
    void unbalanced(String what, int entered, int exited, boolean enabledIrqs) {
        Cpu c = e.running;
        StringBuilder sb = new StringBuilder();
        if (entered != exited) {
            sb.append(String.format("huh, entered %s with preempt_count %08x, exited with %08x?", what, entered, exited));
        }
        if (enabledIrqs) {
            if (sb.length() > 0) sb.append('\n');
            // kernel/irq/handle.c __handle_irq_event_percpu
            sb.append(what).append(" handler enabled interrupts");
        }
        sb.append("\nKernelLab: the kernel restored preempt_count to ").append(String.format("%08x", entered))
                .append(" and interrupts to off; every preempt_disable/spin_lock/local_irq_disable in a handler needs its matching release");
        taints |= 1L << Taint.WARN.bit;
        e.emit(c, Type.CONTEXT_VIOLATION, c.current, sb.toString().lines().findFirst().orElse(""), -1, 0, 'R');
        e.log(LogLevel.ERR, sb.toString());
    }

    /** A plugin (class, layer, driver) failed; it is reported, and the caller ejects or skips it. */
    void pluginFailed(String who, String during, Throwable t) {
        e.log(LogLevel.ERR, "KernelLab: " + who + " failed during " + during + (t != null ? ": " + t : "")
                + (t != null ? "\n" + frames(t.getStackTrace(), 8) : ""));
    }

    /** An exception escaped a task body: an Oops-style report, and the task dies (kernel/exit.c make_task_dead). */
    void oops(TaskImpl t, Cpu c, Throwable ex) {
        taints |= 1L << Taint.DIE.bit;
        String report = "Oops: " + ex + " [#" + (++reports) + "]\n"
                + String.format("CPU: %d PID: %d Comm: %s %s %s%n", c.id, t.pid, t.comm, taintString(), MachineConfig.RELEASE)
                + "Call Trace (Java):\n" + frames(ex.getStackTrace(), 12)
                + (t.origin != null ? "KernelLab: task created by bundle " + t.origin + "\n" : "")
                + "KernelLab: the task is killed; every other task carries on\n"
                + "---[ end trace ]---";
        e.log(LogLevel.ALERT, report);
    }

    /**
     * A service Oopsed the task (arch/x86/kernel/dumpstack.c __die_header, oops_end): the service's
     * head (BUG line, #PF lines), then {@code Oops: %04lx [#n] PREEMPT SMP NOPTI}, the CPU line and
     * the trace; taints 'D'. Under the panic policy the machine halts, as with panic_on_oops
     * ("Kernel panic - not syncing: Fatal exception"); otherwise the task dies and the rest go on.
     */
    void die(TaskImpl t, Cpu c, org.kernellab.api.TaskDeath d) {
        taints |= 1L << Taint.DIE.bit;
        StackTraceElement[] st = d.getStackTrace();
        String report = d.report() + "\n"
                + String.format("Oops: %04x [#%d]%s SMP NOPTI%n", d.oopsCode(), ++reports,
                        e.model == org.kernellab.api.PreemptModel.FULL ? " PREEMPT" : "")
                + String.format("CPU: %d PID: %d Comm: %s %s %s%n", c.id, t.pid, t.comm, taintString(), MachineConfig.RELEASE)
                + "Call Trace (Java):\n" + frames(st, 12)
                + (t.origin != null ? "KernelLab: task created by bundle " + t.origin + "\n" : "")
                + (e.policy == ViolationPolicy.PANIC ? "Kernel panic - not syncing: Fatal exception"
                        : "KernelLab: the task is killed; every other task carries on\n---[ end trace ]---");
        e.log(LogLevel.ALERT, report);
        if (e.policy == ViolationPolicy.PANIC) e.panic(report);
    }

    // =====================================================================================
    // Report pieces
    // =====================================================================================

    private String dumpStack(Cpu c) {
        TaskImpl cur = c.current;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("CPU: %d PID: %d Comm: %s %s %s%n", c.id, cur.pid, cur.comm, taintString(), MachineConfig.RELEASE));
        sb.append("Call Trace (Java, the offending code):\n");
        boolean irq = e.layout.inHardirq(c.preemptCount);
        if (irq) sb.append(" <IRQ>\n");
        for (StackWalker.StackFrame f : userFrames(skipLayers)) sb.append("  ").append(f.toStackTraceElement()).append('\n');
        if (irq) sb.append(" </IRQ>\n");
        return sb.toString();
    }

    private String additions(String what, Ctx rule, String fix) {
        List<StackWalker.StackFrame> frames = userFrames(skipLayers);
        String bundle = frames.isEmpty() ? "(unknown)" : bundleOf(frames.get(0).getDeclaringClass());
        String advice = fix == null || fix.isEmpty() ? defaultFix(rule) : fix;
        return "KernelLab: offending bundle: " + bundle + "\n"
                + "KernelLab: rule broken: " + (what != null ? what + " " + rule.rule()
                        : "schedule() must not run in atomic context: a task cannot sleep holding a spinlock or with preemption disabled") + "\n"
                + "KernelLab: fix: " + advice;
    }

    static String defaultFix(Ctx rule) {
        return switch (rule) {
            case MAY_SLEEP -> "in an interrupt handler, move the sleeping work to a threaded IRQ handler (request_threaded_irq) or a workqueue; under a spinlock, release it first or protect the data with a mutex instead";
            case SCHEDULES -> "never call schedule() from an interrupt handler or with a spinlock held or preemption disabled; wake a task or queue work instead";
            case TASK_ONLY -> "do this from process context: a threaded IRQ handler, a workqueue or a kernel thread";
            case USER_ACCESS -> "copy user memory only in process context (the system call path), never from an interrupt handler";
            default -> "see the rule above";
        };
    }

    static String bundleOf(Class<?> cls) {
        try {
            Bundle b = FrameworkUtil.getBundle(cls);
            if (b != null) return b.getSymbolicName() + " " + b.getVersion();
        } catch (NoClassDefFoundError outsideOsgi) {
            // running without an OSGi framework on the class path
        }
        return "(not in a bundle: " + cls.getName() + ")";
    }

    /** The caller's frames: everything below the kernel core, the boundary (generated class or proxy) and reflection, up to the engine again. */
    static List<StackWalker.StackFrame> userFrames() {
        return userFrames(0);
    }

    static List<StackWalker.StackFrame> userFrames(int layers) {
        return WALKER.walk(s -> {
            List<StackWalker.StackFrame> all = s.dropWhile(f -> isKernelFrame(f.getDeclaringClass())).collect(Collectors.toList());
            int at = 0;
            for (int i = 0; i < layers && at < all.size(); i++) {
                // the service's own frames (its code, wherever it comes from), then the boundary it
                // was entered through, if it has one (an interface of atomic-safe methods goes out bare)
                Object service = sourceOf(all.get(at).getDeclaringClass());
                while (at < all.size() && !isKernelFrame(all.get(at).getDeclaringClass())
                        && java.util.Objects.equals(sourceOf(all.get(at).getDeclaringClass()), service)) at++;
                while (at < all.size() && isKernelFrame(all.get(at).getDeclaringClass())) at++;
            }
            return all.subList(at, all.size()).stream()
                .takeWhile(f -> !isKernelFrame(f.getDeclaringClass()) && !f.getClassName().startsWith("java.lang.VirtualThread"))
                .limit(10)
                .collect(Collectors.toList());
        });
    }

    /** Where the core's own classes come from: frames of other code (tests in this package too) are the caller's. */
    private static final Object CORE_SOURCE = sourceOf(Contracts.class);

    private static Object sourceOf(Class<?> cls) {
        var pd = cls.getProtectionDomain();
        var cs = pd == null ? null : pd.getCodeSource();
        return cs == null || cs.getLocation() == null ? cls.getClassLoader() : cs.getLocation().toString();
    }

    private static boolean isKernelFrame(Class<?> cls) {
        String n = cls.getName();
        if (n.startsWith("org.kernellab.core.")) return java.util.Objects.equals(sourceOf(cls), CORE_SOURCE);
        if (n.startsWith("org.kernellab.api.plugin.")) return true; // the guarded path into plugins is the kernel's, never the caller
        return isProxyOrReflection(n) || cls.isAnnotationPresent(GeneratedBoundary.class);
    }

    private static boolean isProxyOrReflection(String n) {
        return n.startsWith("jdk.proxy") || n.startsWith("com.sun.proxy") || n.startsWith("java.lang.reflect.")
                || n.startsWith("jdk.internal.reflect.") || n.startsWith("java.lang.invoke.");
    }

    static String callerSite() {
        return callerSite(0);
    }

    static String callerSite(int layers) {
        List<StackWalker.StackFrame> f = userFrames(layers);
        if (f.isEmpty()) return "(unknown):0";
        StackWalker.StackFrame top = f.get(0);
        return (top.getFileName() != null ? top.getFileName() : top.getClassName()) + ":" + top.getLineNumber();
    }

    private static String frames(StackTraceElement[] st, int max) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (StackTraceElement el : st) {
            if (el.getClassName().startsWith("org.kernellab.core.") || isProxyOrReflection(el.getClassName())
                    || GENERATED_NAMES.contains(el.getClassName())) continue;
            if (n++ == max) break;
            sb.append("  ").append(el).append('\n');
        }
        return sb.toString();
    }
}
