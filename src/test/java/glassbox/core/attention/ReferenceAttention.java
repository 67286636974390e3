package glassbox.core.attention;

/**
 * An independent softmax attention for tests, written differently from the lab's code:
 * P_ij = 1 / Σ_k exp((s_ik − s_ij)/τ) over visible k (no maximum subtracted, no normalising pass;
 * a far-below-max entry gets 1/∞ = 0), the argmax limit by counting maxima with a stream, products
 * by explicit index sums in j-outer order.
 */
final class ReferenceAttention {
    private ReferenceAttention() {}

    static double[][] product(double[][] a, double[][] b) {
        int n = a.length, m = b.length, p = b[0].length;
        double[][] c = new double[n][p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = m - 1; k >= 0; k--) s += a[i][k] * b[k][j];
                c[i][j] = s;
            }
        }
        return c;
    }

    static boolean visible(boolean causal, int i, int j) {
        return !causal || j <= i;
    }

    static double[] softmaxRow(double[] s, int i, boolean causal, double tau) {
        int n = s.length;
        double[] p = new double[n];
        int vis = (int) java.util.stream.IntStream.range(0, n).filter(j -> visible(causal, i, j)).count();
        if (tau == Double.POSITIVE_INFINITY) {
            for (int j = 0; j < n; j++) if (visible(causal, i, j)) p[j] = 1.0 / vis;
            return p;
        }
        if (tau == 0) {
            double max = java.util.stream.IntStream.range(0, n).filter(j -> visible(causal, i, j)).mapToDouble(j -> s[j]).max().orElseThrow();
            long ties = java.util.stream.IntStream.range(0, n).filter(j -> visible(causal, i, j) && s[j] == max).count();
            for (int j = 0; j < n; j++) if (visible(causal, i, j) && s[j] == max) p[j] = 1.0 / ties;
            return p;
        }
        for (int j = 0; j < n; j++) {
            if (!visible(causal, i, j)) continue;
            double den = 0;
            for (int k = 0; k < n; k++) if (visible(causal, i, k)) den += Math.exp((s[k] - s[j]) / tau);
            p[j] = 1 / den;
        }
        return p;
    }

    /** Z = P V per head, heads side by side, then W_O (may be null). Returns {P of head 0, output}. */
    static double[][][] attention(double[][] x, double[][] wq, double[][] wk, double[][] wv, double[][] wo,
                                  int heads, boolean causal, double tau) {
        int t = x.length, dk = wq[0].length / heads, dv = wv[0].length / heads;
        double[][] q = product(x, wq), k = product(x, wk), v = product(x, wv);
        double[][] concat = new double[t][heads * dv];
        double[][] p0 = null;
        for (int h = 0; h < heads; h++) {
            double[][] s = new double[t][t];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    double acc = 0;
                    for (int a = 0; a < dk; a++) acc += q[i][h * dk + a] * k[j][h * dk + a];
                    s[i][j] = acc;
                }
            }
            double[][] p = new double[t][];
            for (int i = 0; i < t; i++) p[i] = softmaxRow(s[i], i, causal, tau);
            if (h == 0) p0 = p;
            for (int i = 0; i < t; i++) {
                for (int b = 0; b < dv; b++) {
                    double acc = 0;
                    for (int j = 0; j < t; j++) acc += p[i][j] * v[j][h * dv + b];
                    concat[i][h * dv + b] = acc;
                }
            }
        }
        return new double[][][]{p0, wo == null ? concat : product(concat, wo)};
    }
}
