package glassbox.core.ssm;

import glassbox.core.Fmt;
import glassbox.core.MatrixLiteral;
import glassbox.core.ParamException;

/**
 * The ssm lab's settings, parsed. Optional vectors (lambda, p, q) are null when not given.
 * {@code drawn} holds the drawn input samples as given (any count; empty means zeros), resampled
 * onto u_0 … u_L by {@link Forward#resample}.
 *
 * @param aGiven whether the A field holds something other than its default (so a p that builds
 *               A = I + p pᵀ may not silently replace an A the user typed)
 */
public record SsmSpec(StateSpace.Structure structure, double[][] a, boolean aGiven, int n, double radius, long seed,
                      double[][] eig, double[] lambda, double[] p, double[] q, double[] poly,
                      double[][] b, double[][] c, double[][] d, int len, Method method,
                      Forward.Input input, double period, double[] drawn, Conv conv, boolean timing) {

    public enum Method { SEQUENTIAL, DOUBLING, DIAGONAL, DPLR;
        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public enum Conv { AUTO, DIRECT, FFT }

    /** The most doubles doubling's n × L block [B, AB, …, A^{L−1}B] may hold (64 MiB). */
    public static final long MAX_BLOCK = 1L << 23;
    /** Direct convolution is O(L²): beyond this the window would freeze. */
    public static final int MAX_DIRECT_L = 20_000;
    /** auto uses the FFT from this many samples on. */
    public static final int FFT_FROM = 256;

    /** Builds and checks the system the settings describe (a random one drawn afresh). */
    public StateSpace system() {
        return system(new StateSpace.RandomDraws());
    }

    /** The same, a random system taken from draws (which may hold the last draw for n and the seed). */
    public StateSpace system(StateSpace.RandomDraws draws) {
        StateSpace s;
        switch (structure) {
            case RANDOM -> s = draws.system(n, radius, seed, StateSpace.scalar("D", d));
            case DIAGONAL -> {
                double[][] am = StateSpace.blockDiagonal(eig);
                s = StateSpace.of(am, b, c, d, structure, null);
            }
            case COMPANION -> s = StateSpace.of(StateSpace.companion(poly), b, c, d, structure, null);
            case DPLR -> s = dplrSystem();
            default -> {
                if (p != null) {
                    // p given with the matrix structure: A = I + p pᵀ (docs/LABS.md's special case).
                    s = dplrSystem();
                } else {
                    s = StateSpace.of(a, b, c, d, structure, null);
                }
            }
        }
        for (double[] r : s.a()) StateSpace.requireFinite("A", r);
        if ((long) s.n() * len > MAX_BLOCK) {
            throw new ParamException("L", Integer.toString(len), "with n = " + s.n() + ", L may be at most "
                    + Fmt.count(MAX_BLOCK / s.n()) + " (doubling stores the n × L block [B, AB, …, A^{L−1}B])");
        }
        return s;
    }

    private StateSpace dplrSystem() {
        if (p == null) {
            throw new ParamException("p", "\"\"", "structure = dplr needs p (A = diag(lambda) + p qᵀ), e.g. p = 0.3,0.2");
        }
        int n = p.length;
        if (n > StateSpace.MAX_N) throw new ParamException("p", n + " entries", "at most " + StateSpace.MAX_N + " entries");
        double[] qq = q == null ? p : q;
        if (qq.length != n) throw new ParamException("q", MatrixLiteral.format(new double[][]{qq}), "q needs as many entries as p (" + n + ")");
        double[] lam = lambda;
        if (lam == null) {
            lam = new double[n];
            java.util.Arrays.fill(lam, 1);
        }
        if (lam.length != n) throw new ParamException("lambda", MatrixLiteral.format(new double[][]{lam}), "lambda needs as many entries as p (" + n + ")");
        double[][] am = StateSpace.diagonalPlusLowRank(lam, p, qq);
        if (structure == StateSpace.Structure.MATRIX && aGiven) {
            double diff = 0;
            boolean shape = a.length == n && a[0].length == n;
            if (shape) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) diff = Math.max(diff, Math.abs(a[i][j] - am[i][j]));
            if (!shape || diff > 1e-12 * (1 + Math.abs(am[0][0]))) {
                throw new ParamException("p", MatrixLiteral.format(new double[][]{p}),
                        "A and p disagree: A is not diag(lambda) + p qᵀ; leave p empty to use A, or A at its default to build it from p");
            }
        }
        boolean equal = true;
        for (double l : lam) equal &= l == lam[0];
        StateSpace.Dplr f = equal ? new StateSpace.Dplr(lam[0], p.clone(), qq.clone()) : null;
        return StateSpace.of(am, b, c, d, StateSpace.Structure.DPLR, f);
    }
}
