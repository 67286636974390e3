package glassbox.render;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class XYFigureTest {
    /** Highest row (smallest y) where the colour appears. */
    private static int topmost(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++)
                if ((img.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) return y;
        return -1;
    }

    @Test
    void aSingleSpikeInALongSeriesIsDrawnAsLinesAndAsStems() {
        int n = 20_000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = i; y[i] = Math.sin(i * 0.01) * 0.1; }
        y[12_345] = 5; // one sample sets the top of the axis
        Color c = new Color(0x12, 0x34, 0x56);
        for (XYFigure.Kind kind : List.of(XYFigure.Kind.LINE, XYFigure.Kind.STEM)) {
            XYFigure f = XYFigure.builder("spike").series("s", x, y, kind, c).legend(false).build();
            BufferedImage img = Board.render(List.of(f), 400, 300, 1, Style.DEFAULT, null);
            int top = topmost(img, c.getRGB());
            assertTrue(top >= 0 && top < 80, kind + ": the spike reaches the top of the plot (row " + top + ")");
        }
    }

    @Test
    void anAxisGetsAtLeastTwoTicksInsideItsRange() {
        // Decoding's time figure at 475 tokens, narrow in the window: [4, 478] in about 2 ticks gave the step 250
        // and one tick inside, so its x axis had a single number.
        for (double[] c : new double[][]{{4, 478, 2}, {4, 478, 3}, {0.3, 0.9, 2}, {-7, 1001, 2}, {1, 2, 2}, {12, 530, 2}}) {
            double[] t = Draw.ticks(c[0], c[1], (int) c[2]);
            long inside = java.util.Arrays.stream(t).filter(v -> v >= c[0] - 1e-9 && v <= c[1] + 1e-9).count();
            assertTrue(inside >= 2, java.util.Arrays.toString(c) + " → " + java.util.Arrays.toString(t));
        }
        // A wide range asked for many ticks keeps its nice step.
        assertArrayEquals(new double[]{0, 100, 200, 300, 400}, Draw.ticks(0, 478, 5), 1e-9);
    }
}
