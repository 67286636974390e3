package glassbox.core.ridge;

import glassbox.core.Fmt;
import glassbox.core.ParamException;

import java.util.Objects;

/**
 * Computes one setting of the ridge-attention lab: the chosen method for the weights and outputs,
 * the other method as a check (at every position, or at evenly spaced positions when that would
 * cost more than {@link #CHECK_BUDGET} multiply-adds; {@link #fullCheck} always checks all), the
 * softmax weights, both limits and the running mean. Parts a λ slider does not change (inputs, Kᵀ,
 * the eigen-decomposition of KᵀK, the scores and softmax weights (for both masks), the timing) are kept in one-entry
 * memos held by the instance (one per lab, never static), so a λ sweep pays only for the recursion and
 * the n×n weights.
 */
public final class RidgeAttention {

    /** Multiply-adds the live check may spend before it samples positions instead of checking all. */
    public static final double CHECK_BUDGET = 1e7;
    /** At least this many positions are checked when sampling. */
    public static final int MIN_CHECKED = 16;

    public static final String LAMBDA_WHY = "λ must be positive: λI + K_tᵀK_t must be invertible for every prefix t, "
            + "and with λ = 0 the first causal steps (t < d pairs) have a rank-deficient K_tᵀK_t";

    private record InputKey(String k, String v, String q, int n, int d, long seed) {}

    private record Prepared(RidgeInputs in, double[] kt, Ridge.Sums sums, RidgeLimits limits, RunningMean mean) {}

    private record Scores(double[][] scores, double[][] softmax) {}

    private InputKey inputKey;
    private Prepared prepared;
    /** Scores and softmax for the inputs scoresKey, one entry per mask (index 1: causal): toggling the mask recomputes neither. */
    private InputKey scoresKey;
    private final Scores[] shownScores = new Scores[2];
    private InputKey timingKey;
    private RidgeTiming timingValue;

    private synchronized Prepared prepare(InputKey key) {
        if (!key.equals(inputKey)) {
            RidgeInputs in = RidgeInputs.resolve(key.k(), key.v(), key.q(), key.n(), key.d(), key.seed());
            prepared = new Prepared(in, Ridge.transpose(in.K()), Ridge.sums(in), RidgeLimits.of(in), RunningMean.of(key.seed(), RunningMean.LENGTH));
            inputKey = key;
        }
        return prepared;
    }

    private synchronized Scores scores(InputKey key, Prepared p, boolean causal) {
        if (!key.equals(scoresKey)) {
            java.util.Arrays.fill(shownScores, null);
            scoresKey = key;
        }
        int m = causal ? 1 : 0;
        if (shownScores[m] == null) {
            double[][] s = Ridge.scores(p.in(), p.kt(), causal);
            shownScores[m] = new Scores(s, Ridge.softmax(s, p.in().d(), causal));
        }
        return shownScores[m];
    }

    private synchronized RidgeTiming timing(InputKey key, Prepared p, double lambda) {
        if (!key.equals(timingKey)) {
            timingValue = RidgeTiming.measure(p.in(), lambda);
            timingKey = key;
        }
        return timingValue;
    }

    /** The resolved inputs of a spec (typed or generated), validated. */
    public RidgeInputs inputs(RidgeSpec s) {
        return prepare(key(s)).in();
    }

    private static InputKey key(RidgeSpec s) {
        return new InputKey(Objects.toString(s.kText(), "").trim(), Objects.toString(s.vText(), "").trim(),
                Objects.toString(s.qText(), "").trim(), s.n(), s.d(), s.seed());
    }

