package glassbox.render.purifier;

import glassbox.core.Backend;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.purifier.Data;
import glassbox.core.purifier.Purifier;
import glassbox.core.purifier.PurifierResult;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.Labs;
import glassbox.render.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class PurifierLabTest {
    final PurifierLab lab = new PurifierLab();

    Values set(Map<String, String> s) {
        return Values.of(lab.params(), s);
    }

    Map<String, Object> export(Map<String, String> s) {
        Values v = set(s);
        return lab.json(v, lab.compute(v, Backend.PLAIN));
    }

    Values preset(String name) {
        for (Preset p : lab.presets()) if (p.name().equals(name)) return set(p.settings());
        throw new AssertionError("no preset " + name);
    }

    /** issue 18: the help of m states the ranges the check enforces (profiles 2 … 1024, random X 2 … 256). */
    @Test
    void theHelpOfMStatesTheRangesTheCheckEnforces() {
        String help = lab.params().stream().filter(p -> p.key().equals("m")).findFirst().orElseThrow().help();
        assertTrue(help.contains("2 … 1024"), help);
        assertTrue(help.contains("2 … 256"), help);
        assertFalse(help.contains("at most 256)"), help);
        assertEquals(1024, lab.compute(set(Map.of("input", "power-law", "m", "1024", "keep_top", "3")), Backend.PLAIN).filter().length);
        assertEquals(256, ((double[][]) export(Map.of("input", "random", "m", "256", "n", "300", "keep_top", "3")).get("W")).length);
        ParamException e = assertThrows(ParamException.class, () -> lab.compute(set(Map.of("input", "random", "m", "257", "n", "300")), Backend.PLAIN));
        assertEquals("m", e.key());
        assertTrue(e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void registered() {
        assertSame(PurifierLab.class, Labs.get("purifier").getClass());
    }

    @Test
    void everyPresetParsesComputesAndRenders() {
        assertTrue(lab.presets().size() >= 3);
        for (Preset p : lab.presets()) {
            Values v = set(p.settings());
            PurifierResult r = lab.compute(v, Backend.PLAIN);
            List<Figure> figs = lab.figures(v, r);
            assertTrue(figs.size() >= 4, p.name());
            BufferedImage img = Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, null);
            assertEquals(1200, img.getWidth());
            // Something besides the background was drawn in each quadrant.
            int[] px = Board.pixels(img);
            for (int q = 0; q < 4; q++) {
                int x0 = (q % 2) * 600, y0 = (q / 2) * 400;
                Set<Integer> colours = new HashSet<>();
                for (int y = y0; y < y0 + 400; y += 3) for (int x = x0; x < x0 + 600; x += 3) colours.add(px[y * 1200 + x]);
                assertTrue(colours.size() > 20, p.name() + " quadrant " + q);
            }
            for (Readout ro : lab.readouts(v, r)) assertFalse(ro.value().contains("NaN"), p.name() + ": " + ro);
            // Hovering over the figures never throws and finds something.
            int found = 0;
            for (int y = 20; y < 800; y += 37) for (int x = 20; x < 1200; x += 41) if (Board.hover(figs, 1200, 800, Style.DEFAULT, x, y) != null) found++;
            assertTrue(found > 5, p.name());
        }
    }

    @Test
    void eightSigmasPresetIntervalIsOneToFour() {
        Values v = preset("eight-sigmas");
        PurifierResult r = lab.compute(v, Backend.PLAIN);
        // By hand: σ_4² (1 − 0.5)/0.5 = 1·1 = 1, σ_3² (1 − 0.8)/0.8 = 16·0.25 = 4.
        assertEquals(1.0, r.interval().lo(), 1e-12);
        assertEquals(4.0, r.interval().hi(), 1e-12);
        Map<String, Object> j = lab.json(v, r);
        assertArrayEquals(new double[]{1, 4}, (double[]) j.get("lambda_interval"), 1e-12);
        assertFalse(j.containsKey("W"), "no W without X");
    }

    @Test
    void twoEncodersPresetByHand() {
        Values v = preset("two-encoders");
        Map<String, Object> j = lab.json(v, lab.compute(v, Backend.PLAIN));
        double lambda = (Double) j.get("lambda");
        @SuppressWarnings("unchecked") List<Map<String, Object>> cs = (List<Map<String, Object>>) j.get("candidates");
        assertEquals("alpha", cs.get(0).get("name"));
        assertEquals("beta", cs.get(1).get("name"));
        double row2 = 0.02 * 0.02 + 0.01 * 0.01 + 0.01 * 0.01 + 0.02 * 0.02;
        assertEquals(0, (Double) cs.get(0).get("reconstruction"), 1e-12);
        assertEquals(2, (Double) cs.get(0).get("regularization"), 1e-12);
        assertEquals(2 * lambda, (Double) cs.get(0).get("total"), 1e-12);
        assertEquals(row2, (Double) cs.get(1).get("reconstruction"), 1e-12);
        assertEquals(1, (Double) cs.get(1).get("regularization"), 1e-12);
        assertEquals(row2 + lambda, (Double) cs.get(1).get("total"), 1e-12);
        assertEquals(row2, (Double) j.get("crossover_lambda"), 1e-12);
        double[][] w = (double[][]) j.get("W");
        assertEquals(2, w.length);
        assertEquals(2, w[0].length);
    }

    @Test
    void cliContractKeysAndShapes() {
        Map<String, Object> j = export(Map.of("sigmas", "1,10,4,8", "lambda", "2", "keep_top", "2", "keep_min", "0.8", "atten_max", "0.5", "seed", "3"));
        for (String k : List.of("lab", "parameters", "sigmas", "filter", "lambda", "lambda_interval", "candidates", "crossover_lambda")) assertTrue(j.containsKey(k), k);
        assertArrayEquals(new double[]{10, 8, 4, 1}, (double[]) j.get("sigmas"));
        double[] f = (double[]) j.get("filter");
        assertEquals(100.0 / 102, f[0], 1e-12);
        assertEquals(1.0 / 3, f[3], 1e-12);
        // keep σ_2 = 8 at ≥ 0.8: λ ≤ 64/4 = 16; attenuate σ_3 = 4 to ≤ 0.5: λ ≥ 16 → the single point [16, 16].
        assertArrayEquals(new double[]{16, 16}, (double[]) j.get("lambda_interval"), 1e-12);
        // No λ: σ_3/σ_4 too close.
        Map<String, Object> none = export(Map.of("sigmas", "4,3.9,1", "keep_top", "1", "keep_min", "0.9", "atten_max", "0.1"));
        assertTrue(none.containsKey("lambda_interval"));
        assertNull(none.get("lambda_interval"));
        assertTrue(((String) none.get("lambda_interval_reason")).contains("σ_1"));
        // X given: W is m×m and equals X Xᵀ (X Xᵀ + λI)⁻¹ (closed form for this diagonal Gram: rows orthogonal).
        Map<String, Object> x = export(Map.of("X", "3,0,0;0,3,4", "lambda", "5", "keep_top", "1"));
        double[][] w = (double[][]) x.get("W");
        assertEquals(25.0 / 30, w[1][1], 1e-12);
        assertEquals(9.0 / 14, w[0][0], 1e-12);
        assertEquals(0, w[0][1], 1e-12);
        assertEquals("X", x.get("input"));
        @SuppressWarnings("unchecked") List<Map<String, Object>> cs = (List<Map<String, Object>>) x.get("candidates");
        assertEquals(Set.of("name", "W", "reconstruction", "regularization", "total"), cs.get(0).keySet());
    }

    @Test
    void badInputsNameTheKey() {
        Object[][] cases = {
                {Map.of("sigmas", "1,-2,3"), "sigmas"},
                {Map.of("sigmas", "1,inf,3"), "sigmas"},
                {Map.of("sigmas", "4,3,2", "keep_top", "3"), "keep_top"},
                {Map.of("keep_min", "0"), "keep_min"},
                {Map.of("keep_min", "1"), "keep_min"},
                {Map.of("atten_max", "1.5"), "atten_max"},
                {Map.of("lambda", "0"), "lambda"},
                {Map.of("lambda", "-1"), "lambda"},
                {Map.of("X", "1,2;3,4;5,6"), "X"},
                {Map.of("X", "1,2;3"), "X"},
                {Map.of("input", "X"), "X"},
                {Map.of("input", "csv"), "csv"},
                {Map.of("candidates", "a=1,2;3,4"), "candidates"},
                {Map.of("input", "random", "m", "5", "n", "3"), "n"},
                {Map.of("input", "random", "m", "300"), "m"},
                {Map.of("input", "low-rank+noise", "m", "4", "rank", "4"), "rank"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked") Map<String, String> s = (Map<String, String>) c[0];
            ParamException e = assertThrows(ParamException.class, () -> lab.compute(set(s), Backend.PLAIN), s.toString());
            assertEquals(c[1], e.key(), s + ": " + e.getMessage());
        }
    }

    @Test
    void csvInputAndItsErrors(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("points.csv");
        Files.writeString(ok, "x,y\n1,0.1\n-1,-0.1\n2,0.3\n");
        Map<String, Object> j = export(Map.of("csv", ok.toString(), "keep_top", "1"));
        assertEquals("csv", j.get("input"));
        assertEquals(3, j.get("n"));
        assertEquals(2, ((double[][]) j.get("W")).length);
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "1,2\n3,4\n5\n");
        ParamException e = assertThrows(ParamException.class, () -> lab.compute(set(Map.of("csv", ragged.toString())), Backend.PLAIN));
        assertEquals("csv", e.key());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "1,2\n3,four\n5,6\n");
        e = assertThrows(ParamException.class, () -> lab.compute(set(Map.of("csv", text.toString())), Backend.PLAIN));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("four"), e.getMessage());
        Path few = dir.resolve("few.csv");
        Files.writeString(few, "1,2,3\n4,5,6\n");
        e = assertThrows(ParamException.class, () -> lab.compute(set(Map.of("csv", few.toString())), Backend.PLAIN));
        assertTrue(e.getMessage().contains("fewer points than dimensions"), e.getMessage());
    }

    @Test
    void lambdaNeverRecomputesTheSvd() {
        Values v = set(Map.of("input", "random", "m", "6", "n", "30", "seed", "4"));
        Data first = lab.compute(v, Backend.PLAIN).data();
        for (String l : List.of("0.001", "1", "1000")) {
            Values w = v.with(Map.of("lambda", l, "keep_top", "2", "keep_min", "0.7", "candidates", "id=I"));
            assertSame(first, lab.compute(w, Backend.PLAIN).data(), "same cached SVD for λ = " + l);
        }
        assertNotSame(first, lab.compute(v.with("seed", "5"), Backend.PLAIN).data(), "a data change recomputes");
    }

    @Test
    void benchSweepsComputeAndKeepTheirSizes() {
        List<Values> d = lab.benchSweep("default");
        List<Values> l = lab.benchSweep("large");
        assertTrue(d.size() >= 100 && l.size() >= 100);
        PurifierResult rd = lab.compute(d.get(7), Backend.PLAIN);
        assertEquals(8, rd.data().m());
        PurifierResult rl = lab.compute(l.get(0), Backend.PLAIN);
        assertEquals(256, rl.data().m());
        assertEquals(1024, rl.data().n());
        assertEquals(256, rl.w().length);
        PurifierResult rl2 = lab.compute(l.get(50), Backend.PLAIN);
        assertSame(rl.data(), rl2.data(), "the sweep moves only λ");
        assertNotNull(Board.render(lab.figures(l.get(50), rl2), 1200, 800, 1.0, Style.DEFAULT, null));
    }
}
