package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Param;
import glassbox.core.Readout;
import glassbox.core.Values;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Lab.inactive names parameters with no effect: changing one of them leaves every number the lab shows unchanged,
 * and a parameter it does not name (for the same values) does change something, so the list is neither too long
 * nor missing the cases.
 */
class InactiveParamsTest {
    /** Another allowed value of a number parameter, far enough to show in the numbers. */
    private static String other(Param p, Values v) {
        double x = p.kind() == Param.Kind.INT ? v.i(p.key()) : v.d(p.key());
        double y = x * 0.5 + (p.kind() == Param.Kind.INT ? 0 : 0.01);
        if (y < p.min() || (p.kind() == Param.Kind.INT && Math.round(y) == Math.round(x))) y = Math.min(p.max(), x + 3);
        return p.kind() == Param.Kind.INT ? Long.toString(Math.round(y)) : Double.toString(y);
    }

    private static List<String> numbers(Lab<?> lab, Values v) {
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        // Timings differ from run to run.
        return c.readouts().stream().map(r -> r.value().replaceAll("[0-9.]+ (ms|µs|s)\\b", "t")).toList();
    }

    private static void check(String labId, Map<String, String> settings, List<String> expectedInactive, List<String> expectedActive) {
        Lab<?> lab = Labs.get(labId);
        Values v = Values.of(lab.params(), settings);
        Map<String, String> inactive = lab.inactive(v);
        for (String key : expectedInactive) assertTrue(inactive.containsKey(key), labId + " " + settings + ": " + key + " is inactive, got " + inactive.keySet());
        for (String key : expectedActive) assertFalse(inactive.containsKey(key), labId + " " + settings + ": " + key + " is active");
        List<String> base = numbers(lab, v);
        for (String key : inactive.keySet()) {
            Param p = lab.params().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
            if (p.kind() != Param.Kind.INT && p.kind() != Param.Kind.DOUBLE && p.kind() != Param.Kind.LOG_DOUBLE) continue;
            assertEquals(base, numbers(lab, v.with(key, other(p, v))), labId + ": changing inactive " + key + " changed the numbers");
            assertFalse(inactive.get(key).isBlank(), "a reason is given");
        }
        for (String key : expectedActive) {
            Param p = lab.params().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
            assertNotEquals(base, numbers(lab, v.with(key, other(p, v))), labId + ": changing active " + key + " changed nothing");
        }
    }

    @Test
    void ssmStateSizeOnlyForTheRandomA() {
        check("ssm", Map.of("structure", "matrix"), List.of("n", "radius"), List.of());
        check("ssm", Map.of("structure", "random"), List.of(), List.of("n", "radius"));
    }

    @Test
    void attentionTAndDOnlyForRandomOrZerosInputs() {
        check("attention", Map.of("source", "tokens"), List.of("T", "d"), List.of());
        check("attention", Map.of("source", "random", "weights", "random"), List.of(), List.of("T"));
    }

    @Test
    void purifierSigmasOnlyWhenTheInputIsTheSigmaList() {
        check("purifier", Map.of("input", "random"), List.of("sigmas"), List.of("n", "noise"));
        check("purifier", Map.of("input", "sigmas"), List.of("m", "n", "rank", "noise", "scale", "alpha", "seed"), List.of());
        check("purifier", Map.of("input", "power-law"), List.of("sigmas", "n", "noise", "seed"), List.of("alpha", "scale"));
    }
}
