package glassbox.core.attention;

/** Losses of the attention lab: cross-entropy on logits and L1 on continuous outputs. */
public final class Loss {
    private Loss() {}

    /** −log softmax(logits)[target] = logsumexp(logits) − logits[target], stable for any logits. */
    public static double crossEntropy(double[] logits, int target) {
        return Softmax.logSumExp(logits, null) - logits[target];
    }

    /** Per scored position: positions and targets 0-based (position i scored against vocabulary index targets[n]). */
    public static double[] crossEntropy(double[][] logits, int[] positions, int[] targets) {
        double[] out = new double[positions.length];
        for (int n = 0; n < positions.length; n++) out[n] = crossEntropy(logits[positions[n]], targets[n]);
        return out;
    }

    /** Per position Σ_c |o_ic − y_ic|. */
    public static double[] l1(double[][] o, double[][] y) {
        double[] out = new double[o.length];
        for (int i = 0; i < o.length; i++) for (int c = 0; c < o[i].length; c++) out[i] += Math.abs(o[i][c] - y[i][c]);
        return out;
    }

    public static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
