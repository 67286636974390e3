package glassbox.core.ridge;

import glassbox.core.Fmt;
import glassbox.core.MatrixLiteral;
import glassbox.core.ParamException;

import java.util.Random;

/**
 * Keys K (n×d), values V (n×d_v) and queries Q (n×d), one row per position: typed as matrix
 * literals or generated (standard normal entries) from a seed. Each matrix has its own random
 * stream filled row by row, so row t does not change when n grows (prefixes are stable).
 */
public record RidgeInputs(double[][] K, double[][] V, double[][] Q, boolean typedK, boolean typedV, boolean typedQ) {

    /** Largest number of positions: the n×n weight matrix (and its heatmap) stays below 33 MB. */
    public static final int MAX_N = 2048;
    /** Largest key dimension: the d×d inverse is updated n times (O(n·d²)). */
    public static final int MAX_D = 256;
    /** Largest |entry|: keeps KᵀK (≈ n·entry²) and the scores far from overflow in double precision. */
    public static final double MAX_ABS = 1e6;

    public int n() { return K.length; }

    public int d() { return K[0].length; }

    public int dv() { return V[0].length; }

    /** The first m positions (m ≤ n). */
    public RidgeInputs prefix(int m) {
        return new RidgeInputs(java.util.Arrays.copyOf(K, m), java.util.Arrays.copyOf(V, m), java.util.Arrays.copyOf(Q, m),
                typedK, typedV, typedQ);
    }

    /**
     * Resolves the inputs: typed matrices (non-blank text) override generation; n comes from the
     * first typed matrix (K, then V, then Q), d from K or Q, d_v from V; otherwise the parameters.
     * Shapes that do not fit, sizes above the caps and entries beyond ±1e6 are a ParamException.
     */
    public static RidgeInputs resolve(String kText, String vText, String qText, int n, int d, long seed) {
        double[][] k = parse("K", kText), v = parse("V", vText), q = parse("Q", qText);
        String nFrom = "n", dFrom = "d";
        if (k != null) { n = k.length; nFrom = "K"; }
        else if (v != null) { n = v.length; nFrom = "V"; }
        else if (q != null) { n = q.length; nFrom = "Q"; }
        if (k != null) { d = k[0].length; dFrom = "K"; }
        else if (q != null) { d = q[0].length; dFrom = "Q"; }
        if (n > MAX_N) {
            throw new ParamException(nFrom, nFrom + " has " + n + " rows: at most " + MAX_N + " positions (the n×n weight matrix is drawn and exported)");
        }
        if (d > MAX_D) {
            throw new ParamException(dFrom, dFrom + " has " + d + " columns: the key dimension d is at most " + MAX_D);
        }
        if (v != null && v.length != n) {
            throw new ParamException("V", "V has " + v.length + " rows but " + nFrom + " gives n = " + n + ": one value row per key (position)");
        }
        if (q != null && q.length != n) {
            throw new ParamException("Q", "Q has " + q.length + " rows but " + nFrom + " gives n = " + n + ": one query row per position");
        }
        if (q != null && q[0].length != d) {
            throw new ParamException("Q", "Q has " + q[0].length + " columns but " + dFrom + " gives d = " + d + ": queries and keys need the same dimension d");
        }
        if (v != null && v[0].length > MAX_D) {
            throw new ParamException("V", "V has " + v[0].length + " columns: the value dimension d_v is at most " + MAX_D);
        }
        int dv = v != null ? v[0].length : d;
        return new RidgeInputs(
                k != null ? k : gaussian(n, d, seed, 1),
                v != null ? v : gaussian(n, dv, seed, 2),
                q != null ? q : gaussian(n, d, seed, 3),
                k != null, v != null, q != null);
    }

    private static double[][] parse(String key, String text) {
        if (text == null || text.isBlank()) return null;
        double[][] m = MatrixLiteral.parse(key, text);
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) {
                if (Math.abs(m[r][c]) > MAX_ABS) {
                    throw new ParamException(key, key + " entry (" + (r + 1) + "," + (c + 1) + ") = " + Fmt.num(m[r][c])
                            + ": entries must lie within ±" + Fmt.num(MAX_ABS) + " so that KᵀK and the scores cannot overflow");
                }
            }
        }
        return m;
    }

    /** Standard normal entries from stream {@code stream} of the seed, row by row. */
    public static double[][] gaussian(int rows, int cols, long seed, int stream) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L);
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = r.nextGaussian();
        return m;
    }
}
