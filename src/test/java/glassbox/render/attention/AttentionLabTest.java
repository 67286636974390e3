package glassbox.render.attention;

import glassbox.core.Backend;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.attention.AttentionResult;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Labs;
import glassbox.render.Style;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class AttentionLabTest {
    final AttentionLab lab = new AttentionLab();

    Values preset(String name) {
        for (Preset p : lab.presets()) if (p.name().equals(name)) return Values.of(lab.params(), p.settings());
        throw new AssertionError("no preset " + name);
    }

    Map<String, Object> export(Values v) {
        return lab.json(v, lab.compute(v, Backend.PLAIN));
    }

    static double[][] m(Object o) {
        return (double[][]) o;
    }

    @Test
    void registeredAndEveryPresetComputesAndRenders() {
        assertSame(AttentionLab.class, Labs.get("attention").getClass());
        Set<String> names = new HashSet<>();
        for (Preset p : lab.presets()) names.add(p.name());
        assertTrue(names.containsAll(List.of("dedupe-sort", "dedupe-sort-two-heads", "copy-task", "temperature", "sinusoidal-positions")), names.toString());
        for (Preset p : lab.presets()) {
            Values v = Values.of(lab.params(), p.settings());
            AttentionResult r = lab.compute(v, Backend.PLAIN);
            assertFalse(lab.readouts(v, r).isEmpty());
            List<Figure> figs = lab.figures(v, r);
            assertTrue(figs.size() >= 5, p.name());
            BufferedImage img = Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, null);
            assertTrue(distinctColours(img) > 50, p.name() + " looks blank");
            assertNotNull(glassbox.core.Json.toString(lab.json(v, r)));
        }
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> c = new HashSet<>();
        for (int px : Board.pixels(img)) c.add(px);
        return c.size();
    }

    /** The exam's numbers, derived by hand: attention pattern and loss (docs/LABS.md §4). */
    @Test
    void dedupeSortPresetByHand() {
        Map<String, Object> j = export(preset("dedupe-sort"));
        double[][] p = m(j.get("weights"));
        double h = 0.5, t = 1.0 / 3, q = 0.25, s = 1.0 / 7;
        double[][] want = {
                {1, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0}, {0, h, h, 0, 0, 0, 0}, {q, q, q, q, 0, 0, 0},
                {0, t, t, 0, t, 0, 0}, {h, 0, 0, 0, 0, h, 0}, {s, s, s, s, s, s, s}};
        for (int i = 0; i < 7; i++) assertArrayEquals(want[i], p[i], 1e-15);
        // Scores before the mask: D·D = A·A = 9 also above the diagonal.
        assertEquals(9, m(j.get("scores"))[0][5]);
        assertEquals(7, m(j.get("output")).length);
        assertEquals(4, m(j.get("output"))[0].length);
        double l56 = Math.log(2 * Math.exp(3) + 4) - 3;
        double l7 = Math.log(2 * Math.exp(9.0 / 7) + 2 * Math.exp(6.0 / 7) + 2);
        assertEquals(2 * l56 + l7, (double) j.get("loss"), 1e-12);
        assertEquals(List.of(5, 6, 7), j.get("loss_positions"));
        assertEquals(List.of("A", "D", "<STOP>"), j.get("target_tokens"));
        assertEquals(6, m(j.get("logits"))[0].length);
    }

    @Test
    void twoHeadPresetByHand() {
        Map<String, Object> j = export(preset("dedupe-sort-two-heads"));
        // Identical heads, W_O = I: rows 5, 6, 7 are (0,3,0,3), (3,0,3,0), (6/7,9/7,6/7,9/7); the targets' logits are 0.
        double[][] out = m(j.get("output"));
        assertArrayEquals(new double[]{0, 3, 0, 3}, out[4], 1e-12);
        assertArrayEquals(new double[]{6.0 / 7, 9.0 / 7, 6.0 / 7, 9.0 / 7}, out[6], 1e-12);
        double l = 2 * Math.log(2 * Math.exp(3) + 4) + Math.log(2 * Math.exp(9.0 / 7) + 2 * Math.exp(6.0 / 7) + 2);
        assertEquals(l, (double) j.get("loss"), 1e-12);
        assertEquals(2, ((List<?>) j.get("weights_heads")).size());
    }

    @Test
    void copyTaskPresetByHand() {
        Values v = preset("copy-task").with(Map.of("M", "2", "u1", "0.3", "u2", "0.8"));
        Map<String, Object> j = export(v);
        double e4 = Math.exp(4), e8 = Math.exp(8), em4 = Math.exp(-4), em8 = Math.exp(-8);
        double o2 = (0.5 * e4 + 0.3) / (e4 + 1);
        double o3 = (0.5 * em4 + 0.3 + 0.8 * em8) / (em4 + 1 + em8);
        double o4 = (0.5 * e4 + 0.3 + 0.8 * e8 + 0.3 * em4) / (e4 + 1 + e8 + em4);
        double loss = Math.abs(0.5 - 0.3) + Math.abs(o2 - 0.8) + Math.abs(o3 - 0.3) + Math.abs(o4 - 0.8);
        assertEquals(loss, (double) j.get("loss"), 1e-12);
        assertEquals(o4, m(j.get("output"))[3][0], 1e-12);
        assertTrue(j.containsKey("expected_loss"));
        assertEquals(0.5, (double) j.get("best_expected_loss"));
        // M = 100: scores 2M² = 20000 stay finite; the loss is |0.5 − u1| + |0.5 − u2|.
        Map<String, Object> big = export(preset("copy-task").with(Map.of("M", "100", "u1", "0.3", "u2", "0.8")));
        assertEquals(20000, m(big.get("scores"))[3][2]);
        assertEquals(0.2 + 0.3, (double) big.get("loss"), 1e-15);
        double e = (double) big.get("expected_loss");
        assertEquals(0.5, e, 4 * (double) big.get("expected_loss_std_error"));
    }

    @Test
    void temperaturePresetLimits() {
        Values v = preset("temperature");
        double d = 1 + Math.exp(-1) + Math.exp(-2) + Math.exp(-3);
        double[][] p = m(export(v).get("weights"));
        assertEquals(1 / d, p[0][0], 1e-15);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, p[1], 0);
        assertArrayEquals(new double[]{1, 0, 0, 0}, m(export(v.with("temperature", "0")).get("weights"))[0], 0);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, m(export(v.with("temperature", "inf")).get("weights"))[0], 0);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, m(export(v.with("temperature", "0")).get("weights"))[1], 0);
    }

    @Test
    void sinusoidalPresetScoresDependOnOffsetOnly() {
        double[][] s = m(export(preset("sinusoidal-positions")).get("scores"));
        assertEquals(128, s.length);
        assertEquals(8, s[5][5], 1e-12); // Σ sin² + cos² over 8 frequency pairs
        for (int i = 0; i + 7 < 128; i++) assertEquals(s[0][7], s[i][i + 7], 1e-9);
    }

    /** The command line: --set X, WQ, WK, WV, WO, temperature, causal, mode and the JSON keys. */
    @Test
    void cliContract() {
        Values v = Values.of(lab.params(), Map.of("X", "1,0;0,1;1,1", "WQ", "1,0;0,1", "WK", "2,0;0,1", "WV", "1;2",
                "temperature", "inf", "causal", "true", "row", "1"));
        Map<String, Object> j = export(v);
        for (String k : List.of("lab", "parameters", "scores", "weights", "output")) assertTrue(j.containsKey(k), k);
        assertFalse(j.containsKey("loss"));
        double[][] s = m(j.get("scores")), p = m(j.get("weights")), o = m(j.get("output"));
        // S = X W_Q (X W_K)ᵀ by hand: q = (1,0),(0,1),(1,1); k = (2,0),(0,1),(2,1).
        assertArrayEquals(new double[]{2, 0, 2}, s[0], 0);
        assertArrayEquals(new double[]{2, 1, 3}, s[2], 0);
        // τ = ∞, causal: uniform over j ≤ i, zeros where masked.
        assertArrayEquals(new double[]{0.5, 0.5, 0}, p[1], 0);
        // v = (1, 2, 3): output row 3 = mean = 2.
        assertEquals(3, o.length);
        assertEquals(1, o[0].length);
        assertEquals(2, o[2][0], 1e-15);
        // With W_O the output is (P V) W_O.
        Map<String, Object> w = export(v.with(Map.of("WO", "1,-1", "temperature", "0", "causal", "false")));
        double[][] ow = m(w.get("output"));
        assertEquals(2, ow[0].length);
        // τ = 0, no mask: row 3 has scores (2,1,3) → argmax j = 3, v = 3 → (3, −3).
        assertArrayEquals(new double[]{3, -3}, ow[2], 1e-15);
        // Linear mode: both computations and their difference.
        Map<String, Object> lin = export(v.with(Map.of("mode", "linear", "temperature", "1")));
        assertTrue((double) lin.get("max_difference") < 1e-12);
        // Row 3: q₃·k = (2, 1, 3), sum 6.
        assertArrayEquals(new double[]{2.0 / 6, 1.0 / 6, 3.0 / 6}, m(lin.get("weights"))[2], 1e-15);
        // Tokens and seed keys parse; L1 targets give a loss.
        Map<String, Object> l1 = export(v.with(Map.of("targets", "1;1;1", "seed", "4")));
        assertEquals(0 + 0.5 + 1, (double) l1.get("loss"), 1e-12);
        assertEquals("L1", l1.get("loss_kind"));
    }

    @Test
    void badInputsNameTheParameter() {
        Values d = lab.defaults();
        assertBad("WQ", d.with("X", "1,2,3;4,5,6"), "X W_Q", "2×3", "4×2");
        assertBad("tokens", d.with("tokens", "A B Q <START> R"), "Q, R");
        assertBad("temperature", () -> d.with("temperature", "-1"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < AttentionLab.T_MAX + 1; i++) many.append("A ");
        assertBad("tokens", d.with("tokens", many.toString()), "cap of " + AttentionLab.T_MAX);
        assertBad("T", () -> d.with("T", Integer.toString(AttentionLab.T_MAX + 1)));
        assertBad("row", d.with("row", "8"), "T = 7");
        assertBad("head", d.with("head", "2"), "1 head");
        assertBad("WO", d.with("WO", "1,0;0,1;1,1"), "(P V) W_O", "7×2", "3×2");
        assertBad("loss_positions", d.with("loss_positions", "0 9"), "outside");
        assertBad("E", d.with("loss_positions", "5"), "Z Eᵀ");
        assertBad("E", d.with("E", "1,0;0,1"), "vocabulary has 6");
        assertBad("heads", d.with("heads", "3"), "3 heads");
        assertBad("X", d.with("X", "1,2;3"), "row 2");
        assertBad("targets", d.with(Map.of("X", "1,0;0,1", "WQ", "1;0", "WK", "1;0", "WV", "1;0", "row", "1", "targets", "1;2;3")), "3×1");
    }

    void assertBad(String key, Values v, String... inMessage) {
        assertBad(key, () -> lab.compute(v, Backend.PLAIN), inMessage);
    }

    static void assertBad(String key, Runnable r, String... inMessage) {
        ParamException e = assertThrows(ParamException.class, r::run);
        assertEquals(key, e.key(), e.getMessage());
        for (String s : inMessage) assertTrue(e.getMessage().contains(s), e.getMessage() + " should contain " + s);
    }

    @Test
    void hoverShowsTheFormulaWithNumbers() {
        Values v = lab.defaults().with("temperature", "1");
        AttentionResult r = lab.compute(v, Backend.PLAIN);
        String f = AttentionFigures.weightFormula(r, 2, 1);
        // Row 3 (A) sees scores (0, 9, 9): P₃₂ = exp(0)/(e^{-9} + 2) by hand.
        assertTrue(f.startsWith("P₃₂ = exp(s₃₂/τ) / Σ_{j≤3} exp(s₃ⱼ/τ)"), f);
        assertTrue(f.contains(glassbox.core.Fmt.sig(1 / (Math.exp(-9) + 2), 4)), f);
        AttentionResult r0 = lab.compute(v.with("temperature", "0"), Backend.PLAIN);
        assertTrue(AttentionFigures.weightFormula(r0, 4, 1).contains("1/#ties = 1/3"));
        // Pointing at the weights heatmap on the board gives that text and highlights the cell.
        List<Figure> figs = lab.figures(v, r);
        List<Rectangle> rects = Board.layout(figs, 1200, 800);
        Rectangle pr = rects.get(1);
        Hover found = null;
        for (int y = pr.y; y < pr.y + pr.height && found == null; y += 3) {
            for (int x = pr.x; x < pr.x + pr.width; x += 3) {
                Hover hv = Board.hover(figs, 1200, 800, Style.DEFAULT, x, y);
                if (hv != null && hv.text().startsWith("P")) {
                    found = hv;
                    break;
                }
            }
        }
        assertNotNull(found);
        assertInstanceOf(AttentionFigures.Highlight.class, found.highlight());
        assertEquals("₁₂,₃", AttentionFigures.sub(12, 3));
    }

    @Test
    void benchSweepsAreLargeEnoughAndCompute() {
        List<Values> def = lab.benchSweep("default"), large = lab.benchSweep("large");
        assertTrue(def.size() >= 100 && large.size() >= 100);
        for (Values v : def) {
            AttentionResult r = lab.compute(v, Backend.PLAIN);
            assertEquals(16, r.t());
            lab.figures(v, r);
        }
        for (Values v : large.subList(0, 3)) {
            AttentionResult r = lab.compute(v, Backend.PLAIN);
            assertEquals(1024, r.t());
            assertEquals(64, ((AttentionResult.LayerRun) r).core().output()[0].length);
            BufferedImage img = Board.render(lab.figures(v, r), 1200, 800, 1.0, Style.DEFAULT, null);
            assertTrue(distinctColours(img) > 100);
        }
    }

    @Test
    void linearModeWithTimingAndOverflowWarning() {
        Values v = lab.defaults().with(Map.of("mode", "linear", "timing", "true"));
        AttentionResult r = lab.compute(v, Backend.PLAIN);
        assertNotNull(((AttentionResult.LayerRun) r).timing());
        assertTrue(lab.figures(v, r).stream().anyMatch(f -> f.title().contains("time against T")));
        // Rows 4 and 7 (<START>, <STOP>) have q = 0: reported, not NaN.
        assertTrue(lab.readouts(v, r).stream().anyMatch(x -> x.warning() && x.value().contains("4, 7")));
        // Scores that overflow double precision are flagged.
        Values o = lab.defaults().with(Map.of("X", "1e200,0;0,1", "WQ", "1e200,0;0,1", "WK", "1e200,0;0,1", "WV", "1,0;0,1", "row", "1"));
        AttentionResult ro = lab.compute(o, Backend.PLAIN);
        assertTrue(lab.readouts(o, ro).stream().anyMatch(x -> x.warning() && x.label().equals("Overflow")));
        for (double[] row : ro.weights()) for (double x : row) assertTrue(Double.isFinite(x));
    }
}
