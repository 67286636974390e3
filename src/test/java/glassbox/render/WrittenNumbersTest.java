package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.core.Values;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every number written in a preset's description or a lesson step's caption is one the lab computes
 * (docs/LABS.md: "every number in a description comes from the computation"): each is looked for, to
 * the precision it is written with, among the numbers of the step's settings (and how many each holds),
 * its readouts, its live formulas and its JSON export (and the lengths of its lists). Small integers (0 … 10: indices, exponents, "I₄") pass as structure,
 * and so do the few listed in {@link #STRUCTURAL} with the reason. A number written after "≈", "~",
 * "about" or "near" must match to its last written digit like any other: "1.1^63 ≈ 407" fails
 * against the computed 405.27.
 */
class WrittenNumbersTest {

    /** Numbers that are not results but structure of the text, per lab, with why. */
    private static final Map<String, Set<Double>> STRUCTURAL = Map.of(
            // 2^32 states, 2^64 pairs, 2^20 pairs, the 24-bit mantissa: powers written as exponents of 2.
            "rnn", Set.of(16.0, 20.0, 24.0, 32.0, 64.0, 30.0),
            // "10⁴", "10⁻⁴" are the λ settings written as powers; "n·d²" has no numbers.
            "ridge-attention", Set.of(),
            // "1 × 32 × 32", "16·3·3" are shapes the stack table shows per layer.
            "cnn-shapes", Set.of(),
            "conv", Set.of(),
            "ssm", Set.of(),
            "purifier", Set.of(),
            // 10⁻³⁰⁸: where double precision stops (the underflow threshold), not a result.
            "attention", Set.of(308.0),
            // "3-gram": the n of the repeated n-grams, a setting; "10⁻¹²" none here.
            "decoding", Set.of(),
            // "float32" is a name; "√4 = 2" and the positions 3 → 2, 4 → 3 are small integers already.
            "training", Set.of());

    /** A written number: its value, and half a unit of its last written digit. */
    record Written(String text, double value, double tolerance) {}

    private static final Pattern NUMBER = Pattern.compile(
            "(\\d+(?:,\\d{3})+(?!\\d)|\\d+(?:\\.\\d+)?)(?:(?:e|E)([-−+]?\\d+)|\\s*(?:\\\\cdot|·|×)\\s*10\\^\\{?([-−]?\\d+)\\}?|\\s*·\\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?(\\s*%)?");

    static List<Written> numbers(String text) {
        List<Written> out = new ArrayList<>();
        // Superscript powers of ten written alone ("10⁴", "10⁻⁴") are numbers too.
        String t = text.replaceAll("10⁻⁴", "0.0001").replaceAll("10⁴", "10000");
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            // Skip digits that are part of an identifier (I4, W_Q, e_i, x_1, σ_3, K_l …): preceded by a letter or '_'.
            if (m.start() > 0) {
                char c = t.charAt(m.start() - 1);
                if (Character.isLetter(c) || c == '_' || c == '{' && m.start() > 1 && t.charAt(m.start() - 2) == '_') continue;
            }
            String mant = m.group(1).replace(",", "");
            int dot = mant.indexOf('.');
            int decimals = dot < 0 ? 0 : mant.length() - dot - 1;
            double v = Double.parseDouble(mant);
            double tol = 0.5 * Math.pow(10, -decimals);
            String exp = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4) != null ? superscript(m.group(4)) : null;
            if (exp != null) {
                int e = Integer.parseInt(exp.replace('−', '-').replace("+", ""));
                v *= Math.pow(10, e);
                tol *= Math.pow(10, e);
            }
            if (m.group(5) != null) {
                v /= 100;
                tol /= 100;
            }
            out.add(new Written(m.group(), v, tol));
        }
        return out;
    }

    private static String superscript(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c == '⁻' ? '-' : (char) ('0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c)));
        return b.toString();
    }

    /** Every number the step shows or exports, and its settings. */
    static List<Double> computed(Lab<?> lab, Values v) {
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        List<Double> out = new ArrayList<>();
        for (String s : v.asText().values()) {
            collectText(s, out);
            out.add((double) numbers(s).size());
        }
        for (Readout r : c.readouts()) collectText(r.label() + " " + r.value() + " " + r.help(), out);
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<String> formulas = ((Lab) lab).liveFormulas(v, c.result());
        for (String f : formulas) collectText(f, out);
        collect(c.json(), out);
        return out;
    }

    private static void collectText(String s, List<Double> out) {
        for (Written w : numbers(s)) out.add(w.value());
    }

    private static void collect(Object o, List<Double> out) {
        if (o == null) return;
        if (o instanceof Number n) out.add(n.doubleValue());
        else if (o instanceof String s) collectText(s, out);
        else if (o instanceof Map<?, ?> m) for (Object e : m.values()) collect(e, out);
        else if (o instanceof Collection<?> c) {
            out.add((double) c.size());
            for (Object e : c) collect(e, out);
        } else if (o.getClass().isArray()) {
            int n = Array.getLength(o);
            out.add((double) n);
            for (int k = 0; k < n; k++) collect(Array.get(o, k), out);
        } else if (o instanceof Record r) {
            for (var comp : r.getClass().getRecordComponents()) {
                try {
                    collect(comp.getAccessor().invoke(r), out);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    static List<String> unmatched(String lab, String text, List<Double> computed) {
        List<String> bad = new ArrayList<>();
        for (Written w : numbers(text)) {
            double x = Math.abs(w.value());
            if (x == Math.rint(x) && x <= 10 && w.tolerance() >= 0.5) continue;
            if (STRUCTURAL.getOrDefault(lab, Set.of()).contains(x)) continue;
            boolean found = false;
            for (double c : computed) {
                if (Math.abs(Math.abs(c) - x) <= w.tolerance() * (1 + 1e-9) + 1e-12 * x) { found = true; break; }
            }
            if (!found) bad.add("'" + w.text() + "'");
        }
        return bad;
    }

    @TestFactory
    List<DynamicTest> presetDescriptions() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Lab<?> lab : Labs.all()) {
            for (Preset p : lab.presets()) {
                tests.add(DynamicTest.dynamicTest(lab.id() + " " + p.name(), () -> {
                    Values v = Values.of(lab.params(), p.settings());
                    List<String> bad = unmatched(lab.id(), p.description(), computed(lab, v));
                    assertTrue(bad.isEmpty(), lab.id() + " preset " + p.name() + ": " + bad + " in the description are not numbers the lab computes");
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> lessonCaptions() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Lesson l : Lesson.shipped()) {
            int k = 0;
            for (Lesson.Step s : l.steps()) {
                k++;
                tests.add(DynamicTest.dynamicTest(l.title() + " step " + k, () -> {
                    List<String> bad = unmatched(s.lab().id(), s.caption(), computed(s.lab(), s.values()));
                    assertTrue(bad.isEmpty(), l.title() + " / " + s.title() + ": " + bad + " in the caption are not numbers the lab computes");
                }));
            }
        }
        return tests;
    }
}
