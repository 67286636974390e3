package glassbox.core.attention;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class AttentionTest {

    @Test
    void weightsAndOutputsMatchTheReferenceOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 24; trial++) {
            int t = 1 + r.nextInt(9), d = 1 + r.nextInt(5), heads = 1 + r.nextInt(3), dk = 1 + r.nextInt(3), dv = 1 + r.nextInt(3);
            // Every third trial has scores in the thousands (naive exp overflows).
            double scale = trial % 3 == 0 ? 30 : 1;
            double[][] x = SoftmaxTest.random(r, t, d, scale);
            double[][] wq = SoftmaxTest.random(r, d, heads * dk, scale), wk = SoftmaxTest.random(r, d, heads * dk, 1);
            double[][] wv = SoftmaxTest.random(r, d, heads * dv, 1);
            double[][] wo = trial % 2 == 0 ? null : SoftmaxTest.random(r, heads * dv, 1 + r.nextInt(4), 1);
            Attention.Scores sc = Attention.scores(x, wq, wk, wv, heads);
            for (boolean causal : new boolean[]{false, true}) {
                for (double tau : SoftmaxTest.TAUS) {
                    Attention.Result res = Attention.attend(sc, causal, tau, Attention.Mode.SOFTMAX, wo);
                    double[][][] ref = ReferenceAttention.attention(x, wq, wk, wv, wo, heads, causal, tau);
                    String what = "trial " + trial + " causal " + causal + " tau " + tau;
                    double[][] p = res.heads()[0].weights();
                    double tol = 1e-9 * Math.max(1, Mat.maxAbs(ref[1]));
                    for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) assertEquals(ref[0][i][j], p[i][j], 1e-9, what);
                    if (tau != 0) {
                        // At τ = 0 a score tie broken differently by rounding would change P; the ties test covers it.
                        for (int i = 0; i < t; i++) for (int c = 0; c < ref[1][i].length; c++) assertEquals(ref[1][i][c], res.output()[i][c], tol, what);
                    }
                }
            }
        }
    }

    @Test
    void shapesThatDoNotChainSayWhichProduct() {
        double[][] x = new double[7][4], w = new double[3][2], ok = new double[4][2];
        ParamException e = assertThrows(ParamException.class, () -> Attention.scores(x, w, ok, ok, 1));
        assertEquals("WQ", e.key());
        assertTrue(e.getMessage().contains("X W_Q") && e.getMessage().contains("7×4") && e.getMessage().contains("3×2"), e.getMessage());
        e = assertThrows(ParamException.class, () -> Attention.scores(x, ok, new double[4][3], ok, 1));
        assertTrue(e.getMessage().contains("Q Kᵀ"), e.getMessage());
        Attention.Scores sc = Attention.scores(x, ok, ok, ok, 1);
        e = assertThrows(ParamException.class, () -> Attention.attend(sc, true, 1, Attention.Mode.SOFTMAX, new double[3][4]));
        assertEquals("WO", e.key());
        assertTrue(e.getMessage().contains("7×2") && e.getMessage().contains("3×4"), e.getMessage());
        e = assertThrows(ParamException.class, () -> Attention.scores(x, new double[4][3], new double[4][3], ok, 2));
        assertEquals("heads", e.key());
    }

    /** docs/LABS.md §4 dedupe-and-sort, every number derived by hand from the matrices. */
    @Test
    void dedupeSortByHand() {
        // Rows of E: A..D = e1..e4, <START>, <STOP> = 0. Input D A A <START> A D <STOP>.
        double[] a = {1, 0, 0, 0}, dd = {0, 0, 0, 1}, zero = {0, 0, 0, 0};
        double[][] x = {dd, a, a, zero, a, dd, zero};
        double[][] w = {{0, 3}, {1, 2}, {2, 1}, {3, 0}};
        double[][] wo = {{0, 1, 0, 1}, {1, 0, 1, 0}};
        Attention.Result res = Attention.attend(Attention.scores(x, w, w, w, 1), true, 0, Attention.Mode.SOFTMAX, wo);
        // q = k = v: D → (3,0), A → (0,3), <START>/<STOP> → (0,0); D·D = A·A = 9, all else 0.
        double h = 0.5, th = 1.0 / 3, q = 0.25, s = 1.0 / 7;
        double[][] expectP = {
                {1, 0, 0, 0, 0, 0, 0},
                {0, 1, 0, 0, 0, 0, 0},
                {0, h, h, 0, 0, 0, 0},
                {q, q, q, q, 0, 0, 0},     // <START>: all scores 0, four-way tie
                {0, th, th, 0, th, 0, 0},  // A attends to the three A's
                {h, 0, 0, 0, 0, h, 0},     // D attends to the two D's
                {s, s, s, s, s, s, s}};    // <STOP>: seven-way tie
        double[][] p = res.heads()[0].weights();
        for (int i = 0; i < 7; i++) assertArrayEquals(expectP[i], p[i], 1e-15, "row " + (i + 1));
        assertEquals(9, res.heads()[0].scores()[2][1]);
        // Z W_O rows 5..7: (3,0,3,0), (0,3,0,3), (9/7,6/7,9/7,6/7).
        assertArrayEquals(new double[]{3, 0, 3, 0}, res.output()[4], 1e-12);
        assertArrayEquals(new double[]{0, 3, 0, 3}, res.output()[5], 1e-12);
        assertArrayEquals(new double[]{9.0 / 7, 6.0 / 7, 9.0 / 7, 6.0 / 7}, res.output()[6], 1e-12);
        double[][] e = {a, {0, 1, 0, 0}, {0, 0, 1, 0}, dd, zero, zero};
        double[][] logits = Attention.logits(res.output(), e);
        double[] ce = Loss.crossEntropy(logits, new int[]{4, 5, 6}, new int[]{0, 3, 5});
        double l56 = Math.log(2 * Math.exp(3) + 4) - 3;
        double l7 = Math.log(2 * Math.exp(9.0 / 7) + 2 * Math.exp(6.0 / 7) + 2);
        assertEquals(l56, ce[0], 1e-12);
        assertEquals(l56, ce[1], 1e-12);
        assertEquals(l7, ce[2], 1e-12);
        assertEquals(2 * l56 + l7, Loss.sum(ce), 1e-12);
    }

    @Test
    void linearAttentionRunningSumsEqualTheQuadraticComputation() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int t = 1 + r.nextInt(40), dk = 1 + r.nextInt(6), dv = 1 + r.nextInt(6);
            double[][] q = SoftmaxTest.random(r, t, dk, 1), k = SoftmaxTest.random(r, t, dk, 1), v = SoftmaxTest.random(r, t, dv, 1);
            if (trial % 2 == 0) for (double[][] m : new double[][][]{q, k}) for (double[] row : m) for (int a = 0; a < dk; a++) row[a] = Math.abs(row[a]) + 0.1;
            for (boolean causal : new boolean[]{false, true}) {
                LinearAttention.Quadratic lq = LinearAttention.quadratic(q, k, v, causal);
                double[][] run = LinearAttention.runningSums(q, k, v, causal);
                // The weights by hand: q_i·k_j / Σ_{visible j'} q_i·k_j'.
                for (int i = 0; i < t; i++) {
                    if (lq.degenerate().contains(i)) continue;
                    double den = 0;
                    for (int j = 0; j < t; j++) if (!causal || j <= i) den += Mat.dot(q[i], k[j]);
                    for (int j = 0; j < t; j++) {
                        double want = !causal || j <= i ? Mat.dot(q[i], k[j]) / den : 0;
                        assertEquals(want, lq.weights()[i][j], 1e-9 * Math.max(1, Math.abs(want)));
                    }
                }
                double scale = Math.max(1, Mat.maxAbs(lq.output()));
                assertTrue(Mat.maxAbsDiff(lq.output(), run) <= 1e-9 * scale, "trial " + trial + " diff " + Mat.maxAbsDiff(lq.output(), run));
            }
        }
    }

    @Test
    void linearAttentionZeroDenominatorIsReportedNotNaN() {
        double[][] q = {{0, 0}, {1, 0}}, k = {{1, 0}, {-1, 0}}, v = {{1}, {2}};
        LinearAttention.Quadratic lq = LinearAttention.quadratic(q, k, v, true);
        // Row 1: q = 0; row 2: q·k1 + q·k2 = 1 − 1 = 0. Both degenerate.
        assertEquals(java.util.List.of(0, 1), lq.degenerate());
        assertEquals(0, Mat.nonFinite(lq.output()));
        assertEquals(0, Mat.nonFinite(LinearAttention.runningSums(q, k, v, true)));
    }

    @Test
    void timingComputesBothWays() {
        LinearAttention.Timing tm = LinearAttention.time(new int[]{8, 64}, 4, 4, true, 1, 1);
        assertEquals(2, tm.quadraticMs().length);
        for (double d : tm.maxDiff()) assertTrue(d < 1e-9);
    }

    @Test
    void sinusoidalEncodingByFormula() {
        double[][] pe = PositionalEncoding.sinusoidal(50, 6);
        assertEquals(0, pe[0][0]);
        assertEquals(1, pe[0][1]);
        assertEquals(Math.sin(3), pe[3][0], 1e-15);
        assertEquals(Math.cos(3 / Math.pow(10000, 2.0 / 6)), pe[3][3], 1e-15);
        // PE·PEᵀ depends on i − j only: Σ_k cos(ω_k (i − j)).
        double[][] g = Mat.multiplyTransposed(pe, pe);
        for (int i = 0; i + 5 < 50; i++) assertEquals(g[0][5], g[i][i + 5], 1e-12);
        double[][] x = {{1, 2}, {3, 4}};
        assertArrayEquals(new double[]{0, 1, 3, 4}, PositionalEncoding.apply(x, PositionalEncoding.Kind.ONEHOT, true, null)[1], 0);
        ParamException e = assertThrows(ParamException.class, () -> PositionalEncoding.apply(new double[3][2], PositionalEncoding.Kind.ONEHOT, false, null));
        assertEquals("positions", e.key());
    }

    @Test
    void vocabularyNamesUnknownTokens() {
        Vocabulary v = Vocabulary.parse("A B C D <START> <STOP>");
        assertArrayEquals(new int[]{3, 0, 4}, v.indices("D A <START>"));
        ParamException e = assertThrows(ParamException.class, () -> v.indices("A Q B Z Q"));
        assertEquals("tokens", e.key());
        assertTrue(e.getMessage().contains("Q, Z"), e.getMessage());
        e = assertThrows(ParamException.class, () -> v.embed(new int[]{0}, new double[5][4]));
        assertEquals("E", e.key());
    }
}
