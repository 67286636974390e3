package glassbox.core.decoding;

import java.util.List;

/**
 * Everything the decoding lab shows (docs/LABS.md §8): the cached run, the uncached one when it has finished
 * (null while it runs in the background or when it is off; {@code uncachedState} says which), the inspected step's
 * distributions, and the repeated n-grams.
 *
 * @param step    the inspected generated token, 0-based; its logits are those at position prompt + step − 1
 * @param repeats position i ends or lies in an n-gram seen earlier
 */
public record DecodingResult(DecodingSpec spec, Model model, Generation.Run cached, Generation.Run uncached,
                             String uncachedState, int step, Sampling.Dist dist, int ngram, boolean[] repeats) {

    public List<String> vocab() { return spec.model().vocab(); }

    /** The inspected token's position in the sequence. */
    public int position() { return spec.prompt().size() + step; }

    /** Whether the uncached run finished and gave the same tokens. */
    public Boolean tokensEqual() { return uncached == null ? null : uncached.tokens().equals(cached.tokens()); }

    /** The largest |logit difference| between the cached and uncached runs (NaN while not available). */
    public double maxDifference() { return uncached == null ? Double.NaN : Generation.maxLogitDifference(cached, uncached); }

    /** Repeated positions among the generated tokens. */
    public int repeatedGenerated() {
        int n = 0;
        for (int i = spec.prompt().size(); i < repeats.length; i++) if (repeats[i]) n++;
        return n;
    }

    /** Σ over generated tokens of the measured step time, cached (ns). */
    public long cachedNanos() { return sum(cached.nanos(), spec.prompt().size()); }

    /** Σ over generated tokens of the measured pass time, uncached (ns; −1 while not available). */
    public long uncachedNanos() { return uncached == null ? -1 : sum(uncached.nanos(), spec.prompt().size()); }

    private long sum(long[] a, int from) {
        long s = 0;
        for (int i = from; i < a.length; i++) s += a[i];
        return s;
    }
}
