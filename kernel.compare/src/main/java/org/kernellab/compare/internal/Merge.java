package org.kernellab.compare.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Joins the documents of the shards of one comparison into the document the comparison would
 * have written unsharded: the same top level with {@code "shard": null}, and the runs in
 * (policy, seed) order, where a policy is an entry of {@code "policies"}: a name, or a name with
 * parameters ({@link PolicyEntry}) that the run's {@code policy} and {@code params} must match.
 * Shard {@code i/n} holds the runs whose index is i mod n, in order, so run k of the whole is
 * run k / n of shard k mod n.
 *
 * <p>Refused, with the file and the value named: documents of different workloads, KernelLab
 * versions, policy lists or seed lists; a mix of shard counts; a shard given twice or missing;
 * a shard whose runs are not the ones its index says.
 */
final class Merge {
    /** One parsed input: its name for messages and its document. */
    record Input(String file, JsonNode doc) {
    }

    private Merge() {
    }

    static ObjectNode merge(List<Input> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("sched:merge needs at least one results file");
        for (Input in : inputs) check(in);
        Input first = inputs.get(0);
        for (Input in : inputs.subList(1, inputs.size())) {
            same(first, in, "workload", "workloads");
            same(first, in, "kernellab", "KernelLab versions");
            same(first, in, "policies", "policy lists");
            same(first, in, "seeds", "seed lists");
        }
        List<PolicyEntry> policies = new ArrayList<>();
        for (JsonNode p : first.doc().path("policies")) {
            try {
                policies.add(PolicyEntry.parse("\"policies\"", p.asText()));
            } catch (IllegalArgumentException e) {
                throw notResults(first, e.getMessage());
            }
        }
        List<Long> seeds = new ArrayList<>();
        first.doc().path("seeds").forEach(s -> seeds.add(s.asLong()));
        int total = policies.size() * seeds.size();

        Input[] byIndex;
        if (inputs.size() == 1 && first.doc().get("shard").isNull()) {
            byIndex = new Input[] {first};
        } else {
            int count = -1;
            for (Input in : inputs) {
                JsonNode s = in.doc().get("shard");
                if (s.isNull()) {
                    throw new IllegalArgumentException(in.file() + " is not a shard (its \"shard\" is null): it holds the whole comparison already");
                }
                Shard shard = shard(in);
                if (count < 0) count = shard.count();
                if (shard.count() != count) {
                    throw new IllegalArgumentException("cannot merge shards of different splits: " + first.file() + " is one of " + count
                            + ", " + in.file() + " is shard " + shard);
                }
            }
            byIndex = new Input[count];
            for (Input in : inputs) {
                Shard shard = shard(in);
                Input had = byIndex[shard.index()];
                if (had != null) throw new IllegalArgumentException("shard " + shard + " is given twice: " + had.file() + " and " + in.file());
                byIndex[shard.index()] = in;
            }
            for (int i = 0; i < count; i++) {
                if (byIndex[i] == null) throw new IllegalArgumentException("shard " + i + "/" + count + " is missing (given: " + files(inputs) + ")");
            }
        }
        int n = byIndex.length;
        for (int i = 0; i < n; i++) {
            int expected = total <= i ? 0 : (total - i + n - 1) / n;
            int has = byIndex[i].doc().path("runs").size();
            if (has != expected) {
                throw new IllegalArgumentException(byIndex[i].file() + " has " + has + (has == 1 ? " run" : " runs") + " but shard " + i + "/" + n
                        + " of " + total + " runs (" + policies.size() + " policies x " + seeds.size() + " seeds) has " + expected
                        + ": was it cut short?");
            }
        }
        List<ObjectNode> runs = new ArrayList<>(total);
        for (int k = 0; k < total; k++) {
            Input in = byIndex[k % n];
            JsonNode run = in.doc().path("runs").get(k / n);
            PolicyEntry policy = policies.get(k / seeds.size());
            long seed = seeds.get(k % seeds.size());
            if (!run.isObject() || !policy.equals(PolicyEntry.of(run)) || run.path("seed").asLong() != seed) {
                String was = run.isObject() ? CompareCommands.quote(PolicyEntry.of(run).label()) : run.toString();
                throw new IllegalArgumentException(in.file() + ": runs[" + (k / n) + "] is " + was + " seed " + run.path("seed")
                        + " but run " + k + " of the comparison is " + CompareCommands.quote(policy.label()) + " seed " + seed);
            }
            runs.add((ObjectNode) run);
        }
        List<String> labels = new ArrayList<>();
        first.doc().path("policies").forEach(p -> labels.add(p.asText()));
        return ResultsJson.document(first.doc().path("workload").asText(), first.doc().path("kernellab").asText(), labels, seeds, null, runs);
    }

    private static void check(Input in) {
        JsonNode d = in.doc();
        if (d == null || !d.isObject()) throw notResults(in, "the top level is not an object");
        for (String key : List.of("workload", "kernellab")) {
            if (!d.path(key).isTextual()) throw notResults(in, "\"" + key + "\" is missing or not a string");
        }
        for (String key : List.of("policies", "seeds", "runs")) {
            if (!d.path(key).isArray()) throw notResults(in, "\"" + key + "\" is missing or not a list");
        }
        if (!d.has("shard") || !(d.get("shard").isNull() || d.get("shard").isTextual())) {
            throw notResults(in, "\"shard\" is missing or neither null nor \"i/n\"");
        }
    }

    private static Shard shard(Input in) {
        try {
            return Shard.parse(in.doc().get("shard").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(in.file() + ": \"shard\": " + e.getMessage(), e);
        }
    }

    private static void same(Input a, Input b, String key, String what) {
        if (!Objects.equals(a.doc().get(key), b.doc().get(key))) {
            throw new IllegalArgumentException("cannot merge results of different " + what + ": " + a.file() + " has " + key + " "
                    + a.doc().get(key) + ", " + b.file() + " has " + b.doc().get(key));
        }
    }

    private static IllegalArgumentException notResults(Input in, String problem) {
        return new IllegalArgumentException(in.file() + " is not a results document of sched:compare: " + problem);
    }

    private static String files(List<Input> inputs) {
        return String.join(", ", inputs.stream().map(Input::file).toList());
    }
}
