package glassbox.core.attention;

import java.util.SplittableRandom;

/**
 * The copy task of docs/LABS.md §4 (problem set): u₁, u₂ ~ U[0,1]; inputs x = (0, u₁, u₂, u₁), targets
 * y = (u₁, u₂, u₁, u₂); token i is z_i = (p_i, x_i) ∈ R⁵ with p_i = e_i ∈ R⁴; one causal head,
 * d_k = 1, τ = 1, W_Q = [0, M, −M, M, 0], W_K = [M, 0, 2M, −M, 0], W_V = [0.5, 0, 0, 0, 1]; the
 * attention output is the prediction; loss Σ_i |o_i − y_i|.
 *
 * <p>q = (0, M, −M, M), k = (M, 0, 2M, −M), v = (0.5, u₁, u₂, u₁): as M grows row 2 attends to
 * position 1 (v = 0.5), row 3 to position 2 (u₁) and row 4 to position 3 (u₂), so o → (0.5, 0.5,
 * u₁, u₂) and the loss → |0.5 − u₁| + |0.5 − u₂|, expected value 1/2.
 *
 * <p>Best possible expected loss: o₁ may depend on x₁ = 0 only and o₂ on (0, u₁) only, while
 * y₁ = u₁ and y₂ = u₂ are uniform and independent of what they see; the L1-optimal constant is
 * the median 1/2, with E|u − 1/2| = 1/4 each. o₃ and o₄ can copy y exactly. So no causal model
 * does better than 1/4 + 1/4 + 0 + 0 = 1/2 ({@link #BEST_EXPECTED_LOSS}).
 */
public final class CopyTask {
    private CopyTask() {}

    public static final double BEST_EXPECTED_LOSS = 0.5;
    public static final int T = 4;

    public static double[] inputs(double u1, double u2) { return new double[]{0, u1, u2, u1}; }

    public static double[] targets(double u1, double u2) { return new double[]{u1, u2, u1, u2}; }

    /** The 4 × 5 matrix of tokens z_i = (e_i, x_i). */
    public static double[][] tokens(double u1, double u2) {
        double[] x = inputs(u1, u2);
        double[][] z = new double[T][5];
        for (int i = 0; i < T; i++) {
            z[i][i] = 1;
            z[i][4] = x[i];
        }
        return z;
    }

    /** W_Q as a 5 × 1 column (d_k = 1). */
    public static double[][] wq(double m) { return column(0, m, -m, m, 0); }

    public static double[][] wk(double m) { return column(m, 0, 2 * m, -m, 0); }

    public static double[][] wv() { return column(0.5, 0, 0, 0, 1); }

    private static double[][] column(double... c) {
        double[][] out = new double[c.length][1];
        for (int i = 0; i < c.length; i++) out[i][0] = c[i];
        return out;
    }

    /**
     * The attention weights for a given M. They do not depend on u₁, u₂ (the last entries of W_Q and
     * W_K are 0, so q and k see the positions only), which is why one P serves every Monte Carlo sample.
     */
    public static double[][] weights(double m, double tau, boolean causal) {
        Attention.Scores sc = Attention.scores(tokens(0, 0), wq(m), wk(m), wv(), 1);
        return Attention.attend(sc, causal, tau, Attention.Mode.SOFTMAX, null).heads()[0].weights();
    }

    /** Σ_i |o_i − y_i| with o = P v, v = (0.5, u₁, u₂, u₁). */
    public static double loss(double[][] p, double u1, double u2) {
        double[] v = {0.5, u1, u2, u1}, y = targets(u1, u2);
        double l = 0;
        for (int i = 0; i < T; i++) {
            double o = 0;
            for (int j = 0; j < T; j++) o += p[i][j] * v[j];
            l += Math.abs(o - y[i]);
        }
        return l;
    }

    /** Monte Carlo estimate of E[loss] and its standard error, from a seeded stream (same samples for every M). */
    public record Estimate(double mean, double stdError) {}

    public static Estimate expectedLoss(double[][] p, int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double sum = 0, sq = 0;
        for (int n = 0; n < samples; n++) {
            double l = loss(p, rnd.nextDouble(), rnd.nextDouble());
            sum += l;
            sq += l * l;
        }
        double mean = sum / samples;
        double var = samples > 1 ? Math.max(0, (sq - samples * mean * mean) / (samples - 1)) : 0;
        return new Estimate(mean, Math.sqrt(var / samples));
    }

    /** Expected loss against M (same seeded samples at every M, so the curve is smooth). */
    public static double[] curve(double[] ms, double tau, boolean causal, int samples, long seed) {
        double[] out = new double[ms.length];
        for (int n = 0; n < ms.length; n++) out[n] = expectedLoss(weights(ms[n], tau, causal), samples, seed).mean();
        return out;
    }

    /** Log-spaced M values from lo to hi. */
    public static double[] logGrid(double lo, double hi, int n) {
        double[] m = new double[n];
        for (int k = 0; k < n; k++) m[k] = lo * Math.pow(hi / lo, (double) k / (n - 1));
        return m;
    }
}
