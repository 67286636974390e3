package glassbox.core.ridge;

import java.util.ArrayList;
import java.util.List;

/**
 * Running times of the causal computation (outputs only) against n, on the first n positions of
 * the current inputs: the Sherman–Morrison recursion (O(n·d²)), a fresh Cholesky solve at every
 * t with the running sums K_tᵀK_t, K_tᵀV_t (O(n·d³)), and the same solve forming the sums again
 * from the t pairs at every t (O(n²·d²)); beside them the non-causal computation (every query sees all n pairs:
 * the sums once, then every output, also O(n·d²)). Each time is the best of up to 5 batches of repeated runs (each batch at
 * least 1 ms); the two solves are skipped (NaN) at sizes where one run would cost more than their budgets.
 */
public record RidgeTiming(int[] n, double[] shermanMorrisonMs, double[] solveMs, double[] scratchMs, double[] nonCausalMs, int d, int dv) {

    /** Beyond this many multiply-adds one from-scratch run is skipped (it would take about 0.1 s, five times). */
    public static final double SCRATCH_BUDGET = 2e8;
    /** Beyond this many multiply-adds (n·d³/3) one run of the fresh solves is skipped: at d = 256, n = 512 it took 1.5 s a run, 15 s in all. */
    public static final double SOLVE_BUDGET = 1e9;
    /** A point stops repeating its batches once they have taken this long (one slow run is timed once, not five times). */
    public static final double POINT_BUDGET_MS = 250;

    public static RidgeTiming measure(RidgeInputs in, double lambda) {
        int nMax = in.n();
        List<Integer> sizes = new ArrayList<>();
        for (int m = 8; m < nMax; m *= 2) sizes.add(m);
        sizes.add(nMax);
        int[] ns = sizes.stream().mapToInt(Integer::intValue).toArray();
        double[] sm = new double[ns.length], so = new double[ns.length], sc = new double[ns.length], nc = new double[ns.length];
        int d = in.d(), dv = in.dv();
        // Warm the JIT on a small prefix so the first point is not interpreter time.
        RidgeInputs warm = in.prefix(Math.min(nMax, 64));
        for (int r = 0; r < 20; r++) {
            Ridge.shermanMorrison(warm, lambda, true);
            Ridge.shermanMorrison(warm, lambda, false);
            Ridge.solve(warm, lambda, true, Ridge.all(warm.n()));
            Ridge.solveFromScratch(warm.prefix(Math.min(warm.n(), 16)), lambda);
        }
        for (int i = 0; i < ns.length; i++) {
            RidgeInputs p = in.prefix(ns[i]);
            int[] all = Ridge.all(ns[i]);
            sm[i] = time(() -> Ridge.shermanMorrison(p, lambda, true));
            nc[i] = time(() -> Ridge.shermanMorrison(p, lambda, false));
            so[i] = solveCost(ns[i], d) > SOLVE_BUDGET ? Double.NaN : time(() -> Ridge.solve(p, lambda, true, all));
            double cost = (double) ns[i] * ns[i] / 2 * ((double) d * d + (double) d * dv);
            sc[i] = cost > SCRATCH_BUDGET ? Double.NaN : time(() -> Ridge.solveFromScratch(p, lambda));
        }
        return new RidgeTiming(ns, sm, so, sc, nc, d, dv);
    }

    /** Multiply-adds of the fresh solves on n positions: a Cholesky factorisation of a d×d matrix at each. */
    static double solveCost(int n, int d) {
        return (double) n * d * d * d / 3;
    }

    /**
     * Best of up to 5 batches, each repeating the run for at least 1 ms: the minimum is robust to other load on the
     * machine. Batches stop once the point has spent {@link #POINT_BUDGET_MS}.
     */
    private static double time(Runnable r) {
        double best = Double.POSITIVE_INFINITY;
        long start = System.nanoTime();
        for (int batch = 0; batch < 5 && (batch == 0 || (System.nanoTime() - start) / 1e6 < POINT_BUDGET_MS); batch++) {
            int reps = 0;
            long t0 = System.nanoTime(), el;
            do {
                r.run();
                reps++;
                el = System.nanoTime() - t0;
            } while (el < 1_000_000 && reps < 200);
            best = Math.min(best, el / 1e6 / reps);
        }
        return best;
    }
}
