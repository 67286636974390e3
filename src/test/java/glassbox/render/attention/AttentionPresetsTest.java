package glassbox.render.attention;

import glassbox.core.Backend;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.attention.AttentionResult;
import glassbox.render.Computed;
import glassbox.render.LabAction;
import glassbox.render.Lesson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The issue-18 presets of the attention lab against numbers derived by hand (docs/LABS.md §4). */
class AttentionPresetsTest {
    final AttentionLab lab = new AttentionLab();

    Values preset(String name) {
        for (Preset p : lab.presets()) if (p.name().equals(name)) return Values.preset(lab.params(), p.settings());
        throw new AssertionError("no preset " + name);
    }

    Map<String, Object> export(Values v) {
        return lab.json(v, lab.compute(v, Backend.PLAIN));
    }

    List<Readout> readouts(Values v) {
        return lab.readouts(v, lab.compute(v, Backend.PLAIN));
    }

    static String text(List<Readout> rs) {
        StringBuilder b = new StringBuilder();
        for (Readout r : rs) b.append(r.label()).append(": ").append(r.value()).append('\n');
        return b.toString();
    }

    /** By hand: position 5 and 6 of the one-head model cost log(2e³ + 4) − 3, position 7 log(2e^{9/7} + 2e^{6/7} + 2). */
    static final double L56 = Math.log(2 * Math.exp(3) + 4) - 3, L7 = Math.log(2 * Math.exp(9.0 / 7) + 2 * Math.exp(6.0 / 7) + 2);

    @Test
    @SuppressWarnings("unchecked")
    void twoHeadsSayWhyTheyDifferAndOfferTheStackedWo() {
        Values v = preset("dedupe-sort-two-heads");
        Map<String, Object> j = export(v);
        // [Z Z] I₄ scores z₁, z₂ where the target's logit needs z₂, z₁: positions 5 and 6 cost log(2e³ + 4) each.
        assertEquals(2 * (L56 + 3) + L7, (double) j.get("loss"), 1e-12);
        assertEquals(10.2114, (double) j.get("loss"), 5e-5);
        Map<String, Object> ref = (Map<String, Object>) j.get("reference");
        assertEquals(2 * L56 + L7, (double) ref.get("loss"), 1e-12);
        assertEquals(4.2114, (double) ref.get("loss"), 5e-5);
        assertEquals(2 * L56 + L7, (double) ref.get("stacked_loss"), 1e-12);
        assertEquals(true, ref.get("heads_identical"));
        double[][] stacked = (double[][]) ref.get("stacked_WO");
        assertArrayEquals(new double[]{0, 0.5, 0, 0.5}, stacked[0], 0);
        assertArrayEquals(new double[]{0.5, 0, 0.5, 0}, stacked[3], 0);
        String rs = text(readouts(v));
        assertTrue(rs.contains("Why they differ: at position 5 this layer gives (0, 3, 0, 3) where the reference gives (3, 0, 3, 0)"), rs);
        assertTrue(rs.contains("Loss with the reference W_O: 4.21143, not 10.2114"), rs);
        // The button applies the stacked W_O, and the result is the fixed preset's loss.
        LabAction fix = lab.actions(v, lab.compute(v, Backend.PLAIN)).stream().filter(a -> a.label().startsWith("Use W_O")).findFirst().orElseThrow();
        assertEquals("attention", fix.lab());
        Map<String, Object> fixed = export(v.with(fix.settings()));
        assertEquals(2 * L56 + L7, (double) fixed.get("loss"), 1e-12);
        assertEquals(2 * L56 + L7, (double) export(preset("dedupe-sort-two-heads-fixed")).get("loss"), 1e-12);
    }

    @Test
    void permutationsOfTheInputGiveTheSameLossWithoutPositions() {
        double want = 2 * L56 + L7;
        for (String t : List.of("D A A <START> A D <STOP>", "A D A <START> A D <STOP>", "A A D <START> A D <STOP>")) {
            assertEquals(want, (double) export(preset("dedupe-sort").with("tokens", t)).get("loss"), 1e-12, t);
        }
        // The lesson step that says so computes it.
        Lesson attention = Lesson.shipped().stream().filter(l -> l.title().startsWith("Attention")).findFirst().orElseThrow();
        Lesson.Step step = attention.steps().stream().filter(s -> s.title().startsWith("No positions")).findFirst().orElseThrow();
        assertEquals(want, (double) Computed.compute(lab, step.values(), Backend.PLAIN).json().get("loss"), 1e-12);
    }

    @Test
    void temperatureUnderflowIsShownAsBelowTenToTheMinus308() {
        Values v = preset("temperature").with("temperature", "0.001");
        String rs = text(readouts(v));
        assertTrue(rs.contains("P(z): (1, < 10⁻³⁰⁸, < 10⁻³⁰⁸, < 10⁻³⁰⁸)"), rs);
        assertTrue(rs.contains("Underflow: 3 weights are < 10⁻³⁰⁸ (e.g. P1,2 = 10^-434.294)"), rs);
        List<?> under = (List<?>) export(v).get("underflow");
        assertEquals(3, under.size());
        AttentionResult r = lab.compute(v, Backend.PLAIN);
        assertTrue(AttentionFigures.weightFormula(r, 0, 1).contains("< 10⁻³⁰⁸ (underflow"), AttentionFigures.weightFormula(r, 0, 1));
        // At τ = 0 the zeros are the exact limit: nothing flagged.
        assertFalse(text(readouts(v.with("temperature", "0"))).contains("Underflow"));
    }

