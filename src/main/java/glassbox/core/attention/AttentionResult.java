package glassbox.core.attention;

import java.util.List;

/**
 * What the attention lab shows, one record per task (docs/LABS.md §4). Every variant has a shown matrix of scores and
 * weights (the shown head's, the copy task's, or the temperature task's two rows), its mask, labels and entropy, and
 * the weights that underflowed (true weight positive but below 10⁻³⁰⁸; null where none did). Arrays are never written
 * after the result is made.
 */
public sealed interface AttentionResult permits AttentionResult.LayerRun, AttentionResult.CopyRun, AttentionResult.TemperatureRun {

    double tau();

    double[][] scores();

    double[][] weights();

    boolean[][] mask();

    /** One label per row (and column), or null for plain 1-based numbers. */
    List<String> labels();

    double[] entropy();

    /** [row][col] true where the shown weight underflowed; null when none did. */
    boolean[][] underflow();

    default int t() { return scores().length; }

    /** How many shown weights underflowed. */
    default int underflowCount() {
        if (underflow() == null) return 0;
        int n = 0;
        for (boolean[] row : underflow()) if (row != null) for (boolean b : row) if (b) n++;
        return n;
    }

    /**
     * The input after positional encodings, with what made it, and the projections. {@code missing}: positions (0-based)
     * a learned table has no row for; {@code table}: the learned table itself (null otherwise); {@code padded}: positions
     * holding the pad token.
     */
    record Input(List<String> labels, List<String> vocab, int[] ids, double[][] e, double[][] x, double[][] pe,
                 double[][] table, List<Integer> missing, double[][] wq, double[][] wk, double[][] wv,
                 Attention.Scores scores, List<Integer> padded) {}

    /** One loss: its kind, the scored positions (0-based), targets, per-position values and total; {@code dropped}: padded positions left out. */
    record Scored(Kind kind, int[] positions, int[] targetIds, double[][] targets, double[] perPosition, double total, int[] dropped) {
        public enum Kind { CROSS_ENTROPY, NEXT_TOKEN, L1 }
    }

    /**
     * Head 1's output through a reference W_O (the one-head model), its logits and loss (null without tokens), beside
     * the layer. When every head's P V equals head 1's, {@code stackedWo} = (1/h)·[W_O,ref; …; W_O,ref] is the W_O that
     * makes the h-head layer reproduce it ([Z … Z]·stackedWo = Z W_O,ref), with its output and loss; else null.
     */
    record Reference(double[][] wo, double[][] output, double[][] logits, Scored loss,
                     boolean headsIdentical, double[][] stackedWo, double[][] stackedOutput, Scored stackedLoss) {}

    /**
     * One attention layer. {@code loss}: the chosen loss (null without targets); {@code beside}: the other
     * cross-entropy on the same model (same-position next to next-token), or null.
     */
    record LayerRun(AttentionSpec.Layer spec, Input input, Attention.Result core, int head, int row, int dk,
                    double[] sweepTaus, double[][] sweepWeights, double[][] logits, Scored loss, Scored beside,
                    Reference reference, AttentionGradients.Result gradients, LinearAttention.Timing timing,
                    boolean[][] underflow) implements AttentionResult {
        public double tau() { return spec.tau(); }

        public Attention.Head shown() { return core.heads()[head]; }

        public double[][] scores() { return shown().scores(); }

        public double[][] weights() { return shown().weights(); }

        public boolean[][] mask() { return core.mask(); }

        public List<String> labels() { return input.labels(); }

        public double[] entropy() { return shown().entropy(); }
    }

    /**
     * The copy task at one (M, u₁, u₂): its layer, the prediction o against y, the loss per position, the expected loss
     * per position exactly and by Monte Carlo, and both against M.
     */
    record CopyRun(AttentionSpec.Copy spec, Attention.Result core, double[][] x, double[] targets, double[] perPosition, double loss,
                   double[] expectedPerPosition, double expected, CopyTask.Estimate sampled, double[] sampledPerPosition,
                   CopyTask.Curves curves, double[] sweepTaus, double[][] sweepWeights, boolean[][] underflow) implements AttentionResult {
        public static final List<String> LABELS = List.of("1 x=0", "2 x=u₁", "3 x=u₂", "4 x=u₁");

        public double tau() { return spec.tau(); }

        public double[][] scores() { return core.heads()[0].scores(); }

        public double[][] weights() { return core.heads()[0].weights(); }

        public boolean[][] mask() { return core.mask(); }

        public List<String> labels() { return LABELS; }

        public double[] entropy() { return core.heads()[0].entropy(); }

        public int row() { return spec.row(); }

        public double[] output() {
            double[] o = new double[CopyTask.T];
            for (int i = 0; i < o.length; i++) o[i] = core.output()[i][0];
            return o;
        }
    }

    /** Scores z and (a, …, a): weights, entropy and both rows against τ. */
    record TemperatureRun(AttentionSpec.Temperature spec, double[][] scores, double[][] weights, boolean[][] mask, double[] entropy,
                          double[] sweepTaus, double[][] sweepZ, double[][] sweepA, boolean[][] underflow) implements AttentionResult {
        public static final List<String> LABELS = List.of("z", "a·1");

        public double tau() { return spec.tau(); }

        public List<String> labels() { return LABELS; }
    }
}
