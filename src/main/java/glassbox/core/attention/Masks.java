package glassbox.core.attention;

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

    public static int visibleCount(boolean[][] mask, int row) {
        int n = 0;
        for (boolean b : mask[row]) if (!b) n++;
        return n;
    }
}
