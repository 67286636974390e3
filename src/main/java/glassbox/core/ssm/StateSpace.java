package glassbox.core.ssm;

import glassbox.core.Fmt;
import glassbox.core.MatrixLiteral;
import glassbox.core.Memo;
import glassbox.core.ParamException;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A single-input single-output linear state-space model x_{k+1} = A x_k + B u_k,
 * y_k = C x_k + D u_k (docs/LABS.md §2), with the structure A was built with. Arrays are owned: callers
 * must not modify them.
 */
public record StateSpace(double[][] a, double[] b, double[] c, double d, Structure structure, Dplr dplr) {

    /** The largest state size (the eigenvalue solver and the matrix field are meant for small n). */
    public static final int MAX_N = 64;

    public enum Structure { MATRIX, RANDOM, DIAGONAL, DPLR, COMPANION }

    /** A = c·I + p qᵀ: the closed-form kernel applies (I + p pᵀ when c = 1 and q = p). */
    public record Dplr(double c, double[] p, double[] q) {
        public boolean identityPlusPpt() {
            return c == 1 && Arrays.equals(p, q);
        }
    }

    public int n() {
        return a.length;
    }

    // ---- builders ---------------------------------------------------------------------------

    /** Checks A, B, C, D and wraps them; A square n×n, B n×1, C 1×n, D 1×1. */
    public static StateSpace of(double[][] a, double[][] b, double[][] c, double[][] d, Structure s, Dplr dplr) {
        int n = a.length;
        if (a[0].length != n) {
            throw new ParamException("A", MatrixLiteral.format(a), "A must be square, got " + n + "×" + a[0].length);
        }
        if (n > MAX_N) throw new ParamException("A", n + "×" + n, "A may be at most " + MAX_N + "×" + MAX_N);
        return new StateSpace(a, column("B", b, n), row("C", c, n), scalar("D", d), s, dplr);
    }

