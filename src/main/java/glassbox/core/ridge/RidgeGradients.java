package glassbox.core.ridge;

/**
 * Does back-propagation pass through ridge attention (docs/LABS.md §5, the course's question)? The gradient of
 * L = Σ_c o_c, the output of one query t summed over its d_v components, with respect to λ, the keys, the values and
 * the query, in closed form, checked by central finite differences.
 *
 * <p>With the pairs query t sees (1 … t causal, all otherwise) M = λI + KᵀK, a = M⁻¹q, w = K a (the weights),
 * o = Vᵀ w and g = (1, …, 1): r = Kᵀ(V g), b = M⁻¹ r; then ∂L/∂V_ic = w_i g_c, ∂L/∂q = b, ∂L/∂λ = −bᵀa and
 * ∂L/∂K_i = ((V g)_i − (K b)_i) a − w_i b (from dM⁻¹ = −M⁻¹ dM M⁻¹ with dM = dKᵀK + KᵀdK). Rows beyond t are zero
 * when causal. All four are non-zero in general: λ, K, V and q all reach the output smoothly.
 */
public record RidgeGradients(int query, int seen, double loss, double dLambda, double[] dQ, double[][] dK, double[][] dV,
                             double fdLambda, double[] fdQ, int[][] checkedK, double[] fdK, int[][] checkedV, double[] fdV,
                             double maxRelDiff) {

    /** Entries of K and of V checked by finite differences (spread over the rows); λ and every entry of q always are. */
    public static final int CHECKED_ENTRIES = 24;
    /** Most multiply-adds of the finite-difference check: each of its 2·(1 + d + 48) losses builds and solves M again (t·d² + d³). */
    public static final double MAX_WORK = 2e8;

    /** The multiply-adds of the check for a query that sees {@code seen} pairs in dimension d. */
    public static double work(int seen, int d) {
        return ((double) seen * d * d + (double) d * d * d) * 2 * (1 + d + 2 * CHECKED_ENTRIES);
    }

    public static RidgeGradients compute(RidgeInputs in, double lambda, boolean causal, int query) {
        int d = in.d(), dv = in.dv();
        int seen = causal ? query + 1 : in.n();
        double[][] k = in.K(), v = in.V();
        double[] q = in.Q()[query];
        double[] chol = cholesky(gram(k, seen, d, lambda), d);
        double[] a = solve(chol, d, q);
        double[] w = new double[seen];
        double[] vg = new double[seen];
        double loss = 0;
        for (int i = 0; i < seen; i++) {
            for (int c = 0; c < d; c++) w[i] += k[i][c] * a[c];
            for (int c = 0; c < dv; c++) vg[i] += v[i][c];
            loss += w[i] * vg[i];
        }
        double[] r = new double[d];
        for (int i = 0; i < seen; i++) for (int c = 0; c < d; c++) r[c] += k[i][c] * vg[i];
        double[] b = solve(chol, d, r);
        double dLambda = 0;
        for (int c = 0; c < d; c++) dLambda -= b[c] * a[c];
        double[][] dK = new double[in.n()][d], dV = new double[in.n()][dv];
        for (int i = 0; i < seen; i++) {
            double kb = 0;
            for (int c = 0; c < d; c++) kb += k[i][c] * b[c];
            for (int c = 0; c < d; c++) dK[i][c] = (vg[i] - kb) * a[c] - w[i] * b[c];
            for (int c = 0; c < dv; c++) dV[i][c] = w[i];
        }
        // Finite differences of the same loss, formed and solved afresh for every perturbation.
        double[] fdQ = new double[d];
        double hl = 1e-6 * Math.max(1, lambda);
        double fdLambda = (loss(in, lambda + hl, seen, q) - loss(in, lambda - hl, seen, q)) / (2 * hl);
        double diff = Math.abs(fdLambda - dLambda), scale = Math.max(1, Math.abs(fdLambda));
        for (int c = 0; c < d; c++) {
            double[] qq = q.clone();
            double h = 1e-6 * Math.max(1, Math.abs(q[c]));
            qq[c] = q[c] + h;
            double up = loss(in, lambda, seen, qq);
            qq[c] = q[c] - h;
            fdQ[c] = (up - loss(in, lambda, seen, qq)) / (2 * h);
            diff = Math.max(diff, Math.abs(fdQ[c] - b[c]));
            scale = Math.max(scale, Math.abs(fdQ[c]));
        }
        int[][] ck = entries(seen, d), cv = entries(seen, dv);
        double[] fdK = new double[ck.length], fdV = new double[cv.length];
        for (int e = 0; e < ck.length; e++) {
            fdK[e] = perturbed(in, lambda, seen, q, ck[e], true);
            diff = Math.max(diff, Math.abs(fdK[e] - dK[ck[e][0]][ck[e][1]]));
            scale = Math.max(scale, Math.abs(fdK[e]));
        }
        for (int e = 0; e < cv.length; e++) {
            fdV[e] = perturbed(in, lambda, seen, q, cv[e], false);
            diff = Math.max(diff, Math.abs(fdV[e] - dV[cv[e][0]][cv[e][1]]));
            scale = Math.max(scale, Math.abs(fdV[e]));
        }
        return new RidgeGradients(query, seen, loss, dLambda, b, dK, dV, fdLambda, fdQ, ck, fdK, cv, fdV, diff / scale);
    }

    /** (row, column) pairs spread over rows 0 … rows−1 and columns 0 … cols−1, at most {@link #CHECKED_ENTRIES}. */
    static int[][] entries(int rows, int cols) {
        int total = rows * cols, m = Math.min(total, CHECKED_ENTRIES);
        int[][] out = new int[m][];
        for (int e = 0; e < m; e++) {
            long flat = (long) e * total / m;
            out[e] = new int[]{(int) (flat / cols), (int) (flat % cols)};
        }
        return out;
    }

    private static double perturbed(RidgeInputs in, double lambda, int seen, double[] q, int[] at, boolean key) {
        double[][] m = key ? in.K() : in.V();
        double keep = m[at[0]][at[1]], h = 1e-6 * Math.max(1, Math.abs(keep));
        double[][] copy = new double[seen][];
        for (int i = 0; i < seen; i++) copy[i] = m[i].clone();
        copy[at[0]][at[1]] = keep + h;
        double up = key ? loss(copy, in.V(), lambda, seen, q) : loss(in.K(), copy, lambda, seen, q);
        copy[at[0]][at[1]] = keep - h;
        double down = key ? loss(copy, in.V(), lambda, seen, q) : loss(in.K(), copy, lambda, seen, q);
        return (up - down) / (2 * h);
    }

    private static double loss(RidgeInputs in, double lambda, int seen, double[] q) {
        return loss(in.K(), in.V(), lambda, seen, q);
    }

    /** Σ_c o_c = Σ_i w_i Σ_c V_ic with w = K (λI + KᵀK)⁻¹ q over the first {@code seen} pairs. */
    static double loss(double[][] k, double[][] v, double lambda, int seen, double[] q) {
        int d = q.length;
        double[] a = solve(cholesky(gram(k, seen, d, lambda), d), d, q);
        double l = 0;
        for (int i = 0; i < seen; i++) {
            double wi = 0, vs = 0;
            for (int c = 0; c < d; c++) wi += k[i][c] * a[c];
            for (double x : v[i]) vs += x;
            l += wi * vs;
        }
        return l;
    }

    private static double[] gram(double[][] k, int seen, int d, double lambda) {
        double[] g = new double[d * d];
        for (int i = 0; i < seen; i++) {
            double[] ki = k[i];
            for (int a = 0; a < d; a++) {
                double x = ki[a];
                for (int b = 0; b <= a; b++) g[a * d + b] += x * ki[b];
            }
        }
        for (int a = 0; a < d; a++) {
            g[a * d + a] += lambda;
            for (int b = 0; b < a; b++) g[b * d + a] = g[a * d + b];
        }
        return g;
    }

    /** Lower Cholesky factor of a symmetric positive definite d × d matrix (row-major), in place of a copy. */
    private static double[] cholesky(double[] m, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = m[i * d + j];
                for (int c = 0; c < j; c++) s -= l[i * d + c] * l[j * d + c];
                l[i * d + j] = i == j ? Math.sqrt(s) : s / l[j * d + j];
            }
        }
        return l;
    }

    private static double[] solve(double[] l, int d, double[] rhs) {
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double s = rhs[i];
            for (int c = 0; c < i; c++) s -= l[i * d + c] * y[c];
            y[i] = s / l[i * d + i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = y[i];
            for (int c = i + 1; c < d; c++) s -= l[c * d + i] * x[c];
            x[i] = s / l[i * d + i];
        }
        return x;
    }

    public static double norm(double[][] m) {
        double s = 0;
        for (double[] r : m) for (double x : r) s += x * x;
        return Math.sqrt(s);
    }

    public static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }
}
