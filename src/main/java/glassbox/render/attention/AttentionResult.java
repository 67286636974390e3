package glassbox.render.attention;

import glassbox.core.attention.Attention;
import glassbox.core.attention.CopyTask;
import glassbox.core.attention.LinearAttention;

import java.util.List;

/**
 * Everything the attention lab shows for one set of values. {@code core} is null for the
 * temperature task (its scores are given directly). {@code head} is the shown head (0-based).
 */
public record AttentionResult(
        String task,
        List<String> labels,          // one per position (row/column labels), or null
        List<String> vocab,           // when tokens and a vocabulary are used, else null
        int[] tokenIds,               // vocabulary index per position, or null
        double[][] x,                 // the input X after positional encodings (T × d), null for the temperature task
        double[][] positional,        // the positional-encoding matrix, or null
        double[][] embeddings,        // E, when a vocabulary is used
        Attention.Result core,
        int head,
        double[][] scores,            // shown head's S (or the temperature task's 2 × n scores)
        double[][] weights,           // shown head's P
        boolean[][] mask,
        double[] entropy,
        double[][] logits,            // output Eᵀ, or null
        String lossKind,              // "cross-entropy", "L1" or null
        int[] scored,                 // 0-based positions scored by cross-entropy (or every position for L1)
        int[] targetIds,              // cross-entropy target vocabulary indices, per scored position
        double[][] targets,           // L1 targets (T × d_out), or null
        double[] lossPerPosition,     // aligned with scored
        double loss,                  // NaN without targets
        double[] sweepTaus,           // row-vs-τ plot: τ grid
        double[][] sweepWeights,      // [τ][j] for the chosen row
        int sweepRow,                 // 0-based
        double[][] sweepWeights2,     // temperature task: second row's sweep
        CopyTask.Estimate expected,   // copy task
        double[] curveM, double[] curveLoss,
        double u1, double u2,
        LinearAttention.Timing timing,
        double tau,
        int dk) {

    public int t() { return scores.length; }
}
