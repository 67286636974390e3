package glassbox.core.decoding;

import glassbox.core.Fmt;
import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.List;

/**
 * What the decoding lab computes, typed (docs/LABS.md §8): the model (which alone decides the weights), the prompt
 * as token ids and the decoding strategy. Every field is a value, so a spec keys the lab's memos by equals.
 * Positions and token ids are 0-based.
 */
public record DecodingSpec(ModelSpec model, List<Integer> prompt, int generate, Strategy strategy,
                           double tau, int topK, double topP, long sampleSeed) {

    public static final int MAX_D = 256, MAX_VOCAB = 512, MAX_CONTEXT = 512, MAX_LAYERS = 4, MAX_HEADS = 8;

    public enum Strategy {
        GREEDY("greedy"), TEMPERATURE("temperature"), TOP_K("top-k"), TOP_P("top-p");
        public final String id;
        Strategy(String id) { this.id = id; }

        public static Strategy parse(String s) {
            for (Strategy x : values()) if (x.id.equals(s)) return x;
            throw new ParamException("strategy", s, "greedy, temperature, top-k or top-p");
        }
    }

    /**
     * The model: vocabulary, sizes, whether each layer has an MLP, the scale of the output projection, the seed of
     * every weight. Two equal ModelSpecs give bitwise the same weights.
     */
    public record ModelSpec(List<String> vocab, int dModel, int heads, int layers, boolean mlp, int context,
                            double logitScale, long seed) {
        public ModelSpec {
            vocab = List.copyOf(vocab);
            check("d_model", dModel, 2, MAX_D);
            check("layers", layers, 1, MAX_LAYERS);
            check("heads", heads, 1, MAX_HEADS);
            if (dModel % heads != 0) {
                throw new ParamException("heads", Integer.toString(heads), "a divisor of d_model = " + dModel + " (each head has d_model/heads columns)");
            }
            check("context", context, 2, MAX_CONTEXT);
            if (vocab.size() < 2 || vocab.size() > MAX_VOCAB) {
                throw new ParamException("vocab", vocab.size() + " tokens", "2 to " + MAX_VOCAB + " tokens");
            }
            if (new java.util.HashSet<>(vocab).size() != vocab.size()) {
                throw new ParamException("vocab", String.join(" ", vocab), "distinct tokens (one is listed twice)");
            }
            if (!(logitScale > 0) || Double.isInfinite(logitScale)) {
                throw new ParamException("logit_scale", Fmt.num(logitScale), "a finite number > 0");
            }
        }

        public int headDim() { return dModel / heads; }

        public int ff() { return 4 * dModel; }

        public int vocabSize() { return vocab.size(); }
    }

    public DecodingSpec {
        prompt = List.copyOf(prompt);
        if (prompt.isEmpty()) throw new ParamException("prompt", "", "at least one token");
        for (int t : prompt) {
            if (t < 0 || t >= model.vocabSize()) throw new ParamException("prompt", Integer.toString(t), "token ids 0 to " + (model.vocabSize() - 1));
        }
        if (prompt.size() > model.context()) {
            throw new ParamException("prompt", prompt.size() + " tokens", "at most context = " + model.context() + " tokens");
        }
        if (generate < 1 || prompt.size() + generate > model.context()) {
            throw new ParamException("generate", Integer.toString(generate),
                    "1 to context − prompt = " + model.context() + " − " + prompt.size() + " = " + (model.context() - prompt.size()));
        }
        if (!(tau >= 0)) throw new ParamException("temperature", Fmt.num(tau), "τ ≥ 0 (0 = argmax, inf = uniform)");
        if (topK < 1) throw new ParamException("top_k", Integer.toString(topK), "k ≥ 1");
        if (!(topP > 0 && topP <= 1)) throw new ParamException("top_p", Fmt.num(topP), "0 < p ≤ 1");
    }

    /** The parts generation depends on: under greedy decoding τ, k, p and the sampling seed do not matter. */
    public DecodingSpec generationKey() {
        if (strategy != Strategy.GREEDY) return this;
        return new DecodingSpec(model, prompt, generate, strategy, 1, 1, 1, 0);
    }

    public int total() { return prompt.size() + generate; }

    static void check(String key, int v, int lo, int hi) {
        if (v < lo || v > hi) throw new ParamException(key, Integer.toString(v), lo + " to " + hi);
    }

    /** The default vocabulary: the three special tokens, the space "_", letters, digits and a few words. */
    public static final String DEFAULT_VOCAB = "<start> <stop> <pad> _ . a b c d e f g h i j k l m n o p q r s t u v w x y z "
            + "0 1 2 3 4 5 6 7 8 9 the cat sat on mat dog";

    /**
     * The vocabulary: the listed tokens (separated by spaces), then w0, w1, … until {@code size} tokens
     * ({@code size} = 0: the list as it is).
     */
    public static List<String> vocabulary(String listed, int size) {
        List<String> v = new ArrayList<>();
        for (String t : listed.trim().split("\\s+")) if (!t.isEmpty()) v.add(t);
        if (size != 0) {
            if (size < v.size() || size > MAX_VOCAB) {
                throw new ParamException("vocab_size", Integer.toString(size), "0 (the list) or " + v.size() + " (the listed tokens) to " + MAX_VOCAB);
            }
            for (int i = 0; v.size() < size; i++) if (!v.contains("w" + i)) v.add("w" + i);
        }
        return v;
    }

    /**
     * The prompt's tokens: the text read left to right, each time the longest vocabulary token that matches
     * (so "the" is one token when the vocabulary has it); a space reads as "_"; an unknown character is refused.
     */
    public static List<Integer> tokenize(String text, List<String> vocab) {
        List<Integer> out = new ArrayList<>();
        String s = text.strip().replace(' ', '_');
        int i = 0;
        while (i < s.length()) {
            int best = -1, len = 0;
            for (int t = 0; t < vocab.size(); t++) {
                String w = vocab.get(t);
                if (w.length() > len && s.startsWith(w, i)) { best = t; len = w.length(); }
            }
            if (best < 0) {
                throw new ParamException("prompt", text, "tokens of the vocabulary; '" + s.charAt(i) + "' at character " + (i + 1)
                        + " is not the start of any token");
            }
            out.add(best);
            i += len;
        }
        return out;
    }
}
