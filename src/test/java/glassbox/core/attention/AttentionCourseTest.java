package glassbox.core.attention;

import glassbox.core.Matrix;
import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The course questions issue 18 adds to the attention lab, each against a reference written differently: gradients by
 * finite differences of {@link ReferenceAttention}, masks by their definition, the copy task's expected loss by a
 * midpoint rule and a fine Monte Carlo, underflow by the exact log-weight, padding and next-token loss by index loops.
 */
class AttentionCourseTest {
    final AttentionCompute engine = new AttentionCompute();

    static double[][] gaussian(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = r.nextGaussian();
        return m;
    }

    static AttentionSpec.Inputs tokens(String vocab, String tokens, double[][] e) {
        return new AttentionSpec.Inputs(AttentionSpec.Source.TOKENS, null, vocab, tokens, Matrix.of(e), 1, 1, 1,
                PositionalEncoding.Kind.NONE, false, null, 16);
    }

    static AttentionSpec.Weights given(double[][] wq, double[][] wk, double[][] wv, int heads) {
        return new AttentionSpec.Weights(AttentionSpec.WeightsKind.GIVEN, Matrix.of(wq), Matrix.of(wk), Matrix.of(wv), 1, heads, 1);
    }

    static AttentionSpec.Layer layer(AttentionSpec.Inputs in, AttentionSpec.Weights w, AttentionSpec.MaskSpec mask, double tau, double[][] wo,
                                     AttentionSpec.LossSpec loss, boolean gradients) {
        return new AttentionSpec.Layer(in, w, mask, tau, Attention.Mode.SOFTMAX, Matrix.of(wo), null, loss, 0, 0, false, gradients);
    }

    /** Σ_n −log softmax(logits_{i_n})[t_n] with logits = (ReferenceAttention output) Eᵀ, by loops. */
    static double referenceLoss(double[][] x, double[][] wq, double[][] wk, double[][] wv, double[][] wo, int heads, double tau,
                                double[][] e, int[] pos, int[] tgt) {
        double[][] out = ReferenceAttention.attention(x, wq, wk, wv, wo, heads, true, tau)[1];
        double l = 0;
        for (int n = 0; n < pos.length; n++) {
            double[] z = out[pos[n]];
            double[] g = new double[e.length];
            for (int c = 0; c < e.length; c++) for (int k = 0; k < z.length; k++) g[c] += z[k] * e[c][k];
            double sum = 0;
            for (double gc : g) sum += Math.exp(gc);
            l += Math.log(sum) - g[tgt[n]];
        }
        return l;
    }

    /** Finite differences of the reference loss over one matrix (0 = W_Q, 1 = W_K, 2 = W_V), h = 1e-6. */
    static double[][] referenceGradient(int which, double[][] x, double[][] wq, double[][] wk, double[][] wv, double[][] wo, int heads, double tau,
                                        double[][] e, int[] pos, int[] tgt) {
        double[][] w = which == 0 ? wq : which == 1 ? wk : wv;
        double[][] g = new double[w.length][w[0].length];
        for (int a = 0; a < w.length; a++) {
            for (int b = 0; b < w[0].length; b++) {
                double keep = w[a][b], h = 1e-6;
                w[a][b] = keep + h;
                double up = referenceLoss(x, wq, wk, wv, wo, heads, tau, e, pos, tgt);
                w[a][b] = keep - h;
                double down = referenceLoss(x, wq, wk, wv, wo, heads, tau, e, pos, tgt);
                w[a][b] = keep;
                g[a][b] = (up - down) / (2 * h);
            }
        }
        return g;
    }

