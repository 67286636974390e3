package glassbox.render;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeatmapFigureTest {
    @Test
    void colourRangeCoversOnlyVisibleFiniteValues() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 24; trial++) {
            // The last trials are large enough to be scanned in blocks on both cores.
            int rows = trial < 20 ? 1 + rnd.nextInt(30) : 500 + rnd.nextInt(600), cols = trial < 20 ? 1 + rnd.nextInt(30) : 520 + rnd.nextInt(600);
            double[][] data = new double[rows][cols];
            boolean[][] mask = new boolean[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int kind = rnd.nextInt(10);
                    data[r][c] = kind == 0 ? Double.NaN : kind == 1 ? Double.POSITIVE_INFINITY : kind == 2 ? Double.NEGATIVE_INFINITY
                            : 100 * rnd.nextGaussian();
                    mask[r][c] = rnd.nextInt(4) == 0;
                    if (mask[r][c] && rnd.nextBoolean()) data[r][c] = (rnd.nextBoolean() ? 1 : -1) * 1e9; // masked extremes must not count
                }
            }
            // Reference: collect what should count, then take the extremes with streams.
            java.util.List<Double> visible = new java.util.ArrayList<>();
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) if (!mask[r][c] && Double.isFinite(data[r][c])) visible.add(data[r][c]);
            HeatmapFigure f = HeatmapFigure.builder("t", data).mask(mask).build();
            if (visible.isEmpty()) {
                assertEquals(0.0, f.lo());
                assertEquals(1.0, f.hi());
            } else {
                double lo = visible.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
                double hi = visible.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
                assertEquals(lo, f.lo(), 0.0);
                assertEquals(lo == hi ? lo + 1 : hi, f.hi(), 0.0);
            }
        }
    }

    @Test
    void signedRangeIsSymmetricAndAnExplicitRangeWins() {
        double[][] data = {{-1, 3}, {Double.NaN, 2}};
        HeatmapFigure signed = HeatmapFigure.builder("s", data).signed(true).build();
        assertEquals(-3, signed.lo(), 0.0);
        assertEquals(3, signed.hi(), 0.0);
        HeatmapFigure fixed = HeatmapFigure.builder("f", data).range(0, 1).build();
        assertEquals(0, fixed.lo(), 0.0);
        assertEquals(1, fixed.hi(), 0.0);
    }
}