    static double[] column(String key, double[][] m, int n) {
        if (m.length != n || m[0].length != 1) {
            throw new ParamException(key, MatrixLiteral.format(m), key + " must be a column n×1 = " + n + "×1 (entries separated by ';', e.g. "
                    + example(n, ";") + "), got " + m.length + "×" + m[0].length);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = m[i][0];
        return v;
    }

    static double[] row(String key, double[][] m, int n) {
        if (m.length != 1 || m[0].length != n) {
            throw new ParamException(key, MatrixLiteral.format(m), key + " must be a row 1×n = 1×" + n + " (entries separated by ',', e.g. "
                    + example(n, ",") + "), got " + m.length + "×" + m[0].length);
        }
        return m[0].clone();
    }

    static double scalar(String key, double[][] m) {
        if (m.length != 1 || m[0].length != 1) {
            throw new ParamException(key, MatrixLiteral.format(m), key + " must be a single number (1×1), got " + m.length + "×" + m[0].length);
        }
        return m[0][0];
    }

    private static String example(int n, String sep) {
        StringBuilder sb = new StringBuilder("1");
        for (int i = 1; i < Math.min(n, 3); i++) sb.append(sep).append('0');
        if (n > 3) sb.append(sep).append("…");
        return sb.toString();
    }

    /**
     * A dense random A (entries N(0, 1/n)) rescaled to the given spectral radius, with B and C
     * N(0, 1) entries, all from one seeded stream (drawn afresh: see {@link RandomDraws} to reuse it).
     */
    public static StateSpace random(int n, double radius, long seed, double d) {
        return new RandomDraws().system(n, radius, seed, d);
    }

    /** The unscaled random draw, its eigenvalues and spectral radius (owned by the memo: never handed out). */
    private record RandomBase(double[][] a, double[] b, double[] c, double[][] eig, double rho) {}

    private record Draw(int n, long seed) {}

    /**
     * Random systems with a one-entry memo of the last draw, held by the object that computes (the
     * lab's engine): a radius slider or an input change keeps n and the seed, so the draw and its
     * eigenvalue solve (milliseconds at n = 64) are reused; only the rescaling is redone.
     */
    public static final class RandomDraws {
        private final Memo<Draw, RandomBase> last = new Memo<>();

        /** As {@link StateSpace#random}. */
        public StateSpace system(int n, double radius, long seed, double d) {
            RandomBase base = last.get(new Draw(n, seed), StateSpace::draw);
            double f = base.rho > 0 ? radius / base.rho : 0;
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = base.a[i][j] * f;
            return new StateSpace(a, base.b.clone(), base.c.clone(), d, Structure.RANDOM, null);
        }

        /**
         * The eigenvalues of {@code system(n, radius, seed, d).a()}: those of the unscaled draw times
         * radius/ρ (scaling A scales every eigenvalue; a positive factor keeps their order), without a
         * second eigenvalue solve when only the radius changed.
         */
        public double[][] eigenvalues(int n, long seed, double radius) {
            RandomBase base = last.get(new Draw(n, seed), StateSpace::draw);
            double f = base.rho > 0 ? radius / base.rho : 0;
            double[][] e = new double[2][n];
            for (int i = 0; i < n; i++) {
                e[0][i] = base.eig[0][i] * f;
                e[1][i] = base.eig[1][i] * f;
            }
            return e;
        }
    }

    private static RandomBase draw(Draw k) {
        int n = k.n();
        SplittableRandom rnd = new SplittableRandom(k.seed());
        double[][] a = new double[n][n];
        double sd = 1 / Math.sqrt(n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = gaussian(rnd) * sd;
        double[] b = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) b[i] = gaussian(rnd);
        for (int i = 0; i < n; i++) c[i] = gaussian(rnd);
        double[][] eig = Eigen.eigenvalues(a);
        double rho = 0;
        for (int i = 0; i < n; i++) rho = Math.max(rho, Math.hypot(eig[0][i], eig[1][i]));
        return new RandomBase(a, b, c, eig, rho);
    }

    static double gaussian(SplittableRandom rnd) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * A from eigenvalues: rows (re) or (re, im). A real eigenvalue gives a 1×1 block; a complex one
     * gives the 2×2 block [[a, −b], [b, a]], whose eigenvalues are the conjugate pair a ± ib.
     */
    public static double[][] blockDiagonal(double[][] eig) {
        if (eig[0].length > 2) {
            throw new ParamException("eig", MatrixLiteral.format(eig), "eigenvalues are rows 're' or 're,im' (e.g. 0.9,0;0.6,0.5), got rows of " + eig[0].length);
        }
        int n = 0;
        for (double[] e : eig) n += (e.length == 2 && e[1] != 0) ? 2 : 1;
        if (n > MAX_N) throw new ParamException("eig", MatrixLiteral.format(eig), "these eigenvalues give n = " + n + "; at most " + MAX_N);
        double[][] a = new double[n][n];
        int i = 0;
        for (double[] e : eig) {
            if (e.length == 2 && e[1] != 0) {
                a[i][i] = e[0];
                a[i + 1][i + 1] = e[0];
                a[i][i + 1] = -e[1];
                a[i + 1][i] = e[1];
                i += 2;
            } else {
                a[i][i] = e[0];
                i++;
            }
        }
        return a;
    }

    /** A = diag(λ) + p qᵀ. */
    public static double[][] diagonalPlusLowRank(double[] lambda, double[] p, double[] q) {
        int n = p.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) a[i][j] = p[i] * q[j];
            a[i][i] += lambda[i];
        }
        return a;
    }

    /** The companion matrix of z^n + a_1 z^{n−1} + … + a_n: first row −a, ones below the diagonal. */
    public static double[][] companion(double[] coef) {
        int n = coef.length;
        double[][] a = new double[n][n];
        for (int j = 0; j < n; j++) a[0][j] = -coef[j];
        for (int i = 1; i < n; i++) a[i][i - 1] = 1;
        return a;
    }

    // ---- structure detection ----------------------------------------------------------------

    /**
     * Whether A is diagonal up to 2×2 conjugate-pair blocks [[a, −b], [b, a]]; null when it is,
     * otherwise a message naming the first entry that breaks it.
     */
    public static String notDiagonal(double[][] a) {
        int n = a.length;
        int i = 0;
        while (i < n) {
            boolean pair = i + 1 < n && (a[i + 1][i] != 0 || a[i][i + 1] != 0);
            int w = pair ? 2 : 1;
            if (pair) {
                if (a[i][i] != a[i + 1][i + 1] || a[i][i + 1] != -a[i + 1][i]) {
                    return "the block at rows " + (i + 1) + "–" + (i + 2) + " is not [[a, −b], [b, a]] (a conjugate pair a ± ib)";
                }
            }
            for (int r = i; r < i + w; r++) {
                for (int c = 0; c < n; c++) {
                    if ((c < i || c >= i + w) && a[r][c] != 0) {
                        return "A(" + (r + 1) + "," + (c + 1) + ") = " + Fmt.num(a[r][c]) + " is off the diagonal";
                    }
                }
            }
            i += w;
        }
        return null;
    }

    /** p with A = I + p pᵀ (up to sign), or null when A − I is not a symmetric positive rank-one matrix. */
    public static double[] recoverIdentityPlusPpt(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][n];
        double scale = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = a[i][j] - (i == j ? 1 : 0);
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
            if (m[i][i] > m[k][k]) k = i;
        }
        double[] p = new double[n];
        if (m[k][k] > 0) {
            double s = Math.sqrt(m[k][k]);
            for (int i = 0; i < n; i++) p[i] = m[i][k] / s;
        }
        double tol = 1e-12 * Math.max(1, scale);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) if (Math.abs(m[i][j] - p[i] * p[j]) > tol) return null;
        }
        return p;
    }

    /** Copy of a matrix (records hand out their arrays; figures and JSON get copies where they could be changed). */
    public static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    public static void requireFinite(String key, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) throw new ParamException(key, Fmt.num(v[i]), "entry " + (i + 1) + " is not finite; only finite numbers are allowed");
        }
    }
}
