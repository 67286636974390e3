package glassbox.render.decoding;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.decoding.Costs;
import glassbox.core.decoding.Decoding;
import glassbox.core.decoding.DecodingResult;
import glassbox.core.decoding.DecodingSpec;
import glassbox.core.decoding.Generation;
import glassbox.core.decoding.Sampling;
import glassbox.render.Figure;
import glassbox.render.FormulaFigure;
import glassbox.render.Lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/LABS.md §8: a small decoder-only transformer with seeded weights generating from a typed prompt: one decoding
 * step seen whole (softmax at τ, sorted, cumulative, the top-k and nucleus cuts, the draw), the generated sequence,
 * the KV cache against recomputing the prefix, and one teacher-forced pass against T sequential steps.
 */
public final class DecodingLab implements Lab<DecodingResult> {

    /** The computation with its memos and background runner, one per lab object. */
    private final Decoding decoding = new Decoding();

    private static final List<Param> PARAMS = List.of(
            Param.text("vocab", "Vocabulary", DecodingSpec.DEFAULT_VOCAB,
                    "Tokens separated by spaces; '_' stands for a space in the prompt. At most " + DecodingSpec.MAX_VOCAB + " tokens, all distinct.").in("Model"),
            Param.integer("vocab_size", "Vocabulary size", 0, DecodingSpec.MAX_VOCAB, 0,
                    "0: the listed tokens; otherwise the listed tokens followed by w0, w1, … up to this many.").in("Model"),
            Param.integer("d_model", "d_model", 2, DecodingSpec.MAX_D, 32, "Width of the residual stream.").in("Model"),
            Param.integer("heads", "Heads", 1, DecodingSpec.MAX_HEADS, 2, "Attention heads per layer; must divide d_model (each head has d_model/heads columns).").in("Model"),
            Param.integer("layers", "Layers L", 1, DecodingSpec.MAX_LAYERS, 2, "Causal self-attention layers, each with a residual connection.").in("Model"),
            Param.bool("mlp", "MLP in each layer", true, "A GELU MLP d → 4d → d with a residual connection after each attention.").in("Model"),
            Param.integer("context", "Context", 2, DecodingSpec.MAX_CONTEXT, 64, "Most positions the model reads: prompt + generated tokens ≤ context.").in("Model"),
            Param.real("logit_scale", "Logit scale", 0.1, 20, 1.5,
                    "Scale of the output projection's random weights, N(0, scale²/d): larger gives more peaked next-token distributions.").in("Model"),
            Param.integer("seed", "Weight seed", 0, Integer.MAX_VALUE, 1, "Seeds every weight: E, W_Q, W_K, W_V, W_O, W₁, W₂, W_out.").in("Model"),
            Param.text("prompt", "Prompt", "<start>the cat",
                    "Text read left to right as the longest matching vocabulary tokens; a space reads as '_'.").in("Generation"),
            Param.integer("generate", "Tokens to generate N", 1, DecodingSpec.MAX_CONTEXT, 24, "How many tokens to generate after the prompt (prompt + N ≤ context).").in("Generation"),
            Param.choice("strategy", "Strategy", List.of("greedy", "temperature", "top-k", "top-p"), "top-p",
                    "greedy: the argmax of the logits; temperature: a draw from softmax(z/τ); top-k: from its k most likely tokens, renormalised; "
                            + "top-p: from the nucleus, the smallest set of most likely tokens with mass ≥ p, renormalised.").in("Generation"),
            Param.real("temperature", "Temperature τ", 0, Double.POSITIVE_INFINITY, 1,
                    "p = softmax(z/τ): 0 = argmax, inf = uniform. Applies to temperature, top-k and top-p.").in("Generation"),
            Param.integer("top_k", "k (top-k)", 1, DecodingSpec.MAX_VOCAB, 5, "Keep the k most likely tokens (k ≥ vocabulary size keeps all).").in("Generation"),
            Param.real("top_p", "p (top-p)", 0, 1, 0.9, "Nucleus mass, 0 < p ≤ 1: keep the smallest prefix of the sorted distribution whose mass is ≥ p.").in("Generation"),
            Param.integer("sample_seed", "Sampling seed", 0, Integer.MAX_VALUE, 1, "Seeds the draws: one uniform u per sampled token.").in("Generation"),
            Param.integer("step", "Step to inspect", 1, DecodingSpec.MAX_CONTEXT, 1, "Which generated token's decoding step the distribution figures show (1 = the first).").in("View"),
            Param.integer("layer", "Attention layer", 1, DecodingSpec.MAX_LAYERS, 1, "Layer whose attention weights the attention figure shows.").in("View"),
            Param.integer("head", "Attention head", 1, DecodingSpec.MAX_HEADS, 1, "Head whose attention weights the attention figure shows.").in("View"),
            Param.integer("ngram", "Repeated n-gram n", 1, 8, 3, "Tokens inside an n-gram that occurred earlier in the sequence are marked as repetition.").in("View"),
            Param.choice("uncached", "Uncached comparison", List.of("auto", "wait", "off"), "auto",
                    "auto: generate again without the cache (inline when it costs ≤ " + Fmt.count(Decoding.INLINE_UNCACHED_MACS)
                            + " multiply-adds, otherwise in the background with progress) and compare; wait: always to the end before showing "
                            + "(the command line); off: skip it and cancel a run in flight. JSON exports always wait for it.").in("View")
    );

