package org.kernellab.core;

import java.util.SplittableRandom;
import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.api.hw.HwEvent;
import org.kernellab.api.hw.IrqEntry;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.TimeKeeping;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.softirq.BottomHalfEntry;
import org.kernellab.api.sync.Sync;
import org.kernellab.api.trace.Tracer;

/**
 * One simulated machine and the service objects over it. The service objects are boundary
 * proxies that survive a reset; the engine behind them is replaced. Usable without OSGi, so
 * unit tests drive exactly what the DS component registers.
 */
final class KernelHost implements KernelImpl.Host {
    private volatile MachineConfig config;
    private volatile Engine engine;
    private volatile long generation;

    final Kernel kernel;
    final KernelContext context;
    final Sync sync;
    final Tracer tracer;
    final TimeKeeping timeKeeping;
    final Machine machine;
    final org.kernellab.api.ContractBoundary boundary;
    final org.kernellab.api.timer.Timers timers;
    final org.kernellab.api.timer.HrTimers hrtimers;
    /** The services' implementation, for the core's own use (a stopping bundle's timers). */
    final TimerService timerService;
    private volatile org.kernellab.api.softirq.Softirqs softirqs;
    /** run_timer_softirq and hrtimer_run_softirq, opened on each softirq layer bound. */
    private final org.kernellab.api.softirq.SoftirqAction timerSoftirq = new TimerBases.RunTimerSoftirq(this::engine);
    private final ContextOps contextOps;

    private volatile SchedulerFactory schedulerFactory;
    private final String label;
    private volatile IrqEntry irqEntry;
    private volatile BottomHalfEntry bottomHalf;
    /** The tick driver's clock-event device (TimeKeeping.tickDevice), for NO_HZ idle; survives resets. */
    private volatile org.kernellab.api.hw.ClockEventDevice tickDevice;

    KernelHost(MachineConfig config) {
        this(config, null, "standalone");
    }

    /** A machine whose scheduler comes from {@code factory} (null: the built-in bypass FIFO). */
    KernelHost(MachineConfig config, SchedulerFactory factory, String label) {
        this.config = config;
        this.label = label;
        this.schedulerFactory = factory;
        this.engine = newEngine(config);
        this.contextOps = new ContextOps(this::engine);
        Contracts.Wrapper wrapper = new Contracts.Wrapper() {
            @Override
            public <T> T wrap(Class<T> iface, T impl) {
                return Contracts.wrap(iface, impl, () -> engine.contracts);
            }
        };
        this.kernel = wrapper.wrap(Kernel.class, new KernelImpl(this));
        this.context = wrapper.wrap(KernelContext.class, contextOps);
        this.sync = wrapper.wrap(Sync.class, new SyncImpl(this::engine, contextOps, wrapper));
        this.tracer = wrapper.wrap(Tracer.class, new TracerImpl());
        this.timeKeeping = wrapper.wrap(TimeKeeping.class, new TimeKeepingImpl());
        this.machine = new MachineImpl();
        this.boundary = wrapper::wrap;
        this.timerService = new TimerService(this::engine);
        this.timers = wrapper.wrap(org.kernellab.api.timer.Timers.class, timerService);
        this.hrtimers = wrapper.wrap(org.kernellab.api.timer.HrTimers.class, timerService);
        engine.kernel = kernel;
    }

    /** Holds on the machine from outside ({@link #hold}), which survive a reset. */
    private final java.util.concurrent.atomic.AtomicInteger holds = new java.util.concurrent.atomic.AtomicInteger();

    /** Kernel.addExitHook's hooks: every engine of this machine reads this list, so they survive a reset. */
    final java.util.List<org.kernellab.api.TaskExitHook> exitHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The boundaries' fast pass: every engine of this machine grants and revokes the same one. */
    private final Contracts.Grant fastPass = new Contracts.Grant();

    private Engine newEngine(MachineConfig config) {
        Engine e = new Engine(config, new Printk(8192), en -> new Contracts(en, fastPass), schedulerFactory, label);
        e.exitHooks = exitHooks;
        e.rc.holds = holds;
        e.rc.holdPoll = () -> holdPoll.run();
        if (holds.get() > 0) e.rc.hasPosted = true;
        e.generation = generation;
        return e;
    }

    @Override public Engine engine() { return engine; }

    @Override public java.util.List<org.kernellab.api.TaskExitHook> exitHooks() { return exitHooks; }

    /** A finished workload run whose trace the Tracer shows instead of this machine's, or null. */
    private volatile Engine shown;

    /** {@link TraceShelf}: show {@code run}'s trace until this machine runs, resets or traces anew. */
    void showRun(Engine run) {
        shown = run;
    }

    @Override
    public void consoleRuns() {
        shown = null;
    }

    @Override public KernelContext context() { return context; }
    MachineConfig config() { return config; }

    /** How a reset or run waits for the machine's parts ({@link ReadyGate}); a standalone machine has none to wait for. */
    private volatile java.util.function.Consumer<String> readiness = what -> { };

