package glassbox.core.attention;

/**
 * Row softmax with a temperature, safe for any scores (docs/LABS.md §4), shared by the attention and
 * ridge-attention labs.
 *
 * <p>{@code P_ij = exp(s_ij/τ) / Σ_{j' visible} exp(s_ij'/τ)} computed as
 * {@code exp((s_ij − m)/τ) / Σ exp((s_ij' − m)/τ)} with m the row maximum over visible entries,
 * so every exponent is ≤ 0 and nothing overflows however large the scores (the copy task reaches
 * 2M² = 20 000). The limits are exact, not approximated by a tiny or huge τ:
 * <ul>
 *   <li>τ = 0: the argmax limit — the weight is split equally among the visible entries equal to
 *   the row maximum (ties share; equality is exact equality of the computed scores);</li>
 *   <li>τ = +∞: uniform over the visible entries.</li>
 * </ul>
 * Masked entries (mask[i][j] true, e.g. j &gt; i under a causal mask) get weight exactly 0.
 * Non-finite scores: NaN entries get weight 0 (callers report them as overflow); a +∞ maximum is
 * treated as the argmax limit among the +∞ entries. The standard temperature of scaled
 * dot-product attention is {@link #standardTemperature(int) √d_k}.
 */
public final class Softmax {
    private Softmax() {}

    /** τ = √d_k: standard scaled dot-product attention (Vaswani et al.). */
    public static double standardTemperature(int dk) {
        return Math.sqrt(dk);
    }

    /** Throws for τ &lt; 0 or NaN (τ = 0 and τ = +∞ are allowed and exact). */
    public static void checkTemperature(double tau) {
        if (!(tau >= 0)) {
            throw new glassbox.core.ParamException("temperature", glassbox.core.Fmt.num(tau),
                    "expected τ ≥ 0 (0 = argmax limit, inf = uniform)");
        }
    }

    /**
     * Softmax of one row into {@code out}. {@code masked} may be null (all visible).
     *
     * @return the number of visible (non-masked, non-NaN) entries
     */
    public static int row(double[] s, boolean[] masked, double tau, double[] out) {
        checkTemperature(tau);
        int n = s.length;
        double max = Double.NEGATIVE_INFINITY;
        int visible = 0;
        for (int j = 0; j < n; j++) {
            if (hidden(s, masked, j)) continue;
            visible++;
            if (s[j] > max) max = s[j];
        }
        if (visible == 0) {
            java.util.Arrays.fill(out, 0, n, 0.0);
            return 0;
        }
        if (tau == Double.POSITIVE_INFINITY) {
            double u = 1.0 / visible;
            for (int j = 0; j < n; j++) out[j] = hidden(s, masked, j) ? 0 : u;
            return visible;
        }
        if (tau == 0 || Double.isInfinite(max)) {
            // Argmax limit: all entries equal to the maximum share the weight (also when every
            // visible score is −∞, they all tie).
            int ties = 0;
            for (int j = 0; j < n; j++) if (!hidden(s, masked, j) && s[j] == max) ties++;
            double w = 1.0 / ties;
            for (int j = 0; j < n; j++) out[j] = !hidden(s, masked, j) && s[j] == max ? w : 0;
            return visible;
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            if (hidden(s, masked, j)) {
                out[j] = 0;
                continue;
            }
            double u = (s[j] - max) / tau;
            double e = u < -746 ? 0 : Math.exp(u); // exp(−746) underflows to 0 anyway; skip the call
            out[j] = e;
            sum += e;
        }
        // sum ≥ 1 (the maximum contributes exp(0) = 1), so the division is safe.
        double inv = 1.0 / sum;
        for (int j = 0; j < n; j++) out[j] *= inv;
        return visible;
    }

