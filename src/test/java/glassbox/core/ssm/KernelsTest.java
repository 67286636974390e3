package glassbox.core.ssm;

import glassbox.core.Backend;
import glassbox.core.Nd4jRuntime;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class KernelsTest {

    static StateSpace sys(double[][] a, double[] b, double[] c, double d) {
        return new StateSpace(a, b, c, d, StateSpace.Structure.MATRIX, null);
    }

    /** The definition with an explicit power: P ← P·A, K_l = Σ_ij C_i P_ij B_j (a plain reference written differently). */
    static double[] reference(StateSpace s, int len) {
        int n = s.n();
        double[] k = new double[len + 1];
        k[0] = s.d();
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) p[i][i] = 1;
        for (int l = 1; l <= len; l++) {
            double sum = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sum += s.c()[i] * p[i][j] * s.b()[j];
            k[l] = sum;
            p = EigenTest.mul(p, s.a());
        }
        return k;
    }

    static double[] gauss(int n, Random r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    static void close(double[] exp, double[] got, double rel) {
        assertEquals(exp.length, got.length);
        double scale = 0;
        for (double v : exp) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < exp.length; i++) assertEquals(exp[i], got[i], rel * Math.max(1, scale), "index " + i);
    }

    @Test
    void oneFusedStepGivesTheNumbersOfTheSeparatePasses() {
        // The recurrence's step (A v + bias·bu, its max |entry| and C·out in one pass) against a plain
        // row-by-row product followed by the separate max and dot loops, bit for bit.
        Random r = new Random(3);
        for (int n : new int[]{1, 3, 7, 8, 9, 16, 21, 64}) {
            double[][] a = gauss(n, n, r);
            double[] v = gauss(n, r), bias = gauss(n, r), c = gauss(n, r);
            double bu = r.nextGaussian();
            double[] out = new double[n], dot = new double[1];
            double m = Kernels.step(Kernels.packed(a), n, v, bias, bu, c, out, dot);
            double[] exp = new double[n];
            double mx = 0, d = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i][j] * v[j];
                exp[i] = s + bias[i] * bu;
                if (Math.abs(exp[i]) > mx) mx = Math.abs(exp[i]);
            }
            for (int i = 0; i < n; i++) d += c[i] * exp[i];
            assertArrayEquals(exp, out, "n = " + n);
            assertEquals(mx, m, "n = " + n);
            assertEquals(d, dot[0], "n = " + n);
            // Without a bias: the plain product.
            Kernels.step(Kernels.packed(a), n, v, null, 0, c, out, dot);
            double[] plain = new double[n];
            Kernels.matvec(Kernels.packed(a), n, v, plain);
            assertArrayEquals(plain, out, "n = " + n);
            // A NaN entry is skipped by the max, as in the separate pass.
            bias[n / 2] = Double.NaN;
            m = Kernels.step(Kernels.packed(a), n, v, bias, bu, c, out, dot);
            assertTrue(Double.isNaN(out[n / 2]));
            double rest = 0;
            for (int i = 0; i < n; i++) if (i != n / 2) rest = Math.max(rest, Math.abs(out[i]));
            assertEquals(rest, m, "n = " + n);
        }
    }

    @Test
    void doublingSharedBetweenRowRangesIsTheSameKernel() {
        for (int n : new int[]{1, 2, 7, 12}) {
            for (int len : new int[]{1, 2, 3, 5, 64, 77}) {
                StateSpace s = StateSpace.random(n, 0.95, n * 7L + len, 0.4);
                double[] whole = Kernels.doubling(s, len, false);
                for (int cut = 0; cut <= n; cut += Math.max(1, n / 3)) {
                    Kernels.Doubling job = new Kernels.Doubling(s, len);
                    job.prefix();
                    job.rows(cut, n); // in either order, as two threads may
                    job.rows(0, cut);
                    assertArrayEquals(whole, job.finish(), "n = " + n + ", L = " + len + ", cut = " + cut);
                }
                close(reference(s, len), whole, 1e-12);
            }
        }
    }

    static double[][] gauss(int rows, int cols, Random r) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
        return m;
    }

    @Test
    void scalarPresetByHand() {
        // A = 0.8, B = 1, C = 1.5, D = 0: K = (D, CB, CAB, CA²B, CA³B) = (0, 1.5, 1.5·0.8, 1.5·0.64, 1.5·0.512).
        StateSpace s = sys(new double[][]{{0.8}}, new double[]{1}, new double[]{1.5}, 0);
        double[] exp = {0, 1.5, 1.2, 0.96, 0.768};
        close(exp, Kernels.sequential(s, 4), 1e-15);
        close(exp, Kernels.doubling(s, 4, false), 1e-15);
        close(exp, Kernels.diagonal(s, 4), 1e-15);
    }

    @Test
    void twoDPresetByHand() {
        // A = [[0.7, 0.1], [0.2, 0.6]], B = e1, C = e1ᵀ: K_l = (A^{l−1})_{11}.
        // A² = [[0.49 + 0.02, 0.07 + 0.06], [0.14 + 0.12, 0.02 + 0.36]] = [[0.51, 0.13], [0.26, 0.38]].
        StateSpace s = sys(new double[][]{{0.7, 0.1}, {0.2, 0.6}}, new double[]{1, 0}, new double[]{1, 0}, 0);
        double[] exp = {0, 1, 0.7, 0.51};
        close(exp, Kernels.sequential(s, 3), 1e-15);
        close(exp, Kernels.doubling(s, 3, false), 1e-15);
    }

    @Test
    void denseAndCompanionMethodsAgreeWithTheDefinition() {
        Random r = new Random(11);
        for (int n : new int[]{1, 2, 3, 5, 8, 17}) {
            for (int len : new int[]{1, 2, 3, 7, 64, 100}) {
                StateSpace s = StateSpace.random(n, 0.97, n * 31L + len, r.nextGaussian());
                double[] ref = reference(s, len);
                close(ref, Kernels.sequential(s, len), 1e-12);
                close(ref, Kernels.doubling(s, len, false), 1e-12);
                double[][] comp = StateSpace.companion(gauss(n, r));
                // Scale the polynomial's roots inside the unit disc: A/ρ·0.9.
                double rho = Eigen.spectralRadius(comp);
                for (double[] row : comp) for (int j = 0; j < n; j++) row[j] *= 0.9 / rho;
                StateSpace c = sys(comp, gauss(n, r), gauss(n, r), 0.3);
                double[] refc = reference(c, len);
                close(refc, Kernels.sequential(c, len), 1e-11);
                close(refc, Kernels.doubling(c, len, false), 1e-11);
            }
        }
    }

    @Test
    void diagonalMethodMatchesPolarClosedForm() {
        Random r = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int reals = r.nextInt(3), pairs = 1 + r.nextInt(3);
            double[][] eig = new double[reals + pairs][2];
            for (int i = 0; i < eig.length; i++) {
                eig[i][0] = r.nextDouble(-0.95, 0.95);
                eig[i][1] = i < reals ? 0 : r.nextDouble(0.05, 0.3);
            }
            double[][] a = StateSpace.blockDiagonal(eig);
            int n = a.length;
            StateSpace s = sys(a, gauss(n, r), gauss(n, r), r.nextGaussian());
            assertNull(StateSpace.notDiagonal(a));
            int len = 200;
            // Closed form: a real λ contributes C_i B_i λ^{l−1}; a block [[a,−b],[b,a]] = ρ R(θ), so its
            // power is ρ^j R(jθ) and contributes [C_i C_{i+1}] ρ^j [[cos, −sin], [sin, cos]] [B_i; B_{i+1}].
            double[] exp = new double[len + 1];
            exp[0] = s.d();
            for (int l = 1; l <= len; l++) {
                int j = l - 1;
                double sum = 0;
                int i = 0;
                for (double[] e : eig) {
                    if (e[1] == 0) { sum += s.c()[i] * Math.pow(e[0], j) * s.b()[i]; i++; continue; }
                    double rho = Math.hypot(e[0], e[1]), th = Math.atan2(e[1], e[0]), pj = Math.pow(rho, j);
                    double co = pj * Math.cos(j * th), si = pj * Math.sin(j * th);
                    double x0 = co * s.b()[i] - si * s.b()[i + 1], x1 = si * s.b()[i] + co * s.b()[i + 1];
                    sum += s.c()[i] * x0 + s.c()[i + 1] * x1;
                    i += 2;
                }
                exp[l] = sum;
            }
            close(exp, Kernels.diagonal(s, len), 1e-12);
            close(exp, Kernels.sequential(s, len), 1e-12);
            close(exp, Kernels.doubling(s, len, false), 1e-12);
        }
    }

    @Test
    void identityPlusPptClosedFormMatchesLabsFormula() {
        Random r = new Random(8);
        for (int n : new int[]{1, 2, 4, 9}) {
            double[] p = gauss(n, r);
            for (int i = 0; i < n; i++) p[i] *= 0.1;
            double[][] a = StateSpace.diagonalPlusLowRank(ones(n), p, p);
            StateSpace s = sys(a, gauss(n, r), gauss(n, r), 0.5);
            double v = 0;
            for (double x : p) v += x * x;
            int len = 50;
            // docs/LABS.md: A^l = I + ((1+v)^l − 1)/v · p pᵀ, so K_l = CB + ((1+v)^{l−1} − 1)/v · (Cp)(pᵀB).
            double cb = 0, cp = 0, pb = 0;
            for (int i = 0; i < n; i++) { cb += s.c()[i] * s.b()[i]; cp += s.c()[i] * p[i]; pb += p[i] * s.b()[i]; }
            double[] exp = new double[len + 1];
            exp[0] = 0.5;
            for (int l = 1; l <= len; l++) exp[l] = cb + (Math.pow(1 + v, l - 1) - 1) / v * cp * pb;
            double[] rec = StateSpace.recoverIdentityPlusPpt(a);
            assertNotNull(rec);
            StateSpace.Dplr f = new StateSpace.Dplr(1, rec, rec);
            close(exp, Kernels.dplr(s, f, len), 1e-12);
            close(exp, Kernels.sequential(s, len), 1e-12);
            close(reference(s, len), Kernels.dplr(s, f, len), 1e-12);
        }
    }

    @Test
    void scaledIdentityPlusRankOneMatchesDefinition() {
        Random r = new Random(9);
        for (double c : new double[]{0.5, 0.9, -0.7, 1.0, 0.0}) {
            int n = 5;
            double[] p = gauss(n, r), q = gauss(n, r);
            for (int i = 0; i < n; i++) { p[i] *= 0.2; q[i] *= 0.2; }
            double[] lam = new double[n];
            java.util.Arrays.fill(lam, c);
            StateSpace s = sys(StateSpace.diagonalPlusLowRank(lam, p, q), gauss(n, r), gauss(n, r), 0);
            close(reference(s, 80), Kernels.dplr(s, new StateSpace.Dplr(c, p, q), 80), 1e-11);
        }
        // v = qᵀp = 0: the growth factor's limit l·c^{l−1}.
        double[] p = {1, 0}, q = {0, 1};
        StateSpace s = sys(StateSpace.diagonalPlusLowRank(new double[]{0.9, 0.9}, p, q), new double[]{0.3, 1}, new double[]{1, 0.5}, 0);
        close(reference(s, 40), Kernels.dplr(s, new StateSpace.Dplr(0.9, p, q), 40), 1e-12);
    }

    @Test
    void recoverRefusesWhatIsNotIdentityPlusPpt() {
        assertNull(StateSpace.recoverIdentityPlusPpt(new double[][]{{0.7, 0.1}, {0.2, 0.6}}));
        assertNull(StateSpace.recoverIdentityPlusPpt(new double[][]{{0.8}}), "0.8 − 1 < 0 is not p²");
        assertNull(StateSpace.recoverIdentityPlusPpt(new double[][]{{1.25, 0.5}, {0.5, 1.5}}), "rank two");
        double[] p = StateSpace.recoverIdentityPlusPpt(new double[][]{{1.25, 0.5}, {0.5, 2}});
        assertNotNull(p);
        assertEquals(0.25, p[0] * p[0], 1e-15);
        assertEquals(0.5, p[0] * p[1], 1e-15);
        assertArrayEquals(new double[]{0, 0}, StateSpace.recoverIdentityPlusPpt(new double[][]{{1, 0}, {0, 1}}));
    }

    @Test
    void notDiagonalNamesTheOffendingEntry() {
        assertNull(StateSpace.notDiagonal(new double[][]{{0.5, 0}, {0, 0.2}}));
        assertNull(StateSpace.notDiagonal(new double[][]{{0.5, -0.3}, {0.3, 0.5}}));
        assertTrue(StateSpace.notDiagonal(new double[][]{{0.7, 0.1}, {0.2, 0.6}}).contains("not [[a, −b], [b, a]]"));
        assertTrue(StateSpace.notDiagonal(new double[][]{{0.7, 0, 0.1}, {0, 0.6, 0}, {0, 0, 0.1}}).contains("A(1,3)"));
    }

    @Test
    void unstableKernelOverflowsToSignedInfinityNotNaN() {
        // A = 2, C = −1: K_l = −2^{l−1}, finite up to l = 1024, −∞ from l = 1025.
        StateSpace s = sys(new double[][]{{2}}, new double[]{1}, new double[]{-1}, 0);
        double[] k = Kernels.sequential(s, 1100);
        assertEquals(-Math.pow(2, 1023), k[1024]);
        for (int l = 1025; l <= 1100; l++) assertEquals(Double.NEGATIVE_INFINITY, k[l]);
        // A dense unstable A whose plain powers mix +∞ and −∞ into NaN: the scaled sequential stays signed.
        StateSpace d = sys(new double[][]{{1.5, -1.2}, {1.1, 1.4}}, new double[]{1, -1}, new double[]{0.3, 0.7}, 0);
        double[] kd = Kernels.sequential(d, 5000);
        for (double v : kd) assertFalse(Double.isNaN(v));
        assertTrue(Double.isInfinite(kd[5000]));
        // Where it is finite it equals the definition.
        double[] ref = reference(d, 300);
        for (int l = 0; l <= 300; l++) assertEquals(ref[l], kd[l], 1e-12 * Math.max(1, Math.abs(ref[l])));
    }

    @Test
    void doublingOnNd4jMatchesPlain() {
        Nd4jRuntime.require();
        StateSpace s = StateSpace.random(20, 0.99, 4, 0.1);
        double[] plain = Kernels.doubling(s, 1000, false), nd = Kernels.doubling(s, 1000, true);
        close(Kernels.sequential(s, 1000), nd, 1e-10);
        close(plain, nd, 1e-10);
        assertEquals(Backend.ND4J_CPU, Nd4jRuntime.require());
    }

    static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    @Test
    void blockedMatvecIsThePlainRowSum() {
        Random r = new Random(11);
        for (int n : new int[]{1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 63, 64}) {
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) a[i] = gauss(n, r);
            double[] v = gauss(n, r), out = new double[n];
            Kernels.matvec(Kernels.packed(a), n, v, out);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i][j] * v[j];
                // Same terms in the same order: equal to the last bit.
                assertEquals(s, out[i], 0.0, "n = " + n + ", row " + i);
            }
        }
    }

    @Test
    void randomSystemsReuseTheirDrawAndScaleTheirEigenvalues() {
        StateSpace.RandomDraws draws = new StateSpace.RandomDraws();
        for (double radius : new double[]{0.3, 0.99, 1.2}) {
            StateSpace s = draws.system(24, radius, 5, 0);
            double[][] direct = Eigen.eigenvalues(s.a()), scaled = draws.eigenvalues(24, 5, radius);
            for (int i = 0; i < 24; i++) {
                assertEquals(direct[0][i], scaled[0][i], 1e-12, "re " + i);
                assertEquals(direct[1][i], scaled[1][i], 1e-12, "im " + i);
            }
            assertEquals(radius, Math.hypot(scaled[0][0], scaled[1][0]), 1e-12);
        }
        // The memo hands out copies: changing one system cannot change the next.
        StateSpace a = draws.system(6, 0.9, 3, 0);
        a.a()[0][0] = 1e9;
        a.b()[0] = 1e9;
        StateSpace b = draws.system(6, 0.9, 3, 0);
        assertArrayEquals(StateSpace.random(6, 0.9, 3, 0).c(), b.c(), 0.0, "the memo's draw is the fresh draw");
        assertNotEquals(1e9, b.a()[0][0]);
        assertNotEquals(1e9, b.b()[0]);
    }
}
