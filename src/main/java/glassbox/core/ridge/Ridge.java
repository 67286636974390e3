package glassbox.core.ridge;

/**
 * docs/LABS.md §5: attention as in-context ridge regression. The (key, value) pairs are training data,
 * W* = (λI + KᵀK)⁻¹ KᵀV, the output for a query q is W*ᵀ q and its weights over the values are
 * K (λI + KᵀK)⁻¹ q. Everything is plain Java over contiguous arrays: d ≤ 256, so ND4J's per-call
 * overhead would cost more than the arithmetic. Indices are 0-based (position t = 0 … n−1).
 */
public final class Ridge {
    private Ridge() {}

    /**
     * One pass over the sequence: z holds M_t⁻¹ q_t row by row (flat, rows × d) and out the
     * outputs (rows × d_v), for every position or for the listed positions only. breakdown is the
     * first position whose system could not be solved (a non-positive Cholesky pivot or a
     * non-finite number), or −1. qrWeights[p], where not null, is position p's weight row as the QR
     * route computed it (see {@link QrRoute}): there K z would cancel away the digits, so readers of
     * the weights take this row instead.
     */
    public record Pass(int[] positions, double[] z, double[][] out, int breakdown, double[][] qrWeights) {
        public Pass(int[] positions, double[] z, double[][] out, int breakdown) {
            this(positions, z, out, breakdown, null);
        }

        /** Position p's weight row over its lim keys: the QR route's where it has one, else K z_p into row. */
        public void weightsRow(double[] kt, int n, int d, int p, int lim, double[] row) {
            if (qrWeights != null && qrWeights[p] != null) System.arraycopy(qrWeights[p], 0, row, 0, lim);
            else Ridge.weightsRow(kt, n, d, z, p * d, lim, row);
        }
    }

