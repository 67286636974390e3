package glassbox.core.ssm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The impulse kernel K_0 … K_L of an SSM (K_0 = D, K_l = C A^{l−1} B) by the four methods of
 * LABS.md §2. All return L+1 numbers. Values beyond the double range come out as ±∞ (sequential)
 * or as non-finite values (the others); callers show them as overflow.
 */
public final class Kernels {
    /** Doubling uses ND4J's matrix product from this state size up (below, per-call overhead dominates). */
    public static final int ND4J_MIN_N = 16;

    /** Exact power-of-two rescaling keeps the sequential state in range: v = w · 2^e. */
    private static final double BIG = 0x1p600, SMALL = 0x1p-600;

    private Kernels() {}

    /** A transposed into one flat array (column-major A), so A·v is a sequence of vectorisable axpys. */
    static double[] columnMajor(double[][] a) {
        int n = a.length;
        double[] at = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) at[j * n + i] = a[i][j];
        return at;
    }

    /** out = A·v with A column-major. */
    static void matvec(double[] at, int n, double[] v, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int k = 0; k < n; k++) {
            double s = v[k];
            if (s == 0) continue;
            int o = k * n;
            for (int i = 0; i < n; i++) out[i] += at[o + i] * s;
        }
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /**
     * The definition: v ← A v, K_l = C v, O(L n²). The state is kept as w·2^e with exact
     * power-of-two rescaling, so an unstable A gives ±∞ with the right sign instead of NaN, and
     * the digits are those of the plain recurrence wherever it stays in range.
     */
    public static double[] sequential(StateSpace s, int len) {
        int n = s.n();
        double[] at = columnMajor(s.a());
        double[] k = new double[len + 1];
        k[0] = s.d();
        double[] v = s.b().clone(), t = new double[n];
        int e = 0;
        for (int l = 1; l <= len; l++) {
            if (l > 1) {
                matvec(at, n, v, t);
                double[] sw = v; v = t; t = sw;
                double m = 0;
                for (double x : v) m = Math.max(m, Math.abs(x));
                if (m > BIG) {
                    for (int i = 0; i < n; i++) v[i] *= SMALL;
                    e += 600;
                } else if (e > 0 && m < SMALL && m > 0) {
                    for (int i = 0; i < n; i++) v[i] *= BIG;
                    e -= 600;
                }
            }
            k[l] = Math.scalb(dot(s.c(), v), e);
        }
        return k;
    }

    /**
     * Divide and conquer: X_{2m} = [X_m, A^m X_m], A^{2m} = A^m A^m with X_m = [B, AB, …, A^{m−1}B];
     * then K_l = C X[:, l−1]. Matrix–matrix products (ND4J when asked and n ≥ {@link #ND4J_MIN_N}).
     */
    public static double[] doubling(StateSpace s, int len, boolean nd4j) {
        if (nd4j && s.n() >= ND4J_MIN_N) return doublingNd4j(s, len);
        int n = s.n();
        // X row-major by state: x[i][col], so A^m X_m is a run of contiguous axpys.
        double[][] x = new double[n][len];
        for (int i = 0; i < n; i++) x[i][0] = s.b()[i];
        double[][] p = StateSpace.copy(s.a());
        int m = 1;
        while (m < len) {
            int cols = Math.min(m, len - m);
            for (int i = 0; i < n; i++) {
                double[] dst = x[i];
                for (int k = 0; k < n; k++) {
                    double a = p[i][k];
                    if (a == 0) continue;
                    double[] src = x[k];
                    for (int j = 0; j < cols; j++) dst[m + j] += a * src[j];
                }
            }
            m += cols;
            if (m < len) p = multiply(p, p);
        }
        double[] k = new double[len + 1];
        k[0] = s.d();
        double[] c = s.c();
        for (int i = 0; i < n; i++) {
            double ci = c[i];
            double[] row = x[i];
            for (int l = 0; l < len; l++) k[l + 1] += ci * row[l];
        }
        return k;
    }

    private static double[] doublingNd4j(StateSpace s, int len) {
        int n = s.n();
        INDArray x = Nd4j.zeros(DataType.DOUBLE, n, len);
        x.putColumn(0, Nd4j.createFromArray(s.b()).reshape(n, 1));
        INDArray p = Nd4j.createFromArray(s.a());
        int m = 1;
        while (m < len) {
            int cols = Math.min(m, len - m);
            INDArray prod = p.mmul(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cols)));
            x.get(NDArrayIndex.all(), NDArrayIndex.interval(m, m + cols)).assign(prod);
            m += cols;
            if (m < len) p = p.mmul(p);
        }
        double[] kx = Nd4j.createFromArray(s.c()).reshape(1, n).mmul(x).toDoubleVector();
        double[] k = new double[len + 1];
        k[0] = s.d();
        System.arraycopy(kx, 0, k, 1, len);
        return k;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = a[i][k];
                if (v == 0) continue;
                double[] bk = b[k], ci = c[i];
                for (int j = 0; j < n; j++) ci[j] += v * bk[j];
            }
        }
        return c;
    }

    /**
     * The eigenvalues and weights the diagonal method uses: K_l = Re Σ_j w_j λ_j^{l−1}, one term
     * per real eigenvalue (w = C_i B_i) and one per conjugate pair block [[a, −b], [b, a]]
     * (λ = a + ib, w = (C_i B_i + C_{i+1} B_{i+1}) + i (C_i B_{i+1} − C_{i+1} B_i), which counts
     * both members of the pair). Requires {@link StateSpace#notDiagonal} to be null.
     */
    public static double[][] modes(StateSpace s) {
        double[][] a = s.a();
        double[] b = s.b(), c = s.c();
        int n = s.n();
        double[] lr = new double[n], li = new double[n], wr = new double[n], wi = new double[n];
        int t = 0;
        for (int i = 0; i < n; ) {
            boolean pair = i + 1 < n && (a[i + 1][i] != 0 || a[i][i + 1] != 0);
            if (pair) {
                lr[t] = a[i][i];
                li[t] = a[i + 1][i];
                wr[t] = c[i] * b[i] + c[i + 1] * b[i + 1];
                wi[t] = c[i] * b[i + 1] - c[i + 1] * b[i];
                i += 2;
            } else {
                lr[t] = a[i][i];
                wr[t] = c[i] * b[i];
                i++;
            }
            t++;
        }
        return new double[][]{java.util.Arrays.copyOf(lr, t), java.util.Arrays.copyOf(li, t),
                java.util.Arrays.copyOf(wr, t), java.util.Arrays.copyOf(wi, t)};
    }

    /** Diagonal A: a Vandermonde product, powers of each λ by repeated multiplication, no matrix products. O(L n). */
    public static double[] diagonal(StateSpace s, int len) {
        double[][] md = modes(s);
        double[] lr = md[0], li = md[1], wr = md[2], wi = md[3];
        int t = lr.length;
        double[] zr = wr.clone(), zi = wi.clone();
        double[] k = new double[len + 1];
        k[0] = s.d();
        for (int l = 1; l <= len; l++) {
            double sum = 0;
            for (int j = 0; j < t; j++) sum += zr[j];
            k[l] = sum;
            for (int j = 0; j < t; j++) {
                double r = zr[j] * lr[j] - zi[j] * li[j];
                zi[j] = zr[j] * li[j] + zi[j] * lr[j];
                zr[j] = r;
            }
        }
        return k;
    }

    /**
     * A = c·I + p qᵀ in closed form. With v = qᵀp, (p qᵀ)^j = v^{j−1} p qᵀ, so
     * A^l = c^l I + ((c + v)^l − c^l)/v · p qᵀ (the ratio is l c^{l−1} when v = 0); for c = 1, q = p
     * this is LABS.md's I + ((1+v)^l − 1)/v · p pᵀ. Then K_l = c^{l−1} CB + g_{l−1} (Cp)(qᵀB).
     */
    public static double[] dplr(StateSpace s, StateSpace.Dplr f, int len) {
        double c = f.c();
        double v = dot(f.q(), f.p());
        double cb = dot(s.c(), s.b()), cp = dot(s.c(), f.p()), qb = dot(f.q(), s.b());
        double[] k = new double[len + 1];
        k[0] = s.d();
        for (int l = 1; l <= len; l++) {
            int j = l - 1;
            double cj = Math.pow(c, j);
            double g = growth(c, v, j);
            // 0·∞ would be NaN: a zero factor means that term is exactly zero.
            double t1 = cb == 0 ? 0 : cj * cb;
            double t2 = (cp == 0 || qb == 0 || g == 0) ? 0 : g * cp * qb;
            k[l] = t1 + t2;
        }
        return k;
    }

    /** ((c+v)^j − c^j)/v without cancellation for small v (and its limit j c^{j−1} at v = 0). */
    static double growth(double c, double v, int j) {
        if (j == 0) return 0;
        if (v == 0) return j * Math.pow(c, j - 1);
        if (c > 0 && Math.abs(v / c) <= 0.5) {
            // c^j · expm1(j·log1p(v/c)) / v: no cancellation when v ≪ c.
            double r = Math.expm1(j * Math.log1p(v / c));
            double cj = Math.pow(c, j);
            // Out of range (c^j underflows while (1 + v/c)^j overflows): then c^j ≪ (c+v)^j and
            // the direct formula below has no cancellation to fear.
            if (Double.isFinite(r) && cj != 0 && Double.isFinite(cj)) return cj * r / v;
        }
        return (Math.pow(c + v, j) - Math.pow(c, j)) / v;
    }
}
