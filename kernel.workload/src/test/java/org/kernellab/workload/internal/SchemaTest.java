package org.kernellab.workload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/**
 * {@code docs/workload.schema.json}: a valid draft 2020-12 schema that names exactly the
 * fields the reader knows (walked object by object against {@link NativeReader}'s lists),
 * covers every component of the model, and accepts the examples and every generator's output.
 */
class SchemaTest {
    /** The repository's docs/, next to this module (surefire sets basedir to the module's folder). */
    static final Path DOCS = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent().resolve("docs");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static JsonNode schemaJson() throws IOException {
        return MAPPER.readTree(DOCS.resolve("workload.schema.json").toFile());
    }

    private static JsonSchema schema() throws IOException {
        return FACTORY.getSchema(schemaJson());
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void schema_isAValidDraft202012Schema() throws IOException {
        JsonNode s = schemaJson();
        assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText());
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<ValidationMessage> problems = meta.validate(s);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void schema_namesExactlyTheFieldsTheReaderKnows() throws IOException {
        JsonNode s = schemaJson();
        JsonNode defs = s.get("$defs");
        assertEquals(NativeReader.WORKLOAD_FIELDS, keys(s.get("properties")));
        assertEquals(NativeReader.MACHINE_FIELDS, keys(defs.get("machine").get("properties")));
        assertEquals(NativeReader.COSTS_WORDS, texts(defs.get("costs").get("oneOf").get(0).get("enum")));
        assertEquals(NativeReader.COSTS_FIELDS, keys(defs.get("costs").get("oneOf").get(1).get("properties")));
        assertEquals(NativeReader.TASK_FIELDS, keys(defs.get("task").get("properties")));
        assertEquals(List.of("name", "phases"), texts(defs.get("task").get("required")));
        assertEquals(NativeReader.SCHED_FIELDS, keys(defs.get("sched").get("properties")));
        assertEquals(NativeReader.POLICY_NAMES, texts(defs.get("sched").get("properties").get("policy").get("enum")));
        assertEquals(NativeReader.PERIODIC_FIELDS, keys(defs.get("periodic").get("properties")));
        assertEquals(NativeReader.ON_MISS, texts(defs.get("periodic").get("properties").get("on_miss").get("enum")));
        assertEquals(NativeReader.TIMER_FIELDS, keys(defs.get("timer").get("properties")));
        assertEquals(NativeReader.TIMER_MODES, texts(defs.get("timer").get("properties").get("mode").get("enum")));
        List<String> phaseKeys = new ArrayList<>();
        for (JsonNode alt : defs.get("phase").get("oneOf")) {
            List<String> k = keys(alt.get("properties"));
            assertEquals(1, k.size(), alt.toString());
            assertEquals(k, texts(alt.get("required")));
            phaseKeys.add(k.get(0));
        }
        assertEquals(NativeReader.PHASE_KEYS, phaseKeys);
        // every object of the schema refuses what it does not name, as the reader does
        for (String def : List.of("machine", "task", "sched", "periodic", "timer")) {
            assertFalse(defs.get(def).get("additionalProperties").asBoolean(), def);
        }
        assertFalse(s.get("additionalProperties").asBoolean());
    }

    /** Each model component and its JSON field: a new component fails here until the format names it. */
    @Test
    void schema_coversEveryComponentOfTheModel() throws IOException {
        JsonNode defs = schemaJson().get("$defs");
        Map<Class<?>, Map<String, String>> fields = new LinkedHashMap<>();
        fields.put(Workload.class, Map.of("name", "name", "machine", "machine", "stopNs", "stop", "tasks", "tasks"));
        fields.put(Machine.class, Map.of("cpus", "cpus", "hz", "hz", "seed", "seed", "costs", "costs"));
        fields.put(Costs.class, Map.of("switchNs", "switch", "tickNs", "tick", "irqEntryNs", "irq_entry"));
        fields.put(TaskDef.class, Map.of("name", "name", "instances", "instances", "startNs", "start", "sched", "sched", "cpus", "cpus",
                "loop", "loop", "phases", "phases", "periodic", "periodic"));
        fields.put(Periodic.class, Map.of("periodNs", "period", "deadlineNs", "deadline", "offsetNs", "offset", "onMiss", "on_miss"));
        fields.put(Phase.Timer.class, Map.of("ref", "ref", "periodNs", "period", "mode", "mode"));
        Map<Class<?>, JsonNode> props = Map.of(
                Workload.class, schemaJson().get("properties"),
                Machine.class, defs.get("machine").get("properties"),
                Costs.class, defs.get("costs").get("oneOf").get(1).get("properties"),
                TaskDef.class, defs.get("task").get("properties"),
                Periodic.class, defs.get("periodic").get("properties"),
                Phase.Timer.class, defs.get("timer").get("properties"));
        for (Map.Entry<Class<?>, Map<String, String>> e : fields.entrySet()) {
            List<String> components = Arrays.stream(e.getKey().getRecordComponents()).map(RecordComponent::getName).toList();
            assertEquals(Set.copyOf(components), e.getValue().keySet(), e.getKey().getSimpleName() + "'s components");
            for (String json : e.getValue().values()) assertTrue(props.get(e.getKey()).has(json), e.getKey().getSimpleName() + " -> " + json);
        }
        // SchedAttr is sched_attr: its public fields
        Map<String, String> sched = Map.of("policy", "policy", "nice", "nice", "rtPriority", "priority", "runtimeNs", "runtime",
                "deadlineNs", "deadline", "periodNs", "period", "expectedRunNs", "expected", "tickets", "tickets");
        List<String> attrFields = Arrays.stream(SchedAttr.class.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).map(f -> f.getName()).toList();
        assertEquals(Set.copyOf(attrFields), sched.keySet());
        for (String json : sched.values()) assertTrue(defs.get("sched").get("properties").has(json), json);
        // every phase record has its key in the schema, and the one-component ones are values of the key
        assertEquals(Phase.Kind.values().length, Phase.class.getPermittedSubclasses().length);
    }

    private static List<String> validate(String json) throws IOException {
        return schema().validate(MAPPER.readTree(json)).stream().map(ValidationMessage::getMessage).toList();
    }

    @Test
    void schema_acceptsTheExamples() throws IOException {
        List<Path> examples;
        try (Stream<Path> s = Files.list(DOCS.resolve("workloads"))) {
            examples = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(examples.isEmpty());
        for (Path p : examples) assertEquals(List.of(), validate(Files.readString(p)), p.toString());
    }

    @Test
    void schema_acceptsEveryGeneratorsOutput() throws IOException {
        Generators g = new Generators();
        Workloads w = new Workloads();
        for (GeneratorInfo info : g.generators()) {
            assertEquals(List.of(), validate(w.write(g.generate(info.name(), Map.of()))), info.name());
        }
        assertEquals(List.of(), validate(w.write(g.generate("rtset", Map.of("policy", "deadline")))));
        assertEquals(List.of(), validate(w.write(g.generate("rtset", Map.of("policy", "fifo")))));
    }

    @Test
    void schema_refusesWhatTheReaderRefuses() throws IOException {
        String ok = "{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}";
        assertEquals(List.of(), validate(ok));
        for (String bad : List.of(
                "{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": 3}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"3\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"0ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"phase\": [], \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\", \"sleep\": \"1ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"yield\": false}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"sched\": {\"policy\": \"fifo\"}, \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"sched\": {\"priority\": 3}, \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"sched\": {\"policy\": \"deadline\", \"runtime\": \"1ms\"}, \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"sched\": {\"runtime\": \"1ms\"}, \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"loop\": 0, \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"tasks\": [{\"name\": \"a\", \"cpus\": \"0-\", \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"machine\": {\"costs\": \"some\"}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}",
                "{\"tasks\": []}")) {
            assertFalse(validate(bad).isEmpty(), bad);
        }
    }
}