    /**
     * Softmax of one row into {@code out}, returning its entropy in nats without a logarithm per
     * entry: with u_j = (s_j − m)/τ and Z = Σ exp(u_j), H = log Z − Σ_j P_j u_j (log #ties at τ = 0,
     * log #visible at τ = ∞). Used where T² logarithms would cost too much (T = 1024).
     */
    public static double rowWithEntropy(double[] s, boolean[] masked, double tau, double[] out) {
        int visible = row(s, masked, tau, out);
        if (visible == 0) return 0;
        int n = s.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) if (!hidden(s, masked, j) && s[j] > max) max = s[j];
        if (tau == Double.POSITIVE_INFINITY) return Math.log(visible);
        if (tau == 0 || Double.isInfinite(max)) return Math.log(ties(s, masked));
        // out[j] = exp(u_j)/Z and the maximum has u = 0, so Z = 1/out[argmax].
        double weighted = 0, pmax = 0;
        for (int j = 0; j < n; j++) {
            if (out[j] == 0) continue;
            double u = (s[j] - max) / tau;
            weighted += out[j] * u;
            if (s[j] == max) pmax = out[j];
        }
        return Math.max(0, -Math.log(pmax) - weighted);
    }

    public static double[] row(double[] s, boolean[] masked, double tau) {
        double[] out = new double[s.length];
        row(s, masked, tau, out);
        return out;
    }

    /** Row-wise softmax of a matrix; {@code masked} may be null. */
    public static double[][] rows(double[][] s, boolean[][] masked, double tau) {
        double[][] out = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = new double[s[i].length];
            row(s[i], masked == null ? null : masked[i], tau, out[i]);
        }
        return out;
    }

    private static boolean hidden(double[] s, boolean[] masked, int j) {
        return (masked != null && masked[j]) || Double.isNaN(s[j]);
    }

    /** Shannon entropy −Σ p log p in nats (0 log 0 = 0); 0 for a one-hot row, log n for uniform over n. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double x : p) if (x > 0) h -= x * Math.log(x);
        return Math.max(0, h);
    }

    /** log Σ_{visible j} exp(x_j), computed with the maximum subtracted; −∞ when nothing is visible. */
    public static double logSumExp(double[] x, boolean[] masked) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < x.length; j++) if (!hidden(x, masked, j) && x[j] > max) max = x[j];
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) return max;
        double sum = 0;
        for (int j = 0; j < x.length; j++) if (!hidden(x, masked, j)) sum += Math.exp(x[j] - max);
        return max + Math.log(sum);
    }

    /** Below this a weight is printed "&lt; 10⁻³⁰⁸": double precision cannot hold it (it underflowed to 0 or a subnormal). */
    public static final double UNDERFLOW = 1e-308;

    /**
     * Which weights of a row underflowed: the exact softmax gives every visible entry with a finite score a positive
     * weight for 0 &lt; τ &lt; ∞, but exp((s_j − max)/τ) below 10⁻³⁰⁸ is not representable (it becomes 0 or a
     * subnormal). Null when none did. At τ = 0 and τ = ∞ the zeros are exact (the limits), so nothing is flagged.
     */
    public static boolean[] underflowed(double[] s, boolean[] masked, double tau, double[] p) {
        if (!(tau > 0) || Double.isInfinite(tau)) return null;
        boolean[] out = null;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.length; j++) if (!hidden(s, masked, j) && s[j] > max) max = s[j];
        if (Double.isInfinite(max)) return null;
        for (int j = 0; j < s.length; j++) {
            if (hidden(s, masked, j) || !Double.isFinite(s[j]) || p[j] >= UNDERFLOW) continue;
            if (out == null) out = new boolean[s.length];
            out[j] = true;
        }
        return out;
    }

    /** log₁₀ of the exact weight of visible entry j: ((s_j − max)/τ − log Σ exp((s_k − max)/τ)) / ln 10, for 0 &lt; τ &lt; ∞. */
    public static double log10Weight(double[] s, boolean[] masked, double tau, int j) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < s.length; k++) if (!hidden(s, masked, k) && s[k] > max) max = s[k];
        double sum = 0;
        for (int k = 0; k < s.length; k++) if (!hidden(s, masked, k)) sum += Math.exp((s[k] - max) / tau);
        return ((s[j] - max) / tau - Math.log(sum)) / Math.log(10);
    }

    /** How many visible entries equal the row maximum (the entries that share the weight at τ = 0). */
    public static int ties(double[] s, boolean[] masked) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.length; j++) if (!hidden(s, masked, j) && s[j] > max) max = s[j];
        int t = 0;
        for (int j = 0; j < s.length; j++) if (!hidden(s, masked, j) && s[j] == max) t++;
        return t;
    }
}
