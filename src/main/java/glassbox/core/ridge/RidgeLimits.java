package glassbox.core.ridge;

/**
 * The two limits of the ridge solution on all n pairs, for every λ at the cost of O(d²) each.
 * With KᵀK = U diag(σ) Uᵀ the outputs are O(λ) = Q̃ diag(1/(λ + σ_i)) J̃ (Q̃ = QU, J̃ = UᵀKᵀV), so a
 * difference Q̃ diag(δ) J̃ has squared Frobenius norm δᵀHδ with H = (Q̃ᵀQ̃) ∘ (J̃J̃ᵀ) (entrywise).
 * <ul>
 *   <li>small λ: O(λ) → Q K⁺V (K⁺ = (KᵀK)⁺Kᵀ the pseudo-inverse: least squares when rank K = d ≤ n,
 *       minimum-norm interpolation of the pairs when n &lt; d); δ_i = 1/(λ + σ_i) − σ_i⁺.</li>
 *   <li>large λ: λ·O(λ) → Q KᵀV (every weight → k_jᵀq/λ); δ_i = λ/(λ + σ_i) − 1.</li>
 * </ul>
 */
public final class RidgeLimits {
    private final double[] sigma;
    private final double[] h;
    private final int d;
    private final int rank;
    private final double smallRef;
    private final double largeRef;

    private RidgeLimits(double[] sigma, double[] h, int rank) {
        this.sigma = sigma;
        this.h = h;
        this.d = sigma.length;
        this.rank = rank;
        this.smallRef = Math.sqrt(Math.max(0, quad(pinv())));
        double[] one = new double[d];
        java.util.Arrays.fill(one, 1);
        this.largeRef = Math.sqrt(Math.max(0, quad(one)));
    }

    public static RidgeLimits of(RidgeInputs in) {
        int n = in.n(), d = in.d(), dv = in.dv();
        double[] g = new double[d * d], j = new double[d * dv];
        for (int t = 0; t < n; t++) {
            Ridge.addOuter(g, in.K()[t], in.K()[t], d, d);
            Ridge.addOuter(j, in.K()[t], in.V()[t], d, dv);
        }
        Eigen e = jacobi(g, d);
        // Q̃ = Q U (n×d) and J̃ = Uᵀ J (d×d_v).
        double[] qt = new double[n * d];
        for (int t = 0; t < n; t++) {
            double[] q = in.Q()[t];
            for (int c = 0; c < d; c++) {
                double qc = q[c];
                int off = c * d;
                for (int i = 0; i < d; i++) qt[t * d + i] += qc * e.u[off + i];
            }
        }
        double[] jt = new double[d * dv];
        for (int c = 0; c < d; c++) {
            for (int i = 0; i < d; i++) {
                double uci = e.u[c * d + i];
                for (int m = 0; m < dv; m++) jt[i * dv + m] += uci * j[c * dv + m];
            }
        }
        double[] h = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double p = 0, r = 0;
                for (int t = 0; t < n; t++) p += qt[t * d + a] * qt[t * d + b];
                for (int m = 0; m < dv; m++) r += jt[a * dv + m] * jt[b * dv + m];
                h[a * d + b] = h[b * d + a] = p * r;
            }
        }
        double smax = 0;
        for (double s : e.values) smax = Math.max(smax, s);
        // Eigenvalues below this are rounding noise of a rank-deficient KᵀK (Jacobi's accuracy is ~ε·‖KᵀK‖).
        double tol = Math.max(d, n) * 1e-13 * smax;
        int rank = 0;
        double[] sigma = e.values.clone();
        for (int i = 0; i < d; i++) {
            if (sigma[i] <= tol) sigma[i] = 0; else rank++;
        }
        return new RidgeLimits(sigma, h, rank);
    }

    private double[] pinv() {
        double[] p = new double[d];
        for (int i = 0; i < d; i++) p[i] = sigma[i] > 0 ? 1 / sigma[i] : 0;
        return p;
    }

    private double quad(double[] delta) {
        double s = 0;
        for (int a = 0; a < d; a++) {
            double row = 0;
            for (int b = 0; b < d; b++) row += h[a * d + b] * delta[b];
            s += delta[a] * row;
        }
        return s;
    }

    /** ‖O(λ) − Q K⁺V‖_F / ‖Q K⁺V‖_F. */
    public double small(double lambda) {
        double[] delta = new double[d];
        for (int i = 0; i < d; i++) delta[i] = 1 / (lambda + sigma[i]) - (sigma[i] > 0 ? 1 / sigma[i] : 0);
        return smallRef == 0 ? 0 : Math.sqrt(Math.max(0, quad(delta))) / smallRef;
    }

    /** ‖λ·O(λ) − Q KᵀV‖_F / ‖Q KᵀV‖_F. */
    public double large(double lambda) {
        double[] delta = new double[d];
        for (int i = 0; i < d; i++) delta[i] = -sigma[i] / (lambda + sigma[i]);
        return largeRef == 0 ? 0 : Math.sqrt(Math.max(0, quad(delta))) / largeRef;
    }

    /** Eigenvalues of KᵀK (rounding noise of a rank-deficient KᵀK set to 0), unsorted. */
    public double[] sigma() { return sigma.clone(); }

    public double sigmaMin() {
        double m = Double.POSITIVE_INFINITY;
        for (double s : sigma) m = Math.min(m, s);
        return m;
    }

    public double sigmaMax() {
        double m = 0;
        for (double s : sigma) m = Math.max(m, s);
        return m;
    }

    public int rank() { return rank; }

    /** True when the λ → 0 limit is least squares (K has full column rank d); false: minimum-norm interpolation. */
    public boolean leastSquares() { return rank == d; }

    /** Eigen-decomposition of a symmetric matrix: values and U with eigenvectors as columns (flat d×d). */
    public record Eigen(double[] values, double[] u) {}

    /** Cyclic Jacobi rotations (accurate for symmetric matrices; d ≤ 256 and computed once per input). */
    public static Eigen jacobi(double[] a0, int d) {
        double[] a = a0.clone();
        double[] u = new double[d * d];
        for (int i = 0; i < d; i++) u[i * d + i] = 1;
        double norm = 0;
        for (double x : a) norm += x * x;
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) for (int q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
            if (off <= 1e-32 * norm || off == 0) break;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    double apq = a[p * d + q];
                    if (apq == 0) continue;
                    double theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
                    double t = Math.abs(theta) > 1e150 ? 1 / (2 * theta)
                            : Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < d; k++) { // columns p and q
                        double akp = a[k * d + p], akq = a[k * d + q];
                        a[k * d + p] = c * akp - s * akq;
                        a[k * d + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++) { // rows p and q
                        double apk = a[p * d + k], aqk = a[q * d + k];
                        a[p * d + k] = c * apk - s * aqk;
                        a[q * d + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++) {
                        double ukp = u[k * d + p], ukq = u[k * d + q];
                        u[k * d + p] = c * ukp - s * ukq;
                        u[k * d + q] = s * ukp + c * ukq;
                    }
                }
            }
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) values[i] = a[i * d + i];
        return new Eigen(values, u);
    }
}