    /** All positions 0 … n−1. */
    public static int[] all(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    /**
     * The Sherman–Morrison recursion: M_0⁻¹ = I/λ, M_t⁻¹ = M_{t−1}⁻¹ − u uᵀ/(1 + k_tᵀu) with
     * u = M_{t−1}⁻¹ k_t, J_t = J_{t−1} + k_t v_tᵀ; causal output J_tᵀ (M_t⁻¹ q_t). O(n·d²).
     * Non-causal: the recursion runs to the end and every query uses M_n⁻¹ and J_n.
     */
    public static Pass shermanMorrison(RidgeInputs in, double lambda, boolean causal) {
        return shermanMorrison(in, lambda, causal, new double[in.n() * in.d()], null);
    }

    /**
     * As {@link #shermanMorrison(RidgeInputs, double, boolean)}, writing z_t into {@code z} (n·d) and,
     * when {@code progress} is given, publishing after each z_t how many are written, so that another
     * thread can compute weight rows while the recursion goes on ({@link #weightsChasing}).
     */
    public static Pass shermanMorrison(RidgeInputs in, double lambda, boolean causal, double[] z, java.util.concurrent.atomic.AtomicInteger progress) {
        int n = in.n(), d = in.d(), dv = in.dv();
        double[] minv = new double[d * d];
        for (int i = 0; i < d; i++) minv[i * d + i] = 1 / lambda;
        double[] j = new double[d * dv];
        // u of this step and of the last one: M⁻¹'s rank-one update is applied lazily, row by row, in
        // the next step's pass over M⁻¹ (one pass over the d² numbers per step instead of two).
        double[] u = new double[d], last = new double[d];
        double lastS = 0;
        double[][] out = new double[n][dv];
        int breakdown = -1;
        double[] y = new double[d];
        for (int t = 0; t < n; t++) {
            double[] k = in.K()[t], q = in.Q()[t];
            // M_{t−1}⁻¹ = M_{t−2}⁻¹ − last lastᵀ·lastS, then u = M_{t−1}⁻¹ k_t and (causal) y = M_{t−1}⁻¹ q_t
            // (then M_t⁻¹ q_t = y − u (uᵀq_t)/denom).
            updateAndMatVec(minv, d, t > 0 ? last : null, lastS, k, u, causal ? q : null, y);
            double denom = 1, uq = 0;
            for (int i = 0; i < d; i++) {
                denom += k[i] * u[i];
                uq += u[i] * q[i];
            }
            // 1 + kᵀM⁻¹k ≥ 1 in exact arithmetic; anything else means M⁻¹ has lost positivity.
            if (!(denom >= 1 - 1e-12) || !Double.isFinite(denom)) {
                if (breakdown < 0) breakdown = t;
            }
            double s = 1 / denom;
            if (causal) {
                double f = uq * s;
                int zo = t * d;
                for (int i = 0; i < d; i++) z[zo + i] = y[i] - f * u[i];
                addOuterAndReadout(j, k, in.V()[t], d, dv, z, zo, out[t]);
                if (progress != null) progress.set(t + 1);
            } else {
                addOuter(j, k, in.V()[t], d, dv);
            }
            double[] sw = last; last = u; u = sw;
            lastS = s;
        }
        if (!causal) {
            if (n > 0) updateAndMatVec(minv, d, last, lastS, null, null, null, null); // the last step's pending update
            for (int t = 0; t < n; t++) {
                symMatVec(minv, d, in.Q()[t], z, t * d);
                readout(j, d, dv, z, t * d, out[t]);
                if (progress != null) progress.set(t + 1);
            }
        }
        return new Pass(all(n), z, out, breakdown);
    }

    /**
     * One pass over a symmetric d×d A, row by row: when w is given, A −= (w·s) wᵀ (row r: A[r,·] −= (w_r·s) w);
     * then, with the row as updated, ou = A x (when x is given; rows where x_r = 0 skipped, as in
     * {@link #symMatVec}) and oy = A y (when y is given; every row). Each sum is formed in row order,
     * so the numbers are bitwise those of the update followed by separate products.
     */
    static void updateAndMatVec(double[] a, int d, double[] w, double s, double[] x, double[] ou, double[] y, double[] oy) {
        if (ou != null) java.util.Arrays.fill(ou, 0);
        if (oy != null) java.util.Arrays.fill(oy, 0);
        for (int r = 0; r < d; r++) {
            int ro = r * d;
            if (w != null) {
                double f = w[r] * s;
                for (int c = 0; c < d; c++) a[ro + c] -= f * w[c];
            }
            if (y != null) {
                double xr = x[r], yr = y[r];
                for (int i = 0; i < d; i++) {
                    double v = a[ro + i];
                    ou[i] += xr * v;
                    oy[i] += yr * v;
                }
            } else if (x != null && x[r] != 0) {
                double xr = x[r];
                for (int i = 0; i < d; i++) ou[i] += xr * a[ro + i];
            }
        }
    }

    /** m += a bᵀ (rows×cols, flat; rows with a_r = 0 left as they are) and out = mᵀ z, in one pass over m. */
    static void addOuterAndReadout(double[] m, double[] a, double[] b, int rows, int cols, double[] z, int zOff, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int r = 0; r < rows; r++) {
            double ar = a[r], zr = z[zOff + r];
            int off = r * cols;
            if (ar != 0) {
                for (int c = 0; c < cols; c++) {
                    double v = m[off + c] + ar * b[c];
                    m[off + c] = v;
                    out[c] += zr * v;
                }
            } else {
                for (int c = 0; c < cols; c++) out[c] += zr * m[off + c];
            }
        }
    }