    @Override public String id() { return "decoding"; }

    @Override public String title() { return "Decoding: sampling and the KV cache"; }

    @Override public String summary() {
        return "A small transformer generating text: greedy, temperature, top-k and top-p on the same logits; the KV cache against recomputing the prefix; training against generation.";
    }

    @Override public String formulas() {
        return """
                Model: x₀ = E[token] + PE[position] (sinusoidal); per layer x ← x + W_O concat_h softmax(q_h K_hᵀ/√d_h) V_h (causal),
                then with the MLP x ← x + W₂ GELU(W₁ x); logits z = W_out x. Weights N(0, 1/d) (W₂: 1/(4d); W_out: scale²/d), E ~ N(0, 1), seeded.
                Step: p = softmax(z/τ) (τ = 0: argmax; τ = ∞: uniform). Sorted by logit, c_r = Σ_{s ≤ r} p_(s).
                top-k keeps r ≤ k; the nucleus keeps r ≤ m, m the smallest with c_m ≥ p; each renormalised. Greedy: argmax z.
                Draw: u ~ U[0,1) (seeded), the first sorted token with running mass > u. Entropy H = −Σ p log p (nats).
                Cost of the token at position t: with the cache L(4d² + 8d²·mlp + 2(t+1)d) + dV; without it the pass over
                positions 0..t: (t+1)(L(4d² + 8d²·mlp) + dV) + L·d·(t+1)(t+2). Cache: 2·L·(t+1)·d values.
                Training (teacher forcing) over T tokens: one pass, the work of T cached steps, critical path one pass instead of T steps.
                Positions are numbered from 0; steps, layers and heads from 1.""";
    }

    @Override public List<Param> params() { return PARAMS; }

