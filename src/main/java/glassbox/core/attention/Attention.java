package glassbox.core.attention;

import glassbox.core.ParamException;

import java.util.List;

/**
 * One attention layer (docs/LABS.md §4): per head S = Q Kᵀ, P = softmax_row(S/τ) under the mask (or
 * linear-attention weights), Z = P V; heads concatenated, then optionally multiplied by W_O.
 * Split in two stages so a lab can keep the projections and scores while only τ, the mask or the
 * mode change.
 */
public final class Attention {
    private Attention() {}

    public enum Mode { SOFTMAX, LINEAR }

    /** From this many positions the rows of P and Z are computed in parallel. */
    static final int PARALLEL_T = 256;

    /** Stage 1: projections and scores (independent of τ, mask and mode). */
    public record Scores(Projection.Heads heads, double[][][] scores, int nonFinite) {
        public int t() { return scores[0].length; }
    }

    /**
     * One head's result. {@code weights} is zero where masked; for linear attention
     * {@code outputRunning} is the O(T) running-sum output and {@code runningDiff} its largest
     * difference from the quadratic one (NaN in softmax mode).
     */
    public record Head(double[][] q, double[][] k, double[][] v, double[][] scores, double[][] weights, double[][] output,
                       double[] entropy, List<Integer> degenerate, double[][] outputRunning, double runningDiff) {}

    public record Result(boolean[][] mask, double tau, Mode mode, Head[] heads, double[][] concat, double[][] output,
                         boolean projected, int nonFiniteScores) {
        public int t() { return mask.length; }

        /** The largest running-sum vs quadratic difference over heads (linear mode), NaN otherwise. */
        public double runningDiff() {
            double d = mode == Mode.LINEAR ? 0 : Double.NaN;
            for (Head h : heads) if (mode == Mode.LINEAR) d = Math.max(d, h.runningDiff());
            return d;
        }
    }

    public static Scores scores(double[][] x, double[][] wq, double[][] wk, double[][] wv, int heads) {
        return scores(Projection.project(x, wq, wk, wv, heads));
    }

    public static Scores scores(Projection.Heads h) {
        double[][][] s = new double[h.count()][][];
        int bad = 0;
        for (int m = 0; m < h.count(); m++) {
            s[m] = Projection.scores(h.q()[m], h.k()[m]);
            bad += Mat.nonFinite(s[m]);
        }
        return new Scores(h, s, bad);
    }

    /** Stage 2 with the causal mask or none. */
    public static Result attend(Scores sc, boolean causal, double tau, Mode mode, double[][] wo) {
        return attend(sc, Masks.of(sc.t(), causal), tau, mode, wo);
    }

