package glassbox.render.ridge;

import glassbox.core.Backend;
import glassbox.core.Json;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.ridge.RidgeResult;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Hover;
import glassbox.render.Labs;
import glassbox.render.Style;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RidgeAttentionLabTest {
    private final RidgeAttentionLab lab = new RidgeAttentionLab();

    private Values values(Map<String, String> settings) {
        return Values.of(lab.params(), settings);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void registeredUnderItsId() {
        assertSame(RidgeAttentionLab.class, Labs.get("ridge-attention").getClass());
    }

    @Test
    void everyPresetParsesAndComputes() {
        List<Preset> presets = lab.presets();
        assertTrue(presets.stream().anyMatch(p -> p.name().equals("small-negative")));
        assertTrue(presets.stream().anyMatch(p -> p.name().equals("long-causal")));
        for (Preset p : presets) {
            Values v = values(p.settings());
            RidgeResult r = lab.compute(v, Backend.PLAIN);
            assertFalse(r.nonFinite(), p.name());
            assertTrue(r.maxDifference() < 1e-9, p.name() + " " + r.maxDifference());
            assertFalse(lab.readouts(v, r).isEmpty());
            assertFalse(lab.figures(v, r).isEmpty());
        }
    }

    @Test
    void smallNegativePresetHasVisiblyNegativeWeights() {
        Preset p = lab.presets().stream().filter(x -> x.name().equals("small-negative")).findFirst().orElseThrow();
        Values v = values(p.settings());
        RidgeResult r = lab.compute(v, Backend.PLAIN);
        assertEquals(6, r.n());
        assertEquals(2, r.d());
        double min = 0, max = 0;
        for (double[] row : r.weights()) for (double w : row) { min = Math.min(min, w); max = Math.max(max, w); }
        // "Visibly": the most negative weight is at least a quarter of the largest positive one.
        assertTrue(min < -0.25 * max, "min " + min + " max " + max);
        // Query 1 = (1, 0.2), λ = 0.1, computed by hand with the 2×2 inverse: A = λI + KᵀK.
        double[][] k = r.inputs().K();
        double a = 0.1, b = 0, c = 0.1;
        for (double[] key : k) { a += key[0] * key[0]; b += key[0] * key[1]; c += key[1] * key[1]; }
        double det = a * c - b * b;
        double[] z = {(c * 1 - b * 0.2) / det, (-b * 1 + a * 0.2) / det};
        for (int j = 0; j < 6; j++) assertEquals(dot(k[j], z), r.weights()[0][j], 1e-12);
        assertTrue(r.weights()[0][4] < -0.3, "the key opposite q1 gets a negative weight");
        for (double[] row : r.softmax()) for (double s : row) assertTrue(s > 0);
    }

    @Test
    void commandLineContract() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("K", "1,0;0,1;1,1;2,-1");
        set.put("V", "1;2;3;4");
        set.put("Q", "1,0;0,1;1,1;0.5,0.5");
        set.put("lambda", "0.5");
        set.put("causal", "true");
        set.put("method", "solve");
        Values v = values(set);
        RidgeResult r = lab.compute(v, Backend.PLAIN);
        Map<String, Object> json = lab.json(v, r);
        String text = Json.toString(json);
        for (String key : List.of("lab", "parameters", "weights", "output", "softmax_weights", "max_difference", "K", "V", "Q")) {
            assertTrue(json.containsKey(key), key);
        }
        assertTrue(text.contains("\"lab\" : \"ridge-attention\""));
        double[][] w = (double[][]) json.get("weights");
        double[][] out = (double[][]) json.get("output");
        double[][] sm = (double[][]) json.get("softmax_weights");
        assertEquals(4, w.length);
        assertEquals(4, w[0].length);
        assertEquals(4, out.length);
        assertEquals(1, out[0].length);
        assertEquals(4, sm.length);
        for (int t = 0; t < 4; t++) {
            for (int j = t + 1; j < 4; j++) {
                assertEquals(0.0, w[t][j], 0.0, "zeros beyond t when causal");
                assertEquals(0.0, sm[t][j], 0.0);
            }
        }
        // Position 1 sees only k1 = (1,0): w = k1ᵀq1/(λ + |k1|²) = 1/1.5, output = w·v1.
        assertEquals(1 / 1.5, w[0][0], 1e-14);
        assertEquals(1 / 1.5, out[0][0], 1e-14);
        assertTrue((Double) json.get("max_difference") < 1e-12);
        assertEquals("solve", json.get("method"));
        // Generated inputs with n, d, seed.
        Values g = values(Map.of("n", "7", "d", "3", "seed", "5", "lambda", "2"));
        Map<String, Object> gj = lab.json(g, lab.compute(g, Backend.PLAIN));
        assertEquals(7, ((double[][]) gj.get("K")).length);
        assertEquals(3, ((double[][]) gj.get("Q"))[0].length);
        assertEquals(7, ((double[][]) gj.get("weights"))[6].length);
        assertEquals(3, ((double[][]) gj.get("output"))[0].length);
        assertEquals(2.0, gj.get("lambda"));
    }

    @Test
    void exportChecksEveryPositionEvenWhenTheWindowSamples() {
        Values v = values(Map.of("n", "600", "d", "48", "causal", "true", "lambda", "0.3"));
        RidgeResult r = lab.compute(v, Backend.PLAIN);
        assertTrue(r.sampled());
        Map<String, Object> json = lab.json(v, r);
        double full = (Double) json.get("max_difference");
        assertTrue(full >= r.maxDifference() && full < 1e-9, full + " vs " + r.maxDifference());
    }

    @Test
    void badInputIsAParamExceptionNamingTheKey() {
        ParamException e = assertThrows(ParamException.class, () -> values(Map.of("lambda", "0")));
        assertEquals("lambda", e.key());
        assertTrue(e.getMessage().contains("invertible") && e.getMessage().contains("rank-deficient"), e.getMessage());
        assertEquals("lambda", assertThrows(ParamException.class, () -> values(Map.of("lambda", "-1"))).key());
        assertEquals("lambda", assertThrows(ParamException.class, () -> values(Map.of("lambda", "nan"))).key());
        assertEquals("n", assertThrows(ParamException.class, () -> values(Map.of("n", "5000"))).key());
        assertTrue(assertThrows(ParamException.class, () -> values(Map.of("n", "5000"))).getMessage().contains("2048"));
        assertEquals("method", assertThrows(ParamException.class, () -> values(Map.of("method", "qr"))).key());
        assertEquals("causal", assertThrows(ParamException.class, () -> values(Map.of("causal", "maybe"))).key());
        assertEquals("V", assertThrows(ParamException.class,
                () -> lab.compute(values(Map.of("K", "1,0;0,1", "V", "1;2;3")), Backend.PLAIN)).key());
        assertEquals("Q", assertThrows(ParamException.class,
                () -> lab.compute(values(Map.of("K", "1,0;0,1", "Q", "1;2")), Backend.PLAIN)).key());
        assertEquals("K", assertThrows(ParamException.class,
                () -> lab.compute(values(Map.of("K", "1,Infinity")), Backend.PLAIN)).key());
        assertEquals("K", assertThrows(ParamException.class,
                () -> lab.compute(values(Map.of("K", "1,x")), Backend.PLAIN)).key());
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 2049; i++) big.append(i > 0 ? ";" : "").append("1");
        ParamException cap = assertThrows(ParamException.class, () -> lab.compute(values(Map.of("K", big.toString())), Backend.PLAIN));
        assertEquals("K", cap.key());
        assertTrue(cap.getMessage().contains("2048"));
    }

    @Test
    void benchSweepsHaveAtLeast100StepsAndCompute() {
        for (String size : List.of("default", "large")) {
            List<Values> sweep = lab.benchSweep(size);
            assertTrue(sweep.size() >= 100, size);
            Values first = sweep.get(0);
            if (size.equals("large")) {
                assertEquals(1024, first.i("n"));
                assertEquals(64, first.i("d"));
                assertTrue(first.b("causal"));
            } else {
                assertEquals(16, first.i("n"));
                assertEquals(4, first.i("d"));
            }
            for (Values v : List.of(sweep.get(0), sweep.get(sweep.size() / 2), sweep.get(sweep.size() - 1))) {
                RidgeResult r = lab.compute(v, Backend.PLAIN);
                assertFalse(r.nonFinite());
                assertNotNull(lab.figures(v, r));
            }
        }
    }

    @Test
    void boardRendersHeadlessWithSignedHeatmapsAndMaskedCells() {
        Values v = values(Map.of("n", "8", "d", "3", "causal", "true", "lambda", "0.2"));
        RidgeResult r = lab.compute(v, Backend.PLAIN);
        List<Figure> figs = lab.figures(v, r);
        assertEquals(4, figs.size());
        BufferedImage img = Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, null);
        assertEquals(1200, img.getWidth());
        assertEquals(800, img.getHeight());
        int distinct = (int) java.util.stream.IntStream.range(0, 200).map(i -> img.getRGB(i * 6, 200 + i)).distinct().count();
        assertTrue(distinct > 3, "the board is not blank");
        HeatmapFigure w = (HeatmapFigure) figs.get(0);
        assertEquals(-w.hi(), w.lo(), 0.0, "diverging scale centred on zero");
        assertEquals(Style.DEFAULT.masked().getRGB(), w.colour(0, 5, Style.DEFAULT), "beyond t is masked, not zero");
        // The hover on a cell shows the weight as an inner product with numbers.
        Rectangle area = Board.layout(figs, 1200, 800).get(0);
        Hover h = null;
        for (int y = area.y + area.height / 2; y < area.y + area.height && h == null; y += 5) {
            for (int x = area.x + 40; x < area.x + area.width / 2 && h == null; x += 5) {
                Hover c = figs.get(0).hover(area, Style.DEFAULT, x, y);
                if (c != null && c.text().startsWith("w[")) h = c;
            }
        }
        assertNotNull(h);
        assertTrue(h.text().contains("⟨") && h.text().contains("λ = 0.2"), h.text());
        assertInstanceOf(RidgeFigures.Pointed.class, h.highlight());
        // With timing on, a fifth figure.
        Values t = v.with("timing", "true");
        RidgeResult rt = lab.compute(t, Backend.PLAIN);
        assertNotNull(rt.timing());
        assertEquals(5, lab.figures(t, rt).size());
        assertTrue(rt.timing().n()[rt.timing().n().length - 1] == 8);
    }

    @Test
    void hoverTextNumbersAreTheInnerProduct() {
        Values v = values(Map.of("n", "5", "d", "2", "lambda", "0.7"));
        RidgeResult r = lab.compute(v, Backend.PLAIN);
        String s = RidgeFigures.hoverWeight(r, 2, 3);
        assertTrue(s.startsWith("w[q3, k4] = ⟨q₃, (λI + KᵀK)⁻¹ k₄⟩"), s);
        assertTrue(s.contains(glassbox.core.Fmt.sig(r.weights()[2][3], 5)), s);
    }

    @Test
    void largeMatricesAreShownAsBlocksOfTheirLargestMagnitude() {
        java.util.Random rnd = new java.util.Random(3);
        int n = 600;
        double[][] w = new double[n][n];
        for (int t = 0; t < n; t++) for (int j = 0; j <= t; j++) w[t][j] = rnd.nextGaussian();
        RidgeFigures.Shown sh = RidgeFigures.shown(w, true);
        int b = sh.block();
        assertEquals(3, b);
        assertEquals(200, sh.data().length);
        for (int r = 0; r < 200; r += 7) {
            for (int c = 0; c < 200; c += 5) {
                double best = 0;
                boolean any = false;
                for (int t = r * b; t < r * b + b; t++) {
                    for (int j = c * b; j < c * b + b && j <= t; j++) {
                        if (!any || Math.abs(w[t][j]) > Math.abs(best)) best = w[t][j];
                        any = true;
                    }
                }
                assertEquals(!any, sh.mask()[r][c], "masked only when no entry of the block is visible");
                if (any) {
                    assertEquals(best, sh.data()[r][c], 0.0);
                    assertEquals(best, w[sh.argT()[r][c]][sh.argJ()[r][c]], 0.0);
                }
            }
        }
        // A NaN (a breakdown) wins its block over any finite value, wherever it sits in the block.
        w[301][100] = Double.NaN;
        w[302][101] = 1e300;
        RidgeFigures.Shown withNaN = RidgeFigures.shown(w, true);
        assertTrue(Double.isNaN(withNaN.data()[100][33]));
        assertEquals(301, withNaN.argT()[100][33]);
        assertEquals(100, withNaN.argJ()[100][33]);
        // Up to 256 positions nothing is pooled.
        assertEquals(1, RidgeFigures.shown(new double[256][256], false).block());
    }

    @Test
    void quickselectAgreesWithSorting() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(1, 400);
            double[] a = new double[n + 3];
            // Few distinct values half the time: ties are where partitions go wrong.
            for (int i = 0; i < a.length; i++) a[i] = trial % 2 == 0 ? rnd.nextInt(4) : rnd.nextDouble();
            double[] sorted = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(sorted);
            int k = rnd.nextInt(n);
            assertEquals(sorted[k], RidgeFigures.kth(a.clone(), n, k), "n " + n + " k " + k);
        }
    }

    @Test
    void theFormulaWeightIsTheMostNegativeOne() {
        Values v = lab.defaults().with(Map.of("n", "40", "d", "3", "causal", "true", "lambda", "0.01"));
        RidgeResult r = lab.compute(v, Backend.PLAIN);
        double min = 0;
        int t = -1, j = -1;
        for (int a = 0; a < r.n(); a++) for (int b = 0; b <= a; b++) if (r.weights()[a][b] < min) { min = r.weights()[a][b]; t = a; j = b; }
        assertTrue(min < 0, "this setting has negative weights");
        assertEquals(min, r.minWeight());
        assertArrayEquals(new int[]{t, j}, r.minAt());
        assertTrue(lab.liveFormulas(v, r).get(1).startsWith("w_{" + (t + 1) + "," + (j + 1) + "}"), lab.liveFormulas(v, r).get(1));
    }
}
