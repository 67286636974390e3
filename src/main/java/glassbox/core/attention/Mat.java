package glassbox.core.attention;

import glassbox.core.ParamException;

/**
 * Small dense-matrix helpers (row-major double[][]) whose products say which product failed and
 * the shapes when they do not chain.
 */
public final class Mat {
    private Mat() {}

    public static int rows(double[][] m) { return m.length; }

    public static int cols(double[][] m) { return m.length == 0 ? 0 : m[0].length; }

    /** "7×4". */
    public static String shape(double[][] m) {
        return rows(m) + "×" + cols(m);
    }

    /**
     * a · b, or a ParamException (key {@code key}) such as
     * "X W_Q does not chain: X is 7×4 but W_Q is 3×2 (columns of X must equal rows of W_Q)".
     */
    public static double[][] multiply(double[][] a, String aName, double[][] b, String bName, String key) {
        checkChain(a, aName, b, bName, key);
        return multiply(a, b);
    }

    public static void checkChain(double[][] a, String aName, double[][] b, String bName, String key) {
        if (cols(a) != rows(b)) {
            throw new ParamException(key, aName + " " + bName + " does not chain: " + aName + " is " + shape(a) + " but "
                    + bName + " is " + shape(b) + " (columns of " + aName + " must equal rows of " + bName + ")");
        }
    }

    /** a · b (shapes assumed to chain). i-k-j order so the inner loop runs along rows (vectorisable). */
    public static double[][] multiply(double[][] a, double[][] b) {
        int n = rows(a), m = rows(b), p = cols(b);
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            double[] ci = c[i], ai = a[i];
            for (int k = 0; k < m; k++) {
                double aik = ai[k];
                if (aik == 0) continue;
                double[] bk = b[k];
                for (int j = 0; j < p; j++) ci[j] += aik * bk[j];
            }
        }
        return c;
    }

    /** a · bᵀ (a is n×d, b is m×d): the score matrix Q Kᵀ. */
    public static double[][] multiplyTransposed(double[][] a, double[][] b) {
        return multiply(a, transpose(b, cols(a)));
    }

    public static double[][] transpose(double[][] m) {
        return transpose(m, cols(m));
    }

    private static double[][] transpose(double[][] m, int c) {
        double[][] t = new double[c][m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < c; j++) t[j][i] = m[i][j];
        return t;
    }

    /** Columns [from, to) of m. */
    public static double[][] columns(double[][] m, int from, int to) {
        double[][] out = new double[m.length][to - from];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], from, out[i], 0, to - from);
        return out;
    }

    /** [a | b | …] side by side (all with the same number of rows). */
    public static double[][] concatColumns(double[][]... parts) {
        int n = parts[0].length, c = 0;
        for (double[][] p : parts) c += cols(p);
        double[][] out = new double[n][c];
        for (int i = 0; i < n; i++) {
            int off = 0;
            for (double[][] p : parts) {
                System.arraycopy(p[i], 0, out[i], off, cols(p));
                off += cols(p);
            }
        }
        return out;
    }

    public static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    public static double maxAbsDiff(double[][] a, double[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
        return d;
    }

    public static double maxAbs(double[][] a) {
        double d = 0;
        for (double[] r : a) for (double x : r) d = Math.max(d, Math.abs(x));
        return d;
    }

    /** How many entries are NaN or infinite. */
    public static int nonFinite(double[][] a) {
        int n = 0;
        for (double[] r : a) for (double x : r) if (!Double.isFinite(x)) n++;
        return n;
    }

    public static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }
}
