package glassbox.core.attention;

/** One row's softmax weights as τ varies: for the small "row weights against τ" plot. */
public final class TemperatureSweep {
    private TemperatureSweep() {}

    /**
     * Log-spaced τ covering the transition of this row: from 1/100 to 300 times the spread of its
     * visible scores (near argmax to near uniform), widened to include {@code alsoInclude} values
     * that are finite and positive.
     */
    public static double[] grid(double[] s, boolean[] masked, int n, double... alsoInclude) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.length; j++) {
            if ((masked != null && masked[j]) || !Double.isFinite(s[j])) continue;
            lo = Math.min(lo, s[j]);
            hi = Math.max(hi, s[j]);
        }
        double spread = hi > lo ? hi - lo : 1;
        double a = spread / 100, b = spread * 300;
        for (double x : alsoInclude) {
            if (x > 0 && Double.isFinite(x)) {
                a = Math.min(a, x / 3);
                b = Math.max(b, x * 3);
            }
        }
        double[] taus = new double[n];
        for (int k = 0; k < n; k++) taus[k] = a * Math.pow(b / a, (double) k / (n - 1));
        return taus;
    }

    /** weights[k][j] = softmax(s/τ_k)_j. */
    public static double[][] weights(double[] s, boolean[] masked, double[] taus) {
        double[][] out = new double[taus.length][];
        for (int k = 0; k < taus.length; k++) out[k] = Softmax.row(s, masked, taus[k]);
        return out;
    }

    public static double[] entropy(double[][] weights) {
        double[] h = new double[weights.length];
        for (int k = 0; k < weights.length; k++) h[k] = Softmax.entropy(weights[k]);
        return h;
    }
}
