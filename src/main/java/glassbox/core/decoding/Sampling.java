package glassbox.core.decoding;

import glassbox.core.attention.Softmax;

import java.util.Arrays;

/**
 * docs/LABS.md §8: one decoding step's distributions from the next-token logits z. p = softmax(z/τ) (τ = 0: the
 * argmax, ties sharing; τ = ∞: uniform, as in the attention lab); tokens sorted by logit (ties: lower id first),
 * the cumulative sum c_r of p in that order; top-k keeps the first k; the nucleus (top-p) is the smallest prefix
 * with c_m ≥ p (up to {@link #NUCLEUS_TOLERANCE}, so p = 1 keeps every token of non-zero probability); each kept
 * set renormalised. Greedy is the argmax of z.
 */
public final class Sampling {
    private Sampling() {}

    /** c_m ≥ p − 1e-12: rounding in the cumulative sum never adds a token of the tail to the nucleus. */
    public static final double NUCLEUS_TOLERANCE = 1e-12;

    /**
     * @param p        softmax(z/τ) by token id
     * @param order    token ids by decreasing logit
     * @param cum      cum[r] = Σ_{s ≤ r} p[order[s]]
     * @param k        the top-k set's size, min(k, V)
     * @param nucleus  the nucleus size m
     * @param topK     p restricted to the first k tokens, renormalised (by token id)
     * @param topP     p restricted to the nucleus, renormalised (by token id)
     * @param greedy   the argmax of z
     */
    public record Dist(double[] logits, double tau, double[] p, int[] order, double[] cum, int k, int nucleus,
                       double[] topK, double[] topP, int greedy, double entropyTau, double entropyK, double entropyP) {

        /** The distribution a strategy samples from (greedy: one-hot on the argmax). */
        public double[] of(DecodingSpec.Strategy s) {
            return switch (s) {
                case GREEDY -> { double[] g = new double[p.length]; g[greedy] = 1; yield g; }
                case TEMPERATURE -> p;
                case TOP_K -> topK;
                case TOP_P -> topP;
            };
        }
    }

    public static Dist of(double[] z, double tau, int k, double pCut) {
        int n = z.length;
        double[] p = Softmax.row(z, null, tau);
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> z[a] != z[b] ? Double.compare(z[b], z[a]) : Integer.compare(a, b));
        int[] order = new int[n];
        double[] cum = new double[n];
        double c = 0;
        for (int r = 0; r < n; r++) {
            order[r] = boxed[r];
            c += p[order[r]];
            cum[r] = c;
        }
        int kk = Math.min(k, n);
        int m = n;
        for (int r = 0; r < n; r++) {
            if (cum[r] >= pCut - NUCLEUS_TOLERANCE) { m = r + 1; break; }
        }
        double[] topK = restrict(p, order, kk), topP = restrict(p, order, m);
        return new Dist(z.clone(), tau, p, order, cum, kk, m, topK, topP, order[0],
                Softmax.entropy(p), Softmax.entropy(topK), Softmax.entropy(topP));
    }

    /** p on the first {@code m} tokens of {@code order}, divided by their mass; 0 elsewhere. */
    static double[] restrict(double[] p, int[] order, int m) {
        double mass = 0;
        for (int r = 0; r < m; r++) mass += p[order[r]];
        double[] q = new double[p.length];
        if (mass == 0) {
            // Every kept token has probability 0 (τ = 0 with the argmax outside): keep the first one.
            q[order[0]] = 1;
            return q;
        }
        for (int r = 0; r < m; r++) q[order[r]] = p[order[r]] / mass;
        return q;
    }

    /**
     * Inverse-CDF draw from q walking the tokens in {@code order}: the first token whose running mass exceeds
     * u ∈ [0, 1); rounding that leaves u above the total returns the last token of non-zero probability.
     */
    public static int draw(double[] q, int[] order, double u) {
        double c = 0;
        int last = order[0];
        for (int id : order) {
            if (q[id] <= 0) continue;
            c += q[id];
            last = id;
            if (u < c) return id;
        }
        return last;
    }
}
