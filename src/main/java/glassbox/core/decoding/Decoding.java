package glassbox.core.decoding;

import glassbox.core.Fmt;
import glassbox.core.Memo;
import glassbox.core.ParamException;

/**
 * docs/LABS.md §8: the lab's computation, holding its memos (the weights keyed by the model, the cached run and
 * the small uncached run keyed by the generation) and the background runner for the large uncached runs. One
 * instance per lab object; nothing static.
 */
public final class Decoding {

    /**
     * Uncached generations up to this many multiply-adds run inline (about 2 ms in plain Java; bench: at 20,000,000 the
     * default sweep spent 15 ms of its 20 ms p50 frame here); larger ones in
     * the background ({@link UncachedRunner}), never on the frame path.
     */
    public static final long INLINE_UNCACHED_MACS = 2_000_000L;

    /**
     * The uncached comparison is skipped, in every mode, above this many multiply-adds (about 10 s in plain Java on
     * two cores): without a bound an export at d = 256, generate = 475 waited 90 s for its 1.9·10¹¹ (issue 22's long
     * run). The training lab bounds a whole run the same (docs/LABS.md §8, §9).
     */
    public static final long MAX_UNCACHED_MACS = 20_000_000_000L;

    /**
     * How the uncached comparison runs: AUTO inline when small and in the background otherwise; WAIT always to the
     * end before returning (exports, the command line); OFF not at all.
     */
    public enum UncachedMode { AUTO, WAIT, OFF }

    private final Memo<DecodingSpec.ModelSpec, Model> models = new Memo<>();
    private final Memo<DecodingSpec, Generation.Run> cachedRuns = new Memo<>();
    private final Memo<DecodingSpec, Generation.Run> inlineUncached = new Memo<>();
    private final UncachedRunner runner = new UncachedRunner();

    /**
     * @param step  the generated token to inspect, 0-based (0 .. generate − 1)
     * @param ngram the n of the repeated n-grams marked
     */
    public DecodingResult compute(DecodingSpec spec, int step, int ngram, UncachedMode mode) {
        if (step < 0 || step >= spec.generate()) {
            throw new ParamException("step", Integer.toString(step + 1), "1 to generate = " + spec.generate());
        }
        if (ngram < 1 || ngram > spec.total()) throw new ParamException("ngram", Integer.toString(ngram), "1 to " + spec.total());
        Model model = models.get(spec.model(), Model::new);
        DecodingSpec key = spec.generationKey();
        Generation.Run cached = cachedRuns.get(key, k -> Generation.cached(model, spec));
        Generation.Run uncached = null;
        String state;
        long cost = Costs.uncachedGeneration(spec.model(), spec.prompt().size(), spec.generate());
        if (mode == UncachedMode.OFF) {
            runner.cancel();
            state = "off";
        } else if (cost > MAX_UNCACHED_MACS) {
            runner.cancel();
            state = skipped(spec, cost);
        } else if (cost <= INLINE_UNCACHED_MACS) {
            uncached = inlineUncached.get(key, k -> Generation.uncached(model, spec, false, () -> false, g -> {}));
            state = "done";
        } else {
            UncachedRunner.Status st = mode == UncachedMode.WAIT ? runner.await(spec, model) : runner.status(spec, model);
            uncached = st.run();
            state = st.failure() != null ? "failed: " + st.failure()
                    : st.finished() ? "done" : "running: " + st.done() + " of " + st.total() + " tokens";
        }
        return result(spec, model, cached, uncached, state, step, ngram);
    }

    /**
     * Why the comparison was skipped, with the estimate, the limit and the most tokens that fit (the cost grows with
     * generate; the prompt and the model are what the user is studying, so generate is the one to lower).
     */
    static String skipped(DecodingSpec spec, long cost) {
        int p = spec.prompt().size(), most = 0;
        // Costs.uncachedGeneration summed one token at a time, without re-summing the prefix for each count.
        for (long sum = 0; most < spec.generate() && (sum += Costs.uncachedStep(spec.model(), p + most)) <= MAX_UNCACHED_MACS; ) most++;
        return "skipped: " + Fmt.count(cost) + " multiply-adds, over the limit of " + Fmt.count(MAX_UNCACHED_MACS)
                + (most > 0 ? "; lower generate to at most " + most : "; lower generate or d_model");
    }

    /** {@code r} with its uncached run waited for, when it is still running in the background (exports). */
    public DecodingResult complete(DecodingResult r) {
        if (r.uncached() != null || !r.uncachedState().startsWith("running")) return r;
        return compute(r.spec(), r.step(), r.ngram(), UncachedMode.WAIT);
    }

    private static DecodingResult result(DecodingSpec spec, Model model, Generation.Run cached, Generation.Run uncached, String state, int step, int ngram) {
        int pos = spec.prompt().size() + step;
        Sampling.Dist dist = Sampling.of(cached.logits()[pos - 1], spec.tau(), spec.topK(), spec.topP());
        return new DecodingResult(spec, model, cached, uncached, state, step, dist, ngram, Generation.repeats(cached.tokens(), ngram));
    }
}
