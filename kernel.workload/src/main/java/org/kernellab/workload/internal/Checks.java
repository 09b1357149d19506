package org.kernellab.workload.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.workload.internal.Draft.Loc;

/**
 * The checks that involve more than one value, common to both formats: unique task names
 * after expansion, affinities within the machine, a stop for every task that repeats
 * forever, mutexes taken and released in order within one pass of a task's phases, every
 * waited event signalled by some task, and every barrier shared by two tasks or more.
 * A check that needs a value which was invalid is skipped, so that one mistake is reported once.
 */
final class Checks {
    private Checks() {}

    static void run(Draft d, Problems problems) {
        boolean allTasks = true;
        for (Draft.Task t : d.tasks) {
            if (t.def == null) {
                allTasks = false;
                continue;
            }
            if (d.machine != null && t.def.cpus() != TaskDef.ALL_CPUS) cpus(d, t, problems);
            if (d.stopNs != null && d.stopNs == Workload.UNTIL_EXIT && t.def.forever()) {
                problems.add(t.loop.node(), t.loop.path(), t.loopText + " repeats until the stop, but " + d.noStop);
            }
            mutexes(t, problems);
        }
        if (!allTasks) return; // a task that did not parse may hold the name, signal or barrier that looks missing
        names(d, problems);
        events(d, problems);
        barriers(d, problems);
    }

    private static void cpus(Draft d, Draft.Task t, Problems problems) {
        long outside = t.def.cpus() & ~d.machine.allCpusMask();
        if (outside != 0) {
            int cpu = Long.numberOfTrailingZeros(outside);
            problems.add(t.cpus.node(), t.cpus.path(), "CPU " + cpu + " is not on the machine, which has "
                    + d.machine.cpus() + (d.machine.cpus() == 1 ? " CPU" : " CPUs") + " (" + d.machineCpus.path() + ")");
        }
    }

    private static void mutexes(Draft.Task t, Problems problems) {
        Map<String, Loc> held = new LinkedHashMap<>(); // each mutex held, and where it was taken
        // one problem per place: an rt-app wait {ref, mutex} is three phases from one event
        Set<Loc> reported = new HashSet<>();
        for (int i = 0; i < t.def.phases().size(); i++) {
            Phase p = t.def.phases().get(i);
            Loc at = t.phases.get(i);
            if (p instanceof Phase.Lock l) {
                if (held.putIfAbsent(l.mutex(), at) != null && reported.add(at)) {
                    problems.add(at.node(), at.path(), JsonTree.quote(l.mutex()) + " is already held here (mutexes do not nest)");
                }
            } else if (p instanceof Phase.Unlock u && held.remove(u.mutex()) == null && reported.add(at)) {
                problems.add(at.node(), at.path(), JsonTree.quote(u.mutex()) + " is not held here");
            }
        }
        for (Map.Entry<String, Loc> e : held.entrySet()) {
            Loc at = e.getValue();
            if (!reported.add(at)) continue;
            problems.add(at.node(), at.path(), JsonTree.quote(e.getKey())
                    + " is taken here and still held after the last phase; a task releases every mutex it takes before its phases end");
        }
    }

    private static void names(Draft d, Problems problems) {
        Map<String, Draft.Task> owner = new HashMap<>();
        for (Draft.Task t : d.tasks) {
            for (int i = 0; i < t.def.instances(); i++) {
                String n = t.def.instances() == 1 ? t.def.name() : t.def.name() + "-" + i;
                Draft.Task first = owner.putIfAbsent(n, t);
                if (first != null) {
                    String what = t.def.instances() == 1 ? JsonTree.quote(n) : JsonTree.quote(n) + " (instance " + i + ")";
                    problems.add(t.name.node(), t.name.path(), what + " is also a task of " + first.at.path());
                    break;
                }
            }
        }
    }

    private static void events(Draft d, Problems problems) {
        Set<String> signalled = new HashSet<>();
        for (Draft.Task t : d.tasks) {
            for (Phase p : t.def.phases()) if (p instanceof Phase.Signal s) signalled.add(s.event());
        }
        Set<String> reported = new HashSet<>();
        for (Draft.Task t : d.tasks) {
            for (int i = 0; i < t.def.phases().size(); i++) {
                if (t.def.phases().get(i) instanceof Phase.Wait w && !signalled.contains(w.event()) && reported.add(w.event())) {
                    Loc at = t.phases.get(i);
                    problems.add(at.node(), at.path(), "no task signals " + JsonTree.quote(w.event()) + ", so this wait never ends");
                }
            }
        }
    }

    private static void barriers(Draft d, Problems problems) {
        Map<String, Integer> parties = new HashMap<>();
        Map<String, Loc> firstUse = new LinkedHashMap<>();
        for (Draft.Task t : d.tasks) {
            Set<String> named = new HashSet<>();
            for (int i = 0; i < t.def.phases().size(); i++) {
                if (t.def.phases().get(i) instanceof Phase.Barrier b) {
                    firstUse.putIfAbsent(b.name(), t.phases.get(i));
                    if (named.add(b.name())) parties.merge(b.name(), t.def.instances(), Integer::sum);
                }
            }
        }
        for (Map.Entry<String, Loc> e : firstUse.entrySet()) {
            if (parties.get(e.getKey()) < 2) {
                problems.add(e.getValue().node(), e.getValue().path(), "only one task uses barrier " + JsonTree.quote(e.getKey())
                        + "; a barrier needs two tasks or more");
            }
        }
    }
}