    @Test
    void gradientsAgreeWithFiniteDifferencesOfAnIndependentForwardPass() {
        SplittableRandom r = new SplittableRandom(5);
        String vocab = "a b c d";
        double[][] e = gaussian(r, 4, 3);
        double[][] wq = gaussian(r, 3, 4), wk = gaussian(r, 3, 4), wv = gaussian(r, 3, 4), wo = gaussian(r, 4, 3);
        String toks = "a c b d a b";
        int[] ids = {0, 2, 1, 3, 0, 1};
        double[][] x = new double[6][];
        for (int i = 0; i < 6; i++) x[i] = e[ids[i]].clone();
        int[] pos = {2, 3, 5};
        int[] tgt = {ids[2], ids[3], ids[5]};
        for (double tau : new double[]{0.7, 1, 3}) {
            AttentionResult.LayerRun run = engine.layer(layer(tokens(vocab, toks, e), given(wq, wk, wv, 2), AttentionSpec.MaskSpec.of(true), tau, wo,
                    new AttentionSpec.LossSpec(AttentionSpec.LossTarget.SAME, List.of(2, 3, 5), null, ""), true));
            AttentionGradients.Result g = run.gradients();
            assertEquals(referenceLoss(x, wq, wk, wv, wo, 2, tau, e, pos, tgt), g.loss(), 1e-10);
            double[][][] mine = {g.dWq(), g.dWk(), g.dWv()};
            for (int which = 0; which < 3; which++) {
                double[][] ref = referenceGradient(which, x, wq, wk, wv, wo, 2, tau, e, pos, tgt);
                for (int a = 0; a < 3; a++) assertArrayEquals(ref[a], mine[which][a], 1e-6, "τ = " + tau + ", matrix " + which + ", row " + a);
            }
            assertTrue(g.maxRelDiff() < 1e-6, "the lab's own check: " + g.maxRelDiff());
        }
        // τ = 0 at a generic point (no ties): W_Q and W_K get exactly zero, W_V the finite differences of the argmax model.
        AttentionGradients.Result g0 = engine.layer(layer(tokens(vocab, toks, e), given(wq, wk, wv, 2), AttentionSpec.MaskSpec.of(true), 0, wo,
                new AttentionSpec.LossSpec(AttentionSpec.LossTarget.SAME, List.of(2, 3, 5), null, ""), true)).gradients();
        assertTrue(g0.tiedRows().isEmpty());
        for (double[] row : g0.dWq()) for (double v : row) assertEquals(0, v, 0);
        for (double[] row : g0.dWk()) for (double v : row) assertEquals(0, v, 0);
        double[][] refV = referenceGradient(2, x, wq, wk, wv, wo, 2, 0, e, pos, tgt);
        for (int a = 0; a < 3; a++) assertArrayEquals(refV[a], g0.dWv()[a], 1e-6);
        assertTrue(g0.norm(g0.dWv()) > 0.01, "the values still learn at τ = 0");
        double[][] refQ = referenceGradient(0, x, wq, wk, wv, wo, 2, 0, e, pos, tgt);
        for (double[] row : refQ) for (double v : row) assertEquals(0, v, 0, "away from ties the argmax loss is flat in W_Q");
    }

