package glassbox.core.ssm;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ForwardTest {

    @Test
    void recurrenceEqualsConvolutionDirectAndFft() {
        Random r = new Random(2);
        for (int n : new int[]{1, 2, 6, 16}) {
            for (int len : new int[]{0, 1, 5, 63, 300, 1000}) {
                StateSpace s = StateSpace.random(n, 0.95, n + 7L * len, r.nextGaussian());
                for (Forward.Input in : Forward.Input.values()) {
                    double[] u = Forward.input(in, len, 7.5, 3);
                    assertEquals(len + 1, u.length);
                    double[] k = Kernels.sequential(s, len);
                    double[] yr = Forward.recurrent(s, u);
                    double[] yd = Forward.convolveDirect(k, u), yf = Forward.convolveFft(k, u);
                    // An independent reference: y_j = Σ_{l ≤ j} K_l u_{j−l} by its definition.
                    for (int j = 0; j <= len; j++) {
                        double y = 0;
                        for (int l = 0; l <= j; l++) y += k[l] * u[j - l];
                        double tol = 1e-10 * Math.max(1, Math.abs(y)) * Math.max(1, Math.sqrt(len));
                        assertEquals(y, yr[j], tol);
                        assertEquals(y, yd[j], tol);
                        assertEquals(y, yf[j], tol);
                    }
                }
            }
        }
    }

    @Test
    void impulseResponseIsTheKernelAndStepResponseItsRunningSum() {
        StateSpace s = new StateSpace(new double[][]{{0.8}}, new double[]{1}, new double[]{1.5}, 0.25, StateSpace.Structure.MATRIX, null);
        double[] y = Forward.recurrent(s, Forward.input(Forward.Input.IMPULSE, 4, 8, 0));
        assertArrayEquals(new double[]{0.25, 1.5, 1.2, 0.96, 0.768}, y, 1e-15);
        double[] st = Forward.recurrent(s, Forward.input(Forward.Input.STEP, 4, 8, 0));
        assertArrayEquals(new double[]{0.25, 1.75, 2.95, 3.91, 4.678}, st, 1e-14);
    }

    @Test
    void inputsAreWhatTheySay() {
        double[] sine = Forward.input(Forward.Input.SINE, 16, 8, 0);
        assertEquals(0, sine[0], 0);
        assertEquals(1, sine[2], 1e-15);
        assertEquals(-1, sine[6], 1e-15);
        double[] a = Forward.input(Forward.Input.NOISE, 1000, 8, 5), b = Forward.input(Forward.Input.NOISE, 1000, 8, 5);
        assertArrayEquals(a, b);
        double mean = 0, var = 0;
        for (double v : a) mean += v / a.length;
        for (double v : a) var += (v - mean) * (v - mean) / a.length;
        assertEquals(0, mean, 0.15);
        assertEquals(1, var, 0.15);
        assertNotEquals(a[3], Forward.input(Forward.Input.NOISE, 1000, 8, 6)[3]);
    }

    @Test
    void overflowingKernelConvolvesToSignedInfinity() {
        StateSpace s = new StateSpace(new double[][]{{3}}, new double[]{1}, new double[]{1}, 0, StateSpace.Structure.MATRIX, null);
        int len = 800;
        double[] k = Kernels.sequential(s, len);
        int first = SsmResult.firstOverflow(k);
        assertTrue(first > 600 && first < 700, "3^l overflows near l = 646");
        for (boolean fft : new boolean[]{false, true}) {
            double[] imp = Forward.convolve(k, Forward.input(Forward.Input.IMPULSE, len, 8, 0), fft);
            // The FFT's error is relative to the largest term (here near 1e308); direct is exact per tap.
            double big = Math.abs(k[first - 1]);
            for (int j = 0; j <= len; j++) {
                if (j < first) assertEquals(k[j], imp[j], fft ? 1e-12 * big : 1e-15 * Math.abs(k[j]));
                else assertEquals(Double.POSITIVE_INFINITY, imp[j]);
            }
            double[] neg = new double[len + 1];
            java.util.Arrays.fill(neg, -1);
            double[] y = Forward.convolve(k, neg, fft);
            assertEquals(Double.NEGATIVE_INFINITY, y[len]);
            // The recurrence agrees, with signs.
            double[] yr = Forward.recurrent(s, neg);
            assertEquals(Double.NEGATIVE_INFINITY, yr[len]);
            for (int j = 0; j < first; j++) assertEquals(yr[j], y[j], fft ? 1e-12 * big : 1e-12 * Math.max(1, Math.abs(yr[j])));
        }
        // An alternating input against +∞ taps: the infinite terms disagree, the sign is lost (NaN, shown as ±∞ overflow).
        double[] alt = new double[len + 1];
        for (int j = 0; j <= len; j++) alt[j] = j % 2 == 0 ? 1 : -1;
        double[] y = Forward.convolve(k, alt, true);
        assertTrue(Double.isNaN(y[len]));
        assertTrue(Double.isFinite(y[first - 1]));
    }

    @Test
    void drawnSamplesAreResampledLinearly() {
        assertArrayEquals(new double[5], Forward.resample(new double[0], 4));
        assertArrayEquals(new double[]{3, 3, 3}, Forward.resample(new double[]{3}, 2));
        double[] same = {1, 2, 3};
        assertArrayEquals(same, Forward.resample(same, 2));
        // Three samples onto L = 4 (positions k/2) and onto L = 1 (the two ends).
        assertArrayEquals(new double[]{0, 0.5, 1, -0.5, -2}, Forward.resample(new double[]{0, 1, -2}, 4), 1e-15);
        assertArrayEquals(new double[]{0, -2}, Forward.resample(new double[]{0, 1, -2}, 1), 1e-15);
        assertArrayEquals(new double[]{1, -2.5, 0}, Forward.parseSamples("u", " 1, -2.5 ;0 ", 10));
        assertEquals(0, Forward.parseSamples("u", "  ", 10).length);
        glassbox.core.ParamException e = assertThrows(glassbox.core.ParamException.class, () -> Forward.parseSamples("u", "1,2,3", 2));
        assertEquals("u", e.key());
    }
}
