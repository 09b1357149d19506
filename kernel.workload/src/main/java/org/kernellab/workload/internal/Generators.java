package org.kernellab.workload.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadGenerator;
import org.osgi.service.component.annotations.Component;

/** The named generators: hackbench, schbench, ostep, rtset, mixed. Stateless and thread-safe. */
@Component(service = WorkloadGenerator.class)
public final class Generators implements WorkloadGenerator {
    private final Map<String, Generator> byName = new LinkedHashMap<>();

    public Generators() {
        for (Generator g : List.of(new Hackbench(), new Schbench(), new Ostep(), new RtSet(), new Mixed())) {
            byName.put(g.info().name(), g);
        }
    }

    @Override
    public List<GeneratorInfo> generators() {
        return byName.values().stream().map(Generator::info).toList();
    }

    @Override
    public Workload generate(String generator, Map<String, String> options) {
        Generator g = byName.get(generator);
        if (g == null) {
            throw new IllegalArgumentException("generator " + JsonTree.quote(String.valueOf(generator)) + " is unknown; the generators are "
                    + String.join(", ", byName.keySet()));
        }
        return g.generate(new Options(g.info(), options == null ? Map.of() : options));
    }
}
