package glassbox.core.attention;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SoftmaxTest {
    static final double[] TAUS = {0, 1e-3, 0.37, 1, 8, 1e4, Double.POSITIVE_INFINITY};

    static double[][] random(SplittableRandom r, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = scale * r.nextDouble(-1, 1);
        return m;
    }

    @Test
    void rowsMatchTheReferenceForBothMasksAndEveryTemperature() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 30; trial++) {
            int t = 1 + r.nextInt(12);
            // Scores up to 1e5: exp(1e5) overflows a naive softmax at τ = 1.
            double scale = trial % 3 == 0 ? 1e5 : trial % 3 == 1 ? 3 : 0.01;
            double[][] s = random(r, t, t, scale);
            if (trial % 5 == 0) s[t - 1] = new double[t]; // an all-tie row
            for (boolean causal : new boolean[]{false, true}) {
                for (double tau : TAUS) {
                    double[][] p = Softmax.rows(s, Masks.of(t, causal), tau);
                    for (int i = 0; i < t; i++) {
                        double[] ref = ReferenceAttention.softmaxRow(s[i], i, causal, tau);
                        double sum = 0;
                        for (int j = 0; j < t; j++) {
                            assertTrue(Double.isFinite(p[i][j]), "finite");
                            assertEquals(ref[j], p[i][j], 1e-12, "t=" + t + " causal=" + causal + " tau=" + tau + " (" + i + "," + j + ")");
                            if (causal && j > i) assertEquals(0.0, p[i][j]);
                            sum += p[i][j];
                        }
                        assertEquals(1.0, sum, 1e-12);
                        // The entropy shortcut against −Σ p log p of the reference weights.
                        double h = 0;
                        for (double x : ref) if (x > 0) h -= x * Math.log(x);
                        assertEquals(h, Softmax.rowWithEntropy(s[i], Masks.of(t, causal)[i], tau, new double[t]), 1e-9);
                    }
                }
            }
        }
    }

    @Test
    void limitsAreExact() {
        double[] s = {9, 0, 9, 4};
        assertArrayEquals(new double[]{0.5, 0, 0.5, 0}, Softmax.row(s, null, 0), 0);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, Softmax.row(s, null, Double.POSITIVE_INFINITY), 0);
        boolean[] m = {false, false, true, true};
        assertArrayEquals(new double[]{1, 0, 0, 0}, Softmax.row(s, m, 0), 0);
        assertArrayEquals(new double[]{0.5, 0.5, 0, 0}, Softmax.row(s, m, Double.POSITIVE_INFINITY), 0);
        // Huge scores at a tiny temperature stay finite and approach the argmax.
        double[] big = {20000, 19999, -20000};
        double[] p = Softmax.row(big, null, 1);
        assertEquals(1 / (1 + Math.exp(-1)), p[0], 1e-15);
        assertEquals(0.0, p[2]);
        // exp(z/τ) with τ = 1e-300 would overflow: still exact argmax.
        assertArrayEquals(new double[]{1, 0, 0}, Softmax.row(big, null, 1e-300), 0);
        assertEquals(Math.log(4), Softmax.entropy(Softmax.row(s, null, Double.POSITIVE_INFINITY)), 1e-15);
        assertEquals(2, Softmax.ties(s, null));
    }

    @Test
    void temperatureFourThreeTwoOne() {
        // z = (4,3,2,1) at τ = 1: e^{-k}/(1+e^-1+e^-2+e^-3), by hand.
        double d = 1 + Math.exp(-1) + Math.exp(-2) + Math.exp(-3);
        double[] p = Softmax.row(new double[]{4, 3, 2, 1}, null, 1);
        for (int k = 0; k < 4; k++) assertEquals(Math.exp(-k) / d, p[k], 1e-15);
        // z = (a,a,a,a) is uniform at every τ including 0.
        for (double tau : TAUS) assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, Softmax.row(new double[]{7, 7, 7, 7}, null, tau), 0);
    }

    @Test
    void nonFiniteScoresNeverGiveNaN() {
        double[] s = {Double.POSITIVE_INFINITY, 1, Double.NaN, Double.POSITIVE_INFINITY};
        assertArrayEquals(new double[]{0.5, 0, 0, 0.5}, Softmax.row(s, null, 1), 0);
        assertArrayEquals(new double[]{0.5, 0.5}, Softmax.row(new double[]{Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, null, 1), 0);
    }

    @Test
    void negativeTemperatureIsRefused() {
        ParamException e = assertThrows(ParamException.class, () -> Softmax.row(new double[]{1}, null, -0.5));
        assertEquals("temperature", e.key());
        assertThrows(ParamException.class, () -> Softmax.row(new double[]{1}, null, Double.NaN));
    }

    @Test
    void logSumExpIsStable() {
        assertEquals(1000 + Math.log(2), Softmax.logSumExp(new double[]{1000, 1000}, null), 1e-12);
        assertEquals(-1000 + Math.log(3), Softmax.logSumExp(new double[]{-1000, -1000, -1000}, null), 1e-12);
    }

    @Test
    void causalMaskShape() {
        boolean[][] m = Masks.causal(3);
        assertFalse(m[2][0]);
        assertFalse(m[1][1]);
        assertTrue(m[0][1]);
        assertEquals(2, Masks.visibleCount(m, 1));
    }
}
