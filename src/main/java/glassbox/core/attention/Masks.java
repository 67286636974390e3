package glassbox.core.attention;

import glassbox.core.ParamException;

/**
 * Attention masks as boolean matrices where {@code true} means masked (not visible), the same
 * convention {@code HeatmapFigure} draws as hatched cells. Row i is the query, column j the key.
 */
public final class Masks {
    private Masks() {}

    /** Causal: row i sees columns j ≤ i only (0-based; the same as 1-based j ≤ i). */
    public static boolean[][] causal(int t) {
        boolean[][] m = new boolean[t][t];
        for (int i = 0; i < t; i++) for (int j = i + 1; j < t; j++) m[i][j] = true;
        return m;
    }

    /** No mask: every row sees every column. */
    public static boolean[][] none(int t) {
        return new boolean[t][t];
    }

    public static boolean[][] of(int t, boolean causal) {
        return causal ? causal(t) : none(t);
    }

    /**
     * A band of width w ≥ 1: causal, row i sees i − w < j ≤ i (w = 2: "yourself and the previous token");
     * otherwise |i − j| &lt; w (a window on both sides).
     */
    public static boolean[][] band(int t, int w, boolean causal) {
        if (w < 1) throw new ParamException("window", Integer.toString(w), "expected a band width w ≥ 1");
        boolean[][] m = new boolean[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) m[i][j] = causal ? (j > i || j <= i - w) : Math.abs(i - j) >= w;
        }
        return m;
    }

    /** A typed 0/1 matrix, T × T, 1 = visible, 0 = masked; anything else is refused with the entry named. */
    public static boolean[][] given(int t, double[][] g) {
        if (g == null) throw new ParamException("mask_matrix", "\"\"", "mask = given needs a T × T matrix of 0 (masked) and 1 (visible)");
        if (g.length != t || Mat.cols(g) != t) {
            throw new ParamException("mask_matrix", "the mask is " + Mat.shape(g) + " but the input has T = " + t + " positions (the mask must be "
                    + t + "×" + t + ")");
        }
        boolean[][] m = new boolean[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double x = g[i][j];
                if (x != 0 && x != 1) {
                    throw new ParamException("mask_matrix", glassbox.core.Fmt.num(x), "entry (" + (i + 1) + ", " + (j + 1)
                            + ") is not 0 or 1 (1 = query i sees key j, 0 = masked)");
                }
                m[i][j] = x == 0;
            }
        }
        return m;
    }

    /** The mask of a spec for T positions, with the keys at {@code padded} positions (0-based) masked in every row. */
    public static boolean[][] of(AttentionSpec.MaskSpec spec, int t, java.util.List<Integer> padded) {
        boolean[][] m = switch (spec.kind()) {
            case NONE -> none(t);
            case CAUSAL -> causal(t);
            case BAND -> band(t, spec.window(), spec.causal());
            case GIVEN -> given(t, glassbox.core.Matrix.rowsOf(spec.given()));
        };
        for (int j : padded) for (int i = 0; i < t; i++) m[i][j] = true;
        return m;
    }

    /** Whether some row sees a column after it (the mask is not within the causal one). */
    public static boolean seesAhead(boolean[][] mask) {
        for (int i = 0; i < mask.length; i++) for (int j = i + 1; j < mask[i].length; j++) if (!mask[i][j]) return true;
        return false;
    }

    public static int visibleCount(boolean[][] mask, int row) {
        int n = 0;
        for (boolean b : mask[row]) if (!b) n++;
        return n;
    }
}