    @Test
    void bandAndGivenMasksMatchTheirDefinitions() {
        for (int t = 1; t <= 7; t++) {
            for (int w = 1; w <= t + 1; w++) {
                boolean[][] c = Masks.band(t, w, true), s = Masks.band(t, w, false);
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < t; j++) {
                        boolean visibleCausal = j <= i && i - j < w, visibleBoth = Math.abs(i - j) < w;
                        assertEquals(!visibleCausal, c[i][j], t + "," + w + ": (" + i + "," + j + ")");
                        assertEquals(!visibleBoth, s[i][j]);
                    }
                }
            }
            // A band as wide as the sequence is the causal mask.
            assertArrayEquals(Masks.causal(t), Masks.band(t, t, true));
        }
        // A typed lower-triangular matrix of ones reproduces the causal layer exactly.
        SplittableRandom r = new SplittableRandom(2);
        double[][] x = gaussian(r, 5, 3), w = gaussian(r, 3, 3);
        double[][] lower = new double[5][5];
        for (int i = 0; i < 5; i++) for (int j = 0; j <= i; j++) lower[i][j] = 1;
        AttentionSpec.Inputs in = new AttentionSpec.Inputs(AttentionSpec.Source.GIVEN, Matrix.of(x), "", "", null, 5, 3, 1, PositionalEncoding.Kind.NONE, false, null, 16);
        AttentionResult.LayerRun typed = engine.layer(layer(in, given(w, w, w, 1), new AttentionSpec.MaskSpec(AttentionSpec.MaskKind.GIVEN, true, 0, Matrix.of(lower)),
                1, null, AttentionSpec.LossSpec.NONE, false));
        double[][][] ref = ReferenceAttention.attention(x, w, w, w, null, 1, true, 1);
        for (int i = 0; i < 5; i++) assertArrayEquals(ref[1][i], typed.core().output()[i], 1e-12);
        lower[2][1] = 2;
        ParamException bad = assertThrows(ParamException.class, () -> Masks.given(5, lower));
        assertEquals("mask_matrix", bad.key());
        assertTrue(bad.getMessage().contains("(3, 2)"), bad.getMessage());
        assertEquals("mask_matrix", assertThrows(ParamException.class, () -> Masks.given(4, new double[3][3])).key());
    }

    @Test
    void nextTokenLossLeavesOutPaddingAndMasksPadKeys() {
        SplittableRandom r = new SplittableRandom(9);
        double[][] e = gaussian(r, 4, 3);
        double[][] wq = gaussian(r, 3, 2), wk = gaussian(r, 3, 2), wv = gaussian(r, 3, 3);
        String vocab = "x y z <PAD>";
        int[] ids = {0, 1, 2, 1, 3, 3};
        AttentionResult.LayerRun run = engine.layer(layer(tokens(vocab, "x y z y <PAD> <PAD>", e), given(wq, wk, wv, 1), AttentionSpec.MaskSpec.of(true), 1.3, null,
                new AttentionSpec.LossSpec(AttentionSpec.LossTarget.NEXT, List.of(), null, "<PAD>"), false));
        // Pad keys (positions 5, 6) are masked in every row.
        for (int i = 0; i < 6; i++) for (int j = 4; j < 6; j++) assertEquals(0, run.weights()[i][j], 0);
        assertEquals(List.of(4, 5), run.input().padded());
        // Next-token targets: positions 1…4 predict tokens 2…5; position 4 predicts <PAD> and is left out, as is 5 (→ 6).
        AttentionResult.Scored loss = run.loss();
        assertArrayEquals(new int[]{0, 1, 2}, loss.positions());
        assertArrayEquals(new int[]{3, 4}, loss.dropped());
        double[][] x = new double[6][];
        for (int i = 0; i < 6; i++) x[i] = e[ids[i]].clone();
        // Rows 1…3 never see a pad key under the causal mask, so the reference without padding gives the same rows.
        double byHand = referenceLoss(x, wq, wk, wv, null, 1, 1.3, e, new int[]{0, 1, 2}, new int[]{ids[1], ids[2], ids[3]});
        assertEquals(byHand, loss.total(), 1e-12);
        // Beside it, the same-position loss over the positions whose own token is not padding.
        AttentionResult.Scored same = run.beside();
        assertEquals(AttentionResult.Scored.Kind.CROSS_ENTROPY, same.kind());
        assertArrayEquals(new int[]{0, 1, 2, 3}, same.positions());
        assertEquals(referenceLoss(x, wq, wk, wv, null, 1, 1.3, e, new int[]{0, 1, 2, 3}, new int[]{ids[0], ids[1], ids[2], ids[3]}), same.total(), 1e-12);
    }

    @Test
    void aLearnedTableHasNoRowBeyondN() {
        AttentionSpec.Inputs in = new AttentionSpec.Inputs(AttentionSpec.Source.ZEROS, null, "", "", null, 20, 6, 3,
                PositionalEncoding.Kind.LEARNED, false, null, 16);
        AttentionSpec.Weights id = new AttentionSpec.Weights(AttentionSpec.WeightsKind.IDENTITY, null, null, null, 1, 1, 1);
        AttentionResult.LayerRun run = engine.layer(layer(in, id, AttentionSpec.MaskSpec.of(false), 1, null, AttentionSpec.LossSpec.NONE, false));
        double[][] table = PositionalEncoding.learnedTable(16, 6, 3);
        assertArrayEquals(table, run.input().table());
        for (int i = 0; i < 16; i++) assertArrayEquals(table[i], run.input().x()[i], 0, "X = 0 + table row " + (i + 1));
        for (int i = 16; i < 20; i++) assertArrayEquals(new double[6], run.input().x()[i], 0, "no row for position " + (i + 1));
        assertEquals(List.of(16, 17, 18, 19), run.input().missing());
        // The sinusoidal encoding gives every position a non-zero row.
        double[][] pe = PositionalEncoding.sinusoidal(20, 6);
        for (double[] row : pe) assertTrue(Math.abs(row[1]) + Math.abs(row[0]) > 0);
        assertNotEquals(table[0][0], PositionalEncoding.learnedTable(16, 6, 4)[0][0], "seeded");
    }

    @Test
    void underflowIsFlaggedWithTheExactLogWeight() {
        AttentionResult.TemperatureRun t = engine.temperature(new AttentionSpec.Temperature(List.of(4.0, 3.0, 2.0, 1.0), 2, 0.001));
        assertEquals(1, t.weights()[0][0]);
        assertEquals(3, t.underflowCount());
        for (int j = 1; j < 4; j++) {
            assertTrue(t.underflow()[0][j]);
            // log P_j = (z_j − 4)/τ − log(1 + Σ_k exp((z_k − 4)/τ)), the sum being 1 to double precision.
            assertEquals((j * -1000.0) / Math.log(10), Softmax.log10Weight(t.scores()[0], null, 0.001, j), 1e-9);
        }
        assertNull(engine.temperature(new AttentionSpec.Temperature(List.of(4.0, 3.0, 2.0, 1.0), 2, 0)).underflow(), "τ = 0: exact zeros");
        assertNull(engine.temperature(new AttentionSpec.Temperature(List.of(4.0, 3.0, 2.0, 1.0), 2, 1)).underflow());
        // Just above and below the threshold: e^{-700} ≈ 9.9e-305 is kept, e^{-710} ≈ 4.5e-309 is not.
        boolean[] edge = Softmax.underflowed(new double[]{0, -700, -710}, null, 1, Softmax.row(new double[]{0, -700, -710}, null, 1));
        assertArrayEquals(new boolean[]{false, false, true}, edge);
    }

    @Test
    void copyTaskExpectedLossExactAgainstAMidpointRuleAndAFineMonteCarlo() {
        assertEquals(0.25, CopyTask.meanAbsAffine(-0.5, 1, 0), 1e-15);
        assertEquals(1.0 / 3, CopyTask.meanAbsAffine(0, 1, -1), 1e-15); // E|u − w| = 1/3
        assertEquals(0.5, CopyTask.meanAbsAffine(-0.5, 0, 0), 0);
        for (double m : new double[]{0.3, 1, 2, 10, 100}) {
            double[][] p = CopyTask.weights(m, 1, true);
            double[] exact = CopyTask.expectedPerPosition(p);
            int n = 800;
            double[] mid = new double[4];
            double[] v = new double[4];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double u1 = (a + 0.5) / n, u2 = (b + 0.5) / n;
                    v[0] = 0.5; v[1] = u1; v[2] = u2; v[3] = u1;
                    double[] y = {u1, u2, u1, u2};
                    for (int i = 0; i < 4; i++) {
                        double o = 0;
                        for (int j = 0; j < 4; j++) o += p[i][j] * v[j];
                        mid[i] += Math.abs(o - y[i]) / ((double) n * n);
                    }
                }
            }
            for (int i = 0; i < 4; i++) assertEquals(mid[i], exact[i], 2e-6, "M = " + m + ", position " + (i + 1));
            CopyTask.Estimate mc = CopyTask.expectedLoss(p, 1_000_000, 77);
            double total = exact[0] + exact[1] + exact[2] + exact[3];
            assertEquals(mc.mean(), total, 5 * mc.stdError(), "M = " + m);
        }
        // The optimum: ¼ + ¼ + 0 + 0 at large M.
        assertArrayEquals(new double[]{0.25, 0.25, 0, 0}, CopyTask.expectedPerPosition(CopyTask.weights(100, 1, true)), 1e-12);
        // The preset's 2,000-sample estimate at M = 10 lies within its error of the exact value, which is just above ½.
        AttentionResult.CopyRun c = engine.copy(new AttentionSpec.Copy(10, 0.3, 0.8, 2000, 1, 1, true, 3));
        assertTrue(Math.abs(c.sampled().mean() - c.expected()) < 3 * c.sampled().stdError());
        assertTrue(c.expected() < 0.5 + 1e-3 && c.expected() >= 0.5);
    }
}
