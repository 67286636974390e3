package glassbox.core.ridge;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * issue 18: the gradients of one ridge-attention output with respect to λ, K, V and q, against finite differences of a
 * loss written differently — through the n × n form w = (λI_n + K Kᵀ)⁻¹ K q (push-through identity), solved by
 * Gaussian elimination — on every entry, not only the entries the lab checks itself.
 */
class RidgeGradientsTest {

    /** Σ_c o_c with w = (λI_m + K Kᵀ)⁻¹ K q over the first m pairs, by elimination with partial pivoting. */
    static double lossPushThrough(double[][] k, double[][] v, double lambda, int m, double[] q) {
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = i == j ? lambda : 0;
                for (int c = 0; c < q.length; c++) s += k[i][c] * k[j][c];
                a[i][j] = s;
            }
            double kq = 0;
            for (int c = 0; c < q.length; c++) kq += k[i][c] * q[c];
            a[i][m] = kq;
        }
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
            double[] t = a[col]; a[col] = a[piv]; a[piv] = t;
            for (int r = 0; r < m; r++) {
                if (r == col) continue;
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= m; c++) a[r][c] -= f * a[col][c];
            }
        }
        double l = 0;
        for (int i = 0; i < m; i++) {
            double w = a[i][m] / a[i][i], vs = 0;
            for (double x : v[i]) vs += x;
            l += w * vs;
        }
        return l;
    }

    @Test
    void closedFormAgreesWithFiniteDifferencesOfThePushThroughForm() {
        for (boolean causal : new boolean[]{false, true}) {
            RidgeInputs in = RidgeInputs.resolve("", "", "", 7, 3, 11);
            double lambda = 0.7;
            int query = 4, m = causal ? query + 1 : 7;
            RidgeGradients g = RidgeGradients.compute(in, lambda, causal, query);
            double[] q = in.Q()[query];
            double base = lossPushThrough(in.K(), in.V(), lambda, m, q);
            assertEquals(base, g.loss(), 1e-12);
            double h = 1e-6;
            assertEquals((lossPushThrough(in.K(), in.V(), lambda + h, m, q) - lossPushThrough(in.K(), in.V(), lambda - h, m, q)) / (2 * h), g.dLambda(), 1e-7);
            for (int c = 0; c < 3; c++) {
                double[] up = q.clone(), down = q.clone();
                up[c] += h;
                down[c] -= h;
                assertEquals((lossPushThrough(in.K(), in.V(), lambda, m, up) - lossPushThrough(in.K(), in.V(), lambda, m, down)) / (2 * h), g.dQ()[c], 1e-7);
            }
            for (int i = 0; i < 7; i++) {
                for (int c = 0; c < 3; c++) {
                    for (boolean key : new boolean[]{true, false}) {
                        double[][] mat = key ? in.K() : in.V();
                        double keep = mat[i][c];
                        mat[i][c] = keep + h;
                        double up = lossPushThrough(in.K(), in.V(), lambda, m, q);
                        mat[i][c] = keep - h;
                        double down = lossPushThrough(in.K(), in.V(), lambda, m, q);
                        mat[i][c] = keep;
                        double want = (up - down) / (2 * h);
                        double got = key ? g.dK()[i][c] : g.dV()[i][c];
                        assertEquals(want, got, 1e-7, (key ? "K" : "V") + "[" + i + "," + c + "], causal " + causal);
                        if (causal && i > query) assertEquals(0, got, 0, "query " + query + " does not see position " + i);
                    }
                }
            }
            assertTrue(g.maxRelDiff() < 1e-7, "the lab's own check: " + g.maxRelDiff());
            assertTrue(g.dLambda() != 0 && RidgeGradients.norm(g.dK()) > 0 && RidgeGradients.norm(g.dV()) > 0 && RidgeGradients.norm(g.dQ()) > 0);
        }
    }

    @Test
    void theLabComputesThemOnRequestAndRefusesWhatWouldTakeTooLong() {
        RidgeResult r = new RidgeAttention().compute(new RidgeSpec("", "", "", 12, 3, 4, 0.5, true, RidgeSpec.Method.SHERMAN_MORRISON, false, true, 11));
        assertNotNull(r.gradients());
        assertEquals(12, r.gradients().seen());
        assertNull(new RidgeAttention().compute(new RidgeSpec("", "", "", 12, 3, 4, 0.5, true, RidgeSpec.Method.SHERMAN_MORRISON, false)).gradients());
        ParamException big = assertThrows(ParamException.class,
                () -> new RidgeAttention().compute(new RidgeSpec("", "", "", 2048, 256, 4, 0.5, false, RidgeSpec.Method.SHERMAN_MORRISON, false, true, 0)));
        assertEquals("gradients", big.key());
        assertEquals("grad_query", assertThrows(ParamException.class,
                () -> new RidgeAttention().compute(new RidgeSpec("", "", "", 12, 3, 4, 0.5, true, RidgeSpec.Method.SHERMAN_MORRISON, false, true, 12))).key());
    }

    @Test
    void nonCausalTimingIsMeasuredBesideTheCausalRecursion() {
        RidgeTiming t = RidgeTiming.measure(RidgeInputs.resolve("", "", "", 64, 4, 1), 1);
        assertEquals(t.n().length, t.nonCausalMs().length);
        for (double ms : t.nonCausalMs()) assertTrue(ms > 0 && Double.isFinite(ms));
    }
}
