package glassbox.core.rnn;

/**
 * docs/LABS.md §6, part 3: the cost of one forward pass over T tokens of width d, for a vanilla RNN
 * and for one self-attention layer (single head, d_k = d_v = d).
 *
 * Operations are multiply-adds. The critical path is the longest chain of dependent elementary
 * operations with unlimited parallel hardware, each multiply, add, exp, divide or activation
 * taking one step and every sum of n terms taken as a balanced binary tree (⌈log₂ n⌉ steps).
 * A dot product of length n therefore has depth 1 + ⌈log₂ n⌉.
 */
public final class ForwardCost {
    private ForwardCost() {}

    public static int clog2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /** RNN h_t = g(W_h h_{t−1} + W_x x_t): 2 d² multiply-adds per step. */
    public static double rnnOps(long T, long d) {
        return 2.0 * T * d * d;
    }

    /** Q, K, V projections 3 T d², scores Q Kᵀ T² d, weighted sum of values T² d. */
    public static double attentionOps(long T, long d) {
        return 3.0 * T * d * d + 2.0 * T * T * d;
    }

    /**
     * T dependent steps, each W_h h_{t−1} (1 + ⌈log₂ d⌉), + W_x x_t (1, computed in parallel
     * beforehand) and g (1).
     */
    public static long rnnDepth(long T, long d) {
        long dot = 1 + clog2(d);
        return T * (dot + 2);
    }

    /**
     * Projections (1 + ⌈log₂ d⌉), scores (1 + ⌈log₂ d⌉), softmax: exp (1), sum over T (⌈log₂ T⌉),
     * divide (1), weighted sum of T values (1 + ⌈log₂ T⌉). Constant in T but for the log₂ T of the sums.
     * The 1/√d scaling is taken as folded into W_q.
     */
    public static long attentionDepth(long T, long d) {
        long dot = 1 + clog2(d);
        return 2 * dot + 3 + 2L * clog2(T);
    }
}