    @Override
    public Values resolve(Values v) {
        Values out = v;
        if (!v.isSet("heads") && v.i("d_model") % v.i("heads") != 0) {
            int h = v.i("heads");
            while (v.i("d_model") % h != 0) h--; // the most heads ≤ the preset's that divide d_model (1 always does)
            out = out.follow("heads", Integer.toString(h));
        }
        if (!v.isSet("prompt") && room(v) == Integer.MAX_VALUE) {
            // A vocabulary the user typed that cannot read the preset's prompt: start from its <start> (or first) token.
            try {
                List<String> vocab = DecodingSpec.vocabulary(v.s("vocab"), v.i("vocab_size"));
                // (An empty vocabulary has no token to start from: compute refuses it, naming vocab.)
                if (!vocab.isEmpty()) out = out.follow("prompt", vocab.stream().filter(t -> t.equalsIgnoreCase("<start>")).findFirst().orElse(vocab.get(0)));
            } catch (IllegalArgumentException e) {
                // the vocabulary itself is wrong: compute names it
            }
        }
        int room = room(out);
        if (room >= 1 && !v.isSet("generate") && v.i("generate") > room) out = out.follow("generate", Integer.toString(room));
        if (room < 1 && v.isSet("context") && !v.isSet("prompt")) {
            // The user shortened the context below a prompt they did not type: say so by the key they set.
            throw new ParamException("context", Integer.toString(v.i("context")), "at least the prompt's " + (out.i("context") - room)
                    + " tokens + 1 to generate = " + (out.i("context") - room + 1));
        }
        if (!v.isSet("step") && v.i("step") > out.i("generate")) out = out.follow("step", Integer.toString(out.i("generate")));
        if (!v.isSet("layer") && v.i("layer") > v.i("layers")) out = out.follow("layer", Integer.toString(v.i("layers")));
        if (!v.isSet("head") && v.i("head") > out.i("heads")) out = out.follow("head", Integer.toString(out.i("heads")));
        return out;
    }

    /** Positions left after the prompt (context − prompt tokens); Integer.MAX_VALUE when the prompt does not parse (compute names that). */
    private static int room(Values v) {
        try {
            return v.i("context") - DecodingSpec.tokenize(v.s("prompt"), DecodingSpec.vocabulary(v.s("vocab"), v.i("vocab_size"))).size();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE;
        }
    }

    public static DecodingSpec spec(Values v) {
        List<String> vocab = DecodingSpec.vocabulary(v.s("vocab"), v.i("vocab_size"));
        DecodingSpec.ModelSpec m = new DecodingSpec.ModelSpec(vocab, v.i("d_model"), v.i("heads"), v.i("layers"), v.b("mlp"),
                v.i("context"), v.d("logit_scale"), v.seed("seed"));
        return new DecodingSpec(m, DecodingSpec.tokenize(v.s("prompt"), vocab), v.i("generate"), DecodingSpec.Strategy.parse(v.s("strategy")),
                v.d("temperature"), v.i("top_k"), v.d("top_p"), v.seed("sample_seed"));
    }

    @Override
    public void check(Values v) {
        spec(v);
    }

    @Override
    public DecodingResult compute(Values v, Backend backend) {
        // Plain Java doubles on every backend: the cached and uncached paths share their row routines, so the
        // comparison is bitwise (docs/LABS.md §8).
        DecodingSpec s = spec(v);
        if (v.i("layer") > s.model().layers()) throw new ParamException("layer", Integer.toString(v.i("layer")), "1 to layers = " + s.model().layers());
        if (v.i("head") > s.model().heads()) throw new ParamException("head", Integer.toString(v.i("head")), "1 to heads = " + s.model().heads());
        return decoding.compute(s, v.i("step") - 1, v.i("ngram"),
                switch (v.s("uncached")) {
                    case "off" -> Decoding.UncachedMode.OFF;
                    case "wait" -> Decoding.UncachedMode.WAIT;
                    default -> Decoding.UncachedMode.AUTO;
                });
    }

    /** The uncached run is still going in the background: the window asks again shortly to show its progress. */
    @Override
    public boolean pending(DecodingResult r) {
        return r.uncachedState().startsWith("running");
    }

    /** The command line's exports wait for the uncached run. */
    @Override
    public DecodingResult complete(Values v, DecodingResult r) {
        return decoding.complete(r);
    }

    @Override
    public List<glassbox.render.LabAction> actions(Values v, DecodingResult r) {
        if (pending(r)) {
            return List.of(glassbox.render.LabAction.open("Cancel the uncached run", "Stops the background generation without the cache ("
                    + r.uncachedState() + ") and turns the comparison off.", id(), Map.of("uncached", "off")));
        }
        if (r.uncachedState().equals("off")) {
            return List.of(glassbox.render.LabAction.open("Run the uncached comparison", "Generates again without the cache, in the background when large, "
                    + "and compares tokens, logits and time.", id(), Map.of("uncached", "auto")));
        }
        return List.of();
    }