    /**
     * A fresh solve at each listed position t (increasing): the Cholesky factor of λI + K_tᵀK_t,
     * then z_t = (λI + K_tᵀK_t)⁻¹ q_t and output J_tᵀ z_t, with nothing carried from one solve to
     * the next except the running sums K_tᵀK_t and J_t = K_tᵀV_t (added in position order, which
     * gives bitwise the same sums as forming them from the t pairs — see {@link #solveFromScratch}).
     * O(n·d² + |positions|·d³). Non-causal: one factorisation of λI + KᵀK for every query.
     */
    public static Pass solve(RidgeInputs in, double lambda, boolean causal, int[] positions) {
        int n = in.n(), d = in.d(), dv = in.dv();
        double[] g = new double[d * d];
        double[] j = new double[d * dv];
        double[] l = new double[d * d];
        double[] z = new double[positions.length * d];
        double[][] out = new double[positions.length][dv];
        int breakdown = -1;
        if (!causal) {
            for (int t = 0; t < n; t++) {
                addLower(g, in.K()[t], d);
                addOuter(j, in.K()[t], in.V()[t], d, dv);
            }
            boolean ok = factor(g, lambda, d, l);
            QrRoute qr = ok ? null : QrRoute.of(in, n, lambda);
            double[][] qw = qr == null ? null : new double[positions.length][];
            for (int p = 0; p < positions.length; p++) {
                if (ok) {
                    cholSolve(l, d, in.Q()[positions[p]], z, p * d);
                    readout(j, d, dv, z, p * d, out[p]);
                } else if (qr != null) {
                    qw[p] = qr.query(in.Q()[positions[p]], z, p * d, out[p]);
                } else {
                    fillNaN(z, p * d, d, out[p]);
                }
            }
            return new Pass(positions.clone(), z, out, ok || qr != null ? -1 : 0, qw);
        }
        int next = 0;
        double fallback = 0;
        double[][] qw = null;
        for (int t = 0; t < n && next < positions.length; t++) {
            addLower(g, in.K()[t], d);
            addOuter(j, in.K()[t], in.V()[t], d, dv);
            if (positions[next] != t) continue;
            QrRoute qr;
            if (factor(g, lambda, d, l)) {
                cholSolve(l, d, in.Q()[t], z, next * d);
                readout(j, d, dv, z, next * d, out[next]);
            } else if ((fallback += QrRoute.work(t + 1, d, dv)) <= QR_FALLBACK_BUDGET && (qr = QrRoute.of(in, t + 1, lambda)) != null) {
                if (qw == null) qw = new double[positions.length][];
                qw[next] = qr.query(in.Q()[t], z, next * d, out[next]);
            } else {
                if (breakdown < 0) breakdown = t;
                fillNaN(z, next * d, d, out[next]);
            }
            next++;
        }
        return new Pass(positions.clone(), z, out, breakdown, qw);
    }

    /**
     * The causal solve as one would first write it: at every t, K_tᵀK_t and K_tᵀV_t are formed
     * again from the t pairs, then factored and solved. O(n²·d² + n·d³). Used for the timing figure.
     */
    public static Pass solveFromScratch(RidgeInputs in, double lambda) {
        int n = in.n(), d = in.d(), dv = in.dv();
        double[] g = new double[d * d];
        double[] j = new double[d * dv];
        double[] l = new double[d * d];
        double[] z = new double[n * d];
        double[][] out = new double[n][dv];
        int breakdown = -1;
        for (int t = 0; t < n; t++) {
            java.util.Arrays.fill(g, 0);
            java.util.Arrays.fill(j, 0);
            for (int s = 0; s <= t; s++) {
                addLower(g, in.K()[s], d);
                addOuter(j, in.K()[s], in.V()[s], d, dv);
            }
            if (factor(g, lambda, d, l)) {
                cholSolve(l, d, in.Q()[t], z, t * d);
                readout(j, d, dv, z, t * d, out[t]);
            } else {
                if (breakdown < 0) breakdown = t;
                fillNaN(z, t * d, d, out[t]);
            }
        }
        return new Pass(all(n), z, out, breakdown);
    }

