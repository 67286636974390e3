package glassbox.core.attention;

import glassbox.core.Matrix;

import java.util.List;

/**
 * What the attention lab computes, typed (docs/LABS.md §4): one of three tasks. Every field is a value
 * (matrices as {@link Matrix}), so a spec, or a part of it, keys the compute object's memos by equals.
 * Indices are 0-based here; the lab's parameters and messages are 1-based.
 */
public sealed interface AttentionSpec permits AttentionSpec.Layer, AttentionSpec.Copy, AttentionSpec.Temperature {

    enum Task { ATTENTION, COPY, TEMPERATURE }

    /** Where X comes from: token embeddings, seeded N(0,1), zeros (only positions carry information), or typed. */
    enum Source { TOKENS, RANDOM, ZEROS, GIVEN }

    /** W_Q, W_K, W_V typed, the identity, or seeded N(0, 1/d). */
    enum WeightsKind { GIVEN, IDENTITY, RANDOM }

    /**
     * Which (query i, key j) pairs are visible: all; j ≤ i (causal); a band of width w (causal: i − w < j ≤ i, "attend
     * to yourself and the w − 1 previous tokens"; otherwise |i − j| < w); or a typed 0/1 matrix (1 = visible).
     */
    enum MaskKind { NONE, CAUSAL, BAND, GIVEN }

    /** Which token the representation at position i is scored against: the token at i (the exam) or at i + 1 (GPT). */
    enum LossTarget { SAME, NEXT }

    /**
     * The input: for TOKENS the vocabulary, tokens and E; for RANDOM and ZEROS the size T × d and seed; for GIVEN
     * the matrix X. Positions: the encoding, added or concatenated; PE when given; the rows of a learned table.
     */
    record Inputs(Source source, Matrix x, String vocab, String tokens, Matrix e, int t, int d, long seed,
                  PositionalEncoding.Kind positions, boolean concat, Matrix pe, int learnedRows) {}

    /** The projections; {@code heads} splits their columns. */
    record Weights(WeightsKind kind, Matrix wq, Matrix wk, Matrix wv, int dk, int heads, long seed) {}

    /** The mask; {@code causal} also decides which band (one-sided or both sides). */
    record MaskSpec(MaskKind kind, boolean causal, int window, Matrix given) {
        public static MaskSpec of(boolean causal) {
            return new MaskSpec(causal ? MaskKind.CAUSAL : MaskKind.NONE, causal, 0, null);
        }
    }

    /**
     * Losses: cross-entropy at {@code positions} (0-based; empty: none for SAME, every position but the last for
     * NEXT), against the token at i or i + 1, dropping positions whose target is the pad token; or L1 against
     * continuous {@code targets}. {@code pad} (blank: none) is also masked as a key.
     */
    record LossSpec(LossTarget target, List<Integer> positions, Matrix targets, String pad) {
        public LossSpec {
            positions = List.copyOf(positions);
        }

        public static final LossSpec NONE = new LossSpec(LossTarget.SAME, List.of(), null, "");
    }

    /**
     * One attention layer: S = Q Kᵀ, P = softmax(S/τ) under the mask (or linear weights), Z = P V, heads
     * concatenated, then W_O. {@code woRef}: a W_O for head 1 alone, computed beside for comparison (the exam's
     * one-head model next to its two-head variant). {@code head} and {@code row} pick what the heatmaps and the
     * τ plot show. {@code gradients}: ∂L/∂W_Q, ∂L/∂W_K, ∂L/∂W_V of the cross-entropy, checked by finite differences.
     */
    record Layer(Inputs inputs, Weights weights, MaskSpec mask, double tau, Attention.Mode mode, Matrix wo, Matrix woRef,
                 LossSpec loss, int head, int row, boolean timing, boolean gradients) implements AttentionSpec {}

    /** The problem set's copy task at scale M and inputs (u₁, u₂); the expected loss over U[0,1]² beside a seeded Monte Carlo. */
    record Copy(double m, double u1, double u2, int samples, long seed, double tau, boolean causal, int row) implements AttentionSpec {}

    /** Scores z and (a, …, a) through softmax(·/τ). */
    record Temperature(List<Double> z, double a, double tau) implements AttentionSpec {
        public Temperature {
            z = List.copyOf(z);
        }
    }
}
