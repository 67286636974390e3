package glassbox.core.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Linear attention (docs/LABS.md §4): the exponential dropped, {@code P_ij = q_i·k_j / Σ_{j'} q_i·k_j'}
 * over the visible j'. Computed two ways: the quadratic way (the T × T matrix P, then P V) and,
 * for the causal case, in O(T·d_k·d_v) with running sums {@code S_t = Σ_{j≤t} k_j v_jᵀ},
 * {@code z_t = Σ_{j≤t} k_j}, {@code out_t = S_tᵀ q_t / (q_t·z_t)} (non-causal: the full sums).
 * The temperature has no effect: scaling q by 1/τ cancels in the ratio.
 *
 * <p>A row whose denominator is zero has no weights; it is reported in {@code degenerate} and left
 * at zero by both computations. "Zero" means |Σ_j q_i·k_j| ≤ 1e-12 · ‖q_i‖ · Σ_j ‖k_j‖, a bound
 * both computations evaluate the same way.
 */
public final class LinearAttention {
    private LinearAttention() {}

    static final double ZERO_DENOMINATOR = 1e-12;

    /** Weights (T × T, zeros where masked or degenerate), output P V, and the degenerate rows (0-based). */
    public record Quadratic(double[][] weights, double[][] output, List<Integer> degenerate) {}

    public static Quadratic quadratic(double[][] q, double[][] k, double[][] v, boolean causal) {
        int t = q.length;
        double[] knorm = norms(k);
        double[][] s = Mat.multiplyTransposed(q, k);
        double[][] p = new double[t][t];
        List<Integer> degenerate = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            int last = causal ? i : t - 1;
            double den = 0, scale = 0;
            for (int j = 0; j <= last; j++) {
                den += s[i][j];
                scale += knorm[j];
            }
            scale *= norm(q[i]);
            if (Math.abs(den) <= ZERO_DENOMINATOR * scale) {
                degenerate.add(i);
                continue;
            }
            for (int j = 0; j <= last; j++) p[i][j] = s[i][j] / den;
        }
        return new Quadratic(p, Mat.multiply(p, v), degenerate);
    }

    /** The O(T) computation by running sums (causal) or full sums (non-causal). */
    public static double[][] runningSums(double[][] q, double[][] k, double[][] v, boolean causal) {
        int t = q.length, dk = Mat.cols(q), dv = Mat.cols(v);
        double[][] out = new double[t][dv];
        double[][] sum = new double[dk][dv];
        double[] z = new double[dk];
        double kn = 0;
        if (!causal) {
            for (int j = 0; j < t; j++) {
                accumulate(sum, z, k[j], v[j]);
                kn += norm(k[j]);
            }
        }
        for (int i = 0; i < t; i++) {
            if (causal) {
                accumulate(sum, z, k[i], v[i]);
                kn += norm(k[i]);
            }
            double den = Mat.dot(q[i], z);
            if (Math.abs(den) <= ZERO_DENOMINATOR * norm(q[i]) * kn) continue;
            double[] o = out[i];
            for (int a = 0; a < dk; a++) {
                double qa = q[i][a] / den;
                if (qa == 0) continue;
                double[] sa = sum[a];
                for (int b = 0; b < dv; b++) o[b] += qa * sa[b];
            }
        }
        return out;
    }

    private static void accumulate(double[][] sum, double[] z, double[] kj, double[] vj) {
        for (int a = 0; a < kj.length; a++) {
            z[a] += kj[a];
            double ka = kj[a];
            double[] sa = sum[a];
            for (int b = 0; b < vj.length; b++) sa[b] += ka * vj[b];
        }
    }

    private static double norm(double[] x) {
        return Math.sqrt(Mat.dot(x, x));
    }

    private static double[] norms(double[][] x) {
        double[] n = new double[x.length];
        for (int i = 0; i < x.length; i++) n[i] = norm(x[i]);
        return n;
    }

    /** Times (ms, best of {@code repeats}) of both computations for each T, on seeded random q, k, v. */
    public record Timing(int[] t, double[] quadraticMs, double[] runningMs, double[] maxDiff) {}

    public static Timing time(int[] ts, int dk, int dv, boolean causal, long seed, int repeats) {
        double[] quad = new double[ts.length], run = new double[ts.length], diff = new double[ts.length];
        SplittableRandom rnd = new SplittableRandom(seed);
        // Warm both code paths up first so the smallest T is not timed on the interpreter.
        for (int w = 0; w < 20; w++) {
            double[][] q = random(rnd, 64, dk, 0.1, 1), k = random(rnd, 64, dk, 0.1, 1), v = random(rnd, 64, dv, -1, 1);
            quadratic(q, k, v, causal);
            runningSums(q, k, v, causal);
        }
        for (int n = 0; n < ts.length; n++) {
            int t = ts[n];
            // Positive keys and queries keep every denominator away from zero.
            double[][] q = random(rnd, t, dk, 0.1, 1), k = random(rnd, t, dk, 0.1, 1), v = random(rnd, t, dv, -1, 1);
            double bq = Double.POSITIVE_INFINITY, br = Double.POSITIVE_INFINITY;
            double[][] zq = null, zr = null;
            for (int r = 0; r < repeats; r++) {
                long a = System.nanoTime();
                zq = quadratic(q, k, v, causal).output();
                long b = System.nanoTime();
                zr = runningSums(q, k, v, causal);
                long c = System.nanoTime();
                bq = Math.min(bq, (b - a) / 1e6);
                br = Math.min(br, (c - b) / 1e6);
            }
            quad[n] = bq;
            run[n] = br;
            diff[n] = Mat.maxAbsDiff(zq, zr);
        }
        return new Timing(ts.clone(), quad, run, diff);
    }

    private static double[][] random(SplittableRandom rnd, int r, int c, double lo, double hi) {
        double[][] m = new double[r][c];
        for (double[] row : m) for (int j = 0; j < c; j++) row[j] = rnd.nextDouble(lo, hi);
        return m;
    }
}