    /**
     * The n×n weights, row t = query t: entry j = k_jᵀ z_t (z_t = M_t⁻¹ q_t), for j ≤ t when causal
     * (zeros beyond). Written as row += z_t[c] · (column c of K) over contiguous rows of Kᵀ, so the
     * inner loop vectorises: O(n²·d) (half of it when causal).
     */
    public static double[][] weights(double[] kt, int n, int d, double[] z, int[] positions, boolean causal) {
        double[][] w = new double[positions.length][n];
        int pairs = (positions.length + 1) / 2;
        // Large matrices on both cores: blocks of row pairs are independent, so the result does not
        // depend on how they are shared out. Interleaved blocks balance a causal triangle.
        if ((double) positions.length * n * d >= PARALLEL_MACS) {
            java.util.stream.IntStream.range(0, (pairs + PAIR_BLOCK - 1) / PAIR_BLOCK).parallel()
                    .forEach(b -> weightPairs(kt, n, d, z, positions, causal, w, b * PAIR_BLOCK, Math.min(pairs, (b + 1) * PAIR_BLOCK)));
        } else {
            weightPairs(kt, n, d, z, positions, causal, w, 0, pairs);
        }
        return w;
    }

    /**
     * Blocks of weight-row pairs, claimed from {@code next} by each thread that calls this, each block
     * computed once {@code progress} says its rows of z are written; returns when no block is left.
     * Every row is computed by the same code as in {@link #weights}, so the matrix is the same
     * whichever thread took which block.
     */
    public static void weightsChasing(double[] kt, int n, int d, double[] z, int[] positions, boolean causal, double[][] w,
                                      java.util.concurrent.atomic.AtomicInteger next, java.util.concurrent.atomic.AtomicInteger progress) {
        int pairs = (positions.length + 1) / 2;
        for (int b = next.getAndIncrement(); (long) b * PAIR_BLOCK < pairs; b = next.getAndIncrement()) {
            int p0 = b * PAIR_BLOCK, p1 = Math.min(pairs, p0 + PAIR_BLOCK);
            int rows = Math.min(positions.length, 2 * p1);
            // Tens of microseconds per wait: the recursion writes a block's rows in well under a millisecond.
            while (progress.get() < rows) java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            weightPairs(kt, n, d, z, positions, causal, w, p0, p1);
        }
    }

    /** Work (multiply-adds) from which the n×n weights are shared between cores. */
    static final double PARALLEL_MACS = 4e6;
    private static final int PAIR_BLOCK = 16;

