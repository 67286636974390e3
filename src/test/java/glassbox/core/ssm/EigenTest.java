package glassbox.core.ssm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EigenTest {

    static double[][] randomMatrix(int n, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[n][n];
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] = r.nextGaussian();
        return a;
    }

    /** Matches computed eigenvalues to expected ones greedily (each used once). */
    static void assertSameSpectrum(double[][] expected, double[][] got, double tol) {
        int n = expected[0].length;
        assertEquals(n, got[0].length);
        boolean[] used = new boolean[n];
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (used[j]) continue;
                double d = Math.hypot(expected[0][i] - got[0][j], expected[1][i] - got[1][j]);
                if (d < bd) { bd = d; best = j; }
            }
            used[best] = true;
            assertTrue(bd < tol, "eigenvalue " + expected[0][i] + " + " + expected[1][i] + "i not found (closest off by " + bd + ")");
        }
    }

    @Test
    void twoByTwoMatchesTheQuadraticFormula() {
        Random r = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian(), d = r.nextGaussian();
            double tr = a + d, det = a * d - b * c, disc = tr * tr / 4 - det;
            double[][] exp = disc >= 0
                    ? new double[][]{{tr / 2 + Math.sqrt(disc), tr / 2 - Math.sqrt(disc)}, {0, 0}}
                    : new double[][]{{tr / 2, tr / 2}, {Math.sqrt(-disc), -Math.sqrt(-disc)}};
            assertSameSpectrum(exp, Eigen.eigenvalues(new double[][]{{a, b}, {c, d}}), 1e-9);
        }
    }

    @Test
    void triangularGivesItsDiagonal() {
        double[][] a = randomMatrix(9, 5);
        double[][] exp = new double[2][9];
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < i; j++) a[i][j] = 0;
            exp[0][i] = a[i][i];
        }
        assertSameSpectrum(exp, Eigen.eigenvalues(a), 1e-9);
    }

    @Test
    void rotationScalingBlocksGiveConjugatePairs() {
        double[][] a = StateSpace.blockDiagonal(new double[][]{{0.9, 0}, {0.5, 0.3}, {-0.2, 0.7}, {0.1, 0}});
        double[][] exp = {{0.9, 0.5, 0.5, -0.2, -0.2, 0.1}, {0, 0.3, -0.3, 0.7, -0.7, 0}};
        assertSameSpectrum(exp, Eigen.eigenvalues(a), 1e-12);
    }

    @Test
    void companionMatrixEigenvaluesAreThePolynomialsRoots() {
        // Roots chosen first: 0.5, −0.8, 1.2, 0.3 ± 0.6i, −0.1 ± 0.9i; multiply out (z − r) in complex arithmetic.
        double[][] roots = {{0.5, -0.8, 1.2, 0.3, 0.3, -0.1, -0.1}, {0, 0, 0, 0.6, -0.6, 0.9, -0.9}};
        int n = roots[0].length;
        double[] pr = {1}, pi = {0};
        for (int k = 0; k < n; k++) {
            double[] nr = new double[pr.length + 1], ni = new double[pr.length + 1];
            for (int j = 0; j < pr.length; j++) {
                nr[j] += pr[j];
                ni[j] += pi[j];
                nr[j + 1] -= pr[j] * roots[0][k] - pi[j] * roots[1][k];
                ni[j + 1] -= pr[j] * roots[1][k] + pi[j] * roots[0][k];
            }
            pr = nr;
            pi = ni;
        }
        double[] coef = new double[n];
        for (int j = 0; j < n; j++) {
            assertEquals(0, pi[j + 1], 1e-12);
            coef[j] = pr[j + 1];
        }
        assertSameSpectrum(roots, Eigen.eigenvalues(StateSpace.companion(coef)), 1e-7);
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = 0; for (int k = 0; k < n; k++) s += a[i][k] * b[k][j]; c[i][j] = s; }
        return c;
    }

    /** Determinant by Gaussian elimination with partial pivoting. */
    static double det(double[][] m) {
        int n = m.length;
        double[][] a = StateSpace.copy(m);
        double d = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            if (p != c) { double[] t = a[p]; a[p] = a[c]; a[c] = t; d = -d; }
            d *= a[c][c];
            if (a[c][c] == 0) return 0;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
            }
        }
        return d;
    }

    @Test
    void randomMatricesSatisfyTraceDeterminantAndNewtonIdentities() {
        for (int n : new int[]{1, 3, 6, 12, 30, 64}) {
            for (long seed = 1; seed <= 3; seed++) {
                double[][] a = randomMatrix(n, seed * 100 + n);
                for (double[] r : a) for (int j = 0; j < n; j++) r[j] /= Math.sqrt(n);
                double[][] e = Eigen.eigenvalues(a);
                // Conjugate pairs: imaginary parts cancel.
                double imSum = 0;
                for (double v : e[1]) imSum += v;
                assertEquals(0, imSum, 1e-9);
                // tr(A^k) = Σ λ^k for k = 1 … 5 (Newton's identities tie these to the characteristic polynomial).
                double[][] pw = a;
                for (int k = 1; k <= 5; k++) {
                    double tr = 0;
                    for (int i = 0; i < n; i++) tr += pw[i][i];
                    double sr = 0, si = 0;
                    for (int i = 0; i < n; i++) {
                        double r = Math.hypot(e[0][i], e[1][i]), th = Math.atan2(e[1][i], e[0][i]);
                        sr += Math.pow(r, k) * Math.cos(k * th);
                        si += Math.pow(r, k) * Math.sin(k * th);
                    }
                    assertEquals(tr, sr, 1e-8 * Math.max(1, n), "n=" + n + " k=" + k);
                    assertEquals(0, si, 1e-8 * Math.max(1, n));
                    pw = mul(pw, a);
                }
                // det A = Π λ.
                double pr = 1, pi = 0;
                for (int i = 0; i < n; i++) {
                    double r = pr * e[0][i] - pi * e[1][i];
                    pi = pr * e[1][i] + pi * e[0][i];
                    pr = r;
                }
                double d = det(a);
                assertEquals(d, pr, 1e-8 * Math.max(1, Math.abs(d)), "det n=" + n);
                // Each real eigenvalue makes A − λI singular.
                for (int i = 0; i < n; i++) {
                    if (e[1][i] != 0) continue;
                    double[][] s = StateSpace.copy(a);
                    for (int j = 0; j < n; j++) s[j][j] -= e[0][i];
                    double scale = Math.pow(Math.max(1, Math.abs(e[0][i])) * 2, n);
                    assertTrue(Math.abs(det(s)) < 1e-6 * scale, "det(A − λI) for λ = " + e[0][i]);
                }
            }
        }
    }

    @Test
    void spectralRadiusOfScaledRandomMatrixIsTheChosenOne() {
        StateSpace s = StateSpace.random(20, 0.95, 7, 0);
        assertEquals(0.95, Eigen.spectralRadius(s.a()), 1e-10);
        List<Double> mods = new ArrayList<>();
        double[][] e = Eigen.eigenvalues(s.a());
        for (int i = 0; i < 20; i++) mods.add(Math.hypot(e[0][i], e[1][i]));
        for (int i = 1; i < 20; i++) assertTrue(mods.get(i) <= mods.get(i - 1) + 1e-12, "sorted by modulus");
    }

    @Test
    void hugeEntriesGiveFiniteEigenvaluesNotAnIterationFailure() {
        // Issue 22: from about 1e153 up the QR iteration overflowed ("did not converge") or gave NaN.
        double[][] a = {{1e299, 2e299, 3e299}, {4e299, 5e299, 6e299}, {7e299, 8e299, 1e299}};
        double[][] e = Eigen.eigenvalues(a);
        // Independent checks on the unit-scale matrix m = a/1e299: Σλ = trace, Πλ = det, and each λ a root of det(m − λI).
        double[][] m = {{1, 2, 3}, {4, 5, 6}, {7, 8, 1}};
        double sumRe = 0, sumIm = 0;
        double[] pr = {1, 0};
        for (int i = 0; i < 3; i++) {
            double re = e[0][i] / 1e299, im = e[1][i] / 1e299;
            assertTrue(Double.isFinite(re) && Double.isFinite(im));
            sumRe += re;
            sumIm += im;
            pr = new double[]{pr[0] * re - pr[1] * im, pr[0] * im + pr[1] * re};
            if (im == 0) {
                double l = re;
                double det = (m[0][0] - l) * ((m[1][1] - l) * (m[2][2] - l) - m[1][2] * m[2][1])
                        - m[0][1] * (m[1][0] * (m[2][2] - l) - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - (m[1][1] - l) * m[2][0]);
                assertEquals(0, det, 1e-9, "λ = " + l);
            }
        }
        assertEquals(7, sumRe, 1e-12);
        assertEquals(0, sumIm, 1e-12);
        double detM = 1 * (5 - 48) - 2 * (4 - 42) + 3 * (32 - 35); // = 24
        assertEquals(detM, pr[0], 1e-10);
    }

    @Test
    void aMatrixAtTheTopOfTheRangeHasItsClosedFormEigenvalues() {
        // [[c, c], [c, −c]]: λ = ±√2·c; the spectral radius 1.41e300, not NaN.
        double c = 1e300;
        double[][] e = Eigen.eigenvalues(new double[][]{{c, c}, {c, -c}});
        assertEquals(Math.sqrt(2) * c, e[0][0], 1e-14 * c);
        assertEquals(-Math.sqrt(2) * c, e[0][1], 1e-14 * c);
        assertEquals(Math.sqrt(2) * c, Eigen.spectralRadius(new double[][]{{c, c}, {c, -c}}), 1e-14 * c);
        // A rotation-like block at 1e200: λ = c(1 ± i), |λ| = √2·c.
        double d = 1e200;
        assertEquals(Math.sqrt(2) * d, Eigen.spectralRadius(new double[][]{{d, -d}, {d, d}}), 1e-14 * d);
    }

    @Test
    void illScaledSimilarMatricesKeepTheirEigenvalues() {
        // m = R diag(3, −1, 0.5) Rᵀ (R a rotation about z then x, in closed form), a = D m D⁻¹ with D = diag(1, 1e8, 1e−8).
        double t = 0.7, u = 1.1;
        double[][] rz = {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(u), -Math.sin(u)}, {0, Math.sin(u), Math.cos(u)}};
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[i][j] += rz[i][k] * rx[k][j];
        double[] lam = {3, -1, 0.5}, dd = {1, 1e8, 1e-8};
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            double mij = 0;
            for (int k = 0; k < 3; k++) mij += r[i][k] * lam[k] * r[j][k];
            a[i][j] = dd[i] * mij / dd[j];
        }
        double[][] e = Eigen.eigenvalues(a);
        assertEquals(3, e[0][0], 1e-9);
        assertEquals(-1, e[0][1], 1e-9);
        assertEquals(0.5, e[0][2], 1e-9);
        for (int i = 0; i < 3; i++) assertEquals(0, e[1][i], 1e-9);
    }
}
