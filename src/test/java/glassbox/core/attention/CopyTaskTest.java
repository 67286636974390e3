package glassbox.core.attention;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CopyTaskTest {

    /** o_i by hand from q = (0,M,−M,M), k = (M,0,2M,−M), v = (0.5,u1,u2,u1), causal, τ = 1. */
    static double lossByHand(double m, double u1, double u2) {
        double m2 = m * m;
        double o1 = 0.5;
        double o2 = (Math.exp(m2) * 0.5 + 1 * u1) / (Math.exp(m2) + 1);
        double o3 = (Math.exp(-m2) * 0.5 + 1 * u1 + Math.exp(-2 * m2) * u2) / (Math.exp(-m2) + 1 + Math.exp(-2 * m2));
        double o4 = (Math.exp(m2) * 0.5 + u1 + Math.exp(2 * m2) * u2 + Math.exp(-m2) * u1) / (Math.exp(m2) + 1 + Math.exp(2 * m2) + Math.exp(-m2));
        return Math.abs(o1 - u1) + Math.abs(o2 - u2) + Math.abs(o3 - u1) + Math.abs(o4 - u2);
    }

    @Test
    void lossAtGivenSettingsByHand() {
        for (double m : new double[]{0, 0.5, 1, 1.7, 3}) {
            for (double[] u : new double[][]{{0.3, 0.8}, {0.9, 0.1}, {0.5, 0.5}}) {
                double[][] p = CopyTask.weights(m, 1, true);
                assertEquals(lossByHand(m, u[0], u[1]), CopyTask.loss(p, u[0], u[1]), 1e-12, "M=" + m);
                // Through the full attention with the actual tokens (x included) too.
                Attention.Result r = Attention.attend(Attention.scores(CopyTask.tokens(u[0], u[1]), CopyTask.wq(m), CopyTask.wk(m), CopyTask.wv(), 1),
                        true, 1, Attention.Mode.SOFTMAX, null);
                double l = 0;
                double[] y = CopyTask.targets(u[0], u[1]);
                for (int i = 0; i < 4; i++) l += Math.abs(r.output()[i][0] - y[i]);
                assertEquals(lossByHand(m, u[0], u[1]), l, 1e-12);
            }
        }
    }

    @Test
    void largeMStaysFiniteAndCopies() {
        // M = 100: scores up to 2M² = 20000; o = (0.5, 0.5, u1, u2) to double precision.
        double[][] p = CopyTask.weights(100, 1, true);
        for (double[] row : p) for (double x : row) assertTrue(Double.isFinite(x));
        assertEquals(Math.abs(0.5 - 0.3) + Math.abs(0.5 - 0.8), CopyTask.loss(p, 0.3, 0.8), 1e-15);
    }

    @Test
    void monteCarloAgreesWithQuadrature() {
        for (double m : new double[]{0.5, 2, 100}) {
            double[][] p = CopyTask.weights(m, 1, true);
            // Midpoint rule over [0,1]² on a 400×400 grid.
            int n = 400;
            double q = 0;
            for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) {
                double u1 = (a + 0.5) / n, u2 = (b + 0.5) / n;
                // M = 100: e^{2M²} overflows the hand formula; use its limit |0.5 − u1| + |0.5 − u2|.
                q += m > 10 ? Math.abs(0.5 - u1) + Math.abs(0.5 - u2) : lossByHand(m, u1, u2);
            }
            q /= (double) n * n;
            CopyTask.Estimate e = CopyTask.expectedLoss(p, 20000, 7);
            assertEquals(q, e.mean(), 4 * e.stdError() + 1e-4, "M=" + m);
        }
        // Large M reaches the best possible value 1/2 (within Monte Carlo error).
        CopyTask.Estimate e = CopyTask.expectedLoss(CopyTask.weights(100, 1, true), 50000, 3);
        assertEquals(CopyTask.BEST_EXPECTED_LOSS, e.mean(), 4 * e.stdError());
    }
}
