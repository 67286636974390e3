package glassbox.render.ssm;

import glassbox.core.Backend;
import glassbox.core.Json;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.ssm.SsmResult;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Labs;
import glassbox.render.Style;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SsmLabTest {
    final SsmLab lab = new SsmLab();

    SsmResult run(Map<String, String> settings) {
        return lab.compute(Values.of(lab.params(), settings), Backend.PLAIN);
    }

    JsonNode json(Map<String, String> settings) throws Exception {
        Values v = Values.of(lab.params(), settings);
        return Json.mapper().readTree(Json.toString(lab.json(v, lab.compute(v, Backend.PLAIN))));
    }

    Values preset(String name) {
        Preset p = lab.presets().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return Values.of(lab.params(), p.settings());
    }

    @Test
    void registeredInLabs() {
        assertSame(SsmLab.class, Labs.get("ssm").getClass());
    }

    @Test
    void scalarPresetGivesTheHandComputedKernel() {
        Values v = preset("scalar");
        SsmResult r = lab.compute(v, Backend.PLAIN);
        // K = (D, CB, CAB, CA²B, CA³B) with A = 0.8, B = 1, C = 1.5, D = 0.
        double[] exp = {0, 1.5, 1.5 * 0.8, 1.5 * 0.8 * 0.8, 1.5 * 0.8 * 0.8 * 0.8};
        assertArrayEquals(exp, r.kernel(), 1e-15);
        // Impulse input: both outputs are the kernel.
        assertArrayEquals(exp, r.yRecurrent(), 1e-15);
        assertArrayEquals(exp, r.yConvolution(), 1e-15);
        assertEquals(1, r.eigenvalues()[0].length);
        assertEquals(0.8, r.eigenvalues()[0][0], 1e-15);
        assertEquals("K₃ = C A² B = 1.5 · 0.8² · 1 = 0.96", SsmLab.tapText(r, 3));
        assertEquals("K₀ = D = 0", SsmLab.tapText(r, 0));
    }

    @Test
    void twoDPresetGivesTheHandComputedKernel() {
        SsmResult r = lab.compute(preset("two-d"), Backend.PLAIN);
        // K₁ = CB = 1; K₂ = CAB = A₁₁ = 0.7; K₃ = CA²B = (A²)₁₁ = 0.7·0.7 + 0.1·0.2 = 0.51.
        assertArrayEquals(new double[]{0, 1, 0.7, 0.51}, r.kernel(), 1e-15);
        // Eigenvalues of [[0.7, 0.1], [0.2, 0.6]]: 0.65 ± sqrt(0.05² + 0.02) = 0.65 ± 0.15 → 0.8 and 0.5.
        assertEquals(0.8, r.eigenvalues()[0][0], 1e-14);
        assertEquals(0.5, r.eigenvalues()[0][1], 1e-14);
        assertEquals(0.8, r.spectralRadius(), 1e-14);
    }

    @Test
    void everyPresetParsesComputesAndRenders() {
        List<Preset> ps = lab.presets();
        assertTrue(ps.size() >= 5);
        for (String name : List.of("scalar", "two-d", "diagonal", "identity-plus-rank-one", "unstable")) {
            assertTrue(ps.stream().anyMatch(p -> p.name().equals(name)), name);
        }
        for (Preset p : ps) {
            assertTrue(p.name().matches("[a-z0-9]+(-[a-z0-9]+)*"), p.name());
            Values v = Values.of(lab.params(), p.settings());
            SsmResult r = lab.compute(v, Backend.PLAIN);
            // The chosen method agrees with the definition wherever both are finite.
            assertTrue(r.runs().get(r.method()).diff().maxRel() < 1e-9, p.name());
            assertEquals(0, r.runs().get(r.method()).diff().mismatched(), p.name());
            List<Figure> figs = lab.figures(v, r);
            assertEquals(v.b("depth") ? 5 : 4, figs.size(), "kernel, eigenvalues, input, outputs (and the critical path)");
            BufferedImage img = Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, null);
            assertEquals(1200, img.getWidth());
            int[] px = Board.pixels(img);
            long nonWhite = 0;
            for (int c : px) if ((c & 0xffffff) != 0xffffff) nonWhite++;
            assertTrue(nonWhite > 10_000, p.name() + " draws something");
            assertFalse(lab.readouts(v, r).isEmpty());
        }
    }

    @Test
    void presetsUseTheirFastMethods() {
        assertEquals("diagonal", lab.compute(preset("diagonal"), Backend.PLAIN).method().id());
        SsmResult d = lab.compute(preset("identity-plus-rank-one"), Backend.PLAIN);
        assertEquals("dplr", d.method().id());
        assertEquals(1.06, d.spectralRadius(), 1e-12, "ρ(I + p pᵀ) = 1 + ‖p‖²");
        SsmResult u = lab.compute(preset("unstable"), Backend.PLAIN);
        assertTrue(u.spectralRadius() > 1);
        assertTrue(lab.readouts(preset("unstable"), u).stream().anyMatch(x -> x.warning() && x.label().contains("Spectral")));
        assertTrue(lab.readouts(preset("unstable"), u).stream().anyMatch(x -> x.warning() && x.label().contains("overflow")));
    }

    /**
     * issue 18: the I + p pᵀ preset must show the growth (1 + v)^l, and its orthogonal twin must show none.
     * Against the closed form written out by hand: with B = 10p, C = 10pᵀ, K_l = 100 v (1 + v)^(l−1) = 6·1.06^(l−1);
     * with pᵀB = 0, A^l B = B, so K_l = C B = 1.
     */
    @Test
    void identityPlusRankOnePresetsShowGrowthAndItsAbsence() {
        double[] k = lab.compute(preset("identity-plus-rank-one"), Backend.PLAIN).kernel();
        assertEquals(65, k.length);
        assertEquals(0, k[0]);
        for (int l = 1; l <= 64; l++) assertEquals(6 * Math.pow(1.06, l - 1), k[l], 1e-9 * k[l], "K_" + l);
        double[] flat = lab.compute(preset("identity-plus-rank-one-orthogonal"), Backend.PLAIN).kernel();
        for (int l = 1; l <= 64; l++) assertEquals(1, flat[l], 1e-12, "K_" + l + " with B ⊥ p");
        assertEquals(1.06, lab.compute(preset("identity-plus-rank-one-orthogonal"), Backend.PLAIN).spectralRadius(), 1e-12);
    }

    @Test
    void cliContractKeysAndShapes() throws Exception {
        JsonNode j = json(Map.of("A", "0.5,0.2;0.1,0.4", "B", "1;2", "C", "1,-1", "D", "0.5", "L", "10",
                "method", "doubling", "input", "noise", "seed", "7"));
        for (String k : List.of("kernel", "u", "y_recurrent", "y_convolution", "eigenvalues", "method", "lab", "parameters")) {
            assertTrue(j.has(k), k);
        }
        assertEquals("doubling", j.get("method").asText());
        assertEquals(11, j.get("kernel").size());
        assertEquals(11, j.get("u").size());
        assertEquals(11, j.get("y_recurrent").size());
        assertEquals(11, j.get("y_convolution").size());
        assertEquals(2, j.get("eigenvalues").size());
        assertEquals(2, j.get("eigenvalues").get(0).size());
        assertEquals(0.5, j.get("kernel").get(0).asDouble());
        assertEquals(1 * 1 + (-1) * 2, j.get("kernel").get(1).asDouble(), 1e-15, "K₁ = CB");
        for (int k = 0; k <= 10; k++) {
            assertEquals(j.get("y_recurrent").get(k).asDouble(), j.get("y_convolution").get(k).asDouble(), 1e-12);
        }
        // Seeded noise is reproducible, and differs for another seed.
        assertEquals(j.get("u"), json(Map.of("input", "noise", "seed", "7", "L", "10")).get("u"));
        assertNotEquals(j.get("u"), json(Map.of("input", "noise", "seed", "8", "L", "10")).get("u"));
    }

    @Test
    void dplrRecoversPFromIdentityPlusPptOrTakesP() throws Exception {
        // A = I + p pᵀ with p = (0.5, 1): [[1.25, 0.5], [0.5, 2]].
        JsonNode j = json(Map.of("A", "1.25,0.5;0.5,2", "method", "dplr", "L", "6"));
        assertEquals("dplr", j.get("method").asText());
        assertEquals(0.25, j.get("p").get(0).asDouble() * j.get("p").get(0).asDouble(), 1e-15);
        JsonNode g = json(Map.of("p", "0.5,1", "method", "dplr", "L", "6"));
        assertEquals(j.get("kernel").toString(), g.get("kernel").toString().replace("\n", ""), "same A, same kernel");
        assertEquals(1.25, g.get("A").get(0).get(0).asDouble(), 1e-15);
        ParamException e = assertThrows(ParamException.class, () -> run(Map.of("A", "0.7,0.1;0.2,0.6", "method", "dplr")));
        assertEquals("method", e.key());
        assertTrue(e.getMessage().contains("I + p pᵀ"), e.getMessage());
        ParamException e2 = assertThrows(ParamException.class, () -> run(Map.of("A", "0.5,0.1;0.2,0.6", "p", "1,2", "method", "dplr")));
        assertEquals("p", e2.key());
        assertTrue(e2.getMessage().contains("disagree"), e2.getMessage());
    }

    @Test
    void diagonalRefusesNonDiagonalA() {
        ParamException e = assertThrows(ParamException.class, () -> run(Map.of("A", "0.7,0.1;0.2,0.6", "method", "diagonal")));
        assertEquals("method", e.key());
        assertTrue(e.getMessage().contains("diagonal A"), e.getMessage());
        // A typed diagonal, and a conjugate-pair block, are accepted.
        assertEquals("diagonal", run(Map.of("A", "0.7,0;0,0.6", "method", "diagonal")).method().id());
        assertEquals("diagonal", run(Map.of("A", "0.7,-0.2;0.2,0.7", "method", "diagonal")).method().id());
    }

    @Test
    void badInputsNameTheirKey() {
        Map<Map<String, String>, String> bad = new HashMap<>();
        bad.put(Map.of("B", "1,0"), "B");
        bad.put(Map.of("B", "1;0;0"), "B");
        bad.put(Map.of("C", "1;0"), "C");
        bad.put(Map.of("C", "1,0,0"), "C");
        bad.put(Map.of("D", "1,2"), "D");
        bad.put(Map.of("A", "1,2,3;4,5,6"), "A");
        bad.put(Map.of("A", "1,nan;0,1"), "A");
        bad.put(Map.of("A", "1,inf;0,1"), "A");
        bad.put(Map.of("L", "0"), "L");
        bad.put(Map.of("L", String.valueOf(SsmLab.MAX_L + 1)), "L");
        bad.put(Map.of("L", "abc"), "L");
        bad.put(Map.of("method", "magic"), "method");
        bad.put(Map.of("input", "chirp"), "input");
        bad.put(Map.of("input", "drawn", "u", "0,1,x"), "u");
        bad.put(Map.of("input", "drawn", "u", "0,Infinity"), "u");
        bad.put(Map.of("structure", "random", "n", "64", "L", "1000000"), "L");
        bad.put(Map.of("structure", "dplr"), "p");
        bad.put(Map.of("structure", "dplr", "p", "1,2", "q", "1"), "q");
        bad.put(Map.of("p", "1,x"), "p");
        bad.put(Map.of("conv", "direct", "L", "30000"), "conv");
        bad.put(Map.of("structure", "diagonal", "eig", "0.5,0.1;0.3,0"), "B");
        for (Map.Entry<Map<String, String>, String> e : bad.entrySet()) {
            ParamException ex = assertThrows(ParamException.class, () -> run(e.getKey()), e.getKey().toString());
            assertEquals(e.getValue(), ex.key(), e.getKey() + " → " + ex.getMessage());
            assertFalse(ex.getMessage().isBlank());
        }
        ParamException l = assertThrows(ParamException.class, () -> run(Map.of("L", "0")));
        assertTrue(l.getMessage().contains("1 to " + SsmLab.MAX_L), l.getMessage());
        ParamException b = assertThrows(ParamException.class, () -> run(Map.of("B", "1,0")));
        assertTrue(b.getMessage().contains("2×1"), b.getMessage());
    }

    @Test
    void unstableOverflowIsShownAsInfinityNeverNaN() throws Exception {
        Map<String, String> s = Map.of("A", "1.2,0.5;-0.5,1.2", "L", "3000", "input", "step", "method", "doubling");
        JsonNode j = json(s);
        String text = j.toString();
        assertFalse(text.contains("NaN"), "no NaN in the export");
        assertTrue(text.contains("Infinity") || text.contains("overflow"));
        assertTrue(j.get("kernel_overflow_from").asInt() > 2000);
        // Figures: hover on the kernel's last tap says overflow.
        Values v = Values.of(lab.params(), s);
        SsmResult r = lab.compute(v, Backend.PLAIN);
        assertTrue(SsmLab.tapText(r, 3000).contains("∞"), SsmLab.tapText(r, 3000));
        assertFalse(SsmLab.tapText(r, 3000).contains("NaN"));
        for (Figure f : lab.figures(v, r)) assertFalse(f.title().contains("NaN"));
        BufferedImage img = Board.render(lab.figures(v, r), 1200, 800, 1.0, Style.DEFAULT, null);
        assertNotNull(img);
    }

    @Test
    void kernelHoverShowsTheTapFormula() {
        Values v = preset("scalar");
        SsmResult r = lab.compute(v, Backend.PLAIN);
        List<Figure> figs = lab.figures(v, r);
        List<java.awt.Rectangle> rects = Board.layout(figs, 1200, 800);
        java.awt.Rectangle k = rects.get(0);
        Hover found = null;
        // Sweep across the kernel plot's middle height until a tap is hit.
        for (int x = k.x; x < k.x + k.width && found == null; x += 2) {
            for (int y = k.y + k.height / 4; y < k.y + 3 * k.height / 4 && found == null; y += 20) {
                Hover h = figs.get(0).hover(k, Style.DEFAULT, x, y);
                if (h != null) found = h;
            }
        }
        assertNotNull(found);
        assertTrue(found.text().startsWith("K"), found.text());
        assertTrue(found.text().contains(" = C ") || found.text().startsWith("K₀ = D"), found.text());
    }

    @Test
    void logScaleAndTimingFigures() {
        Values v = Values.of(lab.params(), Map.of("scale", "log", "timing", "true", "L", "100"));
        SsmResult r = lab.compute(v, Backend.PLAIN);
        assertNotNull(r.timing());
        assertTrue(r.timing().maxDiffDense() < 1e-8, "recurrent and kernel+conv agree (dense)");
        assertTrue(r.timing().maxDiffDiagonal() < 1e-8, "recurrent and depthwise conv agree (diagonal)");
        for (double[] row : r.timing().msVsT()) for (double ms : row) assertTrue(ms >= 0);
        List<Figure> figs = lab.figures(v, r);
        assertEquals(6, figs.size());
        assertNotNull(Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, null));
        assertNull(lab.compute(lab.defaults(), Backend.PLAIN).timing(), "off by default");
        // A slider move with timing on keeps the measurement (it depends only on the backend and the seed).
        SsmResult moved = lab.compute(Values.of(lab.params(), Map.of("scale", "log", "timing", "true", "L", "120")), Backend.PLAIN);
        assertSame(r.timing(), moved.timing());
    }

    @Test
    void structuresBuildWhatTheySay() {
        SsmResult rnd = run(Map.of("structure", "random", "n", "12", "radius", "0.7", "L", "50"));
        assertEquals(12, rnd.system().n());
        assertEquals(0.7, rnd.spectralRadius(), 1e-10);
        SsmResult comp = run(Map.of("structure", "companion", "poly", "-1.6,0.89", "L", "20"));
        // Roots of z² − 1.6z + 0.89: 0.8 ± 0.5i.
        assertEquals(0.8, comp.eigenvalues()[0][0], 1e-12);
        assertEquals(0.5, Math.abs(comp.eigenvalues()[1][0]), 1e-12);
        SsmResult dg = run(Map.of("structure", "diagonal", "eig", "0.8,0.5", "method", "diagonal", "L", "30"));
        assertEquals(0.8, dg.eigenvalues()[0][0], 1e-12);
        assertEquals(0.5, Math.abs(dg.eigenvalues()[1][0]), 1e-12);
        SsmResult lr = run(Map.of("structure", "dplr", "lambda", "0.5,0.5", "p", "0.1,0.2", "q", "0.3,-0.1", "method", "dplr", "L", "30"));
        assertTrue(lr.runs().get(lr.method()).diff().maxAbs() < 1e-14);
        SsmResult lr2 = run(Map.of("structure", "dplr", "lambda", "0.5,0.6", "p", "0.1,0.2", "L", "30"));
        assertFalse(lr2.runs().get(glassbox.core.ssm.SsmSpec.Method.DPLR).available(), "no closed form for a non-constant Λ");
    }

    @Test
    void fftAndDirectAgreeOnLongInputs() {
        SsmResult f = run(Map.of("structure", "random", "n", "8", "L", "3000", "input", "noise", "conv", "fft"));
        SsmResult d = run(Map.of("structure", "random", "n", "8", "L", "3000", "input", "noise", "conv", "direct"));
        assertTrue(f.fft());
        assertFalse(d.fft());
        assertTrue(f.yDiff().maxRel() < 1e-10, "FFT vs recurrence");
        assertTrue(d.yDiff().maxRel() < 1e-10, "direct vs recurrence");
    }

    @Test
    void benchSweepsAreLongAndCompute() {
        for (String size : List.of("default", "large")) {
            List<Values> sweep = lab.benchSweep(size);
            assertTrue(sweep.size() >= 100);
            for (int i = 0; i < sweep.size(); i += 23) {
                SsmResult r = lab.compute(sweep.get(i), Backend.PLAIN);
                assertEquals(size.equals("large") ? 16384 : r.len(), r.len());
                if (size.equals("large")) {
                    assertEquals(64, r.system().n());
                    assertTrue(r.fft());
                    assertEquals("doubling", r.method().id());
                }
            }
        }
        assertEquals(2, lab.compute(lab.benchSweep("default").get(0), Backend.PLAIN).system().n());
        assertEquals(64, lab.compute(lab.benchSweep("default").get(0), Backend.PLAIN).len());
    }
}
