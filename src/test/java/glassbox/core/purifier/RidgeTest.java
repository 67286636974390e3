package glassbox.core.purifier;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RidgeTest {

    /** (G + λI)⁻¹ G by Gaussian elimination with partial pivoting on [G + λI | G]; equals G (G + λI)⁻¹ as they commute. */
    static double[][] ridgeByElimination(double[][] x, double lambda) {
        int m = x.length, n = x[0].length;
        double[][] aug = new double[m][2 * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double g = 0;
                for (int c = 0; c < n; c++) g += x[i][c] * x[j][c];
                aug[i][j] = g + (i == j ? lambda : 0);
                aug[i][m + j] = g;
            }
        }
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) if (Math.abs(aug[r][col]) > Math.abs(aug[piv][col])) piv = r;
            double[] t = aug[col]; aug[col] = aug[piv]; aug[piv] = t;
            for (int r = 0; r < m; r++) {
                if (r == col) continue;
                double f = aug[r][col] / aug[col][col];
                for (int c = col; c < 2 * m; c++) aug[r][c] -= f * aug[col][c];
            }
        }
        double[][] w = new double[m][m];
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) w[i][j] = aug[i][m + j] / aug[i][i];
        return w;
    }

    @Test
    void wMatchesClosedFormOnRandomData() {
        Random r = new Random(42);
        for (int trial = 0; trial < 6; trial++) {
            int m = 2 + r.nextInt(9), n = m + r.nextInt(20);
            double[][] x = new double[m][n];
            for (double[] row : x) for (int j = 0; j < n; j++) row[j] = r.nextGaussian() * (1 + r.nextInt(3));
            Svd s = Svd.of(x);
            for (double lambda : new double[]{1e-3, 0.37, 1, 12.5, 1e3}) {
                double[][] w = Ridge.w(s.u(), Ridge.filters(s.sigma(), lambda));
                double[][] ref = ridgeByElimination(x, lambda);
                for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) assertEquals(ref[i][j], w[i][j], 1e-9, "Ŵ[" + i + "," + j + "] λ=" + lambda);
            }
        }
    }

    @Test
    void optimumLossIsTheLossOfWHatAndNoPerturbationBeatsIt() {
        Random r = new Random(5);
        int m = 4, n = 9;
        double[][] x = new double[m][n];
        for (double[] row : x) for (int j = 0; j < n; j++) row[j] = r.nextGaussian();
        double lambda = 2.5;
        Svd s = Svd.of(x);
        double[][] w = Ridge.w(s.u(), Ridge.filters(s.sigma(), lambda));
        double direct = loss(x, w, lambda);
        Ridge.Optimum o = Ridge.optimum(s.sigma(), lambda);
        assertEquals(direct, o.total(), 1e-9);
        assertEquals(o.reconstruction() + lambda * o.regularization(), o.total(), 1e-9);
        for (int t = 0; t < 20; t++) {
            double[][] p = new double[m][m];
            for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) p[i][j] = w[i][j] + 0.01 * r.nextGaussian();
            assertTrue(loss(x, p, lambda) > direct);
        }
    }

    static double loss(double[][] x, double[][] w, double lambda) {
        int m = x.length, n = x[0].length;
        double rec = 0, reg = 0;
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < n; c++) {
                double wx = 0;
                for (int k = 0; k < m; k++) wx += w[i][k] * x[k][c];
                rec += (x[i][c] - wx) * (x[i][c] - wx);
            }
            for (int k = 0; k < m; k++) reg += w[i][k] * w[i][k];
        }
        return rec + lambda * reg;
    }

    @Test
    void filterIsHalfAtSqrtLambdaAndSafeAtExtremes() {
        assertEquals(0.5, Ridge.filter(Math.sqrt(7.3), 7.3), 1e-15);
        assertEquals(16.0 / 17.0, Ridge.filter(4, 1), 1e-15);
        assertEquals(0, Ridge.filter(0, 1));
        assertEquals(1, Ridge.filter(1e200, 1), 0);
        assertEquals(0, Ridge.filter(1e-200, 1), 1e-300);
    }

    @Test
    void eightSigmasIntervalByHand() {
        // docs/LABS.md: keep ≥ 0.8 of the top 3, attenuate the rest to ≤ 0.5.
        // Keeping σ_3 = 4: λ ≤ 4²·(1 − 0.8)/0.8 = 16·0.25 = 4. Attenuating σ_4 = 1: λ ≥ 1²·(1 − 0.5)/0.5 = 1.
        double[] s = {10, 8, 4, 1, 0.5, 0.36, 0.16, 0.01};
        Ridge.Interval iv = Ridge.interval(s, 3, 0.8, 0.5);
        assertTrue(iv.feasible());
        assertEquals(1.0, iv.lo(), 1e-12);
        assertEquals(4.0, iv.hi(), 1e-12);
        assertEquals(4, iv.sigmaK());
        assertEquals(1, iv.sigmaK1());
        // At both ends the constraints hold with equality.
        assertEquals(0.8, Ridge.filter(4, 4), 1e-12);
        assertEquals(0.5, Ridge.filter(1, 1), 1e-12);
    }

    @Test
    void intervalAgainstBruteForceGrid() {
        Random r = new Random(9);
        int infeasible = 0, feasible = 0;
        for (int trial = 0; trial < 60; trial++) {
            int m = 3 + r.nextInt(6);
            double[] s = new double[m];
            for (int i = 0; i < m; i++) s[i] = Math.exp(r.nextGaussian() * 2);
            java.util.Arrays.sort(s);
            for (int i = 0, j = m - 1; i < j; i++, j--) { double t = s[i]; s[i] = s[j]; s[j] = t; }
            int k = 1 + r.nextInt(m - 1);
            double pk = 0.05 + 0.9 * r.nextDouble(), pa = 0.05 + 0.9 * r.nextDouble();
            Ridge.Interval iv = Ridge.interval(s, k, pk, pa);
            double gridLo = Double.NaN, gridHi = Double.NaN;
            int steps = 20000;
            for (int g = 0; g <= steps; g++) {
                double lambda = Math.pow(10, -8 + 16.0 * g / steps);
                boolean ok = true;
                for (int i = 0; i < m; i++) {
                    double f = s[i] * s[i] / (s[i] * s[i] + lambda);
                    ok &= i < k ? f >= pk : f <= pa;
                }
                if (ok) {
                    if (Double.isNaN(gridLo)) gridLo = lambda;
                    gridHi = lambda;
                }
            }
            if (!iv.feasible()) {
                infeasible++;
                assertTrue(Double.isNaN(gridLo), "no grid λ may satisfy both when infeasible");
                assertNotNull(iv.reason());
            } else if (!Double.isNaN(gridLo)) {
                feasible++;
                double ratio = Math.pow(10, 16.0 / steps) * 1.0000001; // one grid step
                assertTrue(gridLo >= iv.lo() / 1.0000001 && gridLo <= iv.lo() * ratio, "lo " + iv.lo() + " grid " + gridLo);
                assertTrue(gridHi <= iv.hi() * 1.0000001 && gridHi >= iv.hi() / ratio, "hi " + iv.hi() + " grid " + gridHi);
            } else {
                // Feasible but narrower than one grid step.
                assertTrue(iv.hi() / iv.lo() < Math.pow(10, 16.0 / steps) * 1.001);
            }
        }
        assertTrue(feasible > 5 && infeasible > 5, "both cases exercised: " + feasible + " / " + infeasible);
    }

    @Test
    void infeasibleSaysWhy() {
        Ridge.Interval iv = Ridge.interval(new double[]{10, 8, 4, 3.9}, 3, 0.9, 0.1);
        assertFalse(iv.feasible());
        assertTrue(iv.reason().contains("σ_3") && iv.reason().contains("σ_4"), iv.reason());
        Ridge.Interval zero = Ridge.interval(new double[]{1, 0, 0}, 2, 0.5, 0.5);
        assertFalse(zero.feasible());
        assertTrue(zero.reason().contains("0"));
    }
}
