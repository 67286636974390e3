package glassbox.core.attention;

import glassbox.core.ParamException;

/**
 * Q = X W_Q, K = X W_K, V = X W_V split into heads (docs/LABS.md §4). With h heads W_Q and W_K are
 * d × (h·d_k) and W_V is d × (h·d_v); head m (0-based) uses columns m·d_k … (m+1)·d_k − 1 (the
 * layout of a fused in-projection). Shape errors name the product that fails and the shapes, with
 * the CLI keys WQ, WK, WV and heads.
 */
public final class Projection {
    private Projection() {}

    /** Per head m: q[m], k[m] (T × d_k) and v[m] (T × d_v). */
    public record Heads(int count, int dk, int dv, double[][][] q, double[][][] k, double[][][] v) {}

    public static Heads project(double[][] x, double[][] wq, double[][] wk, double[][] wv, int heads) {
        double[][] q = Mat.multiply(x, "X", wq, "W_Q", "WQ");
        double[][] k = Mat.multiply(x, "X", wk, "W_K", "WK");
        double[][] v = Mat.multiply(x, "X", wv, "W_V", "WV");
        return split(q, k, v, heads);
    }

    /** Splits full projections (T × h·d_k, T × h·d_k, T × h·d_v) into h heads. */
    public static Heads split(double[][] q, double[][] k, double[][] v, int heads) {
        if (heads < 1) throw new ParamException("heads", Integer.toString(heads), "expected at least 1 head");
        if (Mat.cols(q) != Mat.cols(k)) {
            throw new ParamException("WK", "Q Kᵀ does not chain: Q = X W_Q is " + Mat.shape(q) + " but K = X W_K is " + Mat.shape(k)
                    + " (W_Q and W_K need the same number of columns d_k)");
        }
        if (Mat.cols(q) % heads != 0) {
            throw new ParamException("heads", Integer.toString(heads), "W_Q and W_K have " + Mat.cols(q)
                    + " columns, which do not split into " + heads + " heads of equal width d_k");
        }
        if (Mat.cols(v) % heads != 0) {
            throw new ParamException("heads", Integer.toString(heads), "W_V has " + Mat.cols(v)
                    + " columns, which do not split into " + heads + " heads of equal width d_v");
        }
        int dk = Mat.cols(q) / heads, dv = Mat.cols(v) / heads;
        double[][][] qs = new double[heads][][], ks = new double[heads][][], vs = new double[heads][][];
        for (int m = 0; m < heads; m++) {
            qs[m] = heads == 1 ? q : Mat.columns(q, m * dk, (m + 1) * dk);
            ks[m] = heads == 1 ? k : Mat.columns(k, m * dk, (m + 1) * dk);
            vs[m] = heads == 1 ? v : Mat.columns(v, m * dv, (m + 1) * dv);
        }
        return new Heads(heads, dk, dv, qs, ks, vs);
    }

    /** Scores S = Q Kᵀ of one head (T × T), before temperature and mask. */
    public static double[][] scores(double[][] q, double[][] k) {
        return Mat.multiplyTransposed(q, k);
    }
}
