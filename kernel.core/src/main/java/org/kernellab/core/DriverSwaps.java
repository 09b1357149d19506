package org.kernellab.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.kernellab.api.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * A driver bundle's stop, update or restart is applied at one safe point: from the moment the
 * bundle starts stopping until it has started again (or has stopped for good), the machine
 * holds still. A run in progress waits at its next safe point; the driver's free_irq and the new
 * driver's request_irq are applied there, in order; then the run goes on. So no event of the
 * machine finds the driver half gone: the timer's tick, for one, is never lost nor doubled by a
 * swap, whoever runs the machine meanwhile.
 *
 * <p>A driver is a bundle whose {@code KernelLab-Role} header says {@code driver}. Bundle
 * events arrive synchronously on the thread that stops or updates the bundle. During an update
 * the framework stops the bundle, installs the new content and starts it again; the hold spans
 * all of it, and goes on after STARTED until DS has activated the new driver's components and the
 * kernel holds their services: the machine's own thread checks that while it waits. If the new
 * content fails to start the framework reports an error event, which ends the hold: the machine
 * goes on without the driver rather than stand still. One failure passes: Felix's resolve lock
 * taken by another thread's refresh; then a driver still meant to run is started again a few
 * times while the machine holds.
 */
final class DriverSwaps implements SynchronousBundleListener, FrameworkListener {
    static final String ROLE_HEADER = "KernelLab-Role";

    private final BundleContext context;
    private final KernelHost host;
    private final ReadyGate gate;
    /** How long a started driver's components may take to come up before the machine goes on without them (wall time). */
    static final long COME_BACK_MS = 30_000;

    /**
     * A driver bundle between its stop and its components' return. Every stop takes a hold of
     * its own and moves {@code epoch} on, so a check that saw the components up cannot end the
     * holds of a stop that came after it (an update in quick succession). {@code startedAt} is
     * the wall time it started again; before that, the time a transient stop ended (0 while it is
     * still stopping).
     */
    private record Swap(int holds, long epoch, boolean started, long startedAt, Map<String, Set<Long>> before) { }

    private final Map<Long, Swap> swaps = new ConcurrentHashMap<>();

    DriverSwaps(BundleContext context, KernelHost host, ReadyGate gate) {
        this.context = context;
        this.host = host;
        this.gate = gate;
        host.holdPoll(this::poll);
    }

    void open() {
        context.addBundleListener(this);
        context.addFrameworkListener(this);
    }

    void close() {
        try {
            context.removeBundleListener(this);
            context.removeFrameworkListener(this);
        } catch (IllegalStateException frameworkStopping) {
            // nothing to remove
        }
        for (Long id : swaps.keySet()) end(id);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (!isDriver(b)) return;
        long id = b.getBundleId();
        switch (event.getType()) {
            case BundleEvent.STOPPING -> beginHold(b);
            // DS activates the new driver's components after STARTED, on its own thread: the
            // holds end when they are active and bound (poll, on the thread the holds stop)
            case BundleEvent.STARTED -> swaps.computeIfPresent(id, (k, v) -> new Swap(v.holds(), v.epoch(), true, System.nanoTime(), v.before()));
            // a plain stop ends here; an update goes on to start the bundle again
            case BundleEvent.STOPPED -> {
                if (!inUpdate() && !persistentlyStarted(b)) end(id);
                else swaps.computeIfPresent(id, (k, v) -> new Swap(v.holds(), v.epoch(), false, System.nanoTime(), v.before()));
            }
            case BundleEvent.UNINSTALLED -> end(id);
            default -> { }
        }
    }