    void readiness(java.util.function.Consumer<String> r) { readiness = r; }

    @Override
    public void awaitReady(String what) {
        // simulated code never waits: the gate is for the outside world's resets and runs
        if (!engine.inSimulation()) readiness.accept(what);
    }

    @Override
    public String originOfCaller() {
        var frames = Contracts.userFrames();
        return frames.isEmpty() ? null : Contracts.bundleOf(frames.get(0).getDeclaringClass());
    }

    /** Boots a fresh machine with the current configuration; plugins stay bound. */
    @Override
    public void reset() {
        reconfigure(config);
    }

    void reconfigure(MachineConfig next) {
        shown = null;
        Engine old = engine;
        old.rc.shutdown();
        generation++;
        Engine e = newEngine(next);
        e.kernel = kernel;
        e.irqEntry = irqEntry;
        e.bottomHalf = bottomHalf;
        e.softirqs = softirqs;
        e.time.tickDevice = tickDevice;
        this.config = next;
        this.engine = e;
        e.booting = true;
        try {
            notifyReset();
        } finally {
            e.booting = false;
        }
    }

    void shutdown() { engine.rc.shutdown(); }

    /**
     * Stops the machine at its next safe point until {@link #release}: a run in progress waits
     * there, a new run waits before its first event, and what is posted meanwhile is applied.
     * Used while a driver bundle is swapped, so that no event finds it half gone.
     */
    void hold() {
        holds.incrementAndGet();
        engine.rc.hasPosted = true;
    }

    void release() {
        holds.decrementAndGet();
    }

    /** The holds taken and not yet released. */
    int holdCount() {
        return holds.get();
    }

    /** Checks, while the machine is held, whether a hold may end ({@link DriverSwaps#poll}). */
    private volatile Runnable holdPoll = () -> { };

    void holdPoll(Runnable r) { holdPoll = r; }

    private final java.util.List<org.kernellab.api.hw.MachineListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    void addListener(org.kernellab.api.hw.MachineListener l) { listeners.add(l); }

    void removeListener(org.kernellab.api.hw.MachineListener l) { listeners.remove(l); }

    private void notifyReset() {
        for (var l : listeners) {
            try {
                l.machineReset(machine);
            } catch (RuntimeException | Error e) {
                engine.log(org.kernellab.api.LogLevel.ERR, "KernelLab: machine listener " + l + " failed on reset: " + e);
            }
        }
    }

    /** Replaces the scheduler factory and reboots the machine with it (a new scheduler core is a new kernel). */
    void schedulerFactory(SchedulerFactory f) {
        schedulerFactory = f;
        reset();
    }

    void irqEntry(IrqEntry e) {
        irqEntry = e;
        engine.irqEntry = e;
    }

    void bottomHalf(BottomHalfEntry b) {
        bottomHalf = b;
        engine.bottomHalf = b;
    }

    /**
     * The softirq service the timers raise their vectors on: TIMER_SOFTIRQ and HRTIMER_SOFTIRQ
     * are opened on it (open_softirq in init_timers and hrtimers_init); null: the tick and the
     * clock-event interrupt expire timers themselves, in hard-IRQ context.
     */
    void softirqs(org.kernellab.api.softirq.Softirqs s) {
        if (s != null) {
            s.open(org.kernellab.api.softirq.SoftirqVector.TIMER, timerSoftirq);
            s.open(org.kernellab.api.softirq.SoftirqVector.HRTIMER, timerSoftirq);
        }
        softirqs = s;
        engine.softirqs = s;
    }

    /** {@code s} goes away; a successor already in place stays. */
    void softirqsGone(org.kernellab.api.softirq.Softirqs s) {
        if (softirqs == s) softirqs(null);
    }

    /** {@code e} goes away; a greedy rebind may already have put its successor in place, which stays. */
    void irqEntryGone(IrqEntry e) {
        if (irqEntry == e) irqEntry(null);
    }

    /** {@code b} goes away; a successor already in place stays. */
    void bottomHalfGone(BottomHalfEntry b) {
        if (bottomHalf == b) bottomHalf(null);
    }

    /** Runs {@code r} either as simulated code or, from outside, with the machine held still. */
    <T> T still(java.util.function.Supplier<T> r) {
        return engine.rc.still(r);
    }

    // -------------------------------------------------------------------------------
    private final class TracerImpl implements Tracer {
        @Override public void start() { consoleRuns(); still(() -> { engine.trace.start(); return null; }); }
        @Override public void stop() { consoleRuns(); still(() -> { engine.trace.stop(); return null; }); }
        @Override public boolean recording() { Engine s = shown; return (s != null ? s : engine).trace.recording(); }
        @Override public void clear() { consoleRuns(); still(() -> { engine.trace.clear(); return null; }); }
        // a shown workload run has finished: its buffer no longer changes and needs no hold
        @Override public int size() { Engine s = shown; return s != null ? s.trace.size() : still(() -> engine.trace.size()); }
        @Override public List<TraceEventDTO> events() { Engine s = shown; return s != null ? s.trace.dtos() : still(() -> engine.trace.dtos()); }
        @Override
        public List<TraceEventDTO> eventsFrom(int from, int max) {
            Engine s = shown;
            return s != null ? s.trace.dtos(from, max) : still(() -> engine.trace.dtos(from, max));
        }

