package glassbox.render.rnn;

import glassbox.core.Backend;
import glassbox.core.Json;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.rnn.Rnn;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Labs;
import glassbox.render.Style;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RnnLabTest {
    private final RnnLab lab = new RnnLab();

    private Rnn.Result run(Map<String, String> settings) {
        return lab.compute(Values.of(lab.params(), settings), Backend.PLAIN);
    }

    @Test
    void registered() {
        assertSame(RnnLab.class, Labs.get("rnn").getClass());
    }

    @Test
    void cliContractKeysAndShapes() {
        Values v = Values.of(lab.params(), Map.of("T", "5", "radius", "0.5", "activation", "sigmoid", "w", "0.7", "a", "-0.4",
                "x", "1,2,3,4,5", "y", "0.2", "seed", "3"));
        Rnn.Result r = lab.compute(v, Backend.PLAIN);
        Map<String, Object> j = lab.json(v, r);
        for (String k : List.of("contributions", "h", "grad_w", "grad_a", "grad_w_numeric", "grad_a_numeric")) assertTrue(j.containsKey(k), k);
        double[] c = (double[]) j.get("contributions");
        assertEquals(5, c.length);
        // Index = lag: the rotation scaled to 0.5 gives 0.5^ℓ·|x_{T−ℓ}| (x_T = 5 at lag 0, x_1 = 1 at lag 4).
        for (int l = 0; l < 5; l++) assertEquals(Math.pow(0.5, l) * (5 - l), c[l], 1e-12);
        double[] h = (double[]) j.get("h");
        assertEquals(6, h.length);
        assertEquals(0, h[0]);
        assertEquals(1 / (1 + Math.exp(-(-0.4 * 1))), h[1], 1e-15);
        assertEquals((double) j.get("grad_w"), (double) j.get("grad_w_numeric"), 1e-7);
        assertEquals((double) j.get("grad_a"), (double) j.get("grad_a_numeric"), 1e-7);
        assertEquals("rnn", j.get("lab"));
        String text = Json.toString(j);
        assertTrue(text.contains("\"grad_w_numeric\""));
    }

    @Test
    void overflowIsWrittenAsInfinityNotNaN() {
        Values v = Values.of(lab.params(), Map.of("T", "4096", "radius", "2", "x", "1"));
        Rnn.Result r = lab.compute(v, Backend.PLAIN);
        assertTrue(r.memory().overflow());
        assertTrue(lab.readouts(v, r).stream().anyMatch(o -> o.warning() && o.label().equals("Overflow")));
        String text = Json.toString(lab.json(v, r));
        assertTrue(text.contains("Infinity"));
        double[] lg = r.memory().contribLog10();
        assertEquals(4095 * Math.log10(2), lg[4095], 1e-9);
    }

    @Test
    void badInputsNameTheirKey() {
        Object[][] cases = {
                {"T", "0"}, {"T", "4097"}, {"T", "abc"}, {"radius", "NaN"}, {"radius", "inf"}, {"w", "Infinity"}, {"y", "nan"},
                {"activation", "gelu"}, {"x", "1,NaN,2"}, {"Wh", "1,2,3"}, {"seed", "-1"}, {"u1", "1.5"}, {"grid", "1"}
        };
        for (Object[] c : cases) {
            ParamException e = assertThrows(ParamException.class, () -> run(Map.of((String) c[0], (String) c[1])), c[0] + "=" + c[1]);
            assertEquals(c[0], e.key());
        }
        assertEquals("x", assertThrows(ParamException.class, () -> run(Map.of("T", "3", "x", "1,2"))).key());
        assertEquals("k", assertThrows(ParamException.class, () -> run(Map.of("scheme", "bits", "k", "33"))).key());
        assertEquals("Wh", assertThrows(ParamException.class, () -> run(Map.of("wh", "scaled", "Wh", "0,1;0,0"))).key());
    }

    @Test
    void scaledMatrixHasTheAskedRadius() {
        Rnn.Result r = run(Map.of("wh", "scaled", "Wh", "0.5,1;0,0.8", "radius", "1.3"));
        assertEquals(1.3, r.memory().radius(), 1e-12);
        Rnn.Result e = run(Map.of("wh", "exact", "Wh", "0.5,1;0,0.8"));
        assertEquals(0.8, e.memory().radius(), 1e-12);
    }

    @Test
    void everyPresetParsesAndComputes() {
        List<Preset> presets = lab.presets();
        assertTrue(presets.size() >= 6);
        for (Preset p : presets) {
            Values v = Values.of(lab.params(), p.settings());
            Rnn.Result r = lab.compute(v, Backend.PLAIN);
            assertFalse(lab.readouts(v, r).isEmpty());
            assertFalse(lab.figures(v, r).isEmpty());
        }
        // The exam preset: T = 2, h_0 = 0, closed form by hand: h1 = tanh(1), z2 = 0.5·h1 + 0.5.
        Values v = Values.of(lab.params(), presets.stream().filter(p -> p.name().equals("exam-bptt-two-steps")).findFirst().orElseThrow().settings());
        Rnn.Result r = lab.compute(v, Backend.PLAIN);
        double h1 = Math.tanh(1), z2 = 0.5 * h1 + 0.5, h2 = Math.tanh(z2);
        assertEquals((h2 - 1) * (1 - h2 * h2) * h1, r.bptt().gradW(), 1e-14);
        // float32-fits: no collisions; float32-collisions: many.
        Rnn.Result fits = lab.compute(Values.of(lab.params(), find(presets, "float32-fits")), Backend.PLAIN);
        assertEquals(0, fits.collisions().colliding());
        Rnn.Result col = lab.compute(Values.of(lab.params(), find(presets, "float32-collisions")), Backend.PLAIN);
        assertTrue(col.collisions().colliding() > 500_000, "" + col.collisions().colliding());
    }

    private static Map<String, String> find(List<Preset> ps, String name) {
        return ps.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().settings();
    }

    @Test
    void benchSweepsAreLongAndCompute() {
        for (String size : List.of("default", "large")) {
            List<Values> sweep = lab.benchSweep(size);
            assertTrue(sweep.size() >= 100);
            for (int i = 0; i < sweep.size(); i += 23) {
                Rnn.Result r = lab.compute(sweep.get(i), Backend.PLAIN);
                Board.render(lab.figures(sweep.get(i), r), 1200, 800, 1.0, Style.DEFAULT, null);
            }
        }
        assertEquals(4096, lab.benchSweep("large").get(0).i("T"));
        assertEquals(1024, lab.benchSweep("large").get(0).i("grid"));
    }

    @Test
    void boardRendersAndHovers() throws Exception {
        String dir = System.getenv("GLASSBOX_PNGDIR");
        for (String part : List.of("all", "memory", "bptt", "cost", "float32")) {
            Values v = Values.of(lab.params(), Map.of("part", part));
            Rnn.Result r = lab.compute(v, Backend.PLAIN);
            List<Figure> figs = lab.figures(v, r);
            assertEquals(4, figs.size());
            BufferedImage img = Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, null);
            assertEquals(1200, img.getWidth());
            int[] px = Board.pixels(img);
            long nonWhite = java.util.Arrays.stream(px).filter(p -> (p & 0xffffff) != 0xffffff).count();
            assertTrue(nonWhite > px.length / 50, "something drawn");
            // Pointing at the BPTT figure's h_1 node says what it is.
            List<java.awt.Rectangle> rects = Board.layout(figs, 1200, 800);
            for (int i = 0; i < figs.size(); i++) {
                if (figs.get(i) instanceof BpttFigure bf) {
                    java.awt.Rectangle a = rects.get(i);
                    Hover h = null;
                    for (int x = a.x; x < a.getMaxX() && h == null; x += 4) {
                        Hover hv = bf.hover(a, Style.DEFAULT, x, a.y + a.height * 0.3);
                        if (hv != null && hv.highlight() instanceof BpttFigure.Node n && n.t() == 1) h = hv;
                    }
                    assertNotNull(h, "hover finds h_1");
                    assertTrue(h.text().contains("z₁ = w·h₀ + a·x₁"), h.text());
                    BufferedImage hl = Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, h.highlight());
                    assertNotNull(hl);
                }
            }
            if (dir != null) ImageIO.write(img, "png", new File(dir, "rnn-" + part + ".png"));
        }
        if (dir != null) {
            for (Preset p : lab.presets()) {
                Values v = Values.of(lab.params(), p.settings());
                ImageIO.write(Board.render(lab.figures(v, lab.compute(v, Backend.PLAIN)), 1200, 800, 1.0, Style.DEFAULT, null),
                        "png", new File(dir, "rnn-preset-" + p.name() + ".png"));
            }
        }
    }
}
