package glassbox.core.ridge;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The QR route for λI + KᵀK (issue 22): where Cholesky of the formed matrix loses its digits (huge keys
 * with a small λ), the ridge solution and the solves are still right, checked against an exact
 * elimination in BigDecimal.
 */
class RidgeQrTest {

    private static final MathContext MC = new MathContext(60);

    /** (λI + KᵀK)⁻¹ b by Gaussian elimination in 60-digit BigDecimal: a reference written differently. */
    private static double[] exactSolve(double[][] k, double lambda, double[] b) {
        BigDecimal[] e = new BigDecimal[b.length];
        for (int i = 0; i < b.length; i++) e[i] = new BigDecimal(b[i]);
        BigDecimal[] x = exact(k, lambda, e);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i].doubleValue();
        return out;
    }

    private static BigDecimal[] exact(double[][] k, double lambda, BigDecimal[] b) {
        int d = b.length;
        BigDecimal[][] a = new BigDecimal[d][d + 1];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                BigDecimal s = i == j ? new BigDecimal(lambda) : BigDecimal.ZERO;
                for (double[] row : k) s = s.add(new BigDecimal(row[i]).multiply(new BigDecimal(row[j])), MC);
                a[i][j] = s;
            }
            a[i][d] = b[i];
        }
        for (int c = 0; c < d; c++) {
            for (int r = c + 1; r < d; r++) {
                BigDecimal f = a[r][c].divide(a[c][c], MC);
                for (int j = c; j <= d; j++) a[r][j] = a[r][j].subtract(f.multiply(a[c][j], MC), MC);
            }
        }
        BigDecimal[] xb = new BigDecimal[d];
        for (int r = d - 1; r >= 0; r--) {
            BigDecimal s = a[r][d];
            for (int j = r + 1; j < d; j++) s = s.subtract(a[r][j].multiply(xb[j], MC), MC);
            xb[r] = s.divide(a[r][r], MC);
        }
        return xb;
    }

    private static RidgeInputs inputs(double[][] k, double[][] v, double[][] q) {
        return new RidgeInputs(k, v, q, true, true, true);
    }

    @Test
    void hugeKeysWithASmallLambdaAreSolvedNotGuessed() {
        // The fuzzer's case: K = [1e6 1e6; 1e6 1e6], V = [1; 1], λ = 1e-4. W* = (λI + KᵀK)⁻¹KᵀV = (5e-7, 5e-7)
        // (by hand: KᵀV = 2e6·(1, 1), an eigenvector of KᵀK with eigenvalue 4e12).
        double[][] k = {{1e6, 1e6}, {1e6, 1e6}}, v = {{1}, {1}}, q = {{0.3, 0.6}, {1.5, 0.07}};
        RidgeInputs in = inputs(k, v, q);
        double[][] w = Ridge.ridgeSolution(Ridge.sums(in), in, 1e-4);
        assertNotNull(w);
        assertEquals(5e-7, w[0][0], 5e-7 * 1e-6);
        assertEquals(5e-7, w[1][0], 5e-7 * 1e-6);
        for (boolean causal : new boolean[]{false, true}) {
            Ridge.Pass p = Ridge.solve(in, 1e-4, causal, Ridge.all(2));
            assertEquals(-1, p.breakdown());
            // The output W*_tᵀq_t: every prefix has W* = (5e-7, 5e-7) (to 1e-16), so o_t = (q_1 + q_2)·5e-7.
            for (int t = 0; t < 2; t++) assertEquals((q[t][0] + q[t][1]) * 5e-7, p.out()[t][0], 1e-18, "o_" + t + " causal " + causal);
            for (int t = 0; t < 2; t++) {
                double[][] seen = causal ? java.util.Arrays.copyOf(k, t + 1) : k;
                double[] z = exactSolve(seen, 1e-4, q[t]);
                for (int i = 0; i < 2; i++) assertEquals(z[i], p.z()[t * 2 + i], Math.abs(z[i]) * 1e-6, "z_" + t + " causal " + causal);
            }
        }
    }

    @Test
    void qrRouteAgreesWithTheExactSolveOnRandomIllConditionedKeys() {
        // Keys up to 10⁸ with λ down to 10⁻⁵ (cond(λI + KᵀK) up to 10²¹): the weights K(λI + KᵀK)⁻¹q, the
        // output and W* = (λI + KᵀK)⁻¹KᵀV against 60-digit elimination, to 10⁻⁶ of their largest entry.
        Random rnd = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rnd.nextInt(6), d = 1 + rnd.nextInt(5), dv = 1 + rnd.nextInt(2);
            double scale = Math.pow(10, rnd.nextInt(9));
            double[][] k = new double[n][d], v = new double[n][dv];
            for (double[] row : k) for (int i = 0; i < d; i++) row[i] = scale * (rnd.nextInt(3) == 0 ? 1 : rnd.nextGaussian());
            for (double[] row : v) for (int c = 0; c < dv; c++) row[c] = rnd.nextGaussian();
            double lambda = Math.pow(10, -rnd.nextInt(6));
            double[] q = new double[d];
            for (int i = 0; i < d; i++) q[i] = rnd.nextGaussian();
            Ridge.QrRoute qr = Ridge.QrRoute.of(new RidgeInputs(k, v, new double[][]{q}, true, true, true), n, lambda);
            assertNotNull(qr);
            double[] z = new double[d], out = new double[dv];
            double[] w = qr.query(q, z, 0, out);

            BigDecimal[] qb = new BigDecimal[d];
            for (int i = 0; i < d; i++) qb[i] = new BigDecimal(q[i]);
            BigDecimal[] zb = exact(k, lambda, qb);
            double[] wantW = new double[n], wantOut = new double[dv];
            for (int t = 0; t < n; t++) {
                BigDecimal s = BigDecimal.ZERO;
                for (int i = 0; i < d; i++) s = s.add(new BigDecimal(k[t][i]).multiply(zb[i], MC), MC);
                wantW[t] = s.doubleValue();
            }
            for (int c = 0; c < dv; c++) {
                BigDecimal s = BigDecimal.ZERO;
                for (int t = 0; t < n; t++) {
                    BigDecimal wt = BigDecimal.ZERO;
                    for (int i = 0; i < d; i++) wt = wt.add(new BigDecimal(k[t][i]).multiply(zb[i], MC), MC);
                    s = s.add(wt.multiply(new BigDecimal(v[t][c]), MC), MC);
                }
                wantOut[c] = s.doubleValue();
            }
            assertClose(wantW, w, "weights, trial " + trial);
            assertClose(wantOut, out, "output, trial " + trial);

            double[][] sol = qr.solution();
            for (int c = 0; c < dv; c++) {
                BigDecimal[] kv = new BigDecimal[d];
                for (int i = 0; i < d; i++) {
                    BigDecimal s = BigDecimal.ZERO;
                    for (int t = 0; t < n; t++) s = s.add(new BigDecimal(k[t][i]).multiply(new BigDecimal(v[t][c]), MC), MC);
                    kv[i] = s;
                }
                BigDecimal[] x = exact(k, lambda, kv);
                double[] want = new double[d], got = new double[d];
                for (int i = 0; i < d; i++) { want[i] = x[i].doubleValue(); got[i] = sol[i][c]; }
                assertClose(want, got, "W*, column " + c + ", trial " + trial);
            }
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        double norm = 0;
        for (double y : want) norm = Math.max(norm, Math.abs(y));
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], norm * 1e-6, what + ", entry " + i);
    }

    @Test
    void choleskyRefusesAPivotThatLostItsDigits() {
        // λI + KᵀK = [2e12+1e-4, 2e12; 2e12, 2e12+1e-4]: the second pivot is 1e-4 of a 2e12 diagonal.
        double[] g = {2e12, 0, 2e12, 2e12};
        assertFalse(Ridge.factor(g, 1e-4, 2, new double[4]));
        double[] ok = {4, 0, 2, 3};
        assertTrue(Ridge.factor(ok, 1e-4, 2, new double[4]));
    }
}