    static String token(DecodingResult r, int id) {
        return r.vocab().get(id);
    }

    static String text(DecodingResult r, List<Integer> ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            String t = token(r, id);
            if (b.length() > 0 && t.length() > 1 && !t.startsWith("<")) b.append('·');
            b.append(t.equals("_") ? " " : t);
        }
        return b.toString();
    }

    /** The drawn token at the inspected step and the probability the strategy gave it. */
    static int drawn(DecodingResult r) {
        return r.cached().tokens().get(r.position());
    }

    @Override
    public List<Readout> readouts(Values v, DecodingResult r) {
        List<Readout> out = new ArrayList<>();
        DecodingSpec s = r.spec();
        Generation.Run c = r.cached();
        out.add(Readout.of("Generated", text(r, c.tokens().subList(c.promptLength(), c.tokens().size())),
                s.generate() + " tokens after the " + s.prompt().size() + "-token prompt, " + s.strategy().id + " decoding."));
        Sampling.Dist d = r.dist();
        out.add(Readout.of("Step " + (r.step() + 1) + " drew", "'" + token(r, drawn(r)) + "' with p = " + Fmt.sig(c.prob()[r.position()], 4),
                "The token at position " + r.position() + " and its probability under the strategy's distribution."));
        out.add(Readout.of("Entropy (nats)", "greedy 0, τ: " + Fmt.sig(d.entropyTau(), 4) + ", top-k: " + Fmt.sig(d.entropyK(), 4) + ", top-p: " + Fmt.sig(d.entropyP(), 4),
                "H = −Σ p log p of each distribution at the inspected step."));
        out.add(Readout.of("Nucleus size m", d.nucleus() + " of " + s.model().vocabSize() + " (mass " + Fmt.sig(d.cum()[d.nucleus() - 1], 4) + ")",
                "The smallest number of most likely tokens whose probability adds up to ≥ p = " + Fmt.num(s.topP()) + "."));
        out.add(r.repeatedGenerated() > 0
                ? Readout.warn("Repetition", r.repeatedGenerated() + " of " + s.generate() + " generated tokens in a repeated " + r.ngram() + "-gram", "Marked in the sequence.")
                : Readout.of("Repetition", "none (n = " + r.ngram() + ")", "No n-gram of the generated text occurred earlier."));
        int last = s.total() - 1;
        long cm = Costs.cachedStep(s.model(), last), um = Costs.uncachedStep(s.model(), last);
        out.add(Readout.of("Multiply-adds, last token", Fmt.count(cm) + " cached, " + Fmt.count(um) + " uncached (×" + Fmt.sig((double) um / cm, 3) + ")",
                "At position t = " + last + ": with the cache one row; without it the whole prefix again."));
        out.add(Readout.of("KV cache", Fmt.count(Costs.cacheValues(s.model(), last)) + " values (" + Fmt.sig(Costs.cacheValues(s.model(), last) * 8 / 1024.0, 4) + " KiB as doubles)",
                "2 · L · t · d = 2 · " + s.model().layers() + " · " + s.total() + " · " + s.model().dModel() + "."));
        out.add(Readout.of("Uncached run", r.uncachedState(), "Generation again without the cache, to compare tokens and logits."));
        if (r.uncached() != null) {
            boolean same = r.tokensEqual();
            out.add(same ? Readout.of("Cached = uncached", "same tokens; largest logit difference " + Fmt.sig(r.maxDifference(), 3), "Over every logit of every step.")
                    : Readout.warn("Cached = uncached", "tokens differ", "The two paths should agree."));
            out.add(Readout.of("Measured speed-up", "×" + Fmt.sig((double) r.uncachedNanos() / r.cachedNanos(), 3)
                            + " (" + Fmt.ms(r.cachedNanos() / 1e6) + " against " + Fmt.ms(r.uncachedNanos() / 1e6) + " for " + s.generate() + " tokens)",
                    "Time without the cache over time with it, plain Java doubles on this machine (the uncached passes use every core)."));
        }
        out.add(Readout.of("Sequential steps", "training: 1 pass of " + s.model().layers() + " layers; generation: " + s.total() + " steps",
                "Teacher forcing computes all positions at once; generation needs each token before the next."));
        return out;
    }

    @Override
    public Map<String, Object> json(Values v, DecodingResult shown) {
        // The export holds the whole comparison: a run still in the background is waited for (exports run off the FX thread).
        DecodingResult r = decoding.complete(shown);
        DecodingSpec s = r.spec();
        Generation.Run c = r.cached();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("lab", id());
        j.put("parameters", v.asText());
        j.put("vocab", r.vocab());
        j.put("prompt_tokens", s.prompt());
        j.put("tokens", c.tokens());
        j.put("text", c.tokens().stream().map(t -> token(r, t)).toList());
        j.put("generated_text", text(r, c.tokens().subList(c.promptLength(), c.tokens().size())));
        // Nothing predicts the first token: its probability is null in the JSON (NaN in the record), never "NaN".
        List<Double> prob = new ArrayList<>();
        for (double x : c.prob()) prob.add(Double.isNaN(x) ? null : x);
        j.put("prob", prob);
        List<Integer> rep = new ArrayList<>();
        for (int i = 0; i < r.repeats().length; i++) if (r.repeats()[i]) rep.add(i);
        j.put("repeated_positions", rep);
        Sampling.Dist d = r.dist();
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("step", r.step() + 1);
        st.put("position", r.position());
        st.put("logits", d.logits());
        st.put("p", d.p());
        st.put("order", d.order());
        st.put("cumulative", d.cum());
        st.put("k", d.k());
        st.put("nucleus_size", d.nucleus());
        st.put("nucleus_mass", d.cum()[d.nucleus() - 1]);
        st.put("top_k", d.topK());
        st.put("top_p", d.topP());
        st.put("greedy", d.greedy());
        st.put("drawn", drawn(r));
        st.put("drawn_prob", c.prob()[r.position()]);
        st.put("entropy_tau", d.entropyTau());
        st.put("entropy_top_k", d.entropyK());
        st.put("entropy_top_p", d.entropyP());
        st.put("attention", c.attention()[r.position()]);
        j.put("step", st);
        int total = s.total();
        long[] cm = new long[total], um = new long[total], mem = new long[total];
        for (int t = 0; t < total; t++) {
            cm[t] = Costs.cachedStep(s.model(), t);
            um[t] = Costs.uncachedStep(s.model(), t);
            mem[t] = Costs.cacheValues(s.model(), t);
        }
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("cached_macs", cm);
        cost.put("uncached_macs", um);
        cost.put("counted_cached_macs", c.macs());
        cost.put("counted_uncached_macs", r.uncached() == null ? null : r.uncached().macs());
        cost.put("cache_values", mem);
        cost.put("cached_ns", c.nanos());
        cost.put("uncached_ns", r.uncached() == null ? null : r.uncached().nanos());
        cost.put("generation_macs_cached", Costs.generation(s.model(), total) - Costs.generation(s.model(), s.prompt().size()));
        cost.put("generation_macs_uncached", Costs.uncachedGeneration(s.model(), s.prompt().size(), s.generate()));
        j.put("cost", cost);
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("state", r.uncachedState());
        u.put("tokens_equal", r.tokensEqual());
        u.put("max_logit_difference", r.uncached() == null ? null : r.maxDifference());
        u.put("cached_ns_total", r.cachedNanos());
        u.put("uncached_ns_total", r.uncached() == null ? null : r.uncachedNanos());
        j.put("uncached", u);
        Map<String, Object> tg = new LinkedHashMap<>();
        tg.put("T", total);
        tg.put("training_macs", Costs.uncachedStep(s.model(), total - 1));
        tg.put("generation_macs", Costs.generation(s.model(), total));
        tg.put("training_sequential_steps", 1);
        tg.put("generation_sequential_steps", total);
        j.put("training_vs_generation", tg);
        return j;
    }

    @Override
    public List<Figure> figures(Values v, DecodingResult r) {
        return DecodingFigures.all(r, v.i("layer") - 1, v.i("head") - 1);
    }

    @Override
    public List<String> liveFormulas(Values v, DecodingResult r) {
        DecodingSpec s = r.spec();
        Sampling.Dist d = r.dist();
        DecodingSpec.ModelSpec m = s.model();
        List<String> out = new ArrayList<>();
        int top = d.order()[0];
        out.add("p_i = \\frac{e^{z_i/\\tau}}{\\sum_j e^{z_j/\\tau}},\\quad \\tau = " + FormulaFigure.tex(s.tau()) + ":\\ p_{\\text{" + tex(token(r, top))
                + "}} = " + FormulaFigure.tex(round(d.p()[top])) + ",\\ H = " + FormulaFigure.tex(round(d.entropyTau())) + "\\ \\text{nats}");
        int mm = d.nucleus();
        String before = mm > 1 ? "\\sum_{r=1}^{" + (mm - 1) + "} p_{(r)} = " + FormulaFigure.tex(round(d.cum()[mm - 2])) + " < p \\le " : "p \\le ";
        out.add(before + "\\sum_{r=1}^{" + mm + "} p_{(r)} = " + FormulaFigure.tex(round(d.cum()[mm - 1])) + ",\\ p = " + FormulaFigure.tex(s.topP())
                + ":\\ \\text{nucleus } m = " + mm);
        int t = s.total() - 1;
        String mlp = m.mlp() ? " + 8d^2" : "";
        out.add("\\text{cached}(t) = L(4d^2" + mlp + " + 2(t+1)d) + dV = " + m.layers() + "(" + sq(m) + " + 2 \\cdot " + (t + 1) + " \\cdot " + m.dModel() + ") + "
                + m.dModel() + " \\cdot " + m.vocabSize() + " = " + count(Costs.cachedStep(m, t)));
        out.add("\\text{uncached}(t) = (t+1)(L(4d^2" + mlp + ") + dV) + Ld(t+1)(t+2) = " + count(Costs.uncachedStep(m, t)) + ",\\quad t = " + t);
        out.add("\\text{cache} = 2 L t d = 2 \\cdot " + m.layers() + " \\cdot " + (t + 1) + " \\cdot " + m.dModel() + " = " + count(Costs.cacheValues(m, t)) + "\\ \\text{values}");
        return out;
    }

    private static double round(double x) {
        return Double.parseDouble(Fmt.sig(x, 4));
    }

    private static String sq(DecodingSpec.ModelSpec m) {
        return count(Costs.perLayerSquare(m));
    }

    static String tex(String token) {
        return token.replace("_", "\\_").replace("<", "\\lt ").replace(">", "\\gt ");
    }

    private static String count(long n) {
        return Fmt.count(n).replace(",", "\\,");
    }

    @Override
    public List<Values> benchSweep(String size) {
        List<Values> out = new ArrayList<>();
        Values base = defaults();
        if (size.equals("large")) {
            base = base.with(Map.of("d_model", "256", "heads", "4", "layers", "2", "context", "512", "vocab_size", "512",
                    "generate", "64", "strategy", "greedy"));
        }
        // A user inspecting the sequence: the step slider, τ, k and p reshaping the inspected distribution, the
        // attention head and layer; every 20th change a new sampling seed (a new sequence).
        for (int i = 0; i < 120; i++) {
            Map<String, String> set = new LinkedHashMap<>();
            set.put("step", Integer.toString(1 + (i * 7) % base.i("generate")));
            set.put("temperature", Fmt.num(0.25 + 0.05 * (i % 40)));
            set.put("top_k", Integer.toString(1 + i % 12));
            set.put("top_p", Fmt.num(0.5 + 0.004 * (i % 100)));
            set.put("layer", Integer.toString(1 + i % 2));
            set.put("head", Integer.toString(1 + (i / 2) % 2));
            if (!size.equals("large")) set.put("sample_seed", Integer.toString(1 + i / 20));
            out.add(base.with(set));
        }
        return out;
    }
}
