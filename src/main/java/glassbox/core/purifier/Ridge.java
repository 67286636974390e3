package glassbox.core.purifier;

/**
 * docs/LABS.md §3: the ridge purifier Ŵ = argmin ‖X − W X‖_F² + λ‖W‖_F² = U diag(f) Uᵀ with the filter
 * factors f_i = σ_i²/(σ_i² + λ). Singular values are indexed 1…m in text (σ_1 largest) and 0…m−1 in
 * arrays.
 */
public final class Ridge {
    private Ridge() {}

    /** f(σ) = σ²/(σ² + λ), written as 1/(1 + λ/σ²) so that a huge σ gives 1 rather than ∞/∞. */
    public static double filter(double sigma, double lambda) {
        if (sigma == 0) return 0;
        double s2 = sigma * sigma, d = s2 + lambda;
        return Double.isFinite(d) ? s2 / d : 1 / (1 + lambda / s2);
    }

    public static double[] filters(double[] sigma, double lambda) {
        double[] f = new double[sigma.length];
        for (int i = 0; i < f.length; i++) f[i] = filter(sigma[i], lambda);
        return f;
    }

    /**
     * Ŵ = U diag(f) Uᵀ, computed as B Bᵀ with B = U diag(√f) so only the lower triangle is summed
     * (the matrix is symmetric); rows of B are contiguous.
     */
    public static double[][] w(double[][] u, double[] f) {
        int m = f.length;
        double[][] b = new double[m][m];
        for (int r = 0; r < m; r++) for (int i = 0; i < m; i++) b[r][i] = u[r][i] * Math.sqrt(f[i]);
        double[][] w = new double[m][m];
        // Rows are independent; at m = 256 (8M multiply-adds) spreading them over cores pays, below it does not.
        java.util.stream.IntStream rows = java.util.stream.IntStream.range(0, m);
        (m >= 96 ? rows.parallel() : rows).forEach(r -> {
            double[] br = b[r], wr = w[r];
            for (int c = 0; c <= r; c++) {
                double[] bc = b[c];
                double s = 0;
                for (int i = 0; i < m; i++) s += br[i] * bc[i];
                wr[c] = s;
            }
        });
        for (int r = 0; r < m; r++) for (int c = r + 1; c < m; c++) w[r][c] = w[c][r];
        return w;
    }

    /** The minimum of the loss, term by term: Σ σ²(1−f)² + λ Σ f², total Σ λσ²/(σ²+λ). */
    public record Optimum(double reconstruction, double regularization, double total) {}

    public static Optimum optimum(double[] sigma, double lambda) {
        double rec = 0, reg = 0, tot = 0;
        for (double s : sigma) {
            double f = filter(s, lambda);
            double s2 = s * s;
            rec += s2 * (1 - f) * (1 - f);
            reg += f * f;
            tot += s2 == 0 ? 0 : lambda * f; // λσ²/(σ²+λ) = λ·f
        }
        return new Optimum(rec, reg, tot);
    }

    /**
     * The constraint "keep ≥ p_keep of each of the top k directions, attenuate all others to ≤ p_att".
     * f is increasing in σ, so only σ_k (the smallest kept) and σ_{k+1} (the largest attenuated)
     * matter: keeping needs λ ≤ hi = σ_k²(1 − p_keep)/p_keep, attenuating λ ≥ lo = σ_{k+1}²(1 − p_att)/p_att.
     *
     * @param feasible lo ≤ hi and hi > 0 (λ must be positive)
     * @param reason   why no λ fits, or null
     */
    public record Interval(int k, double pKeep, double pAtt, double sigmaK, double sigmaK1, double lo, double hi,
                           boolean feasible, String reason) {
        public boolean contains(double lambda) {
            return feasible && lambda >= lo && lambda <= hi;
        }
    }

    public static Interval interval(double[] sigma, int k, double pKeep, double pAtt) {
        double sk = sigma[k - 1], sk1 = sigma[k];
        double hi = sk * sk * (1 - pKeep) / pKeep;
        double lo = sk1 * sk1 * (1 - pAtt) / pAtt;
        // Ends equal in exact arithmetic (e.g. 64·0.2/0.8 against 16·0.5/0.5) may differ in the last bit:
        // a single feasible point, not "no λ".
        if (lo > hi && lo - hi <= 1e-12 * lo) lo = hi;
        String reason = null;
        if (sk == 0) {
            reason = "σ_" + k + " = 0: a zero singular value has f = 0 for every λ > 0, so it cannot be kept";
        } else if (!(lo <= hi)) {
            // Equivalent ratio test, which says how far apart the two singular values must be.
            double need = Math.sqrt(pKeep * (1 - pAtt) / (pAtt * (1 - pKeep)));
            reason = "keeping σ_" + k + " = " + glassbox.core.Fmt.sig(sk, 4) + " needs λ ≤ " + glassbox.core.Fmt.sig(hi, 4)
                    + " but attenuating σ_" + (k + 1) + " = " + glassbox.core.Fmt.sig(sk1, 4) + " needs λ ≥ " + glassbox.core.Fmt.sig(lo, 4)
                    + "; both hold only if σ_" + k + "/σ_" + (k + 1) + " ≥ " + glassbox.core.Fmt.sig(need, 4)
                    + " (here " + (sk1 == 0 ? "∞" : glassbox.core.Fmt.sig(sk / sk1, 4)) + ")";
        }
        return new Interval(k, pKeep, pAtt, sk, sk1, lo, hi, reason == null, reason);
    }
}