    /** Row pairs [p0, p1) of the weights: rows 2p and 2p + 1 (the last row alone when the count is odd). */
    private static void weightPairs(double[] kt, int n, int d, double[] z, int[] positions, boolean causal, double[][] w, int p0, int p1) {
        for (int q = p0; q < p1; q++) {
            int p = 2 * q;
            if (p + 1 >= positions.length) {
                weightsRow(kt, n, d, z, p * d, causal ? positions[p] + 1 : n, w[p]);
                continue;
            }
            // Two rows at a time share every load of Kᵀ (the kernel is bound by loads, not by multiplies).
            int la = causal ? positions[p] + 1 : n, lb = causal ? positions[p + 1] + 1 : n;
            weightsRows(kt, n, d, z, p * d, (p + 1) * d, Math.min(la, lb), w[p], w[p + 1]);
            if (la != lb) {
                // Causal rows t, t+1: the longer row's tail (rarely more than one entry) on its own.
                double[] longer = la > lb ? w[p] : w[p + 1];
                int zo = (la > lb ? p : p + 1) * d;
                for (int j = Math.min(la, lb); j < Math.max(la, lb); j++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) s += z[zo + c] * kt[c * n + j];
                    longer[j] = s;
                }
            }
        }
    }

    /** One row of weights: row[j] = Σ_c z[zOff + c]·Kᵀ[c][j] for j < limit (row zeroed first). */
    public static void weightsRow(double[] kt, int n, int d, double[] z, int zOff, int limit, double[] row) {
        java.util.Arrays.fill(row, 0);
        int c = 0;
        // Four columns of K per pass: a quarter of the loads and stores of row, and the loop still vectorises.
        for (; c + 3 < d; c += 4) {
            double z0 = z[zOff + c], z1 = z[zOff + c + 1], z2 = z[zOff + c + 2], z3 = z[zOff + c + 3];
            int o0 = c * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
            for (int j = 0; j < limit; j++) row[j] += z0 * kt[o0 + j] + z1 * kt[o1 + j] + z2 * kt[o2 + j] + z3 * kt[o3 + j];
        }
        for (; c < d; c++) {
            double zc = z[zOff + c];
            int off = c * n;
            for (int j = 0; j < limit; j++) row[j] += zc * kt[off + j];
        }
    }

    /** Two rows of weights over j < limit: ra from z[za…], rb from z[zb…] (rows start at zero). */
    static void weightsRows(double[] kt, int n, int d, double[] z, int za, int zb, int limit, double[] ra, double[] rb) {
        int c = 0;
        for (; c + 3 < d; c += 4) {
            double a0 = z[za + c], a1 = z[za + c + 1], a2 = z[za + c + 2], a3 = z[za + c + 3];
            double b0 = z[zb + c], b1 = z[zb + c + 1], b2 = z[zb + c + 2], b3 = z[zb + c + 3];
            int o0 = c * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
            for (int j = 0; j < limit; j++) {
                double k0 = kt[o0 + j], k1 = kt[o1 + j], k2 = kt[o2 + j], k3 = kt[o3 + j];
                ra[j] += a0 * k0 + a1 * k1 + a2 * k2 + a3 * k3;
                rb[j] += b0 * k0 + b1 * k1 + b2 * k2 + b3 * k3;
            }
        }
        for (; c < d; c++) {
            double a = z[za + c], b = z[zb + c];
            int off = c * n;
            for (int j = 0; j < limit; j++) {
                double k = kt[off + j];
                ra[j] += a * k;
                rb[j] += b * k;
            }
        }
    }

    /** Kᵀ as a flat d×n array (row c = column c of K). */
    public static double[] transpose(double[][] k) {
        int n = k.length, d = k[0].length;
        double[] kt = new double[d * n];
        for (int t = 0; t < n; t++) for (int c = 0; c < d; c++) kt[c * n + t] = k[t][c];
        return kt;
    }

    /** A matrix's rows one after another. */
    public static double[] flat(double[][] m) {
        int c = m[0].length;
        double[] f = new double[m.length * c];
        for (int r = 0; r < m.length; r++) System.arraycopy(m[r], 0, f, r * c, c);
        return f;
    }

    /** The raw dot products S = Q Kᵀ (row t = query t), only j ≤ t when causal (zeros beyond). */
    public static double[][] scores(RidgeInputs in, double[] kt, boolean causal) {
        return weights(kt, in.n(), in.d(), flat(in.Q()), all(in.n()), causal);
    }

    /**
     * Softmax attention for the same Q and K: row t = softmax_j(q_t·k_j/√d) over j (j ≤ t when
     * causal). The row maximum is subtracted before exp, so no score overflows. This small
     * softmax can later be replaced by the attention lab's.
     */
    public static double[][] softmax(double[][] scores, int d, boolean causal) {
        int n = scores.length;
        double scale = 1 / Math.sqrt(d);
        double[][] a = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] s = scores[t];
            int lim = causal ? t + 1 : s.length;
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < lim; j++) mx = Math.max(mx, s[j] * scale);
            double[] row = new double[s.length];
            double sum = 0;
            for (int j = 0; j < lim; j++) {
                row[j] = Math.exp(s[j] * scale - mx);
                sum += row[j];
            }
            for (int j = 0; j < lim; j++) row[j] /= sum;
            a[t] = row;
        }
        return a;
    }

    /** The λ-independent sums over all n pairs: the lower triangle of KᵀK and KᵀV (d × d_v), flat. */
    public record Sums(int d, int dv, double[] g, double[] j) {}

    public static Sums sums(RidgeInputs in) {
        int n = in.n(), d = in.d(), dv = in.dv();
        double[] g = new double[d * d], j = new double[d * dv];
        for (int t = 0; t < n; t++) {
            addLower(g, in.K()[t], d);
            addOuter(j, in.K()[t], in.V()[t], d, dv);
        }
        return new Sums(d, dv, g, j);
    }

    /** W* = (λI + KᵀK)⁻¹ KᵀV (d × d_v), the ridge solution on all n pairs; null if λI + KᵀK cannot be factored. */
    public static double[][] ridgeSolution(RidgeInputs in, double lambda) {
        return ridgeSolution(sums(in), lambda);
    }

    /** As above from the sums (which a λ slider does not change). */
    public static double[][] ridgeSolution(Sums sums, double lambda) {
        int d = sums.d(), dv = sums.dv();
        double[] j = sums.j(), l = new double[d * d];
        if (!factor(sums.g(), lambda, d, l)) return null;
        double[][] w = new double[d][dv];
        double[] col = new double[d], x = new double[d];
        for (int c = 0; c < dv; c++) {
            for (int i = 0; i < d; i++) col[i] = j[i * dv + c];
            cholSolve(l, d, col, x, 0);
            for (int i = 0; i < d; i++) w[i][c] = x[i];
        }
        return w;
    }

    /**
     * As {@link #ridgeSolution(RidgeInputs, double)}, falling back to the QR route when λI + KᵀK cannot be
     * factored accurately in double; null only when it is singular (λ = 0 with K rank-deficient).
     */
    public static double[][] ridgeSolution(Sums sums, RidgeInputs in, double lambda) {
        double[][] w = ridgeSolution(sums, lambda);
        if (w != null) return w;
        QrRoute qr = QrRoute.of(in, in.n(), lambda);
        return qr == null ? null : qr.solution();
    }

    /** Multiply-adds the causal solve may spend on QR routes before it flags the remaining positions instead. */
    static final double QR_FALLBACK_BUDGET = 2e8;

    /**
     * The ridge problem through the Householder QR of M = [K; √λ·I] (m = rows + d by d), never forming
     * KᵀK, whose condition number is the square of M's: RᵀR = λI + KᵀK and K = Q₁R, with Q₁ the first
     * rows of Q. Then the weights of a query are K(λI + KᵀK)⁻¹q = Q₁ R⁻ᵀ q, its output Vᵀ times them,
     * and W* = R⁻¹ Q₁ᵀ V (least squares on [V; 0]). Going through R⁻ᵀ q and Q₁ᵀ V rather than solving
     * RᵀR x = b keeps the digits that K z or (λI + KᵀK)⁻¹KᵀV would cancel when λ is tiny beside KᵀK
     * (e.g. K = 10⁶·[1 1; 1 1], λ = 10⁻⁴: cond ≈ 4·10¹⁶, yet W* = (5·10⁻⁷, 5·10⁻⁷) to 15 digits).
     * r is R row-major (d × d), q1 is Q₁ (rows × d), v the values seen.
     */
    record QrRoute(int d, double[] r, double[][] q1, double[][] v) {

        /** Multiply-adds of {@link #of} for rows keys: the factorisation, Q₁, and one query. */
        static double work(int rows, int d, int dv) {
            return 3.0 * (rows + d) * d * d + (double) rows * (d + dv);
        }

        /** The route for the first rows pairs; null when R is singular. */
        static QrRoute of(RidgeInputs in, int rows, double lambda) {
            int d = in.d(), m = rows + d;
            double[][] c = new double[d][m]; // the columns of M
            for (int i = 0; i < rows; i++) for (int col = 0; col < d; col++) c[col][i] = in.K()[i][col];
            double sl = Math.sqrt(lambda);
            for (int col = 0; col < d; col++) c[col][rows + col] = sl;
            double[] r = new double[d * d];
            double[][] vs = new double[d][]; // the reflectors, v_col over rows col … m−1
            double[] beta = new double[d];
            for (int col = 0; col < d; col++) {
                double[] x = c[col];
                double scale = 0;
                for (int i = col; i < m; i++) scale = Math.max(scale, Math.abs(x[i]));
                if (!(scale > 0) || !Double.isFinite(scale)) return null;
                double ss = 0;
                for (int i = col; i < m; i++) { double y = x[i] / scale; ss += y * y; }
                double alpha = (x[col] > 0 ? -scale : scale) * Math.sqrt(ss);
                double[] v = new double[m];
                for (int i = col; i < m; i++) v[i] = x[i] / scale;
                v[col] -= alpha / scale;
                double vv = 0;
                for (int i = col; i < m; i++) vv += v[i] * v[i];
                vs[col] = v;
                beta[col] = 2 / vv;
                r[col * d + col] = alpha;
                for (int o = col + 1; o < d; o++) {
                    double[] y = c[o];
                    double f = beta[col] * dot(v, y, col, m);
                    for (int i = col; i < m; i++) y[i] -= f * v[i];
                    r[col * d + o] = y[col];
                }
            }
            // Q₁ = the first rows of H_0 ⋯ H_{d−1} [I_d; 0], built by applying the reflectors last to first.
            double[][] qc = new double[d][m];
            for (int col = 0; col < d; col++) {
                double[] e = qc[col];
                e[col] = 1;
                for (int h = Math.min(col, d - 1); h >= 0; h--) {
                    double f = beta[h] * dot(vs[h], e, h, m);
                    for (int i = h; i < m; i++) e[i] -= f * vs[h][i];
                }
            }
            double[][] q1 = new double[rows][d];
            for (int i = 0; i < rows; i++) for (int col = 0; col < d; col++) q1[i][col] = qc[col][i];
            return new QrRoute(d, r, q1, java.util.Arrays.copyOf(in.V(), rows));
        }

        private static double dot(double[] a, double[] b, int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) s += a[i] * b[i];
            return s;
        }

        /** Writes z = (λI + KᵀK)⁻¹q into z[off…] and the output into out; returns the weight row. */
        double[] query(double[] q, double[] z, int off, double[] out) {
            double[] y = new double[d];
            for (int i = 0; i < d; i++) { // Rᵀ y = q (Rᵀ is lower triangular)
                double s = q[i];
                for (int k = 0; k < i; k++) s -= r[k * d + i] * y[k];
                y[i] = s / r[i * d + i];
            }
            backSubstitute(y, z, off);
            double[] w = new double[q1.length];
            for (int t = 0; t < q1.length; t++) {
                double s = 0;
                for (int i = 0; i < d; i++) s += q1[t][i] * y[i];
                w[t] = s;
            }
            // The output as W*ᵀq: W* is well determined by the least squares even where single weights are
            // not (Q₁'s rows carry errors up to ε·cond(M), which Vᵀ times the weights would pass on).
            double[][] sol = solution();
            for (int c = 0; c < out.length; c++) {
                double s = 0;
                for (int i = 0; i < d; i++) s += sol[i][c] * q[i];
                out[c] = s;
            }
            return w;
        }

        /** W* = R⁻¹ Q₁ᵀ V (d × d_v). */
        double[][] solution() {
            int dv = v.length == 0 ? 0 : v[0].length;
            double[][] w = new double[d][dv];
            double[] b = new double[d], x = new double[d];
            for (int c = 0; c < dv; c++) {
                java.util.Arrays.fill(b, 0);
                for (int t = 0; t < q1.length; t++) for (int i = 0; i < d; i++) b[i] += q1[t][i] * v[t][c];
                backSubstitute(b, x, 0);
                for (int i = 0; i < d; i++) w[i][c] = x[i];
            }
            return w;
        }

        /** R x = b into x[off…]. */
        private void backSubstitute(double[] b, double[] x, int off) {
            for (int i = d - 1; i >= 0; i--) {
                double s = b[i];
                for (int k = i + 1; k < d; k++) s -= r[i * d + k] * x[off + k];
                x[off + i] = s / r[i * d + i];
            }
        }
    }

    // ---- small dense kernels -------------------------------------------------------------

    /** out[off…] = A x for a symmetric d×d A, as Σ_c x[c]·(row c of A): contiguous, vectorisable. */
    static void symMatVec(double[] a, int d, double[] x, double[] out, int off) {
        java.util.Arrays.fill(out, off, off + d, 0);
        for (int c = 0; c < d; c++) {
            double xc = x[c];
            if (xc == 0) continue;
            int ro = c * d;
            for (int i = 0; i < d; i++) out[off + i] += xc * a[ro + i];
        }
    }

    /** The lower triangle (with the diagonal) of g += k kᵀ: all that the Cholesky factorisation reads. */
    static void addLower(double[] g, double[] k, int d) {
        for (int r = 0; r < d; r++) {
            double kr = k[r];
            if (kr == 0) continue;
            int off = r * d;
            for (int c = 0; c <= r; c++) g[off + c] += kr * k[c];
        }
    }

    /** m (rows×cols, flat) += a bᵀ. */
    static void addOuter(double[] m, double[] a, double[] b, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            double ar = a[r];
            if (ar == 0) continue;
            int off = r * cols;
            for (int c = 0; c < cols; c++) m[off + c] += ar * b[c];
        }
    }

    /** out = Jᵀ z for J d×d_v (flat): Σ_c z[c]·(row c of J). */
    static void readout(double[] j, int d, int dv, double[] z, int zOff, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int c = 0; c < d; c++) {
            double zc = z[zOff + c];
            int off = c * dv;
            for (int i = 0; i < dv; i++) out[i] += zc * j[off + i];
        }
    }

    /** Smallest share of its diagonal a Cholesky pivot may keep (see {@link #factor}). */
    static final double PIVOT_LOSS = 1e-10;

    /** Lower Cholesky factor of λI + G into l; false when a pivot is not positive or has lost ten digits. */
    static boolean factor(double[] g, double lambda, int d, double[] l) {
        for (int i = 0; i < d; i++) {
            int oi = i * d;
            for (int k = 0; k <= i; k++) {
                int ok = k * d;
                double s = g[oi + k] + (i == k ? lambda : 0);
                for (int m = 0; m < k; m++) s -= l[oi + m] * l[ok + m];
                if (i == k) {
                    // A pivot that keeps under 10⁻¹⁰ of its diagonal has lost ten digits to cancellation
                    // (cond(λI + KᵀK) ≳ 10¹⁰, e.g. huge keys with a small λ): the factor would solve it to
                    // no better than 10⁻⁶, so the caller takes the QR route (ridgeR) instead.
                    double diag = g[oi + i] + lambda;
                    if (!(s > diag * PIVOT_LOSS) || !Double.isFinite(s)) return false;
                    l[oi + i] = Math.sqrt(s);
                } else {
                    l[oi + k] = s / l[ok + k];
                }
            }
        }
        return true;
    }

    /** Solves (L Lᵀ) x = b into x[off…]. */
    static void cholSolve(double[] l, int d, double[] b, double[] x, int off) {
        for (int i = 0; i < d; i++) {
            double s = b[i];
            int oi = i * d;
            for (int k = 0; k < i; k++) s -= l[oi + k] * x[off + k];
            x[off + i] = s / l[oi + i];
        }
        for (int i = d - 1; i >= 0; i--) {
            double s = x[off + i];
            for (int k = i + 1; k < d; k++) s -= l[k * d + i] * x[off + k];
            x[off + i] = s / l[i * d + i];
        }
    }

    private static void fillNaN(double[] z, int off, int d, double[] out) {
        java.util.Arrays.fill(z, off, off + d, Double.NaN);
        java.util.Arrays.fill(out, Double.NaN);
    }
}