        @Override
        public String text() {
            Engine s = shown;
            if (s == null) return still(() -> engine.trace.text(engine.nrCpus));
            return "# KernelLab: the trace of workload run " + s.label.substring(s.label.indexOf(':') + 1)
                    + "; this machine's own trace is shown again once it runs or resets\n" + s.trace.text(s.nrCpus);
        }

        @Override public String chromeJson() { Engine s = shown; return s != null ? s.trace.chromeJson(s.nrCpus, s.globalNow) : still(() -> engine.trace.chromeJson(engine.nrCpus, engine.globalNow)); }
        @Override public String digest() { Engine s = shown; return s != null ? s.trace.digest() : still(() -> engine.trace.digest()); }

        @Override
        public void irqHandlerEntry(int irq, String name) {
            emit(TraceBuffer.Type.IRQ_HANDLER_ENTRY, name, irq, 0);
            engine.irq.handlerBegins(engine.running);
        }

        @Override
        public void irqHandlerExit(int irq, boolean handled) {
            // the cost model's handler time is spent before the tracepoint, inside the handler's slice
            engine.irq.handlerEnds(engine.running, engine.config.irqCost().handlerNs());
            emit(TraceBuffer.Type.IRQ_HANDLER_EXIT, null, irq, handled ? 1 : 0);
        }

        @Override
        public void softirqEntry(int vec, String name) {
            emit(TraceBuffer.Type.SOFTIRQ_ENTRY, name, vec, 0);
            engine.irq.handlerBegins(engine.running);
        }

        @Override
        public void softirqExit(int vec, String name) {
            engine.irq.handlerEnds(engine.running, engine.config.irqCost().softirqNs());
            emit(TraceBuffer.Type.SOFTIRQ_EXIT, name, vec, 0);
        }

        private void emit(TraceBuffer.Type type, String name, int x, int y) {
            Engine e = engine;
            Cpu c = e.cpu(type.event);
            e.emit(c, type, null, name, x, y, 'R');
        }
    }

    private final class TimeKeepingImpl implements TimeKeeping {
        @Override public void tick() { engine.time.tick(); }
        @Override public long tickNs() { return engine.tickNs; }

        @Override
        public void tickDevice(org.kernellab.api.hw.ClockEventDevice device) {
            tickDevice = device;
            Engine e = engine;
            e.rc.post(() -> e.time.tickDevice(device));
        }
    }

    private final class MachineImpl implements Machine {
        @Override public long now() { return engine.now(); }
        @Override public int nrCpus() { return engine.nrCpus; }

        @Override
        public long at(long atNs, HwEvent event) {
            return schedule(atNs, event, false);
        }

        @Override
        public long atBackground(long atNs, HwEvent event) {
            return schedule(atNs, event, true);
        }

        private long schedule(long atNs, HwEvent event, boolean background) {
            if (event == null) throw new IllegalArgumentException("event must not be null");
            Engine e = engine;
            return e.rc.still(() -> e.at(atNs, event, background));
        }

        @Override public boolean cancel(long eventId) { return still(() -> engine.events.cancel(eventId)); }

        @Override
        public void raiseIrq(int irq, int cpu) {
            still(() -> {
                engine.irq.raiseIrq(irq, cpu);
                return null;
            });
        }

        @Override
        public void setMasked(int irq, boolean masked) {
            if (irq < 0 || irq > 63) throw new IllegalArgumentException("irq " + irq + " is out of range 0..63");
            still(() -> {
                Engine e = engine;
                if (masked) e.maskedLines |= 1L << irq;
                else {
                    e.maskedLines &= ~(1L << irq);
                    e.irq.linesUnmasked();
                }
                return null;
            });
        }

        @Override public SplittableRandom random(String stream) { return engine.random(stream); }
        @Override public long generation() { return generation; }

        @Override
        public void post(Runnable action) {
            if (action == null) throw new IllegalArgumentException("action must not be null");
            engine.rc.post(action);
        }

        @Override
        public <T> T still(java.util.function.Supplier<T> action) {
            if (action == null) throw new IllegalArgumentException("action must not be null");
            return KernelHost.this.still(action);
        }

        @Override
        public Hold hold(String reason) {
            if (reason == null || reason.isBlank()) throw new IllegalArgumentException("reason must name what the machine waits for");
            KernelHost.this.hold();
            java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
            return new Hold() {
                @Override
                public void close() {
                    if (open.compareAndSet(true, false)) release();
                }

                @Override
                public String toString() { return "hold: " + reason + (open.get() ? "" : " (closed)"); }
            };
        }
    }
}