    @Test
    void bandedMaskLetsEachQuerySeeItselfAndThePreviousToken() {
        Map<String, Object> j = export(preset("banded-mask"));
        double[][] p = (double[][]) j.get("weights");
        boolean[][] mask = (boolean[][]) j.get("mask");
        for (int i = 0; i < 7; i++) for (int k = 0; k < 7; k++) assertEquals(!(k == i || k == i - 1), mask[i][k], i + "," + k);
        // Row 5 (A) sees <START> (score 0) and itself (9): argmax is itself. Row 7 (<STOP>, q = 0) ties its two keys.
        assertArrayEquals(new double[]{0, 0, 0, 0, 1, 0, 0}, p[4], 0);
        assertArrayEquals(new double[]{0, 0, 0, 0, 0, 0.5, 0.5}, p[6], 0);
        assertEquals("band", j.get("mask_kind"));
    }

    @Test
    void argmaxGradientsAreZeroForQueriesAndKeysButNotValues() {
        Map<String, Object> j = export(preset("argmax-gradients"));
        @SuppressWarnings("unchecked") Map<String, Object> g = (Map<String, Object>) j.get("gradients");
        for (String k : List.of("dL_dWQ", "dL_dWK")) for (double[] row : (double[][]) g.get(k)) for (double x : row) assertEquals(0, x, 0, k);
        double vNorm = 0;
        for (double[] row : (double[][]) g.get("dL_dWV")) for (double x : row) vNorm += x * x;
        assertTrue(vNorm > 1e-3);
        assertEquals(List.of(5, 6, 7), g.get("tied_rows"));
        Map<String, Object> soft = export(preset("argmax-gradients").with("temperature", "1.414"));
        @SuppressWarnings("unchecked") Map<String, Object> gs = (Map<String, Object>) soft.get("gradients");
        assertTrue((double) gs.get("max_relative_difference") < 1e-7);
        assertNotEquals(0, ((double[][]) gs.get("dL_dWQ"))[0][0] + ((double[][]) gs.get("dL_dWQ"))[3][1]);
    }

    @Test
    void learnedPositionsSayWhichPositionsHaveNoRow() {
        Values v = preset("learned-positions");
        assertTrue(text(readouts(v)).contains("No learned position: positions 17, 18, 19, 20 (the table has N = 16 rows)"));
        assertEquals(List.of(17, 18, 19, 20), export(v).get("missing_positions"));
        assertFalse(text(readouts(v.with("positions", "sinusoidal"))).contains("No learned position"));
    }

    /** issue 18 §2: a value the user did not set follows the data; one the user set is refused, named. */
    @Test
    void dependentValuesFollowTheDataUnlessTheUserSetThem() {
        // export attention --set X=<3 rows>: row (default 5) follows T = 3.
        Values v = Values.of(lab.params(), Map.of("X", "1,0,0,0;0,1,0,0;0,0,1,0"));
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        assertEquals(3, c.values().i("row"));
        assertFalse(c.values().isSet("row"));
        // The user's own row is refused with its name.
        ParamException e = assertThrows(ParamException.class, () -> Computed.compute(lab, v.with("row", "5"), Backend.PLAIN));
        assertEquals("row", e.key());
        // Every small X, from the defaults and from every preset of the attention task: nothing the user did not set refuses it.
        for (Preset p : lab.presets()) {
            if (!"attention".equals(p.settings().getOrDefault("task", "attention"))) continue;
            for (int rows = 1; rows <= 4; rows++) {
                for (int cols = 1; cols <= 4; cols++) {
                    StringBuilder x = new StringBuilder();
                    for (int i = 0; i < rows; i++) {
                        if (i > 0) x.append(';');
                        for (int k = 0; k < cols; k++) x.append(k > 0 ? "," : "").append((i + 2 * k) % 3);
                    }
                    Values pv = Values.preset(lab.params(), p.settings()).with("X", x.toString());
                    Computed pc = Computed.compute(lab, pv, Backend.PLAIN);
                    assertEquals(rows, pc.values().i("row") <= rows ? rows : -1, p.name() + " " + rows + "×" + cols);
                    assertTrue(pc.values().i("head") <= pc.values().i("heads"));
                }
            }
            // And a token sequence of every small length.
            for (String t : List.of("A", "A B", "<START> A D")) {
                if (!p.settings().getOrDefault("source", "tokens").equals("tokens")) continue;
                Values pv = Values.preset(lab.params(), p.settings()).with("tokens", t);
                Computed pc = Computed.compute(lab, pv, Backend.PLAIN);
                assertTrue(pc.values().i("row") <= t.split(" ").length, p.name() + ": " + t);
            }
        }
    }
}
