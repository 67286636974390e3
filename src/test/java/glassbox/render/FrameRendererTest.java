package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Values;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FrameRendererTest {

    @Test
    void aRecycledImageIsDrawnIntoAndHoldsExactlyTheNewFrame() {
        Lab<?> lab = Labs.get("ssm");
        List<Values> sweep = lab.benchSweep("default");
        Values first = sweep.get(0), second = sweep.get(3);
        FrameRenderer fr = new FrameRenderer();
        // A size at which both boards hold their figures without growing (a grown board's height follows its content).
        FrameRenderer.Frame a = fr.frame(new FrameRenderer.Request(lab, first, Backend.PLAIN, 1200, 800, Style.DEFAULT, null));
        fr.recycle(a);
        FrameRenderer.Frame b = fr.frame(new FrameRenderer.Request(lab, second, Backend.PLAIN, 1200, 800, Style.DEFAULT, null));
        assertEquals(800, a.image().getHeight());
        assertSame(a.image(), b.image(), "the handed-back image is reused");
        // Nothing of the first frame shows through: the pixels are those of a fresh render.
        BufferedImage fresh = Board.render(b.computed().figures(), 1200, 800, 1.0, Style.DEFAULT, null);
        assertArrayEquals(Board.pixels(fresh), Board.pixels(b.image()));
        // A different size cannot reuse it.
        fr.recycle(b);
        FrameRenderer.Frame c = fr.frame(new FrameRenderer.Request(lab, second, Backend.PLAIN, 500, 400, Style.DEFAULT, null));
        assertNotSame(b.image(), c.image());
        assertEquals(500, c.image().getWidth());
    }

    @Test
    void reusedPixelsNeverShowThroughAtAnyScaleOrTheme() {
        // The clear is skipped when the opaque background covers whole pixels; where it does not
        // (a fractional edge), the old pixels must still be cleared.
        Lab<?> lab = Labs.get("conv");
        Computed c = Computed.compute(lab, lab.defaults(), Backend.PLAIN);
        Style dark = new Style(true, 1.0, "viridis", "diverging");
        for (Style st : List.of(Style.DEFAULT, dark)) {
            for (double[] size : new double[][]{{640, 480, 1.0}, {641, 479, 1.25}, {600, 400, 2.0}}) {
                int w = (int) size[0], h = (int) size[1];
                double scale = size[2];
                BufferedImage fresh = Board.render(c.figures(), w, h, scale, st, null);
                BufferedImage old = new BufferedImage(fresh.getWidth(), fresh.getHeight(), BufferedImage.TYPE_INT_ARGB);
                java.util.Arrays.fill(Board.pixels(old), 0x7F12AB34);
                BufferedImage reused = Board.render(old, c.figures(), w, h, scale, st, null);
                assertSame(old, reused);
                assertArrayEquals(Board.pixels(fresh), Board.pixels(reused), w + "x" + h + " at " + scale + (st.dark() ? " dark" : ""));
            }
        }
    }

    @Test
    void aFrameNotHandedBackIsNeverDrawnInto() {
        Lab<?> lab = Labs.get("ssm");
        List<Values> sweep = lab.benchSweep("default");
        FrameRenderer fr = new FrameRenderer();
        FrameRenderer.Frame a = fr.frame(new FrameRenderer.Request(lab, sweep.get(0), Backend.PLAIN, 320, 240, Style.DEFAULT, null));
        int[] before = Board.pixels(a.image()).clone();
        FrameRenderer.Frame b = fr.frame(new FrameRenderer.Request(lab, sweep.get(5), Backend.PLAIN, 320, 240, Style.DEFAULT, null));
        assertNotSame(a.image(), b.image());
        assertArrayEquals(before, Board.pixels(a.image()));
    }
}
