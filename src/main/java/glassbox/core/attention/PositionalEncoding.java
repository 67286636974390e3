package glassbox.core.attention;

import glassbox.core.ParamException;

/**
 * Positional encodings added to or concatenated with the token embeddings (docs/LABS.md §4).
 * <ul>
 *   <li>one-hot: p_i = e_i (position i, 1-based as in docs/LABS.md, is the unit vector e_i);</li>
 *   <li>sinusoidal (Vaswani et al.): PE[pos, 2k] = sin(pos / 10000^(2k/d)),
 *       PE[pos, 2k+1] = cos(pos / 10000^(2k/d)), pos = 0 … T−1, so PE·PEᵀ depends on i − j only;</li>
 *   <li>learned: a table of N rows, one per position seen in training (here seeded N(0, 1) entries standing in
 *       for trained ones): position i ≥ N has no row, so the table cannot encode it, while the sinusoidal formula
 *       extends to any position;</li>
 *   <li>given: a T × d_p matrix.</li>
 * </ul>
 * "add": X = E[tokens] + P (P must be T × d); "concat": z_i = (p_i, x_i), positions first (as the
 * copy task writes z_i = (p_i, x_i)).
 */
public final class PositionalEncoding {
    private PositionalEncoding() {}

    public enum Kind { NONE, ONEHOT, SINUSOIDAL, LEARNED, GIVEN }

    /** The learned table: N × d, seeded N(0, 1) entries. */
    public static double[][] learnedTable(int n, int d, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 17 + 3);
        double[][] t = new double[n][d];
        for (double[] row : t) for (int c = 0; c < d; c++) row[c] = r.nextGaussian();
        return t;
    }

    /** The rows of a learned table of N positions used for T positions: rows i ≥ N are zero (the table has none). */
    public static double[][] learned(double[][] table, int t, int d) {
        double[][] pe = new double[t][d];
        for (int i = 0; i < Math.min(t, table.length); i++) pe[i] = table[i].clone();
        return pe;
    }

    public static double[][] sinusoidal(int t, int d) {
        double[][] pe = new double[t][d];
        for (int pos = 0; pos < t; pos++) {
            for (int c = 0; c < d; c++) {
                int k2 = c - (c % 2);
                double angle = pos / Math.pow(10000.0, (double) k2 / d);
                pe[pos][c] = c % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        return pe;
    }

    /** Row i is e_i ∈ R^d (needs d ≥ T). */
    public static double[][] oneHot(int t, int d) {
        double[][] pe = new double[t][d];
        for (int i = 0; i < t; i++) pe[i][i] = 1;
        return pe;
    }

    /**
     * The encoding matrix for T positions matching embeddings of width d: T × d for "add",
     * T × T (one-hot) or T × d (sinusoidal) for "concat"; null for NONE.
     */
    public static double[][] encoding(Kind kind, int t, int d, boolean concat, double[][] given) {
        return switch (kind) {
            case NONE -> null;
            case ONEHOT -> {
                if (!concat && t > d) {
                    throw new ParamException("positions", "onehot", "one-hot positions added to embeddings need d ≥ T, but d = " + d
                            + " and T = " + t + " (use pos_combine = concat, or wider embeddings)");
                }
                yield oneHot(t, concat ? t : d);
            }
            case SINUSOIDAL -> sinusoidal(t, d);
            case LEARNED -> throw new IllegalArgumentException("a learned table needs its rows: use learned(table, t, d)");
            case GIVEN -> {
                if (given == null) throw new ParamException("PE", "\"\"", "positions = given needs a T×d_p matrix PE");
                if (given.length != t) {
                    throw new ParamException("PE", "PE is " + Mat.shape(given) + " but the input has T = " + t + " positions (PE needs T rows)");
                }
                if (!concat && Mat.cols(given) != d) {
                    throw new ParamException("PE", "X + PE does not fit: the embeddings are " + t + "×" + d + " but PE is " + Mat.shape(given));
                }
                yield Mat.copy(given);
            }
        };
    }

    /** X combined with the encoding (returns X itself for NONE). */
    public static double[][] apply(double[][] x, Kind kind, boolean concat, double[][] given) {
        double[][] p = encoding(kind, x.length, Mat.cols(x), concat, given);
        if (p == null) return x;
        if (concat) return Mat.concatColumns(p, x);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int c = 0; c < out[i].length; c++) out[i][c] += p[i][c];
        }
        return out;
    }
}
