package glassbox.render.ssm;

import glassbox.core.Backend;
import glassbox.core.Json;
import glassbox.core.ParamException;
import glassbox.core.Values;
import glassbox.core.ssm.SsmResult;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.Style;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The input drawn with the mouse: Figure.drag on the input plot, applied as the window does. */
class DrawnInputTest {
    final SsmLab lab = new SsmLab();
    static final int W = 1200, H = 800;

    record Frame(Values v, SsmResult r, List<Figure> figs, InputFigure input, Rectangle area) {}

    Frame frame(Values v) {
        SsmResult r = lab.compute(v, Backend.PLAIN);
        List<Figure> figs = lab.figures(v, r);
        List<Rectangle> rects = Board.layout(figs, W, H, Style.DEFAULT);
        for (int i = 0; i < figs.size(); i++) {
            if (figs.get(i) instanceof InputFigure f) return new Frame(v, r, figs, f, rects.get(i));
        }
        throw new AssertionError("no input figure");
    }

    /** Presses at the pixel of (k, value) and applies the change as the window does. */
    Frame drag(Frame f, double k, double value) {
        double[] p = f.input().pixel(f.area(), Style.DEFAULT, k, value);
        // The window asks the figure under the mouse: the point must lie in the input figure's rectangle.
        int at = Board.figureAt(f.figs(), W, H, Style.DEFAULT, p[0], p[1]);
        assertSame(f.input(), f.figs().get(at));
        Map<String, String> change = f.input().drag(f.area(), Style.DEFAULT, p[0], p[1]);
        assertNotNull(change);
        assertEquals("drawn", change.get("input"));
        return frame(f.v().with(change));
    }

    static void assertAgree(SsmResult r) {
        for (int k = 0; k <= r.len(); k++) assertEquals(r.yRecurrent()[k], r.yConvolution()[k], 1e-12, "y_rec = y_conv at " + k);
    }

    @Test
    void dragSetsTheSampleUnderTheMouse() throws Exception {
        Frame f = frame(Values.of(lab.params(), Map.of("input", "drawn", "L", "32")));
        for (double x : f.r().u()) assertEquals(0, x, "empty u: zeros");
        assertEquals(1.5, f.input().range());
        Frame g = drag(f, 10, 0.8);
        // One pixel spans 3/height of the range; pixel() inverts drag exactly, so only the 1e-3 rounding remains.
        assertEquals(0.8, g.r().u()[10], 5e-4 + 1e-9);
        for (int k = 0; k <= 32; k++) if (k != 10) assertEquals(0, g.r().u()[k], "sample " + k + " untouched");
        assertAgree(g.r());
        // Between two samples the nearest one is set: 12.3 → 12, 12.7 → 13.
        Frame h = drag(drag(g, 12.3, -0.5), 12.7, 1.2);
        assertEquals(-0.5, h.r().u()[12], 5e-4 + 1e-9);
        assertEquals(1.2, h.r().u()[13], 5e-4 + 1e-9);
        assertEquals(0.8, h.r().u()[10], 5e-4 + 1e-9);
        assertAgree(h.r());
        // The range stays put while drawing inside it, so the curve does not jump under the mouse.
        assertEquals(1.5, h.input().range());
        assertEquals(f.area(), h.area());
        // The export holds the drawn samples.
        JsonNode j = Json.mapper().readTree(Json.toString(lab.json(h.v(), h.r())));
        assertEquals(33, j.get("u").size());
        assertEquals(h.r().u()[13], j.get("u").get(13).asDouble());
        assertEquals(0, j.get("u").get(11).asDouble());
        // The output is the hand-computable convolution: for the default 2-D system K = (0, 1, 0.7, 0.51, …),
        // y₁₁ = K₁ u₁₀ = u₁₀ and y₁₂ = K₂ u₁₀ = 0.7 u₁₀ (u₁₁ = 0).
        double u10 = h.r().u()[10];
        assertEquals(u10, h.r().yRecurrent()[11], 1e-15);
        assertEquals(0.7 * u10, h.r().yRecurrent()[12], 1e-15);
    }

    @Test
    void aStrokeDrawsTheCurveAndDrawingStartsFromTheShownInput() {
        Frame f = frame(Values.of(lab.params(), Map.of("input", "sine", "period", "16", "L", "200")));
        double[] sine = f.r().u().clone();
        // First press on a sine: that sample changes, the rest of the sine stays (to the drawing's 1e-3).
        Frame g = drag(f, 50, -1.0);
        assertEquals("drawn", g.v().s("input"));
        assertEquals(-1.0, g.r().u()[50], 5e-4 + 1e-9);
        for (int k = 0; k <= 200; k++) if (k != 50) assertEquals(sine[k], g.r().u()[k], 5e-4 + 1e-12);
        // A stroke from k = 0 to 200 along v(k) = sin(k/30): every visited sample follows it.
        Frame h = g;
        for (int k = 0; k <= 200; k += 1) h = drag(h, k, Math.sin(k / 30.0));
        for (int k = 0; k <= 200; k++) assertEquals(Math.sin(k / 30.0), h.r().u()[k], 5e-4 + 1e-9, "k = " + k);
        assertAgree(h.r());
        assertEquals(1.5, h.input().range());
    }

