package glassbox.core.decoding;

/**
 * docs/LABS.md §8, the closed forms of the multiply-adds the model does (checked against the counts the forward pass
 * keeps as it runs). Position t is 0-based: the token at t attends to t + 1 positions.
 */
public final class Costs {
    private Costs() {}

    /** d² multiply-adds per layer outside attention: W_Q, W_K, W_V, W_O (4d²) and the MLP (8d²) when present. */
    public static long perLayerSquare(DecodingSpec.ModelSpec m) {
        long d = m.dModel();
        return 4 * d * d + (m.mlp() ? 2 * d * m.ff() : 0);
    }

    /** With the cache, the token at position t: L(4d² + 8d²·mlp + 2(t+1)d) + dV. */
    public static long cachedStep(DecodingSpec.ModelSpec m, int t) {
        return m.layers() * (perLayerSquare(m) + 2L * (t + 1) * m.dModel()) + (long) m.dModel() * m.vocabSize();
    }

    /**
     * Without the cache, the pass over positions 0..t (also a teacher-forced training pass over T = t + 1 tokens):
     * (t+1)(L(4d² + 8d²·mlp) + dV) + L·d·(t+1)(t+2).
     */
    public static long uncachedStep(DecodingSpec.ModelSpec m, int t) {
        long n = t + 1;
        return n * (m.layers() * perLayerSquare(m) + (long) m.dModel() * m.vocabSize()) + (long) m.layers() * m.dModel() * n * (n + 1);
    }

    /** Values in the cache after position t: 2 · L · (t + 1) · d. */
    public static long cacheValues(DecodingSpec.ModelSpec m, int t) {
        return 2L * m.layers() * (t + 1) * m.dModel();
    }

    /** Generating positions 0..T−1 one step at a time with the cache: Σ_t cachedStep(t), which equals uncachedStep(T − 1). */
    public static long generation(DecodingSpec.ModelSpec m, int tCount) {
        long s = 0;
        for (int t = 0; t < tCount; t++) s += cachedStep(m, t);
        return s;
    }

    /** Σ over the generated tokens (positions p..p+N−1) of the uncached pass at each: what generating without a cache costs. */
    public static long uncachedGeneration(DecodingSpec.ModelSpec m, int prompt, int generated) {
        long s = 0;
        for (int t = prompt; t < prompt + generated; t++) s += uncachedStep(m, t);
        return s;
    }
}
