package glassbox.core.ssm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The impulse kernel K_0 … K_L of an SSM (K_0 = D, K_l = C A^{l−1} B) by the four methods of
 * docs/LABS.md §2. All return L+1 numbers. Values beyond the double range come out as ±∞ (sequential)
 * or as non-finite values (the others); callers show them as overflow.
 */
public final class Kernels {
    /** Doubling uses ND4J's matrix product from this state size up (below, per-call overhead dominates). */
    public static final int ND4J_MIN_N = 16;

    /** Exact power-of-two rescaling keeps the sequential state in range: v = w · 2^e. */
    private static final double BIG = 0x1p600, SMALL = 0x1p-600;

    private Kernels() {}

    /**
     * A in one flat array for {@link #matvec}: panels of eight rows stored column by column
     * (panel q, column j, row r at q·8n + 8j + r), so a panel's product reads one sequential
     * stream; the rows left over (n mod 8) follow row by row.
     */
    static double[] packed(double[][] a) {
        int n = a.length, full = n / 8 * 8;
        double[] f = new double[n * n];
        int o = 0;
        for (int i = 0; i < full; i += 8) {
            for (int j = 0; j < n; j++) for (int r = 0; r < 8; r++) f[o++] = a[i + r][j];
        }
        for (int i = full; i < n; i++) for (int j = 0; j < n; j++) f[o++] = a[i][j];
        return f;
    }

    /** out = A·v with A {@link #packed}: {@link #step} without bias or C. */
    static void matvec(double[] a, int n, double[] v, double[] out) {
        step(a, n, v, null, 0, null, out, null);
    }