    @Test
    void dragIsClampedToTheRangeAndIgnoresTheTitle() {
        Frame f = frame(Values.of(lab.params(), Map.of("input", "drawn", "L", "20")));
        Rectangle a = f.area();
        assertNull(f.input().drag(a, Style.DEFAULT, a.x + a.width / 2.0, a.y + 3), "the title is not the plot");
        // A little above the plot frame: clamped to the top of the range, +1.5.
        double[] top = f.input().pixel(a, Style.DEFAULT, 5, 1.5);
        Map<String, String> c = f.input().drag(a, Style.DEFAULT, top[0], top[1] - 5);
        SsmResult r = lab.compute(f.v().with(c), Backend.PLAIN);
        assertEquals(1.5, r.u()[5]);
    }

    @Test
    void typedSamplesOfAnotherLengthAreResampled() {
        SsmResult r = lab.compute(Values.of(lab.params(), Map.of("input", "drawn", "u", "0, 1", "L", "4")), Backend.PLAIN);
        assertArrayEquals(new double[]{0, 0.25, 0.5, 0.75, 1}, r.u(), 1e-15);
        SsmResult c = lab.compute(Values.of(lab.params(), Map.of("input", "drawn", "u", "2", "L", "3")), Backend.PLAIN);
        assertArrayEquals(new double[]{2, 2, 2, 2}, c.u());
        // Five samples onto L = 8: every second sample is an original, the others midpoints.
        SsmResult s = lab.compute(Values.of(lab.params(), Map.of("input", "drawn", "u", "0;4;-2;2;0", "L", "8")), Backend.PLAIN);
        assertArrayEquals(new double[]{0, 2, 4, 1, -2, 0, 2, 1, 0}, s.u(), 1e-15);
        // A typed u above the default range widens it to max |u|.
        Frame big = frame(Values.of(lab.params(), Map.of("input", "drawn", "u", "0,3,-4", "L", "8")));
        assertEquals(4, big.input().range());
        // u is only used when input = drawn.
        SsmResult st = lab.compute(Values.of(lab.params(), Map.of("input", "step", "u", "5,5", "L", "3")), Backend.PLAIN);
        assertArrayEquals(new double[]{1, 1, 1, 1}, st.u());
    }

    @Test
    void badSamplesNameTheKeyWithAShortMessage() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) sb.append(i).append(',');
        sb.append("oops");
        ParamException e = assertThrows(ParamException.class,
                () -> lab.compute(Values.of(lab.params(), Map.of("input", "drawn", "u", sb.toString())), Backend.PLAIN));
        assertEquals("u", e.key());
        assertTrue(e.getMessage().contains("entry 5001"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "the message does not echo a long list");
    }

    @Test
    void samplesTextRoundsCompactly() {
        StringBuilder sb = new StringBuilder();
        InputFigure.appendRounded(sb, 0.12345, 3);
        sb.append(' ');
        InputFigure.appendRounded(sb, -1.5, 3);
        sb.append(' ');
        InputFigure.appendRounded(sb, 2.0004, 3);
        sb.append(' ');
        InputFigure.appendRounded(sb, -0.0004, 3);
        sb.append(' ');
        InputFigure.appendRounded(sb, 0.05, 3);
        sb.append(' ');
        InputFigure.appendRounded(sb, 12345.6, -1);
        assertEquals("0.123 -1.5 2 0 0.05 12350", sb.toString());
        assertEquals(3, InputFigure.decimals(1.5));
        assertEquals(2, InputFigure.decimals(12));
    }

    /** The drag mapping must match where XYFigure really draws the samples (it copies XYFigure's layout). */
    @Test
    void dragMappingMatchesTheDrawnCurve() {
        for (int len : List.of(40, 300)) {
            double[] u = new double[len + 1];
            for (int k = 0; k <= len; k++) u[k] = 1.2 * Math.sin(k / 7.0);
            InputFigure f = new InputFigure(u, "drawn");
            Rectangle area = new Rectangle(0, 0, 700, 300);
            BufferedImage img = Board.render(List.of(f), 716, 316, 1.0, Style.DEFAULT, null);
            Rectangle drawn = Board.layout(List.<Figure>of(f), 716, 316, Style.DEFAULT).get(0);
            assertEquals(area.width, drawn.width);
            int colour = Style.DEFAULT.series(2).getRGB() & 0xffffff;
            for (int k = 3; k < len; k += len / 8) {
                double[] p = f.pixel(drawn, Style.DEFAULT, k, u[k]);
                assertTrue(near(img, (int) Math.round(p[0]), (int) Math.round(p[1]), colour), "len " + len + ", sample " + k + " drawn at " + p[0] + ", " + p[1]);
            }
            // And the inverse: a press at that pixel sets that sample to that value.
            double[] p = f.pixel(drawn, Style.DEFAULT, len / 2, 0.3);
            Map<String, String> c = f.drag(drawn, Style.DEFAULT, p[0], p[1]);
            String[] parts = c.get("u").split(",");
            assertEquals(len + 1, parts.length);
            assertEquals(0.3, Double.parseDouble(parts[len / 2]), 5e-4 + 1e-9);
        }
    }

    private static boolean near(BufferedImage img, int x, int y, int rgb) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int c = img.getRGB(x + dx, y + dy) & 0xffffff;
                int d = Math.abs((c >> 16 & 255) - (rgb >> 16 & 255)) + Math.abs((c >> 8 & 255) - (rgb >> 8 & 255)) + Math.abs((c & 255) - (rgb & 255));
                if (d < 40) return true;
            }
        }
        return false;
    }
}
