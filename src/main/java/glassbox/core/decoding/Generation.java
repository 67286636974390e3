package glassbox.core.decoding;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * docs/LABS.md §8: N tokens generated from the prompt, with the KV cache (one step per token) or without (the whole
 * prefix recomputed by {@link Model#forwardAll} for every new token). Both draw from the same seeded stream, one
 * u per sampled token, so they give the same tokens when their logits agree.
 */
public final class Generation {
    private Generation() {}

    /**
     * A generated sequence. {@code tokens} holds the prompt then the generated tokens; {@code logits[i]} are the
     * logits at position i (predicting position i + 1), for i from 0 to total − 2 (the last token's are not
     * needed); {@code prob[i]} the probability the strategy gave token i (prompt tokens: the model's softmax at
     * τ = 1 of the typed token, i ≥ 1; NaN for position 0); {@code macs[t]} and {@code nanos[t]} the cost of the
     * work charged to position t (cached: its step; uncached: the pass over 0..t, done from the last prompt
     * position on; −1 where nothing is charged); {@code attention[i][l][h]} the weights of position i over 0..i (cached run only).
     */
    public record Run(boolean cached, List<Integer> tokens, int promptLength, double[][] logits, double[] prob,
                      long[] macs, long[] nanos, double[][][][] attention) {
        public int generated() { return tokens.size() - promptLength; }

        public int[] tokenArray() { return tokens.stream().mapToInt(Integer::intValue).toArray(); }
    }

    /** Generation with the KV cache: the prompt is fed one position at a time (prefill), then one step per token. */
    public static Run cached(Model m, DecodingSpec s) {
        int total = s.total(), p = s.prompt().size();
        List<Integer> tokens = new ArrayList<>(s.prompt());
        double[][] logits = new double[total - 1][];
        double[][][][] att = new double[total][m.layers][m.heads][];
        long[] macs = new long[total], nanos = new long[total];
        Model.Cache cache = m.newCache();
        SplittableRandom rng = new SplittableRandom(s.sampleSeed());
        double[] prob = new double[total];
        prob[0] = Double.NaN;
        double[] z = null;
        long[] count = new long[1];
        for (int i = 0; i < p; i++) {
            final int pos = i;
            long t0 = System.nanoTime();
            count[0] = 0;
            z = m.step(cache, tokens.get(i), count, (l, h, w) -> att[pos][l][h] = w);
            nanos[i] = System.nanoTime() - t0;
            macs[i] = count[0];
            if (i + 1 < p) {
                logits[i] = z;
                prob[i + 1] = glassbox.core.attention.Softmax.row(z, null, 1)[tokens.get(i + 1)];
            }
        }
        // z: the logits after the prompt. A generated token is drawn from them, then its own step gives the next logits.
        for (int g = 0; g < s.generate(); g++) {
            int pos = p + g;
            logits[pos - 1] = z;
            Sampling.Dist dist = Sampling.of(z, s.tau(), s.topK(), s.topP());
            int tok = pick(dist, s.strategy(), rng);
            prob[pos] = dist.of(s.strategy())[tok];
            tokens.add(tok);
            // The last token's step is not needed to generate; it is still run, as the uncached path runs its pass.
            long t0 = System.nanoTime();
            count[0] = 0;
            z = m.step(cache, tok, count, (l, h, w) -> att[pos][l][h] = w);
            nanos[pos] = System.nanoTime() - t0;
            macs[pos] = count[0];
        }
        return new Run(true, List.copyOf(tokens), p, logits, prob, macs, nanos, att);
    }

    /**
     * Generation without a cache: for each new token the whole prefix through {@link Model#forwardAll}; the token
     * at position t is charged the pass over positions 0..t (what a cached step at t replaces). Checks
     * {@code cancelled} before each pass and reports the number of tokens done to {@code progress}.
     */
    public static Run uncached(Model m, DecodingSpec s, boolean parallel, BooleanSupplier cancelled, IntConsumer progress) {
        int total = s.total(), p = s.prompt().size();
        List<Integer> tokens = new ArrayList<>(s.prompt());
        double[][] logits = new double[total - 1][];
        long[] macs = new long[total], nanos = new long[total];
        java.util.Arrays.fill(macs, -1);
        java.util.Arrays.fill(nanos, -1);
        SplittableRandom rng = new SplittableRandom(s.sampleSeed());
        double[] prob = new double[total];
        prob[0] = Double.NaN;
        long[] count = new long[1];
        long t00 = System.nanoTime();
        double[][] all = m.forwardAll(tokens.stream().mapToInt(Integer::intValue).toArray(), count, parallel);
        nanos[p - 1] = System.nanoTime() - t00;
        macs[p - 1] = count[0];
        for (int i = 0; i + 1 < p; i++) {
            logits[i] = all[i];
            prob[i + 1] = glassbox.core.attention.Softmax.row(all[i], null, 1)[tokens.get(i + 1)];
        }
        double[] z = all[p - 1];
        for (int g = 0; g < s.generate(); g++) {
            if (cancelled.getAsBoolean()) throw new CancellationException("uncached generation cancelled");
            int pos = p + g;
            logits[pos - 1] = z;
            Sampling.Dist dist = Sampling.of(z, s.tau(), s.topK(), s.topP());
            int tok = pick(dist, s.strategy(), rng);
            prob[pos] = dist.of(s.strategy())[tok];
            tokens.add(tok);
            long t0 = System.nanoTime();
            count[0] = 0;
            double[][] out = m.forwardAll(tokens.stream().mapToInt(Integer::intValue).toArray(), count, parallel);
            nanos[pos] = System.nanoTime() - t0;
            macs[pos] = count[0];
            z = out[pos];
            progress.accept(g + 1);
        }
        return new Run(false, List.copyOf(tokens), p, logits, prob, macs, nanos, null);
    }

    /** Greedy: the argmax (no draw); otherwise one u from the stream and an inverse-CDF draw. */
    static int pick(Sampling.Dist dist, DecodingSpec.Strategy s, SplittableRandom rng) {
        if (s == DecodingSpec.Strategy.GREEDY) return dist.greedy();
        return Sampling.draw(dist.of(s), dist.order(), rng.nextDouble());
    }

    /** The largest |a − b| over every logit of two runs of the same spec. */
    public static double maxLogitDifference(Run a, Run b) {
        double worst = 0;
        int n = Math.min(a.logits().length, b.logits().length);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.logits()[i].length; j++) worst = Math.max(worst, Math.abs(a.logits()[i][j] - b.logits()[i][j]));
        }
        return worst;
    }

    /**
     * Positions that end an n-gram already seen earlier in the sequence (the n tokens ending at i equal the n ending
     * at some j &lt; i), counted from the first generated token's n-gram on.
     */
    public static boolean[] repeats(List<Integer> tokens, int n) {
        boolean[] rep = new boolean[tokens.size()];
        for (int i = n - 1; i < tokens.size(); i++) {
            for (int j = n - 1; j < i; j++) {
                boolean same = true;
                for (int c = 0; c < n && same; c++) same = tokens.get(i - c).equals(tokens.get(j - c));
                if (same) {
                    for (int c = 0; c < n; c++) rep[i - c] = true;
                    break;
                }
            }
        }
        return rep;
    }
}
