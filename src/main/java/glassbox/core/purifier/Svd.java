package glassbox.core.purifier;

/**
 * The SVD of a data matrix X (m×n, n ≥ m) as the purifier needs it: the left singular vectors U
 * (m×m, columns), the singular values σ (descending) and the Gram matrix G = X Xᵀ.
 * Computed in plain Java from the symmetric eigen-decomposition G = U diag(σ²) Uᵀ by cyclic
 * Jacobi rotations: for m ≤ 256 this is accurate to working precision in σ² and needs no native
 * library. (σ² is what the ridge filter uses, so the squaring loses nothing the lab shows; a tiny σ
 * carries an absolute error of about ε·σ_max, which the lab never divides by.)
 */
public final class Svd {
    /** Largest dimension m the Jacobi path takes (its cost grows as m³ per sweep). */
    public static final int MAX_M = 256;

    private final double[][] u;
    private final double[] sigma;
    private final double[][] gram;

    private Svd(double[][] u, double[] sigma, double[][] gram) {
        this.u = u;
        this.sigma = sigma;
        this.gram = gram;
    }

    /** U: column i is the i-th left singular vector (row-major m×m array, U[r][i]). */
    public double[][] u() { return u; }

    /** σ_1 ≥ σ_2 ≥ … ≥ σ_m ≥ 0. */
    public double[] sigma() { return sigma; }

    /** G = X Xᵀ (m×m). */
    public double[][] gram() { return gram; }

    public int m() { return sigma.length; }

    public static Svd of(double[][] x) {
        double[][] g = gram(x);
        Eigen e = jacobi(g);
        int m = g.length;
        double[] s = new double[m];
        for (int i = 0; i < m; i++) s[i] = Math.sqrt(Math.max(0, e.values[i]));
        return new Svd(e.vectors, s, g);
    }

    /** The SVD of a data set given by its singular values alone, in its principal basis: U = I, G = diag(σ²). */
    public static Svd ofSigmas(double[] sigmaDescending) {
        int m = sigmaDescending.length;
        double[][] u = new double[m][m];
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            u[i][i] = 1;
            g[i][i] = sigmaDescending[i] * sigmaDescending[i];
        }
        return new Svd(u, sigmaDescending.clone(), g);
    }

    /** X Xᵀ, using symmetry (rows of X are contiguous, so each entry is a dot product of two rows). */
    public static double[][] gram(double[][] x) {
        int m = x.length;
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] xi = x[i];
            for (int j = 0; j <= i; j++) {
                double[] xj = x[j];
                double s = 0;
                for (int k = 0; k < xi.length; k++) s += xi[k] * xj[k];
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /**
     * The right singular vectors V (n×m, columns): v_i = Xᵀ u_i / σ_i where σ_i is clearly above
     * rounding, completed to an orthonormal set (Gram–Schmidt on unit vectors) where it is not.
     * Not needed by the lab's figures; it completes X = U Σ Vᵀ for tests and exports.
     */
    public double[][] rightVectors(double[][] x) {
        int m = m(), n = x[0].length;
        double[][] v = new double[n][m];
        double tol = (sigma.length == 0 ? 0 : sigma[0]) * 1e-10;
        for (int i = 0; i < m; i++) {
            double[] col = new double[n];
            if (sigma[i] > tol) {
                for (int r = 0; r < m; r++) {
                    double ur = u[r][i];
                    for (int c = 0; c < n; c++) col[c] += x[r][c] * ur;
                }
                for (int c = 0; c < n; c++) col[c] /= sigma[i];
            } else {
                // Any unit vector orthogonal to the previous ones: try e_0, e_1, … until one survives.
                for (int t = 0; t < n; t++) {
                    java.util.Arrays.fill(col, 0);
                    col[t] = 1;
                    orthogonalise(col, v, i);
                    if (norm(col) > 0.5) break;
                }
            }
            // Re-orthogonalise once: Xᵀu/σ loses orthogonality like ε·σ_1²/σ_i².
            orthogonalise(col, v, i);
            double nr = norm(col);
            for (int c = 0; c < n; c++) v[c][i] = col[c] / nr;
        }
        return v;
    }

    private static void orthogonalise(double[] col, double[][] v, int upto) {
        for (int j = 0; j < upto; j++) {
            double d = 0;
            for (int c = 0; c < col.length; c++) d += col[c] * v[c][j];
            for (int c = 0; c < col.length; c++) col[c] -= d * v[c][j];
        }
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double t : a) s += t * t;
        return Math.sqrt(s);
    }

    /** Eigenvalues (descending) and eigenvectors (column i of {@code vectors}) of a symmetric matrix. */
    public record Eigen(double[] values, double[][] vectors) {}

    /**
     * Cyclic Jacobi: sweep over all pairs (p, q), rotating each off-diagonal entry to zero, until
     * the off-diagonal mass is negligible against the diagonal. Rows of A are updated in place and
     * mirrored to the columns (A stays symmetric); the eigenvectors are kept as rows of Vᵀ so that
     * every rotation works on two contiguous rows.
     */
    public static Eigen jacobi(double[][] sym) {
        int m = sym.length;
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) a[i] = sym[i].clone();
        double[][] vt = new double[m][m];
        for (int i = 0; i < m; i++) vt[i][i] = 1;
        double scale = 0;
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) scale += a[i][j] * a[i][j];
        scale = Math.sqrt(scale);
        for (int sweep = 0; sweep < 100 && scale > 0; sweep++) {
            double off = 0;
            for (int p = 0; p < m; p++) for (int q = p + 1; q < m; q++) off += a[p][q] * a[p][q];
            if (Math.sqrt(off) <= 1e-15 * scale) break;
            for (int p = 0; p < m - 1; p++) {
                double[] ap = a[p];
                for (int q = p + 1; q < m; q++) {
                    double apq = ap[q];
                    // Entries below rounding of the whole matrix cannot move any eigenvalue: drop them.
                    if (Math.abs(apq) <= 1e-18 * scale) {
                        ap[q] = 0;
                        a[q][p] = 0;
                        continue;
                    }
                    double[] aq = a[q];
                    double app = ap[p], aqq = aq[q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    // Rows p and q of A (and, mirrored, columns p and q).
                    for (int k = 0; k < m; k++) {
                        if (k == p || k == q) continue;
                        double akp = ap[k], akq = aq[k];
                        double np = c * akp - s * akq, nq = s * akp + c * akq;
                        ap[k] = np;
                        aq[k] = nq;
                        a[k][p] = np;
                        a[k][q] = nq;
                    }
                    ap[p] = app - t * apq;
                    aq[q] = aqq + t * apq;
                    ap[q] = 0;
                    aq[p] = 0;
                    double[] vp = vt[p], vq = vt[q];
                    for (int k = 0; k < m; k++) {
                        double x = vp[k], y = vq[k];
                        vp[k] = c * x - s * y;
                        vq[k] = s * x + c * y;
                    }
                }
            }
        }
        // Sort descending by eigenvalue.
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        java.util.Arrays.sort(order, (i, j) -> Double.compare(a[j][j], a[i][i]));
        double[] vals = new double[m];
        double[][] vecs = new double[m][m];
        for (int c = 0; c < m; c++) {
            int src = order[c];
            vals[c] = a[src][src];
            for (int r = 0; r < m; r++) vecs[r][c] = vt[src][r];
        }
        return new Eigen(vals, vecs);
    }
}
