package org.kernellab.compare.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The syntax of a policy with parameters: {@code name[:key=value[+key=value...]]}, and lists of them. */
class PolicyEntryTest {
    @Test
    void parse_nameAlone_hasNoParameters() {
        PolicyEntry e = PolicyEntry.parse("--policy", " cfs ");
        assertEquals("cfs", e.policy());
        assertEquals(Map.of(), e.params());
        assertEquals("cfs", e.label());
    }

    @Test
    void label_sortsTheParametersByKey_andParsesBackToTheSameEntry() {
        PolicyEntry e = PolicyEntry.parse("--policy", "mlfq:boost=100ms+allotment=2+quanta=10ms,20ms");
        assertEquals("mlfq:allotment=2+boost=100ms+quanta=10ms,20ms", e.label());
        assertEquals(List.of("allotment", "boost", "quanta"), List.copyOf(e.params().keySet()));
        assertEquals(e, PolicyEntry.parse("policies", e.label()));
        assertEquals(e, PolicyEntry.of("mlfq", Map.of("quanta", "10ms,20ms", "boost", "100ms", "allotment", "2")));
    }

    @Test
    void parse_aValueMayHoldColonsAndEquals_theFirstOfEachSplits() {
        PolicyEntry e = PolicyEntry.parse("--policy", "x:at=1:2+expr=a=b");
        assertEquals(Map.of("at", "1:2", "expr", "a=b"), e.params());
    }

    @Test
    void list_aPieceStartingWithADigit_continuesTheValueBeforeIt_otherwiseItIsAnEntry() {
        assertEquals(List.of("mlfq:quanta=10ms,20ms,40ms", "rr", "rr:quantum=5ms"),
                PolicyEntry.labels(PolicyEntry.list("--policies", "mlfq:quanta=10ms,20ms,40ms,rr,rr:quantum=5ms")));
        assertEquals(List.of("fair", "5ms"), PolicyEntry.labels(PolicyEntry.list("--policies", "fair,5ms")),
                "after a name alone there is no value to continue: 5ms is an (unknown) policy");
    }

    @Test
    void list_theSameNameWithOtherParameters_isAnotherEntry_theSameParametersInAnotherOrderAreNot() {
        assertEquals(3, PolicyEntry.list("--policies", "rr,rr:quantum=5ms,rr:quantum=20ms").size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyEntry.list("--policies", "mlfq:boost=1s+allotment=2,mlfq:allotment=2+boost=1s"));
        assertEquals("--policies \"mlfq:boost=1s+allotment=2,mlfq:allotment=2+boost=1s\" names \"mlfq:allotment=2+boost=1s\" twice",
                e.getMessage());
    }
}
