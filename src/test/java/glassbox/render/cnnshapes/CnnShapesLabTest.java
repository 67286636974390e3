package glassbox.render.cnnshapes;

import glassbox.core.Backend;
import glassbox.core.Json;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.cnnshapes.Stack;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Labs;
import glassbox.render.Style;
import glassbox.render.XYFigure;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CnnShapesLabTest {
    private final CnnShapesLab lab = new CnnShapesLab();

    @Test
    void registered() {
        assertSame(CnnShapesLab.class, Labs.get("cnn-shapes").getClass());
    }

    @Test
    @SuppressWarnings("unchecked")
    void cliContract() {
        Values v = Values.of(lab.params(), Map.of("input", "3,32,32", "layers", "conv 3 6 5; maxpool 2; relu; flatten; linear 1176 10"));
        Stack.Result r = lab.compute(v, Backend.PLAIN);
        Map<String, Object> j = lab.json(v, r);
        List<Map<String, Object>> layers = (List<Map<String, Object>>) j.get("layers");
        assertEquals(5, layers.size());
        assertEquals("Conv2d", layers.get(0).get("name"));
        assertArrayEquals(new int[]{6, 28, 28}, (int[]) layers.get(0).get("out_shape"));
        assertEquals(6L * 3 * 25 + 6, layers.get(0).get("params"));
        assertArrayEquals(new int[]{6, 14, 14}, (int[]) layers.get(1).get("out_shape"));
        assertArrayEquals(new int[]{1176}, (int[]) layers.get(3).get("out_shape"));
        assertEquals(456L + 11770, j.get("total_params"));
        assertTrue(j.containsKey("error"));
        assertNull(j.get("error"));
        assertTrue(((String) j.get("code")).contains("nn.MaxPool2d(kernel_size=2, stride=2, padding=0)"));
        String text = Json.toString(j);
        assertTrue(text.contains("\"error\" : null"), text);

        Values bad = Values.of(lab.params(), Map.of("layers", CnnShapesLab.SVHN));
        Map<String, Object> e = (Map<String, Object>) lab.json(bad, lab.compute(bad, Backend.PLAIN)).get("error");
        assertEquals(7, e.get("layer"));
        assertTrue(((String) e.get("message")).contains("Flatten gives 16·3·3 = 144"));
    }

    @Test
    void badInputsAreParamExceptions() {
        for (Map<String, String> s : List.of(Map.of("input", "1,2"), Map.of("layers", "conv 1 8"), Map.of("layers", "pool 2"))) {
            ParamException e = assertThrows(ParamException.class, () -> lab.compute(Values.of(lab.params(), s), Backend.PLAIN), s.toString());
            assertEquals(s.containsKey("layers") ? "layers" : "input", e.key());
        }
        // A kernel larger than the input is what the lab shows, not a typing mistake: the layer is marked.
        Stack.Result small = lab.compute(Values.of(lab.params(), Map.of("input", "1,4,4", "layers", "conv 1 1 5")), Backend.PLAIN);
        assertEquals(0, small.error().layer());
        assertTrue(small.error().message().contains("the kernel 5 is larger than the padded input 4"), small.error().message());
    }

    @Test
    void presetsComputeAsTheExamSays() {
        List<Preset> ps = lab.presets();
        assertEquals(4, ps.size());
        for (Preset p : ps) {
            Values v = Values.of(lab.params(), p.settings());
            Stack.Result r = lab.compute(v, Backend.PLAIN);
            assertFalse(lab.readouts(v, r).isEmpty());
            switch (p.name()) {
                case "svhn-network" -> {
                    assertEquals(7, r.error().layer());
                    assertTrue(lab.readouts(v, r).stream().anyMatch(o -> o.warning() && o.value().contains("use Linear(144, 10)")));
                }
                case "fully-convolutional-head" -> { assertNull(r.error()); assertArrayEquals(new int[]{10, 1, 1}, r.output()); }
                case "fully-convolutional-pool" -> {
                    assertNull(r.error());
                    assertArrayEquals(new int[]{10, 1, 1}, r.output());
                    assertEquals(2442, r.totalParams());
                }
                case "exam-output-size" -> assertArrayEquals(new int[]{1, 126, 42}, r.output());
                default -> fail("unexpected preset " + p.name());
            }
        }
    }

    @Test
    void benchSweeps() {
        for (String size : List.of("default", "large")) {
            List<Values> sweep = lab.benchSweep(size);
            assertTrue(sweep.size() >= 100);
            for (int i = 0; i < sweep.size(); i += 17) {
                Stack.Result r = lab.compute(sweep.get(i), Backend.PLAIN);
                Board.render(lab.figures(sweep.get(i), r), 1200, 800, 1.0, Style.DEFAULT, null);
            }
        }
        Values large = lab.benchSweep("large").get(0);
        Stack.Result r = lab.compute(large, Backend.PLAIN);
        assertEquals(50, r.rows().size());
        assertNull(r.error(), () -> r.error().message());
    }

    @Test
    void boardRendersHoversAndCrossHighlights() throws Exception {
        String dir = System.getenv("GLASSBOX_PNGDIR");
        Values v = Values.of(lab.params(), Map.of());
        Stack.Result r = lab.compute(v, Backend.PLAIN);
        List<Figure> figs = lab.figures(v, r);
        BufferedImage img = Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, null);
        int[] px = Board.pixels(img);
        // The error row is tinted with the highlight colour somewhere on the board.
        int hl = Style.DEFAULT.highlight().getRGB() & 0xffffff;
        assertTrue(java.util.Arrays.stream(px).anyMatch(p -> (p & 0xffffff) == hl));
        Rectangle table = Board.layout(figs, 1200, 800).get(0);
        Hover h = null;
        for (int y = table.y; y < table.getMaxY() && h == null; y += 3) {
            Hover hv = figs.get(0).hover(table, Style.DEFAULT, table.x + 40, y);
            if (hv != null && hv.highlight() instanceof XYFigure.Point p && p.index() == 0) h = hv;
        }
        assertNotNull(h);
        assertTrue(h.text().contains("H' = ⌊(32 + 2·0 − 5)/1⌋ + 1 = 28"), h.text());
        assertNotNull(Board.render(figs, 1200, 800, 1.0, Style.DEFAULT, h.highlight()));
        if (dir != null) {
            ImageIO.write(img, "png", new File(dir, "cnn-default.png"));
            for (Preset p : lab.presets()) {
                Values pv = Values.of(lab.params(), p.settings());
                ImageIO.write(Board.render(lab.figures(pv, lab.compute(pv, Backend.PLAIN)), 1200, 800, 1.0, Style.DEFAULT, null), "png",
                        new File(dir, "cnn-preset-" + p.name() + ".png"));
            }
            Values big = lab.benchSweep("large").get(0);
            ImageIO.write(Board.render(lab.figures(big, lab.compute(big, Backend.PLAIN)), 1200, 800, 1.0, Style.DEFAULT, null), "png",
                    new File(dir, "cnn-large.png"));
        }
    }

    @Test
    void theBoardCountsLayersFromOneAsTheTableAndTheLiveNumbersDo() {
        // Was: the table's row 8 (linear 120→10) was "✗ layer 7" below it, and rows 5–8 "showing rows 4–7 of 8".
        var lab = Labs.get("cnn-shapes");
        var c = glassbox.render.Computed.compute(lab, lab.defaults(), Backend.PLAIN);
        assertTrue(c.readouts().stream().anyMatch(r -> r.value().startsWith("layer 8: Linear expects 120")), c.readouts().toString());
        glassbox.render.Text.Recorder rec = new glassbox.render.Text.Recorder();
        // Presentation's font at its board size: the table pages, so the "showing rows" note is drawn.
        Board.render(null, c.figures(), 1100, 1000, 1.0, Style.DEFAULT.withFontScale(1.8), null, rec);
        List<String> texts = rec.boxes().stream().map(glassbox.render.Text.Box::text).toList();
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("✗ layer 8 (linear 120 10)")), texts.toString());
        String showing = texts.stream().filter(t -> t.startsWith("showing rows")).findFirst().orElseThrow(() -> new AssertionError(texts.toString()));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("showing rows (\\d+)–(\\d+) of (\\d+)").matcher(showing);
        assertTrue(m.find(), showing);
        int last = Integer.parseInt(m.group(2)), of = Integer.parseInt(m.group(3));
        assertEquals(of, last, "the error row, the last, is shown and numbered as in the table: " + showing);
        assertTrue(texts.contains(Integer.toString(last)), "the table's # column has row " + last);
    }
}
