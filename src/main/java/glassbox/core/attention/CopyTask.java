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
        return Attention.attend(sc, Masks.of(T, causal), tau, Attention.Mode.SOFTMAX, null).heads()[0].weights();
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

    /**
     * The expected loss exactly, per position: E|o_i − y_i| over (u₁, u₂) ~ U[0,1]². P does not depend on u, so
     * o_i − y_i = α + β u₁ + γ u₂ is affine (α = P_i1/2, β = P_i2 + P_i4 − [y_i = u₁], γ = P_i3 − [y_i = u₂], 1-based
     * j); its absolute value is integrated over the square split along its zero line, each piece exactly (an affine
     * function integrates to its area times its value at the centroid). Total = the sum; at large M ¼ + ¼ + 0 + 0.
     */
    public static double[] expectedPerPosition(double[][] p) {
        double[] out = new double[T];
        for (int i = 0; i < T; i++) {
            double a = 0.5 * p[i][0];
            double b = p[i][1] + p[i][3] - (i % 2 == 0 ? 1 : 0);
            double c = p[i][2] - (i % 2 == 1 ? 1 : 0);
            out[i] = meanAbsAffine(a, b, c);
        }
        return out;
    }

    /** ∫∫ over [0,1]² of |a + b u + c w| du dw, exactly: the square cut along a + b u + c w = 0. */
    static double meanAbsAffine(double a, double b, double c) {
        double[][] square = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        return integralOnSide(square, a, b, c, 1) + integralOnSide(square, a, b, c, -1);
    }

    /** ∫ of sign·f over the part of the polygon where sign·f ≥ 0 (Sutherland–Hodgman clip, then the centroid rule). */
    private static double integralOnSide(double[][] poly, double a, double b, double c, double sign) {
        java.util.List<double[]> out = new java.util.ArrayList<>();
        int n = poly.length;
        for (int k = 0; k < n; k++) {
            double[] p0 = poly[k], p1 = poly[(k + 1) % n];
            double f0 = sign * (a + b * p0[0] + c * p0[1]), f1 = sign * (a + b * p1[0] + c * p1[1]);
            if (f0 >= 0) out.add(p0);
            if ((f0 >= 0) != (f1 >= 0)) {
                double t = f0 / (f0 - f1);
                out.add(new double[]{p0[0] + t * (p1[0] - p0[0]), p0[1] + t * (p1[1] - p0[1])});
            }
        }
        if (out.size() < 3) return 0;
        double area2 = 0, cx = 0, cy = 0;
        for (int k = 0; k < out.size(); k++) {
            double[] p0 = out.get(k), p1 = out.get((k + 1) % out.size());
            double cross = p0[0] * p1[1] - p1[0] * p0[1];
            area2 += cross;
            cx += (p0[0] + p1[0]) * cross;
            cy += (p0[1] + p1[1]) * cross;
        }
        if (area2 == 0) return 0;
        double area = Math.abs(area2) / 2;
        cx /= 3 * area2;
        cy /= 3 * area2;
        return area * sign * (a + b * cx + c * cy);
    }

    /** Monte Carlo per position: the mean of |o_i − y_i| over the same seeded samples as {@link #expectedLoss}. */
    public static double[] sampledPerPosition(double[][] p, int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] sum = new double[T];
        double[] v = new double[T];
        for (int n = 0; n < samples; n++) {
            double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
            v[0] = 0.5; v[1] = u1; v[2] = u2; v[3] = u1;
            double[] y = targets(u1, u2);
            for (int i = 0; i < T; i++) {
                double o = 0;
                for (int j = 0; j < T; j++) o += p[i][j] * v[j];
                sum[i] += Math.abs(o - y[i]);
            }
        }
        for (int i = 0; i < T; i++) sum[i] /= samples;
        return sum;
    }

    /** Against M: the exact expected loss per position [position][M], and the Monte Carlo mean and standard error. */
    public record Curves(double[] m, double[][] exactPerPosition, double[] exact, double[] sampled, double[] sampledStdError) {}

    public static Curves curves(double[] ms, double tau, boolean causal, int samples, long seed) {
        double[][] per = new double[T][ms.length];
        double[] exact = new double[ms.length], mc = new double[ms.length], se = new double[ms.length];
        for (int n = 0; n < ms.length; n++) {
            double[][] p = weights(ms[n], tau, causal);
            double[] e = expectedPerPosition(p);
            for (int i = 0; i < T; i++) {
                per[i][n] = e[i];
                exact[n] += e[i];
            }
            Estimate est = expectedLoss(p, samples, seed);
            mc[n] = est.mean();
            se[n] = est.stdError();
        }
        return new Curves(ms.clone(), per, exact, mc, se);
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