    /**
     * Stage 2 under {@code mask} (true = masked; T × T, never written). {@code wo} may be null (output = concatenated
     * heads). Linear attention's O(T) running sums exist for no mask and the causal one only.
     */
    public static Result attend(Scores sc, boolean[][] mask, double tau, Mode mode, double[][] wo) {
        Softmax.checkTemperature(tau);
        int t = sc.t(), nh = sc.heads().count();
        if (mask.length != t) throw new IllegalArgumentException("mask for " + mask.length + " positions, scores for " + t);
        boolean causal = isCausal(mask);
        if (mode == Mode.LINEAR && !causal && !isNone(mask)) {
            throw new ParamException("mode", "linear", "linear attention's running sums need no mask or the causal one; "
                    + "this mask (a band, a typed matrix or padding) has no O(T) form: use mode = softmax, or mask = standard without padding");
        }
        Head[] heads = new Head[nh];
        double[][][] outs = new double[nh][][];
        for (int m = 0; m < nh; m++) {
            double[][] q = sc.heads().q()[m], k = sc.heads().k()[m], v = sc.heads().v()[m], s = sc.scores()[m];
            double[][] p, z, zr = null;
            double diff = Double.NaN;
            List<Integer> degenerate = List.of();
            double[] ent = new double[t];
            if (mode == Mode.SOFTMAX) {
                p = new double[t][t];
                z = new double[t][Mat.cols(v)];
                double[][] pp = p, zz = z;
                // Rows are independent (softmax, entropy, z_i = Σ_j P_ij v_j), so large T runs them in
                // parallel with results identical to the sequential loop.
                java.util.stream.IntStream rows = java.util.stream.IntStream.range(0, t);
                (t >= PARALLEL_T ? rows.parallel() : rows).forEach(i -> {
                    ent[i] = Softmax.rowWithEntropy(s[i], mask[i], tau, pp[i]);
                    weightedSum(pp[i], v, zz[i]);
                });
            } else {
                LinearAttention.Quadratic lq = LinearAttention.quadratic(q, k, v, causal);
                p = lq.weights();
                z = lq.output();
                degenerate = lq.degenerate();
                zr = LinearAttention.runningSums(q, k, v, causal);
                diff = Mat.maxAbsDiff(z, zr);
                java.util.Arrays.fill(ent, Double.NaN); // linear weights can be negative: no entropy
            }
            heads[m] = new Head(q, k, v, s, p, z, ent, degenerate, zr, diff);
            outs[m] = z;
        }
        double[][] concat = nh == 1 ? outs[0] : Mat.concatColumns(outs);
        double[][] out = concat;
        if (wo != null) {
            if (Mat.cols(concat) != Mat.rows(wo)) {
                throw new ParamException("WO", "(P V) W_O does not chain: P V" + (nh > 1 ? " (" + nh + " heads concatenated)" : "")
                        + " is " + Mat.shape(concat) + " but W_O is " + Mat.shape(wo) + " (columns of P V must equal rows of W_O)");
            }
            out = Mat.multiply(concat, wo);
        }
        return new Result(mask, tau, mode, heads, concat, out, wo != null, sc.nonFinite());
    }

    static boolean isCausal(boolean[][] m) {
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m.length; j++) if (m[i][j] != (j > i)) return false;
        return true;
    }

    static boolean isNone(boolean[][] m) {
        for (boolean[] row : m) for (boolean b : row) if (b) return false;
        return true;
    }

    /**
     * z += Σ_j p_j v_j. Four rows of V per pass over z (a quarter of the loads and stores of z, the
     * bound at d = 64); rows with weight exactly 0 are skipped, so masked positions never contribute,
     * not even 0 · ∞.
     */
    static void weightedSum(double[] p, double[][] v, double[] z) {
        int n = p.length, d = z.length, j = 0;
        for (; j + 3 < n; j += 4) {
            double w0 = p[j], w1 = p[j + 1], w2 = p[j + 2], w3 = p[j + 3];
            if (w0 != 0 && w1 != 0 && w2 != 0 && w3 != 0) {
                double[] v0 = v[j], v1 = v[j + 1], v2 = v[j + 2], v3 = v[j + 3];
                for (int b = 0; b < d; b++) z[b] += (w0 * v0[b] + w1 * v1[b]) + (w2 * v2[b] + w3 * v3[b]);
            } else {
                for (int k = j; k < j + 4; k++) axpy(p[k], v[k], z);
            }
        }
        for (; j < n; j++) axpy(p[j], v[j], z);
    }

    private static void axpy(double w, double[] x, double[] z) {
        if (w == 0) return;
        for (int b = 0; b < z.length; b++) z[b] += w * x[b];
    }

    /** Logits = Z Eᵀ (T × vocabulary): the representation at each position scored against every embedding. */
    public static double[][] logits(double[][] z, double[][] e) {
        if (Mat.cols(z) != Mat.cols(e)) {
            throw new ParamException("E", "logits = Z Eᵀ does not chain: the output Z is " + Mat.shape(z) + " but Eᵀ is "
                    + Mat.cols(e) + "×" + Mat.rows(e) + " (the output width must equal the embedding width d)");
        }
        return Mat.multiplyTransposed(z, e);
    }
}
