package glassbox.render.conv;

import glassbox.core.Backend;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.render.Board;
import glassbox.render.Computed;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Style;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ConvLabTest {
    private final ConvLab lab = new ConvLab();

    @Test
    void readoutsShowTheNumbersOfThePreset() {
        Values v = Values.of(lab.params(), lab.presets().get(0).settings());
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        Map<String, String> r = new java.util.HashMap<>();
        for (Readout x : c.readouts()) r.put(x.label(), x.value());
        assertEquals("72", r.get("d_in = h·w·c_i"));
        assertEquals("32", r.get("d_out = h'·w'·c_o"));
        assertEquals("576", r.get("Non-zeros of A"));
        assertEquals("0.25", r.get("Density"));
        assertEquals("3·3/(6·6) = 0.25", r.get("k_h·k_w/(h·w)"));
        assertEquals("16 times", r.get("Each weight appears in A"));
    }

    @Test
    void warnsWhenRowsAreNeverRead() {
        Values v = Values.of(lab.params(), Map.of("h", "10", "w", "10", "ci", "1", "co", "1", "sh", "2"));
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        Readout warn = c.readouts().stream().filter(Readout::warning).findFirst().orElseThrow();
        assertTrue(warn.value().contains("last 1 input row"), warn.value());
    }

    @Test
    void pointingAtACellOfADescribesPositionsAndHighlightsEverywhere() {
        Values v = Values.of(lab.params(), lab.presets().get(0).settings());
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        List<Figure> f = c.figures();
        // Find a non-zero cell of A by scanning the pattern figure.
        Hover found = null;
        java.awt.Rectangle area = Board.layout(f, 1200, 800).get(0);
        for (int y = area.y + 40; y < area.y + area.height && found == null; y += 3) {
            for (int x = area.x + 60; x < area.x + area.width; x += 3) {
                Hover h = Board.hover(f, 1200, 800, Style.DEFAULT, x, y);
                if (h != null && h.text().contains("= W[")) { found = h; break; }
            }
        }
        assertNotNull(found, "some cell of A is a weight");
        ConvLab.Highlight hl = (ConvLab.Highlight) found.highlight();
        assertTrue(hl.row() >= 0 && hl.col() >= 0 && hl.weight() >= 0);
        BufferedImage plain = Board.render(f, 1200, 800, 1, Style.DEFAULT, null);
        BufferedImage marked = Board.render(f, 1200, 800, 1, Style.DEFAULT, hl);
        int highlight = Style.DEFAULT.highlight().getRGB();
        assertTrue(count(marked, highlight) > count(plain, highlight) + 50, "highlight drawn on A, input, kernel and output");
    }

    @Test
    void exportedBoardAtTwiceTheScaleHasTwiceThePixels() {
        Values v = lab.defaults();
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        BufferedImage one = Board.render(c.figures(), 600, 400, 1, Style.DEFAULT, null);
        BufferedImage two = Board.render(c.figures(), 600, 400, 2, Style.DEFAULT, null);
        assertEquals(1200, two.getWidth());
        assertEquals(600, one.getWidth());
        // A board too small for every figure at a legible size grows downwards (issue 16); twice the scale is still twice the pixels.
        assertTrue(one.getHeight() >= 400);
        assertEquals(2 * one.getHeight(), two.getHeight());
    }

    @Test
    void resnetStemIsSummarisedAndCheckedOnASample() {
        Values v = Values.of(lab.params(), lab.presets().stream().filter(p -> p.name().equals("resnet-stem")).findFirst().orElseThrow().settings());
        Computed c = Computed.compute(lab, v, Backend.PLAIN);
        glassbox.core.conv.ConvResult r = (glassbox.core.conv.ConvResult) c.result();
        assertTrue(r.sampled());
        assertFalse(r.pattern().exact());
        assertTrue(r.maxDiff() < 1e-10);
        assertTrue(c.readouts().stream().anyMatch(x -> x.value().contains("sampled rows")));
    }

    private static int count(BufferedImage img, int argb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) == argb) n++;
        return n;
    }
}