    /**
     * Holds the machine for {@code b}'s stop, once per stop: from the STOPPING event, or from the
     * machine's own safe point when DS, whose listener may hear STOPPING first, has already begun
     * to take the driver's components down ({@link #poll}).
     */
    private void beginHold(Bundle b) {
        long id = b.getBundleId();
        Swap cur = swaps.get(id);
        if (cur != null && !cur.started()) return; // this stop is held already
        Map<String, Set<Long>> now = gate.componentsOf(b);
        // the STOPPING event (framework thread) and poll (machine thread) may both get here for
        // one stop: the first to record it takes the hold and says so, the other does nothing
        boolean[] first = {false, false};
        swaps.compute(id, (k, old) -> {
            if (old != null && !old.started()) return old;
            first[0] = true;
            first[1] = old == null;
            return old == null ? new Swap(1, 1, false, 0, now) : new Swap(old.holds() + 1, old.epoch() + 1, false, 0, union(old.before(), now));
        });
        if (!first[0]) return;
        host.hold();
        if (first[1]) {
            host.engine().log(LogLevel.INFO, "KernelLab: driver " + b.getSymbolicName() + " " + b.getVersion()
                    + " is stopping: the machine holds at a safe point until it is back or gone");
        }
    }

    private static Map<String, Set<Long>> union(Map<String, Set<Long>> a, Map<String, Set<Long>> b) {
        Map<String, Set<Long>> out = new java.util.HashMap<>();
        a.forEach((k, v) -> out.computeIfAbsent(k, x -> new java.util.HashSet<>()).addAll(v));
        b.forEach((k, v) -> out.computeIfAbsent(k, x -> new java.util.HashSet<>()).addAll(v));
        return out;
    }

