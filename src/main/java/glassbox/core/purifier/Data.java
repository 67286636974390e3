package glassbox.core.purifier;

import glassbox.core.Fmt;
import glassbox.core.ParamException;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The purifier's input after its expensive part: singular values (descending), left singular
 * vectors and the Gram matrix. Either a data matrix X (m×n, one point per column) and its SVD, or
 * singular values given directly — then the data is taken in its own principal basis (U = I,
 * X Xᵀ = diag(σ²)), so candidates are written in that basis.
 *
 * @param x      the data matrix, or null when only σ was given
 * @param n      number of data points (columns of X); 0 when only σ was given
 * @param svdMs  time the SVD took (0 without X)
 */
public record Data(String source, String description, double[][] x, int n, Svd svd, double svdMs) {

    /** Largest m for singular values given directly (Ŵ is then diagonal, but still drawn m×m). */
    public static final int MAX_SIGMAS = 1024;
    /** |σ| and |x|·√n above this would overflow σ² in double precision. */
    public static final double MAX_MAGNITUDE = 1e150;

    public int m() { return svd.m(); }

    public double[] sigma() { return svd.sigma(); }

    public boolean hasX() { return x != null; }

    /** Singular values as given (any order); validated and sorted descending. */
    public static Data sigmas(String key, double[] given, String source, String description) {
        if (given.length < 2) {
            throw new ParamException(key, fmt(given), "expected at least 2 singular values (the constraint compares σ_k with σ_{k+1})");
        }
        if (given.length > MAX_SIGMAS) {
            throw new ParamException(key, given.length + " values", "at most " + MAX_SIGMAS + " singular values");
        }
        for (int i = 0; i < given.length; i++) {
            double s = given[i];
            if (!Double.isFinite(s)) throw new ParamException(key, fmt(given), "σ_" + (i + 1) + " is not finite; singular values are finite numbers ≥ 0");
            if (s < 0) throw new ParamException(key, fmt(given), "σ_" + (i + 1) + " = " + Fmt.num(s) + " is negative; singular values are ≥ 0 (they are lengths)");
            if (s > MAX_MAGNITUDE) throw new ParamException(key, fmt(given), "σ_" + (i + 1) + " = " + Fmt.num(s) + " is too large: σ² would overflow (at most 1e150)");
        }
        double[] s = given.clone();
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) { double t = s[i]; s[i] = s[j]; s[j] = t; }
        return new Data(source, description, null, 0, Svd.ofSigmas(s), 0);
    }

    /** σ_i = σ_1 · i^(−α), i = 1…m. */
    public static Data powerLaw(int m, double sigma1, double alpha) {
        double[] s = new double[m];
        for (int i = 0; i < m; i++) s[i] = sigma1 * Math.pow(i + 1, -alpha);
        return sigmas("m", s, "power-law", "σ_i = " + Fmt.sig(sigma1, 4) + "·i^(−" + Fmt.sig(alpha, 3) + ")");
    }

    /**
     * A low-rank signal over a noise floor: σ_i = √(s_i² + ν²) for i ≤ r with s_i = scale·0.7^(i−1)
     * (signal plus the noise it carries), then a noise floor falling gently from ν to 0.6ν.
     */
    public static Data lowRank(int m, int rank, double scale, double noise) {
        if (rank >= m) throw new ParamException("rank", Integer.toString(rank), "expected a rank below m = " + m + " (the rest is the noise floor)");
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            if (i < rank) {
                double si = scale * Math.pow(0.7, i);
                s[i] = Math.sqrt(si * si + noise * noise);
            } else {
                s[i] = noise * (1 - 0.4 * (i - rank) / Math.max(1.0, m - rank - 1));
            }
        }
        return sigmas("m", s, "low-rank+noise", "rank " + rank + " signal (σ ≈ " + Fmt.sig(scale, 3) + "·0.7^(i−1)) over a noise floor ≈ " + Fmt.sig(noise, 3));
    }

    /** A data matrix: validates its shape and size, then takes its SVD. */
    public static Data matrix(String key, double[][] x, String source, String description) {
        int m = x.length, n = x[0].length;
        if (m < 2) {
            throw new ParamException(key, m + "×" + n, "X needs at least 2 rows (dimensions); rows are dimensions, columns are data points");
        }
        if (m > Svd.MAX_M) {
            throw new ParamException(key, m + "×" + n, "at most " + Svd.MAX_M + " dimensions (rows of X)");
        }
        if (n < m) {
            throw new ParamException(key, m + "×" + n, "only " + n + " data points (columns) in " + m + " dimensions (rows): fewer points than dimensions, so X Xᵀ has rank ≤ "
                    + n + " and at least " + (m - n) + " singular value(s) are exactly 0 — those directions carry no data. Give n ≥ m points"
                    + " (rows are dimensions, columns are points; transpose X if it is the other way round)");
        }
        double max = 0;
        for (double[] row : x) for (double v : row) max = Math.max(max, Math.abs(v));
        if (max * Math.sqrt(n) > MAX_MAGNITUDE) {
            throw new ParamException(key, "entries up to " + Fmt.num(max), "too large: X Xᵀ would overflow double precision (keep |x|·√n below 1e150)");
        }
        long t0 = System.nanoTime();
        Svd svd = Svd.of(x);
        double ms = (System.nanoTime() - t0) / 1e6;
        return new Data(source, description, x, n, svd, ms);
    }

    /**
     * Seeded low-rank data plus noise: X = Q diag(scale·0.7^l) C + ν G with Q an m×r orthonormal
     * basis (Gram–Schmidt of Gaussians) and C (r×n), G (m×n) standard Gaussian; so σ_l ≈ scale·0.7^l·√n
     * for the signal and about ν(√n ± √m) for the noise.
     */
    public static double[][] randomX(int m, int n, int rank, double scale, double noise, long seed) {
        if (rank > m) throw new ParamException("rank", Integer.toString(rank), "expected a rank from 1 to m = " + m);
        if (n < m) {
            throw new ParamException("n", Integer.toString(n), "only " + n + " points in " + m + " dimensions: fewer points than dimensions leaves "
                    + (m - n) + " singular value(s) exactly 0 (no data in those directions); use n ≥ m");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] q = new double[rank][m];
        for (int l = 0; l < rank; l++) {
            for (int i = 0; i < m; i++) q[l][i] = gauss(rnd);
            for (int j = 0; j < l; j++) {
                double d = 0;
                for (int i = 0; i < m; i++) d += q[l][i] * q[j][i];
                for (int i = 0; i < m; i++) q[l][i] -= d * q[j][i];
            }
            double nr = 0;
            for (int i = 0; i < m; i++) nr += q[l][i] * q[l][i];
            nr = Math.sqrt(nr);
            for (int i = 0; i < m; i++) q[l][i] /= nr;
        }
        double[][] x = new double[m][n];
        double[] c = new double[rank];
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < rank; l++) c[l] = scale * Math.pow(0.7, l) * gauss(rnd);
            for (int i = 0; i < m; i++) {
                double v = noise * gauss(rnd);
                for (int l = 0; l < rank; l++) v += q[l][i] * c[l];
                x[i][j] = v;
            }
        }
        return x;
    }

    private static double gauss(SplittableRandom r) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static String fmt(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            if (i > 0) sb.append(',');
            if (i >= 12) { sb.append("…"); break; }
            sb.append(Fmt.num(a[i]));
        }
        return sb.toString();
    }
}
