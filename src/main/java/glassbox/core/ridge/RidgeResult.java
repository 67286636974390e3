package glassbox.core.ridge;

/**
 * Everything the ridge-attention lab shows for one setting.
 *
 * @param weights       n×n, row t = query t: k_jᵀ M_t⁻¹ q_t (zeros beyond t when causal)
 * @param z             M_t⁻¹ q_t row by row (flat n×d), for the hover text
 * @param output        n×d_v outputs of the chosen method
 * @param scores        Q Kᵀ (zeros beyond t when causal): the large-λ limit of λ·weights
 * @param softmax       softmax attention weights for the same Q and K (scaled by 1/√d)
 * @param maxDiffOutput largest |output difference| between the two methods at the checked positions
 * @param maxDiffWeights largest |weight difference| between the two methods at the checked rows
 * @param checked       positions where both methods were compared (all of them unless sampled)
 * @param largeRel      max over visible entries |w − s/λ| / max |s/λ| (weights vs K q/λ)
 * @param smallRel      ‖O − Q K⁺V‖_F/‖Q K⁺V‖_F on all pairs (see {@link RidgeLimits})
 * @param negative      how many visible weights are negative, of {@code visible}
 * @param minWeight     the smallest visible weight (maxWeight the largest)
 * @param minAt         {row, column} of the smallest visible weight (its first occurrence; −1s if none)
 * @param ridgeSolution W* = (λI + KᵀK)⁻¹ KᵀV on all n pairs (d × d_v), or null if λI + KᵀK cannot be factored
 * @param conditionBound an upper bound on cond(λI + KᵀK) = (λ + tr KᵀK)/λ, where some solve took the QR route
 *                      because Cholesky lost its digits (see Ridge.QrRoute); NaN where none did
 * @param breakdown     first position whose system could not be solved in floating point, or −1
 * @param nonFinite     some weight or output is not finite
 * @param timing        running times against n, or null when not asked for
 * @param gradients     ∂(Σ_c o_c)/∂(λ, K, V, q) of one query, or null when not asked for
 */
public record RidgeResult(RidgeInputs inputs, double lambda, boolean causal, RidgeSpec.Method method,
                          double[][] weights, double[] z, double[][] output, double[][] scores, double[][] softmax,
                          double maxDiffOutput, double maxDiffWeights, int[] checked, double methodMs, double otherMs,
                          double largeRel, double smallRel, long negative, long visible, double minWeight, double maxWeight,
                          int[] minAt, double[][] ridgeSolution, RidgeLimits limits, RunningMean runningMean,
                          double conditionBound, int breakdown, boolean nonFinite, RidgeTiming timing, RidgeGradients gradients) {

    public int n() { return inputs.n(); }

    public int d() { return inputs.d(); }

    public int dv() { return inputs.dv(); }

    public boolean sampled() { return checked.length < inputs.n(); }

    /** The largest difference between the two methods, outputs and weights together. */
    public double maxDifference() { return Math.max(maxDiffOutput, maxDiffWeights); }

    /** Whether (t, j) is beyond what query t sees. */
    public boolean masked(int t, int j) { return causal && j > t; }
}