    /** How often a driver whose start failed while someone still wants it started is started again. */
    static final int START_RETRIES = 5;
    static final long START_RETRY_MS = 200;

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        Bundle b = event.getBundle();
        if (event.getType() != FrameworkEvent.ERROR || b == null || !swaps.containsKey(b.getBundleId())) return;
        // A start can fail for a passing reason: Felix refuses a resolve while another thread holds
        // its global lock (FileInstall refreshing, for one: "Unable to acquire global lock for
        // resolve"). A driver still meant to run (persistently started) is then started again from a
        // thread of its own a few times while the machine keeps holding, so that no request is
        // stranded without a driver. Any other failure (a broken bundle) ends the hold at once.
        Throwable t = event.getThrowable();
        boolean passing = t != null && String.valueOf(t.getMessage()).contains("Unable to acquire global lock");
        if (passing && b.getState() != Bundle.UNINSTALLED && persistentlyStarted(b)) {
            host.engine().log(LogLevel.WARNING, "KernelLab: driver " + b.getSymbolicName() + " failed to start again ("
                    + t + "); the machine holds while it is started again");
            long epoch = swaps.get(b.getBundleId()).epoch();
            Thread.ofPlatform().daemon().name("kernellab-driver-restart-" + b.getBundleId()).start(() -> restart(b, epoch));
            return;
        }
        end(b.getBundleId(), LogLevel.WARNING, "KernelLab: driver " + b.getSymbolicName() + " failed to start again ("
                + event.getThrowable() + "); the machine goes on without it");
    }

    /** Starts {@code b} again, up to {@link #START_RETRIES} times (wall time between: this is framework work, not simulation). */
    private void restart(Bundle b, long epoch) {
        Throwable last = null;
        for (int i = 0; i < START_RETRIES; i++) {
            try {
                Thread.sleep(START_RETRY_MS);
                Swap now = swaps.get(b.getBundleId());
                if (b.getState() == Bundle.UNINSTALLED || now == null || now.epoch() != epoch) return; // over, or a later stop's
                if (b.getState() != Bundle.ACTIVE) b.start();
                return; // started: the hold ends when its components are bound (poll)
            } catch (org.osgi.framework.BundleException | IllegalStateException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Swap now = swaps.get(b.getBundleId());
        if (now != null && now.epoch() == epoch) {
            end(b.getBundleId(), LogLevel.WARNING, "KernelLab: driver " + b.getSymbolicName() + " did not start after " + START_RETRIES
                    + " tries (" + last + "); the machine goes on without it");
        }
    }

    /**
     * At a safe point where something was posted, and while the machine is held: holds for each
     * driver that is stopping (its free_irq may be what was posted: the hold must begin before
     * it is applied), and ends the holds of each driver started again whose components are up.
     */
    void poll() {
        Bundle[] all;
        try {
            all = context.getBundles();
        } catch (IllegalStateException kernelBundleStopping) {
            all = new Bundle[0]; // the kernel is going away with its machine: nothing to hold for
        }
        for (Bundle b : all) {
            if (b.getState() == Bundle.STOPPING && isDriver(b)) beginHold(b);
        }
        for (Map.Entry<Long, Swap> e : swaps.entrySet()) {
            Swap v = e.getValue();
            if (!v.started()) {
                // stopped transiently (startedAt is then when it stopped): wait a while for its start
                if (v.startedAt() != 0 && System.nanoTime() - v.startedAt() > COME_BACK_MS * 1_000_000L) {
                    Bundle b = context.getBundle(e.getKey());
                    end(e.getKey(), LogLevel.WARNING, "KernelLab: driver " + (b == null ? "#" + e.getKey() : b.getSymbolicName())
                            + " was stopped " + COME_BACK_MS / 1000 + " s ago to be started again, and has not been; the machine goes on without it");
                }
                continue;
            }
            Bundle b = context.getBundle(e.getKey());
            if (b == null) {
                end(e.getKey());
                continue;
            }
            List<String> missing = gate.missingIn(b, v.before());
            boolean late = System.nanoTime() - v.startedAt() > COME_BACK_MS * 1_000_000L;
            if (!missing.isEmpty() && !late) continue;
            // only if no stop came after the check began
            boolean[] ended = {false};
            swaps.computeIfPresent(e.getKey(), (k, now) -> {
                ended[0] = now.epoch() == v.epoch() && now.started();
                return ended[0] ? null : now;
            });
            if (!ended[0]) continue;
            host.engine().log(missing.isEmpty() ? LogLevel.INFO : LogLevel.WARNING, "KernelLab: driver " + b.getSymbolicName() + " "
                    + b.getVersion() + (missing.isEmpty() ? " is running: the machine goes on"
                    : " started, but after " + COME_BACK_MS / 1000 + " s it is still waiting for " + String.join("; ", missing)
                    + "; the machine goes on without it"));
            for (int i = 0; i < v.holds(); i++) host.release();
        }
    }

    /** Ends every hold of bundle {@code id}, if it has any. */
    private void end(long id) {
        end(id, null, null);
    }

    /**
     * Ends every hold of bundle {@code id}, if it has any, and first logs {@code why} (if not
     * null): the machine goes on only after the log says why, so a reader of dmesg (or a test
     * that waits for the holds to end) never sees the machine run on before the reason.
     */
    private void end(long id, LogLevel level, String why) {
        Swap v = swaps.remove(id);
        if (v == null) return;
        if (why != null) host.engine().log(level, why);
        for (int i = 0; i < v.holds(); i++) host.release();
    }

    /**
     * True when {@code b} was stopped transiently: its autostart setting still says started, so
     * whoever stopped it means to start it again. FileInstall updates a bundle that way: a
     * transient stop, the update, a refresh, then the start, each a step of its own.
     */
    private static boolean persistentlyStarted(Bundle b) {
        BundleStartLevel sl = b.adapt(BundleStartLevel.class);
        return sl != null && sl.isPersistentlyStarted();
    }

    private static boolean isDriver(Bundle b) {
        return "driver".equals(b.getHeaders("").get(ROLE_HEADER));
    }

    /**
     * True on the thread of a bundle update or refresh (Felix's {@code Felix.updateBundle} and
     * {@code Felix.refreshPackages}): the STOPPED event of either is followed by a start, of the
     * new content or of the refreshed bundle, so the hold goes on. FileInstall refreshes every
     * bundle it updates, right after the update. On another framework the hold ends at STOPPED,
     * and an update is two safe points.
     */
    private static boolean inUpdate() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals("org.apache.felix.framework.Felix")
                        && (f.getMethodName().equals("updateBundle") || f.getMethodName().equals("refreshPackages"))));
    }
}