    public RidgeResult compute(RidgeSpec s) {
        if (!(s.lambda() > 0) || Double.isInfinite(s.lambda())) {
            throw new ParamException("lambda", Fmt.num(s.lambda()), LAMBDA_WHY);
        }
        InputKey key = key(s);
        Prepared p = prepare(key);
        RidgeInputs in = p.in();
        int n = in.n(), d = in.d();
        double lambda = s.lambda();
        boolean causal = s.causal();
        Scores sc = scores(key, p, causal);

        // The other method (the check) does not need the chosen one's results: for a large input it
        // runs on the second core meanwhile, timed on its own.
        boolean sm = s.method() == RidgeSpec.Method.SHERMAN_MORRISON;
        java.util.function.Supplier<Timed> check = () -> {
            long c0 = System.nanoTime();
            Ridge.Pass o = sm ? Ridge.solve(in, lambda, causal, checkPositions(in, causal)) : Ridge.shermanMorrison(in, lambda, causal);
            return new Timed(o, (System.nanoTime() - c0) / 1e6);
        };
        boolean parallel = (double) n * d * d >= PARALLEL_WORK;
        long t0;
        Ridge.Pass main;
        double[][] w;
        Timed other;
        if (parallel && sm) {
            // Weight row t needs only z_t: after the check, the second core computes weight rows behind
            // the recursion as it publishes z_t; this thread joins in for the rest once it is done.
            java.util.concurrent.atomic.AtomicInteger progress = new java.util.concurrent.atomic.AtomicInteger(), next = new java.util.concurrent.atomic.AtomicInteger();
            double[] z = new double[n * d];
            double[][] wp = new double[n][n];
            int[] all = Ridge.all(n);
            java.util.concurrent.CompletableFuture<Timed> otherF = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                Timed c = check.get();
                Ridge.weightsChasing(p.kt(), n, d, z, all, causal, wp, next, progress);
                return c;
            });
            t0 = System.nanoTime();
            try {
                main = Ridge.shermanMorrison(in, lambda, causal, z, progress);
            } finally {
                progress.set(Integer.MAX_VALUE); // never leave the helper waiting, even if the recursion failed
            }
            Ridge.weightsChasing(p.kt(), n, d, z, all, causal, wp, next, progress);
            other = otherF.join(); // also waits for the weight blocks the helper took
            w = wp;
        } else {
            java.util.concurrent.CompletableFuture<Timed> otherF = parallel ? java.util.concurrent.CompletableFuture.supplyAsync(check) : null;
            t0 = System.nanoTime();
            main = sm ? Ridge.shermanMorrison(in, lambda, causal) : Ridge.solve(in, lambda, causal, Ridge.all(n));
            w = Ridge.weights(p.kt(), n, d, main.z(), main.positions(), causal);
            double[][] qw = main.qrWeights();
            for (int q = 0; qw != null && q < qw.length; q++) {
                if (qw[q] != null) System.arraycopy(qw[q], 0, w[main.positions()[q]], 0, qw[q].length);
            }
            other = parallel ? otherF.join() : check.get();
        }
        double methodMs = (System.nanoTime() - t0) / 1e6;

        long t1 = System.nanoTime();
        double[] diff = compare(p.kt(), n, d, main, w, other.pass(), causal);
        double otherMs = other.ms() + (System.nanoTime() - t1) / 1e6;

        double[] stats = scan(w, sc.scores(), lambda, causal);
        double smallRel = p.limits().small(lambda);
        // The scan's min and max carry any NaN or ±∞ of the visible weights (the hidden ones are zeros).
        boolean nonFinite = !Double.isFinite(stats[3]) || !Double.isFinite(stats[4]) || !finite(main.out());
        int breakdown = main.breakdown() >= 0 ? main.breakdown() : other.pass().breakdown();
        RidgeTiming timing = s.timing() ? timing(key, p, lambda) : null;
        RidgeGradients grads = null;
        if (s.gradients()) {
            if (s.gradQuery() < 0 || s.gradQuery() >= n) {
                throw new ParamException("grad_query", Integer.toString(s.gradQuery() + 1), "expected a query from 1 to n = " + n);
            }
            double work = RidgeGradients.work(causal ? s.gradQuery() + 1 : n, d);
            if (work > RidgeGradients.MAX_WORK) {
                throw new ParamException("gradients", "true", "the finite-difference check solves λI + KᵀK " + (2 * (1 + d + 2 * RidgeGradients.CHECKED_ENTRIES))
                        + " times: at most " + Fmt.count((long) RidgeGradients.MAX_WORK) + " multiply-adds (here " + Fmt.count((long) work) + "); use a smaller n or d");
            }
            grads = RidgeGradients.compute(in, lambda, causal, s.gradQuery());
        }
        return new RidgeResult(in, lambda, causal, s.method(), w, main.z(), main.out(), sc.scores(), sc.softmax(),
                diff[0], diff[1], other.pass().positions(), methodMs, otherMs, stats[0], smallRel,
                (long) stats[1], (long) stats[2], stats[3], stats[4], new int[]{(int) stats[5], (int) stats[6]},
                Ridge.ridgeSolution(p.sums(), in, lambda), p.limits(), p.mean(),
                main.qrWeights() != null || other.pass().qrWeights() != null ? conditionBound(p.sums(), lambda) : Double.NaN,
                breakdown, nonFinite, timing, grads);
    }

    /** n·d² from which the check runs beside the chosen method. */
    static final double PARALLEL_WORK = 1e6;

    private record Timed(Ridge.Pass pass, double ms) {}

    /** (λ + tr KᵀK)/λ ≥ λ_max(λI + KᵀK)/λ_min: an upper bound on the condition number, from the sums. */
    static double conditionBound(Ridge.Sums sums, double lambda) {
        double tr = 0;
        for (int i = 0; i < sums.d(); i++) tr += sums.g()[i * sums.d() + i];
        return (lambda + tr) / lambda;
    }

    /**
     * The other method at every position: {max |Δ output|, max |Δ weight|}. What the JSON export
     * reports, so the command line always holds the full comparison.
     */
    public static double[] fullCheck(RidgeResult r) {
        RidgeInputs in = r.inputs();
        int n = in.n();
        Ridge.Pass main = new Ridge.Pass(Ridge.all(n), r.z(), r.output(), -1);
        Ridge.Pass other = r.method() == RidgeSpec.Method.SHERMAN_MORRISON
                ? Ridge.solve(in, r.lambda(), r.causal(), Ridge.all(n))
                : Ridge.shermanMorrison(in, r.lambda(), r.causal());
        return compare(Ridge.transpose(in.K()), n, in.d(), main, r.weights(), other, r.causal());
    }

    /** Positions for the live solve check: all when affordable, else evenly spaced, first and last included. */
    static int[] checkPositions(RidgeInputs in, boolean causal) {
        int n = in.n(), d = in.d(), dv = in.dv();
        double base = (double) n * ((double) d * d + (double) d * dv);
        double per = (double) d * d * d / 6 + 2.0 * d * d + (double) d * dv + (causal ? n / 2.0 : n) * d;
        if (base + n * per <= CHECK_BUDGET) return Ridge.all(n);
        int m = (int) Math.max(MIN_CHECKED, (CHECK_BUDGET - base) / per);
        if (m >= n) return Ridge.all(n);
        int[] p = new int[m];
        for (int i = 0; i < m; i++) p[i] = (int) Math.round((double) i * (n - 1) / (m - 1));
        return p;
    }

    /** {max |Δ output|, max |Δ weight|} between a full pass (with its weights) and another pass at its positions. */
    static double[] compare(double[] kt, int n, int d, Ridge.Pass main, double[][] w, Ridge.Pass other, boolean causal) {
        double dOut = 0, dW = 0;
        double[] row = new double[n];
        for (int p = 0; p < other.positions().length; p++) {
            int t = other.positions()[p];
            double[] a = main.out()[t], b = other.out()[p];
            for (int i = 0; i < a.length; i++) dOut = maxAbs(dOut, a[i] - b[i]);
            int lim = causal ? t + 1 : n;
            other.weightsRow(kt, n, d, p, lim, row);
            double[] wt = w[t];
            for (int j = 0; j < lim; j++) dW = maxAbs(dW, wt[j] - row[j]);
        }
        return new double[]{dOut, dW};
    }

    /** NaN-propagating max of |x|, so a breakdown shows as NaN rather than as a small difference. */
    private static double maxAbs(double m, double x) {
        return Double.isNaN(x) || Double.isNaN(m) ? Double.NaN : Math.max(m, Math.abs(x));
    }

    /** max over visible entries |w − s/λ| / max |s/λ|: how far the weights are from the unnormalised dot products K q/λ. */
    static double largeLimit(double[][] w, double[][] s, double lambda, boolean causal) {
        return scan(w, s, lambda, causal)[0];
    }

    /**
     * One pass over the visible weights: {large-λ relative difference, count of negative weights,
     * count of visible weights, min weight, max weight, row and column of the min weight}. Blocks of
     * rows on both cores for a large matrix (maxima, counts and the first minimum combine exactly).
     */
    static double[] scan(double[][] w, double[][] s, double lambda, boolean causal) {
        int n = w.length, blocks = (int) Math.min(64, Math.max(1, (long) n * (n > 0 ? w[0].length : 0) / 65_536));
        double[][] part = new double[blocks][];
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, blocks);
        (blocks > 1 ? range.parallel() : range).forEach(b -> part[b] = scan(w, s, lambda, causal, (int) ((long) b * n / blocks), (int) ((long) (b + 1) * n / blocks)));
        double num = 0, den = 0, neg = 0, vis = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, minT = -1, minJ = -1;
        for (double[] q : part) {
            num = Math.max(num, q[0]);
            den = Math.max(den, q[1]);
            neg += q[2];
            vis += q[3];
            if (q[4] < min || Double.isNaN(q[4])) { min = q[4]; minT = q[6]; minJ = q[7]; }
            max = Math.max(max, q[5]);
        }
        return new double[]{den == 0 ? 0 : num / den, neg, vis, min, max, minT, minJ};
    }

    /** Rows [t0, t1): {max |w − s/λ|, max |s/λ|, negatives, visible, min, max, row of min, column of min}. */
    private static double[] scan(double[][] w, double[][] s, double lambda, boolean causal, int t0, int t1) {
        double num = 0, den = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        long neg = 0, vis = 0;
        int minT = -1, minJ = -1;
        double inv = 1 / lambda;
        for (int t = t0; t < t1; t++) {
            int lim = causal ? t + 1 : w[t].length;
            double[] wt = w[t], st = s[t];
            for (int j = 0; j < lim; j++) {
                double x = wt[j], ref = st[j] * inv;
                num = Math.max(num, Math.abs(x - ref));
                den = Math.max(den, Math.abs(ref));
                if (x < 0) neg++;
                if (x < min) { min = x; minT = t; minJ = j; } else if (x != x) min = x; // NaN stays, as Math.min
                max = Math.max(max, x);
            }
            vis += lim;
        }
        return new double[]{num, den, neg, vis, min, max, minT, minJ};
    }

    static boolean finite(double[][] m) {
        for (double[] r : m) for (double x : r) if (!Double.isFinite(x)) return false;
        return true;
    }

    /** Indices of the λ grid the limits plot uses: 10^(−4 … 4) in quarter decades. */
    public static double[] lambdaGrid() {
        double[] g = new double[33];
        for (int i = 0; i < g.length; i++) g[i] = Math.pow(10, -4 + i * 0.25);
        return g;
    }

}