    /**
     * One step of a recurrence: out = A·v + bias·bu (bias may be null), with what the caller
     * needs next computed while out's entries are in registers: returns max |out_i| (a NaN
     * entry is skipped: it stays NaN whatever the scale) and, when c is not null, puts Σ_i c_i out_i, summed in the
     * order of {@link #dot}, into dotOut[0]. The recurrence and the sequential kernel spend all
     * their time here (L·n² multiply-adds), so eight rows go at once: each v[j] is loaded once for
     * eight independent accumulators, which keeps the floating-point pipes busy. Every row is still
     * summed in the plain order Σ_j A(i,j) v_j, j = 0 … n−1, so results do not depend on the
     * blocking, and the max and dot are bitwise those of separate passes over the state.
     */
    static double step(double[] a, int n, double[] v, double[] bias, double bu, double[] c, double[] out, double[] dotOut) {
        int i = 0, o = 0;
        // The max by plain comparisons in two chains (Math.max's NaN and −0 handling cost a visible share).
        double dot = 0, m0 = 0, m1 = 0;
        for (; i + 8 <= n; i += 8) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int j = 0; j < n; j++, o += 8) {
                double x = v[j];
                s0 += a[o] * x;
                s1 += a[o + 1] * x;
                s2 += a[o + 2] * x;
                s3 += a[o + 3] * x;
                s4 += a[o + 4] * x;
                s5 += a[o + 5] * x;
                s6 += a[o + 6] * x;
                s7 += a[o + 7] * x;
            }
            if (bias != null) {
                s0 += bias[i] * bu; s1 += bias[i + 1] * bu; s2 += bias[i + 2] * bu; s3 += bias[i + 3] * bu;
                s4 += bias[i + 4] * bu; s5 += bias[i + 5] * bu; s6 += bias[i + 6] * bu; s7 += bias[i + 7] * bu;
            }
            out[i] = s0; out[i + 1] = s1; out[i + 2] = s2; out[i + 3] = s3;
            out[i + 4] = s4; out[i + 5] = s5; out[i + 6] = s6; out[i + 7] = s7;
            if (c != null) {
                dot += c[i] * s0; dot += c[i + 1] * s1; dot += c[i + 2] * s2; dot += c[i + 3] * s3;
                dot += c[i + 4] * s4; dot += c[i + 5] * s5; dot += c[i + 6] * s6; dot += c[i + 7] * s7;
            }
            double x0 = Math.abs(s0), x1 = Math.abs(s1), x2 = Math.abs(s2), x3 = Math.abs(s3);
            double x4 = Math.abs(s4), x5 = Math.abs(s5), x6 = Math.abs(s6), x7 = Math.abs(s7);
            if (x0 > m0) m0 = x0;
            if (x1 > m1) m1 = x1;
            if (x2 > m0) m0 = x2;
            if (x3 > m1) m1 = x3;
            if (x4 > m0) m0 = x4;
            if (x5 > m1) m1 = x5;
            if (x6 > m0) m0 = x6;
            if (x7 > m1) m1 = x7;
        }
        for (; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++, o++) s += a[o] * v[j];
            if (bias != null) s += bias[i] * bu;
            out[i] = s;
            if (c != null) dot += c[i] * s;
            double x = Math.abs(s);
            if (x > m0) m0 = x;
        }
        if (c != null) dotOut[0] = dot;
        return m0 > m1 ? m0 : m1;
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
        double[] a = packed(s.a());
        double[] c = s.c();
        double[] k = new double[len + 1];
        k[0] = s.d();
        double[] v = s.b().clone(), t = new double[n], dot = {dot(c, v)};
        int e = 0;
        for (int l = 1; l <= len; l++) {
            if (l > 1) {
                double m = step(a, n, v, null, 0, c, t, dot);
                double[] sw = v; v = t; t = sw;
                if (m > BIG) {
                    for (int i = 0; i < n; i++) v[i] *= SMALL;
                    e += 600;
                    dot[0] = dot(c, v);
                } else if (e > 0 && m < SMALL && m > 0) {
                    for (int i = 0; i < n; i++) v[i] *= BIG;
                    e -= 600;
                    dot[0] = dot(c, v);
                }
            }
            k[l] = e == 0 ? dot[0] : Math.scalb(dot[0], e);
        }
        return k;
    }

    /**
     * Divide and conquer: X_{2m} = [X_m, A^m X_m], A^{2m} = A^m A^m with X_m = [B, AB, …, A^{m−1}B];
     * then K_l = C X[:, l−1]. Matrix–matrix products (ND4J when asked and n ≥ {@link #ND4J_MIN_N}).
     * The last doubling step's half of X is never needed itself, only C times it:
     * C (A^m X_m) = (C A^m) X_m, a row times X_m (n·m multiply-adds instead of n²·m, about half the
     * method's work at L = 2^k).
     */
    public static double[] doubling(StateSpace s, int len, boolean nd4j) {
        if (nd4j && s.n() >= ND4J_MIN_N) return doublingNd4j(s, len);
        Doubling job = new Doubling(s, len);
        job.prefix();
        job.rows(0, s.n());
        return job.finish();
    }

    /**
     * {@link #doubling} in parts, so that two threads can share its largest full step (the rows of
     * A^m X_m are independent of each other): {@link #prefix} runs the steps before it, {@link #rows}
     * that step for a range of destination rows, {@link #finish} the rest and the kernel. Call prefix,
     * then rows for ranges that cover 0 … n−1 once (disjoint ranges may run on different threads),
     * then finish after all of them. The result does not depend on the split.
     */
    public static final class Doubling {
        private final StateSpace s;
        private final int n, len, last, shared;
        private final double[][] x;
        private double[][] p;

        public Doubling(StateSpace s, int len) {
            this.s = s;
            this.len = len;
            n = s.n();
            // X row-major by state: x[i][col], so A^m X_m is a run of contiguous axpys. It holds the
            // columns before the last step: the largest power of two below len (1 when len = 1).
            last = len <= 1 ? 1 : Integer.highestOneBit(len - 1);
            shared = last / 2; // the step that fills columns [last/2, last); none when last = 1
            x = new double[n][last];
            for (int i = 0; i < n; i++) x[i][0] = s.b()[i];
            p = StateSpace.copy(s.a());
        }

        /** The steps before the shared one; leaves p = A^shared. */
        public void prefix() {
            for (int m = 1; m < shared; m *= 2) {
                level(m, 0, n);
                p = multiply(p, p);
            }
        }

        /** The shared step for destination rows [i0, i1). */
        public void rows(int i0, int i1) {
            if (shared > 0) level(shared, i0, i1);
        }

        /** K_0 … K_len from X_last; the last step's half of X is never formed (see {@link #doubling}). */
        public double[] finish() {
            if (shared > 0) p = multiply(p, p); // A^last
            double[] c = s.c();
            double[] k = new double[len + 1];
            k[0] = s.d();
            for (int i = 0; i < n; i++) {
                double ci = c[i];
                double[] row = x[i];
                for (int l = 0; l < last; l++) k[l + 1] += ci * row[l];
            }
            if (len > last) {
                // K_{last+1+j} = (C A^last) X[:, j] for the remaining len − last columns.
                double[] cp = new double[n];
                for (int i = 0; i < n; i++) {
                    double ci = c[i];
                    if (ci == 0) continue;
                    for (int j = 0; j < n; j++) cp[j] += ci * p[i][j];
                }
                int cols = len - last;
                double[] dst = new double[cols];
                accumulateTerms(x, cp, dst, 0, 0, cols, 0, n);
                System.arraycopy(dst, 0, k, last + 1, cols);
            }
            return k;
        }

        /** Columns [m, 2m) of X for rows [i0, i1): A^m X_m with p = A^m. */
        private void level(int m, int i0, int i1) {
            // Column tiles keep the n source rows' slices in cache while every destination row uses them.
            for (int j0 = 0; j0 < m; j0 += TILE) {
                int j1 = Math.min(m, j0 + TILE);
                int i = i0;
                for (; i + 1 < i1; i += 2) accumulateRows(x, p[i], p[i + 1], x[i], x[i + 1], m, j0, j1);
                if (i < i1) accumulateRow(x, p[i], x[i], m, j0, j1);
            }
        }
    }

    /** Columns per tile of doubling's block product: n rows × TILE doubles of the source (128 KiB at n = 64) stay in L2. */
    private static final int TILE = 256;

    /**
     * {@link #accumulateRow} for two destination rows at once: each load of the four source slices
     * serves both (the loop is bound by loads). Every destination entry still receives its terms in
     * the order k = 0 … n−1, so the result is bitwise that of one row at a time.
     */
    private static void accumulateRows(double[][] x, double[] ra, double[] rb, double[] da, double[] db, int m, int j0, int j1) {
        int n = ra.length;
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            double a0 = ra[k], a1 = ra[k + 1], a2 = ra[k + 2], a3 = ra[k + 3];
            double b0 = rb[k], b1 = rb[k + 1], b2 = rb[k + 2], b3 = rb[k + 3];
            if (a0 != 0 && a1 != 0 && a2 != 0 && a3 != 0 && b0 != 0 && b1 != 0 && b2 != 0 && b3 != 0) {
                double[] s0 = x[k], s1 = x[k + 1], s2 = x[k + 2], s3 = x[k + 3];
                for (int j = j0; j < j1; j++) {
                    double x0 = s0[j], x1 = s1[j], x2 = s2[j], x3 = s3[j];
                    da[m + j] = (((da[m + j] + a0 * x0) + a1 * x1) + a2 * x2) + a3 * x3;
                    db[m + j] = (((db[m + j] + b0 * x0) + b1 * x1) + b2 * x2) + b3 * x3;
                }
            } else {
                accumulateTerms(x, ra, da, m, j0, j1, k, k + 4);
                accumulateTerms(x, rb, db, m, j0, j1, k, k + 4);
            }
        }
        accumulateTerms(x, ra, da, m, j0, j1, k, n);
        accumulateTerms(x, rb, db, m, j0, j1, k, n);
    }

    /** dst[m + j] += row[k] · x[k][j] for k in [k0, k1) one term at a time, zero coefficients skipped. */
    private static void accumulateTerms(double[][] x, double[] row, double[] dst, int m, int j0, int j1, int k0, int k1) {
        for (int k = k0; k < k1; k++) {
            double a = row[k];
            if (a == 0) continue;
            double[] src = x[k];
            for (int j = j0; j < j1; j++) dst[m + j] += a * src[j];
        }
    }

    /**
     * dst[m + j] += Σ_k row[k] · x[k][j] for j in [j0, j1), the terms added in the order k = 0 … n−1
     * (four at a time, one load and store of dst per four terms). Zero coefficients are skipped, as
     * a single-term loop would: 0 · ∞ must not turn an overflowed column into NaN.
     */
    private static void accumulateRow(double[][] x, double[] row, double[] dst, int m, int j0, int j1) {
        int n = row.length;
        int k = 0;
        while (k < n) {
            if (k + 4 <= n && row[k] != 0 && row[k + 1] != 0 && row[k + 2] != 0 && row[k + 3] != 0) {
                double a0 = row[k], a1 = row[k + 1], a2 = row[k + 2], a3 = row[k + 3];
                double[] s0 = x[k], s1 = x[k + 1], s2 = x[k + 2], s3 = x[k + 3];
                for (int j = j0; j < j1; j++) dst[m + j] = (((dst[m + j] + a0 * s0[j]) + a1 * s1[j]) + a2 * s2[j]) + a3 * s3[j];
                k += 4;
            } else {
                double a = row[k];
                if (a != 0) {
                    double[] src = x[k];
                    for (int j = j0; j < j1; j++) dst[m + j] += a * src[j];
                }
                k++;
            }
        }
    }

    private static double[] doublingNd4j(StateSpace s, int len) {
        int n = s.n();
        int last = len <= 1 ? 1 : Integer.highestOneBit(len - 1);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, n, last);
        x.putColumn(0, Nd4j.createFromArray(s.b()).reshape(n, 1));
        INDArray p = Nd4j.createFromArray(s.a());
        int m = 1;
        while (m < last) {
            INDArray prod = p.mmul(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, m)));
            x.get(NDArrayIndex.all(), NDArrayIndex.interval(m, 2 * m)).assign(prod);
            m *= 2;
            p = p.mmul(p);
        }
        INDArray c = Nd4j.createFromArray(s.c()).reshape(1, n);
        double[] k = new double[len + 1];
        k[0] = s.d();
        System.arraycopy(c.mmul(x).toDoubleVector(), 0, k, 1, last);
        if (len > last) {
            // As in the plain method: the last step needs only (C A^last) X.
            double[] tail = c.mmul(p).mmul(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, len - last))).toDoubleVector();
            System.arraycopy(tail, 0, k, last + 1, len - last);
        }
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
     * this is docs/LABS.md's I + ((1+v)^l − 1)/v · p pᵀ. Then K_l = c^{l−1} CB + g_{l−1} (Cp)(qᵀB).
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
