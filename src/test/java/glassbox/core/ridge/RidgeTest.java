package glassbox.core.ridge;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ridge-attention mathematics against an independent reference: the weights in their n-form
 * w = (λI_t + K_t K_tᵀ)⁻¹ K_t q_t (a t×t system, where the lab uses the d×d form), solved by
 * Gaussian elimination with partial pivoting written here, and the output Σ_j w_j v_j.
 */
class RidgeTest {

    // ---- independent reference ------------------------------------------------------------

    /** Solves A x = b by Gaussian elimination with partial pivoting (A, b untouched). */
    static double[] gauss(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
            double[] tr = a[col]; a[col] = a[piv]; a[piv] = tr;
            double tb = b[col]; b[col] = b[piv]; b[piv] = tb;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c < n; c++) a[r][c] -= f * a[col][c];
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) s -= a[r][c] * x[c];
            x[r] = s / a[r][r];
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Weights of query q over the first m pairs: (λI_m + K_m K_mᵀ)⁻¹ K_m q. */
    static double[] refWeights(double[][] k, int m, double[] q, double lambda) {
        double[][] a = new double[m][m];
        double[] rhs = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) a[i][j] = dot(k[i], k[j]) + (i == j ? lambda : 0);
            rhs[i] = dot(k[i], q);
        }
        return gauss(a, rhs);
    }

    static double[] refOutput(double[] w, double[][] v) {
        double[] o = new double[v[0].length];
        for (int j = 0; j < w.length; j++) for (int c = 0; c < o.length; c++) o[c] += w[j] * v[j][c];
        return o;
    }

    static RidgeInputs random(int n, int d, int dv, long seed) {
        Random r = new Random(seed);
        double[][] k = new double[n][d], v = new double[n][dv], q = new double[n][d];
        for (double[] row : k) for (int c = 0; c < d; c++) row[c] = r.nextGaussian();
        for (double[] row : v) for (int c = 0; c < dv; c++) row[c] = r.nextGaussian();
        for (double[] row : q) for (int c = 0; c < d; c++) row[c] = r.nextGaussian();
        return new RidgeInputs(k, v, q, true, true, true);
    }

    static double maxAbs(double[][] m) {
        double s = 0;
        for (double[] r : m) for (double x : r) s = Math.max(s, Math.abs(x));
        return s;
    }

    // ---- weights and outputs -----------------------------------------------------------------

    @Test
    void weightsAndOutputsMatchDirectSolveOnRandomInputs() {
        int[][] shapes = {{6, 2, 2}, {10, 4, 3}, {5, 8, 2}, {1, 3, 1}, {17, 5, 7}};
        double[] lambdas = {1e-3, 0.3, 1, 50};
        long seed = 11;
        for (int[] sh : shapes) {
            for (double lambda : lambdas) {
                RidgeInputs in = random(sh[0], sh[1], sh[2], seed++);
                int n = in.n(), d = in.d();
                double[] kt = Ridge.transpose(in.K());
                for (boolean causal : new boolean[]{false, true}) {
                    Ridge.Pass sm = Ridge.shermanMorrison(in, lambda, causal);
                    Ridge.Pass so = Ridge.solve(in, lambda, causal, Ridge.all(n));
                    double[][] wSm = Ridge.weights(kt, n, d, sm.z(), sm.positions(), causal);
                    double[][] wSo = Ridge.weights(kt, n, d, so.z(), so.positions(), causal);
                    for (int t = 0; t < n; t++) {
                        int m = causal ? t + 1 : n;
                        double[] ref = refWeights(in.K(), m, in.Q()[t], lambda);
                        double[] refOut = refOutput(ref, in.V());
                        double scale = 1 + Math.abs(ref[0]);
                        for (double x : ref) scale = Math.max(scale, Math.abs(x));
                        for (int j = 0; j < n; j++) {
                            double want = j < m ? ref[j] : 0;
                            String at = "shape " + java.util.Arrays.toString(sh) + " λ=" + lambda + " causal=" + causal + " t=" + t + " j=" + j;
                            assertEquals(want, wSm[t][j], 1e-9 * scale, "SM " + at);
                            assertEquals(want, wSo[t][j], 1e-9 * scale, "solve " + at);
                            if (j >= m) {
                                assertEquals(0.0, wSm[t][j], 0.0, "zeros beyond t " + at);
                            }
                        }
                        double os = 1;
                        for (double x : refOut) os = Math.max(os, Math.abs(x));
                        for (int c = 0; c < refOut.length; c++) {
                            assertEquals(refOut[c], sm.out()[t][c], 1e-9 * os * scale);
                            assertEquals(refOut[c], so.out()[t][c], 1e-9 * os * scale);
                        }
                    }
                }
            }
        }
    }

    @Test
    void largeWeightMatricesSharedBetweenCoresMatchAPlainTripleLoop() {
        for (boolean causal : new boolean[]{true, false}) {
            int n = 701, d = 13; // n·n·d above the parallel threshold; an odd n leaves a lone last row
            RidgeInputs in = random(n, d, 2, 77);
            Ridge.Pass p = Ridge.shermanMorrison(in, 0.4, causal);
            double[][] w = Ridge.weights(Ridge.transpose(in.K()), n, d, p.z(), p.positions(), causal);
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < n; j++) {
                    double ref = 0;
                    if (!causal || j <= t) for (int c = 0; c < d; c++) ref += in.K()[j][c] * p.z()[t * d + c];
                    assertEquals(ref, w[t][j], 1e-12 * (1 + Math.abs(ref)), "t " + t + " j " + j + " causal " + causal);
                }
            }
        }
    }

    @Test
    void ridgeSolutionFromTheKeptSumsIsTheSame() {
        RidgeInputs in = random(50, 4, 3, 12);
        double[][] a = Ridge.ridgeSolution(in, 0.3), b = Ridge.ridgeSolution(Ridge.sums(in), 0.3);
        for (int i = 0; i < 4; i++) assertArrayEquals(a[i], b[i], 0);
    }

    @Test
    void outputIsRidgeSolutionTimesQuery() {
        RidgeInputs in = random(12, 3, 2, 5);
        double lambda = 0.7;
        double[][] w = Ridge.ridgeSolution(in, lambda);
        // W* column c by its own normal equations (λI + KᵀK) w_c = Kᵀ v_c, solved by elimination.
        int d = in.d();
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) {
            for (double[] k : in.K()) a[i][j] += k[i] * k[j];
            if (i == j) a[i][j] += lambda;
        }
        Ridge.Pass pass = Ridge.solve(in, lambda, false, Ridge.all(in.n()));
        for (int c = 0; c < in.dv(); c++) {
            double[] rhs = new double[d];
            for (int t = 0; t < in.n(); t++) for (int i = 0; i < d; i++) rhs[i] += in.K()[t][i] * in.V()[t][c];
            double[] col = gauss(a, rhs);
            for (int i = 0; i < d; i++) assertEquals(col[i], w[i][c], 1e-12);
            for (int t = 0; t < in.n(); t++) assertEquals(dot(col, in.Q()[t]), pass.out()[t][c], 1e-12);
        }
    }

    @Test
    void someWeightsAreNegative() {
        RidgeInputs in = random(8, 2, 1, 3);
        Ridge.Pass p = Ridge.shermanMorrison(in, 0.1, false);
        double[][] w = Ridge.weights(Ridge.transpose(in.K()), 8, 2, p.z(), p.positions(), false);
        double min = Double.POSITIVE_INFINITY;
        for (double[] r : w) for (double x : r) min = Math.min(min, x);
        assertTrue(min < 0, "ridge weights are not constrained to be positive");
    }

    /**
     * n = 2000, N(0,1) keys: the Sherman–Morrison recursion against a fresh Cholesky solve at every
     * t. Bounds on max |Δ output| relative to max |output|: 1e-12 for d = 8, λ = 1 (observed 7.8e-15)
     * and 1e-10 for d = 16, λ = 1e-2 (observed 4.4e-13; the early steps, with fewer than d pairs, have
     * κ(M_t) up to ‖k‖²/λ ≈ 1600, and each rank-one update adds about ε·κ). The errors do not compound
     * along the sequence because M_t⁻¹ shrinks as pairs arrive: the second half adds little.
     */
    @Test
    void recursionMatchesFreshSolvesOverLongSequences() {
        for (double[] cfg : new double[][]{{8, 1, 1e-12}, {16, 1e-2, 1e-10}}) {
            int d = (int) cfg[0];
            double lambda = cfg[1], bound = cfg[2];
            RidgeInputs in = random(2000, d, 4, 99);
            Ridge.Pass sm = Ridge.shermanMorrison(in, lambda, true);
            Ridge.Pass so = Ridge.solve(in, lambda, true, Ridge.all(2000));
            double scale = maxAbs(so.out());
            double err = 0, errFirstHalf = 0;
            for (int t = 0; t < 2000; t++) {
                for (int c = 0; c < 4; c++) {
                    double e = Math.abs(sm.out()[t][c] - so.out()[t][c]);
                    err = Math.max(err, e);
                    if (t < 1000) errFirstHalf = Math.max(errFirstHalf, e);
                }
            }
            assertTrue(err <= bound * scale, "d=" + d + " λ=" + lambda + ": max |Δ| = " + err + " > " + bound + "·" + scale);
            assertTrue(sm.breakdown() < 0 && so.breakdown() < 0);
            // The error must not grow without bound along the sequence.
            assertTrue(err <= Math.max(10 * errFirstHalf, 1e-13 * scale), "error grows: " + errFirstHalf + " → " + err);
            double[] kt = Ridge.transpose(in.K());
            double[][] w = Ridge.weights(kt, 2000, d, sm.z(), sm.positions(), true);
            double[] diff = RidgeAttention.compare(kt, 2000, d, sm, w, so, true);
            assertTrue(diff[1] <= bound * (1 + maxAbs(w)), "weights differ by " + diff[1]);
        }
    }

    @Test
    void runningSumsGiveBitwiseTheSameAsFormingFromScratch() {
        RidgeInputs in = random(40, 5, 3, 8);
        Ridge.Pass a = Ridge.solve(in, 0.5, true, Ridge.all(40));
        Ridge.Pass b = Ridge.solveFromScratch(in, 0.5);
        assertArrayEquals(a.z(), b.z(), 0.0);
        for (int t = 0; t < 40; t++) assertArrayEquals(a.out()[t], b.out()[t], 0.0);
    }

    @Test
    void solveAtSomePositionsEqualsSolveAtAll() {
        RidgeInputs in = random(30, 4, 2, 4);
        Ridge.Pass all = Ridge.solve(in, 0.2, true, Ridge.all(30));
        int[] pos = {0, 7, 29};
        Ridge.Pass some = Ridge.solve(in, 0.2, true, pos);
        for (int p = 0; p < pos.length; p++) assertArrayEquals(all.out()[pos[p]], some.out()[p], 0.0);
    }

    // ---- the two limits ---------------------------------------------------------------------------

    @Test
    void largeLambdaWeightsTimesLambdaTendToDotProducts() {
        RidgeInputs in = random(9, 3, 2, 21);
        double k2 = 0; // ‖K‖_F² ≥ ‖KᵀK‖₂
        for (double[] k : in.K()) k2 += dot(k, k);
        double prev = Double.POSITIVE_INFINITY;
        for (double lambda : new double[]{1e2, 1e4, 1e6}) {
            Ridge.Pass p = Ridge.shermanMorrison(in, lambda, false);
            double[][] w = Ridge.weights(Ridge.transpose(in.K()), 9, 3, p.z(), p.positions(), false);
            double num = 0, den = 0;
            for (int t = 0; t < 9; t++) {
                for (int j = 0; j < 9; j++) {
                    double kq = dot(in.K()[j], in.Q()[t]);
                    num = Math.max(num, Math.abs(w[t][j] * lambda - kq));
                    den = Math.max(den, Math.abs(kq));
                }
            }
            double rel = num / den;
            // λ(λI + KᵀK)⁻¹ = I − KᵀK/λ + …: the relative error is at most about ‖KᵀK‖/λ.
            assertTrue(rel <= 2 * k2 / lambda, "λ=" + lambda + " rel=" + rel);
            assertTrue(rel < prev / 50, "shrinks like 1/λ: " + prev + " → " + rel);
            prev = rel;
            Ridge.Pass s = Ridge.solve(in, lambda, false, Ridge.all(9));
            double[][] scores = Ridge.scores(in, Ridge.transpose(in.K()), false);
            assertEquals(rel, RidgeAttention.largeLimit(Ridge.weights(Ridge.transpose(in.K()), 9, 3, s.z(), s.positions(), false), scores, lambda, false), 1e-6 * rel + 1e-15);
        }
    }

    @Test
    void togglingTheMaskGivesEachMaskItsOwnScoresAndSoftmax() {
        // The memo keeps one entry per mask; whatever the order, each result must hold its own mask's numbers.
        RidgeInputs in = RidgeInputs.resolve("", "", "", 12, 3, 4);
        double[] kt = Ridge.transpose(in.K());
        for (boolean causal : new boolean[]{true, false, true, false, false, true}) {
            RidgeResult r = new RidgeAttention().compute(new RidgeSpec("", "", "", 12, 3, 4, 0.5, causal, RidgeSpec.Method.SHERMAN_MORRISON, false));
            double[][] s = Ridge.scores(in, kt, causal);
            for (int t = 0; t < 12; t++) {
                assertArrayEquals(s[t], r.scores()[t], 0.0, "causal=" + causal);
                assertArrayEquals(Ridge.softmax(s, 3, causal)[t], r.softmax()[t], 0.0, "causal=" + causal);
            }
            assertEquals(causal, r.causal());
        }
    }

    @Test
    void scanMinAndMaxCarryEveryNonFiniteVisibleWeight() {
        // The lab flags a breakdown from these two numbers instead of a second pass over the n×n weights.
        int n = 700; // several row blocks, scanned on both cores
        java.util.Random rnd = new java.util.Random(9);
        double[][] s = new double[n][n];
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (boolean causal : new boolean[]{true, false}) {
                double[][] w = new double[n][n];
                for (int t = 0; t < n; t++) for (int j = 0; j < (causal ? t + 1 : n); j++) w[t][j] = rnd.nextGaussian();
                double[] clean = RidgeAttention.scan(w, s, 1, causal);
                assertTrue(Double.isFinite(clean[3]) && Double.isFinite(clean[4]));
                int t = 350 + rnd.nextInt(300), j = rnd.nextInt(t + 1);
                w[t][j] = bad;
                double[] st = RidgeAttention.scan(w, s, 1, causal);
                assertFalse(Double.isFinite(st[3]) && Double.isFinite(st[4]), bad + " at " + t + "," + j);
            }
        }
    }

    @Test
    void smallLambdaGivesLeastSquaresWhenNAtLeastD() {
        RidgeInputs in = random(20, 4, 3, 31);
        int d = 4;
        double[][] g = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) for (double[] k : in.K()) g[i][j] += k[i] * k[j];
        double[][] ls = new double[d][];
        for (int c = 0; c < 3; c++) {
            double[] rhs = new double[d];
            for (int t = 0; t < 20; t++) for (int i = 0; i < d; i++) rhs[i] += in.K()[t][i] * in.V()[t][c];
            ls[c] = gauss(g, rhs); // column c of (KᵀK)⁻¹KᵀV
        }
        // The fresh solve reaches least squares to rounding; the recursion starts from M_0⁻¹ = I/λ and
        // loses about log10(σ_min/λ) digits to cancellation (the classic RLS initialisation error).
        Ridge.Pass so = Ridge.solve(in, 1e-9, false, Ridge.all(20));
        Ridge.Pass sm = Ridge.shermanMorrison(in, 1e-9, false);
        for (int t = 0; t < 20; t++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(dot(ls[c], in.Q()[t]), so.out()[t][c], 1e-8);
                assertEquals(dot(ls[c], in.Q()[t]), sm.out()[t][c], 1e-5);
            }
        }
        RidgeLimits lim = RidgeLimits.of(in);
        assertTrue(lim.leastSquares());
        assertEquals(4, lim.rank());
        assertTrue(lim.small(1e-9) < 1e-8);
        assertTrue(lim.small(1e-2) > lim.small(1e-4));
    }

    @Test
    void smallLambdaInterpolatesThePairsWhenNBelowD() {
        // n < d: the minimum-norm interpolant reproduces every value at its own key.
        RidgeInputs r = random(3, 7, 2, 41);
        RidgeInputs in = new RidgeInputs(r.K(), r.V(), r.K(), true, true, true);
        for (double lambda : new double[]{1e-8}) {
            Ridge.Pass p = Ridge.shermanMorrison(in, lambda, false);
            for (int t = 0; t < 3; t++) for (int c = 0; c < 2; c++) assertEquals(in.V()[t][c], p.out()[t][c], 1e-6);
        }
        RidgeLimits lim = RidgeLimits.of(in);
        assertFalse(lim.leastSquares());
        assertEquals(3, lim.rank());
        assertTrue(lim.small(1e-8) < 1e-6);
    }

    @Test
    void limitCurvesMatchDirectFrobeniusNorms() {
        for (int[] sh : new int[][]{{15, 4, 3}, {4, 6, 2}}) {
            RidgeInputs in = random(sh[0], sh[1], sh[2], 51);
            RidgeLimits lim = RidgeLimits.of(in);
            // Q K⁺V by the n-form (λ → 0 of (λI + KKᵀ)⁻¹: K full row rank when n < d, else via normal equations).
            for (double lambda : new double[]{1e-3, 0.1, 1, 10, 1e3}) {
                Ridge.Pass p = Ridge.solve(in, lambda, false, Ridge.all(in.n()));
                double[][] lsOut = leastSquaresOrMinNorm(in);
                double[][] qkv = new double[in.n()][in.dv()];
                for (int t = 0; t < in.n(); t++) {
                    for (int j = 0; j < in.n(); j++) {
                        double kq = dot(in.K()[j], in.Q()[t]);
                        for (int c = 0; c < in.dv(); c++) qkv[t][c] += kq * in.V()[j][c];
                    }
                }
                double sn = 0, sd = 0, ln = 0, ld = 0;
                for (int t = 0; t < in.n(); t++) {
                    for (int c = 0; c < in.dv(); c++) {
                        sn += sq(p.out()[t][c] - lsOut[t][c]);
                        sd += sq(lsOut[t][c]);
                        ln += sq(lambda * p.out()[t][c] - qkv[t][c]);
                        ld += sq(qkv[t][c]);
                    }
                }
                assertEquals(Math.sqrt(sn / sd), lim.small(lambda), 1e-6 * Math.sqrt(sn / sd) + 1e-8);
                assertEquals(Math.sqrt(ln / ld), lim.large(lambda), 1e-6 * Math.sqrt(ln / ld) + 1e-12);
            }
        }
    }

    private static double sq(double x) { return x * x; }

    /** Q K⁺V: normal equations (KᵀK)⁻¹KᵀV when n ≥ d, else the n-form Vᵀ(KKᵀ)⁻¹K q per query. */
    static double[][] leastSquaresOrMinNorm(RidgeInputs in) {
        int n = in.n(), d = in.d(), dv = in.dv();
        double[][] out = new double[n][dv];
        if (n >= d) {
            double[][] g = new double[d][d];
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) for (double[] k : in.K()) g[i][j] += k[i] * k[j];
            for (int c = 0; c < dv; c++) {
                double[] rhs = new double[d];
                for (int t = 0; t < n; t++) for (int i = 0; i < d; i++) rhs[i] += in.K()[t][i] * in.V()[t][c];
                double[] col = gauss(g, rhs);
                for (int t = 0; t < n; t++) out[t][c] = dot(col, in.Q()[t]);
            }
        } else {
            for (int t = 0; t < n; t++) out[t] = refOutput(refWeights(in.K(), n, in.Q()[t], 0), in.V());
        }
        return out;
    }

    @Test
    void jacobiReconstructsTheMatrix() {
        RidgeInputs in = random(10, 6, 1, 61);
        double[] g = new double[36];
        for (double[] k : in.K()) Ridge.addOuter(g, k, k, 6, 6);
        RidgeLimits.Eigen e = RidgeLimits.jacobi(g, 6);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double s = 0;
                for (int m = 0; m < 6; m++) s += e.u()[i * 6 + m] * e.values()[m] * e.u()[j * 6 + m];
                assertEquals(g[i * 6 + j], s, 1e-10);
            }
        }
    }

    // ---- softmax and running mean ------------------------------------------------------------

    @Test
    void softmaxMatchesTheDefinitionAndSurvivesHugeScores() {
        RidgeInputs in = random(5, 3, 1, 71);
        double[][] s = Ridge.scores(in, Ridge.transpose(in.K()), false);
        for (boolean causal : new boolean[]{false, true}) {
            double[][] a = Ridge.softmax(causal ? Ridge.scores(in, Ridge.transpose(in.K()), true) : s, 3, causal);
            for (int t = 0; t < 5; t++) {
                int m = causal ? t + 1 : 5;
                double z = 0;
                for (int j = 0; j < m; j++) z += Math.exp(dot(in.Q()[t], in.K()[j]) / Math.sqrt(3));
                double sum = 0;
                for (int j = 0; j < 5; j++) {
                    double want = j < m ? Math.exp(dot(in.Q()[t], in.K()[j]) / Math.sqrt(3)) / z : 0;
                    assertEquals(want, a[t][j], 1e-12);
                    sum += a[t][j];
                }
                assertEquals(1, sum, 1e-12);
            }
        }
        double[][] huge = {{1e6, 0, -1e6}};
        double[][] a = Ridge.softmax(huge, 1, false);
        assertEquals(1.0, a[0][0], 0.0);
        assertEquals(0.0, a[0][2], 0.0);
    }

    @Test
    void runningMeanWorkedExample() {
        RunningMean m = RunningMean.of(new double[]{1, 2, 3, 4});
        assertArrayEquals(new double[]{1, 1.5, 2, 2.5}, m.running(), 1e-15);
        assertArrayEquals(new double[]{1, 1.5, 2, 2.5}, m.recomputed(), 1e-15);
        RunningMean s = RunningMean.of(7, 1000);
        assertTrue(s.maxDifference() < 1e-13);
        assertEquals(1000, s.x().length);
    }

    // ---- inputs ---------------------------------------------------------------------------------

    @Test
    void typedMatricesOverrideGenerationAndShapesAreChecked() {
        RidgeInputs in = RidgeInputs.resolve("1,0;0,1;1,1", "", "", 8, 5, 1);
        assertEquals(3, in.n());
        assertEquals(2, in.d());
        assertEquals(2, in.dv());
        assertTrue(in.typedK());
        assertFalse(in.typedV());
        assertEquals("V", assertThrows(ParamException.class, () -> RidgeInputs.resolve("1,0;0,1", "1;2;3", "", 8, 5, 1)).key());
        assertEquals("Q", assertThrows(ParamException.class, () -> RidgeInputs.resolve("1,0;0,1", "", "1,2,3;4,5,6", 8, 5, 1)).key());
        assertEquals("Q", assertThrows(ParamException.class, () -> RidgeInputs.resolve("1,0;0,1", "", "1,2", 8, 5, 1)).key());
        assertEquals("K", assertThrows(ParamException.class, () -> RidgeInputs.resolve("1,NaN", "", "", 8, 5, 1)).key());
        assertEquals("K", assertThrows(ParamException.class, () -> RidgeInputs.resolve("1,Infinity", "", "", 8, 5, 1)).key());
        assertEquals("V", assertThrows(ParamException.class, () -> RidgeInputs.resolve("", "1e7", "", 1, 1, 1)).key());
        // Q alone fixes n and d.
        RidgeInputs q = RidgeInputs.resolve("", "", "1,2,3;4,5,6", 9, 9, 1);
        assertEquals(2, q.n());
        assertEquals(3, q.d());
    }

    @Test
    void generatedPrefixesAreStable() {
        RidgeInputs a = RidgeInputs.resolve("", "", "", 5, 3, 9);
        RidgeInputs b = RidgeInputs.resolve("", "", "", 9, 3, 9);
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(a.K()[t], b.K()[t]);
            assertArrayEquals(a.V()[t], b.V()[t]);
            assertArrayEquals(a.Q()[t], b.Q()[t]);
        }
        assertNotEquals(a.K()[0][0], a.Q()[0][0]);
    }

    @Test
    void weightsComputedBehindTheRecursionEqualThePlainWeights() {
        // Large enough for the two-core path: the second core takes weight rows as z_t is published.
        for (boolean causal : new boolean[]{true, false}) {
            RidgeResult r = new RidgeAttention().compute(new RidgeSpec("", "", "", 401, 64, 8, 0.3, causal, RidgeSpec.Method.SHERMAN_MORRISON, false));
            RidgeInputs in = r.inputs();
            Ridge.Pass plain = Ridge.shermanMorrison(in, 0.3, causal);
            double[][] w = Ridge.weights(Ridge.transpose(in.K()), 401, 64, plain.z(), Ridge.all(401), causal);
            for (int t = 0; t < 401; t++) assertArrayEquals(w[t], r.weights()[t], 0.0, "causal=" + causal + " row " + t);
            assertArrayEquals(plain.z(), r.z(), 0.0);
        }
    }

    @Test
    void weightBlocksWaitForTheirRowsOfZ() {
        // A slow publisher: whichever thread takes a block must not read z before its rows are written.
        RidgeInputs in = random(130, 5, 2, 17);
        double[] kt = Ridge.transpose(in.K());
        Ridge.Pass ref = Ridge.shermanMorrison(in, 1, true);
        double[][] expected = Ridge.weights(kt, 130, 5, ref.z(), Ridge.all(130), true);
        double[] z = new double[130 * 5];
        double[][] w = new double[130][130];
        java.util.concurrent.atomic.AtomicInteger progress = new java.util.concurrent.atomic.AtomicInteger(), next = new java.util.concurrent.atomic.AtomicInteger();
        Thread other = new Thread(() -> Ridge.weightsChasing(kt, 130, 5, z, Ridge.all(130), true, w, next, progress));
        other.start();
        for (int t = 0; t < 130; t++) {
            System.arraycopy(ref.z(), t * 5, z, t * 5, 5);
            progress.set(t + 1);
            if (t % 16 == 0) java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        Ridge.weightsChasing(kt, 130, 5, z, Ridge.all(130), true, w, next, progress);
        assertDoesNotThrow(() -> other.join(10_000));
        assertFalse(other.isAlive());
        for (int t = 0; t < 130; t++) assertArrayEquals(expected[t], w[t], 0.0, "row " + t);
    }

    @Test
    void lambdaMustBePositive() {
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            ParamException e = assertThrows(ParamException.class, () -> new RidgeAttention().compute(
                    new RidgeSpec("", "", "", 6, 2, 1, bad, true, RidgeSpec.Method.SHERMAN_MORRISON, false)));
            assertEquals("lambda", e.key());
            assertTrue(e.getMessage().contains("invertible"), e.getMessage());
        }
    }

    @Test
    void liveCheckSamplesLargeSizesAndFullCheckCoversAll() {
        RidgeResult r = new RidgeAttention().compute(new RidgeSpec("", "", "", 1024, 64, 1, 1, true, RidgeSpec.Method.SHERMAN_MORRISON, false));
        assertTrue(r.sampled());
        assertTrue(r.checked().length >= RidgeAttention.MIN_CHECKED);
        assertEquals(0, r.checked()[0]);
        assertEquals(1023, r.checked()[r.checked().length - 1]);
        double[] full = RidgeAttention.fullCheck(r);
        assertTrue(full[0] >= r.maxDiffOutput() && full[1] >= r.maxDiffWeights());
        assertTrue(full[0] < 1e-9 && full[1] < 1e-9, full[0] + " " + full[1]);
        RidgeResult small = new RidgeAttention().compute(new RidgeSpec("", "", "", 16, 4, 1, 1, true, RidgeSpec.Method.SOLVE, false));
        assertFalse(small.sampled());
        assertTrue(small.maxDifference() < 1e-12);
    }

    @Test
    void fusedPassesGiveTheNumbersOfSeparateOnes() {
        // The recursion's one-pass helpers against the operations written out one after the other.
        Random r = new Random(41);
        for (int trial = 0; trial < 30; trial++) {
            int d = 1 + r.nextInt(20), dv = 1 + r.nextInt(9);
            double[] a = new double[d * d], w = new double[d], x = new double[d], y = new double[d];
            for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = r.nextGaussian();
            for (double[] v : new double[][]{w, x, y}) for (int i = 0; i < d; i++) v[i] = r.nextInt(4) == 0 ? 0 : r.nextGaussian();
            double s = r.nextDouble();
            double[][] ref = new double[d][d];
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) ref[i][j] = a[i * d + j] - (w[i] * s) * w[j];
            double[] refX = new double[d], refY = new double[d];
            for (int i = 0; i < d; i++) for (int c = 0; c < d; c++) {
                refX[i] += x[c] * ref[c][i];
                refY[i] += y[c] * ref[c][i];
            }
            double[] ou = new double[d], oy = new double[d];
            boolean both = trial % 2 == 0;
            Ridge.updateAndMatVec(a, d, w, s, x, ou, both ? y : null, oy);
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) assertEquals(ref[i][j], a[i * d + j], 0.0);
            // Rows with x_r = 0 are skipped when only A x is asked for: the same sum up to the sign of a zero.
            for (int i = 0; i < d; i++) assertEquals(refX[i], ou[i], both ? 0.0 : 1e-300);
            if (both) assertArrayEquals(refY, oy, 0.0);

            double[] m = new double[d * dv], k = new double[d], b = new double[dv], z = new double[d], out = new double[dv];
            for (double[] v : new double[][]{m, b, z}) for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
            for (int i = 0; i < d; i++) k[i] = r.nextInt(4) == 0 ? 0 : r.nextGaussian();
            double[] mRef = m.clone(), outRef = new double[dv];
            for (int i = 0; i < d; i++) for (int c = 0; c < dv; c++) mRef[i * dv + c] += k[i] * b[c];
            for (int c = 0; c < dv; c++) for (int i = 0; i < d; i++) outRef[c] += z[i] * mRef[i * dv + c];
            Ridge.addOuterAndReadout(m, k, b, d, dv, z, 0, out);
            assertArrayEquals(mRef, m, 0.0);
            assertArrayEquals(outRef, out, 0.0);
        }
    }
}
