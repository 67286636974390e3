package glassbox.core.ridge;

import java.util.Random;

/**
 * The warm-up of the recursion: a mean updated with one new point in O(1),
 * m_t = m_{t−1} + (x_t − m_{t−1})/t (t = 1, 2, …), against the mean recomputed from all t points
 * (O(t) each). It is ridge regression with d = 1, every key k_t = 1 and λ → 0: M_t = t, M_t⁻¹ = 1/t.
 */
public record RunningMean(double[] x, double[] running, double[] recomputed, double maxDifference) {

    public static final int LENGTH = 40;

    /** A seeded stream x_t = 2 + N(0, 1) (its own random stream, so it does not move with n or d). */
    public static RunningMean of(long seed, int length) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + 4 * 0xBF58476D1CE4E5B9L);
        double[] x = new double[length];
        for (int t = 0; t < length; t++) x[t] = 2 + r.nextGaussian();
        return of(x);
    }

    public static RunningMean of(double[] x) {
        int len = x.length;
        double[] run = new double[len], rec = new double[len];
        double m = 0, diff = 0;
        for (int t = 1; t <= len; t++) {
            m += (x[t - 1] - m) / t;
            run[t - 1] = m;
            double s = 0;
            for (int i = 0; i < t; i++) s += x[i];
            rec[t - 1] = s / t;
            diff = Math.max(diff, Math.abs(m - rec[t - 1]));
        }
        return new RunningMean(x.clone(), run, rec, diff);
    }
}
