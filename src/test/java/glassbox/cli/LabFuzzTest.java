package glassbox.cli;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Json;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.render.Computed;
import glassbox.render.Lab;
import glassbox.render.Labs;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random parameter sets through the entry point the command line and the window share (a preset, then
 * --set values, then {@link Computed#compute}): in range, at the boundaries, and malformed (issue 22). Each
 * case either computes, with no NaN in any live number or in the JSON, or is refused with a one-line
 * ParamException naming one of the lab's parameters; never another exception, and never longer than
 * {@link #MAX_CASE_SECONDS} (a hang detector, far above any case: the caps bound each to seconds) nor more memory
 * than the test JVM's 2 GB heap (pom.xml's argLine: an OutOfMemoryError fails the case like any other error).
 * Generated with jqwik's arbitraries from a fixed seed per lab, so a failure names a command line that
 * reproduces it. In {@code mvn verify} each lab runs up to {@value #DEFAULT_TRIES} cases or {@value #DEFAULT_SECONDS} s,
 * whichever comes first (the cheap labs reach the count, conv, ssm and decoding a few hundred); the long run,
 * {@code -Dfuzz.tries=N}, runs N distinct cases per lab ({@code -Dfuzz.labs=a,b} only those labs); {@code -Dfuzz.seed=S}
 * draws another sequence.
 */
class LabFuzzTest {
    static final int DEFAULT_TRIES = 3000;
    static final double DEFAULT_SECONDS = 10;
    /** Labs whose compute takes ND4J when asked (the others run plain Java on every backend). */
    static final Set<String> ND4J_LABS = Set.of("conv", "ssm");
    static final double MAX_CASE_SECONDS = 60;
    /** Cases slower than this are printed with their command line (-Dfuzz.slow=S to see more of them). */
    static final double SLOW_SECONDS = Double.parseDouble(System.getProperty("fuzz.slow", "5"));

    /** A case: the lab, a preset to start from (or none) and the --set values in order. */
    record Case(Lab<?> lab, String preset, Map<String, String> sets, Backend backend) {
        @Override
        public String toString() {
            return "glassbox export " + lab.id() + (backend == Backend.PLAIN ? " --backend java" : "") + (preset == null ? "" : " --preset " + preset)
                    + sets.entrySet().stream().map(e -> " --set '" + Fmt.oneLine(e.getKey() + "=" + e.getValue()) + "'").collect(Collectors.joining());
        }
    }

    @TestFactory
    List<DynamicTest> everyLab() {
        Integer asked = Integer.getInteger("fuzz.tries");
        int tries = asked == null ? DEFAULT_TRIES : asked;
        double seconds = asked == null ? DEFAULT_SECONDS : Double.POSITIVE_INFINITY;
        long seed = Long.getLong("fuzz.seed", 22L);
        List<DynamicTest> out = new ArrayList<>();
        String only = System.getProperty("fuzz.labs", ""); // e.g. -Dfuzz.labs=conv,ssm for a long run of some labs
        for (Lab<?> lab : Labs.all()) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(lab.id())) continue;
            out.add(DynamicTest.dynamicTest(lab.id(), () -> JqwikSession.run(() -> {
                RandomGenerator<Case> gen = cases(lab).generator(1000);
                Random rnd = new Random(seed * 31 + lab.id().hashCode());
                long computed = 0, refused = 0, t0 = System.nanoTime();
                List<Double> times = new ArrayList<>();
                // Distinct cases only: a preset drawn with no --set values comes up again and again, and repeating it tests nothing new.
                Set<String> seen = new java.util.HashSet<>();
                for (int draws = 0; seen.size() < tries && draws < 20L * tries && (System.nanoTime() - t0) / 1e9 < seconds; draws++) {
                    Case c = gen.next(rnd).value();
                    if (!seen.add(c.toString())) continue;
                    long c0 = System.nanoTime();
                    if (check(c)) computed++;
                    else refused++;
                    times.add((System.nanoTime() - c0) / 1e6);
                    if (asked != null && seen.size() % 1000 == 0) {
                        System.out.printf("fuzz %s seed %d: %d cases, %.0f s%n", lab.id(), seed, seen.size(), (System.nanoTime() - t0) / 1e9);
                    }
                }
                times.sort(null);
                System.out.printf("fuzz %s seed %d: %d distinct cases (%d computed, %d refused) in %.1f s; a case p50 %.2f ms, p95 %.1f ms, max %.0f ms%n",
                        lab.id(), seed, computed + refused, computed, refused, (System.nanoTime() - t0) / 1e9,
                        quantile(times, 0.5), quantile(times, 0.95), quantile(times, 1));
            })));
        }
        return out;
    }

    static Arbitrary<Case> cases(Lab<?> lab) {
        List<String> presets = new ArrayList<>();
        for (Preset p : lab.presets()) presets.add(p.name());
        List<Param> params = lab.params();
        Arbitrary<Map<String, String>> sets = Arbitraries.integers().between(0, Math.min(6, params.size())).flatMap(n ->
                Arbitraries.of(params).list().ofSize(n).flatMap(chosen -> {
                    if (chosen.isEmpty()) return Arbitraries.just(Map.<String, String>of());
                    List<Arbitrary<String>> values = chosen.stream().map(p -> value(lab, p)).toList();
                    return Combinators.combine(values).as(vs -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        for (int i = 0; i < chosen.size(); i++) m.put(chosen.get(i).key(), vs.get(i));
                        return m;
                    });
                }));
        Arbitrary<String> preset = presets.isEmpty() ? Arbitraries.just(null) : Arbitraries.of(presets).injectNull(0.3);
        // ND4J for half the cases of the labs that use it (its buffers were one of the runaways), plain Java otherwise.
        Arbitrary<Backend> backend = ND4J_LABS.contains(lab.id()) ? Arbitraries.of(Backend.PLAIN, Backend.ND4J_CPU) : Arbitraries.just(Backend.PLAIN);
        return Combinators.combine(preset, sets, backend).as((p, s, b) -> new Case(lab, p, s, b));
    }

    /** A value for one parameter: mostly small and valid, some at the boundaries, some out of range or malformed. */
    static Arbitrary<String> value(Lab<?> lab, Param p) {
        Arbitrary<String> malformed = Arbitraries.of("", " ", "abc", "1e400", "-0", "NaN", "1,2", "0x10", "\uff11\uff12", "1\n2",
                "9".repeat(40), "∞", "-inf", "1;2", ";", ",");
        Arbitrary<String> valid = switch (p.kind()) {
            case INT -> {
                long lo = (long) p.min(), hi = (long) p.max();
                long def = Math.max(lo, Math.min(hi, (long) Double.parseDouble(p.defaultText())));
                Arbitrary<Long> small = Arbitraries.longs().between(lo, Math.min(hi, lo + 12));
                Arbitrary<Long> near = Arbitraries.longs().between(Math.max(lo, def / 2), Math.min(hi, def * 2 + 1));
                Arbitrary<Long> any = Arbitraries.longs().between(lo, hi);
                Arbitrary<Long> edge = Arbitraries.of(lo, hi, lo - 1, hi + 1, def);
                yield Arbitraries.frequencyOf(Tuple.of(5, small), Tuple.of(3, near), Tuple.of(1, any), Tuple.of(2, edge)).map(Object::toString);
            }
            case DOUBLE, LOG_DOUBLE -> {
                double lo = p.min(), hi = p.max();
                Arbitrary<Double> inside = p.kind() == Param.Kind.LOG_DOUBLE && lo > 0 && Double.isFinite(hi)
                        ? Arbitraries.integers().between(0, 1_000_000).map(k -> lo * Math.pow(hi / lo, k / 1e6))
                        : Arbitraries.integers().between(0, 1_000_000).map(k -> Math.max(lo, -1e6) + (Math.min(hi, 1e6) - Math.max(lo, -1e6)) * k / 1e6);
                Arbitrary<Double> edge = Arbitraries.of(lo, hi, Math.nextDown(lo), Math.nextUp(hi), 0.0, -0.0, 1e-300, 1e300, -1e300);
                yield Arbitraries.frequencyOf(Tuple.of(6, inside), Tuple.of(2, edge))
                        .map(d -> Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Double.toString(d));
            }
            case CHOICE -> Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(p.choices())), Tuple.of(1, Arbitraries.of("none", "TRUE", "x")));
            case BOOL -> Arbitraries.of("true", "false", "TRUE", "yes");
            case MATRIX, TEXT, LIST -> texts(lab, p);
        };
        return Arbitraries.frequencyOf(Tuple.of(9, valid), Tuple.of(1, malformed));
    }

    /** Text values: the default's and the presets', as they are or mutated (a character changed, dropped, doubled; cut short). */
    static Arbitrary<String> texts(Lab<?> lab, Param p) {
        List<String> seen = new ArrayList<>();
        seen.add(p.defaultText());
        for (Preset pr : lab.presets()) {
            String v = pr.settings().get(p.key());
            if (v != null && !seen.contains(v)) seen.add(v);
        }
        Arbitrary<String> base = Arbitraries.of(seen);
        Arbitrary<String> mutated = Combinators.combine(base, Arbitraries.integers().between(0, 1000),
                Arbitraries.chars().with("0123456789-.,;e x\"()'"), Arbitraries.integers().between(0, 3)).as((s, at, c, how) -> {
                    if (s.isEmpty()) return String.valueOf(c);
                    int i = at % s.length();
                    return switch (how) {
                        case 0 -> s.substring(0, i) + c + s.substring(i + 1);
                        case 1 -> s.substring(0, i) + s.substring(i + 1);
                        case 2 -> s.substring(0, i) + s.charAt(i) + s.substring(i);
                        default -> s.substring(0, i);
                    };
                });
        return Arbitraries.frequencyOf(Tuple.of(3, base), Tuple.of(2, mutated));
    }

    /** True when the case computed, false when it was refused; fails otherwise. */
    static boolean check(Case c) {
        Lab<?> lab = c.lab();
        Set<String> keys = lab.params().stream().map(Param::key).collect(Collectors.toSet());
        long t0 = System.nanoTime();
        boolean computed;
        try {
            Values v = Cli.values(lab, c.preset(), new ArrayList<>(c.sets().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            Computed out = Computed.compute(lab, v, c.backend() == Backend.PLAIN ? Backend.PLAIN : glassbox.core.Nd4jRuntime.orPlain(c.backend(), msg -> {}));
            // The JSON is part of the result (the command line writes it), so it must be clean too: no NaN number
            // anywhere, and no "NaN" in its text unless the user typed it (a vocabulary may hold the token NaN; "parameters"
            // echoes the user's text as typed). Walked as a tree, not searched as text: n = 2048's JSON is 200 MB.
            Map<String, Object> m = new LinkedHashMap<>(out.json());
            m.remove("parameters");
            boolean typedNaN = c.sets().values().stream().anyMatch(text -> text.contains("NaN"));
            String where = nan(Json.mapper().valueToTree(m), "$", !typedNaN);
            assertNull(where, () -> c + "\nJSON has NaN at " + where);
            for (Readout r : out.readouts()) {
                assertFalse(!typedNaN && r.value().contains("NaN"), () -> c + "\nreadout " + r.label() + ": " + r.value());
            }
            computed = true;
        } catch (ParamException e) {
            assertTrue(keys.contains(e.key()), () -> c + "\nrefused by '" + e.key() + "', not a parameter of " + lab.id() + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), () -> c + "\nmessage of two lines: " + e.getMessage());
            computed = false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(c + "\n" + e, e);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s < MAX_CASE_SECONDS, () -> c + "\ntook " + s + " s");
        if (s > SLOW_SECONDS) System.out.printf("fuzz: slow case (%.1f s): %s%n", s, c);
        return computed;
    }

    private static double quantile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    record Point(double x, double y) {}

    @org.junit.jupiter.api.Test
    void theNaNCheckFindsNumbersInsideListsAndRecordsAndTextUnlessTyped() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", List.of(1.0, Double.POSITIVE_INFINITY));
        m.put("points", List.of(new Point(1, 2), new Point(3, Double.NaN)));
        assertEquals("$.points[1].y", nan(Json.mapper().valueToTree(m), "$", true));
        m.remove("points");
        m.put("arr", new double[][]{{0, Float.NaN}});
        assertEquals("$.arr[0][1]", nan(Json.mapper().valueToTree(m), "$", true));
        m.remove("arr");
        m.put("vocab", List.of("NaN", "w0"));
        assertNotNull(nan(Json.mapper().valueToTree(m), "$", true));
        assertNull(nan(Json.mapper().valueToTree(m), "$", false), "the user's own token NaN is text they typed");
    }

    /** The path of the first NaN in the tree (a NaN number; with text, also a string holding "NaN"), or null. */
    static String nan(com.fasterxml.jackson.databind.JsonNode node, String path, boolean text) {
        if (node.isNumber() && Double.isNaN(node.doubleValue())) return path;
        if (text && node.isTextual() && node.asText().contains("NaN")) return path + " = " + Fmt.quote(node.asText(), 80);
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String w = nan(e.getValue(), path + "." + e.getKey(), text);
                if (w != null) return w;
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String w = nan(node.get(i), path + "[" + i + "]", text);
                if (w != null) return w;
            }
        }
        return null;
    }
}
