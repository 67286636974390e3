package glassbox.core.decoding;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

class DecodingTest {

    static DecodingSpec.ModelSpec model(int vocab, int d, int heads, int layers, boolean mlp, int context, long seed) {
        return new DecodingSpec.ModelSpec(DecodingSpec.vocabulary(vocab == 0 ? "<start> <stop> a b" : "a b", vocab), d, heads, layers, mlp, context, 3, seed);
    }

    static DecodingSpec spec(DecodingSpec.ModelSpec m, int prompt, int generate, DecodingSpec.Strategy s, double tau, int k, double p) {
        List<Integer> pr = new ArrayList<>();
        for (int i = 0; i < prompt; i++) pr.add((i * 7 + 1) % m.vocabSize());
        return new DecodingSpec(m, pr, generate, s, tau, k, p, 11);
    }

    @Test
    void forwardMatchesTheReferenceOnSeveralSizes() {
        int[][] sizes = {{8, 4, 1, 1}, {12, 8, 2, 2}, {20, 12, 3, 3}, {7, 16, 4, 4}, {30, 6, 6, 1}};
        for (int[] z : sizes) {
            for (boolean mlp : new boolean[]{false, true}) {
                Model m = new Model(model(z[0], z[1], z[2], z[3], mlp, 16, z[0] * 31L + z[1]));
                int[] tokens = new int[11];
                SplittableRandom r = new SplittableRandom(z[1]);
                for (int i = 0; i < tokens.length; i++) tokens[i] = r.nextInt(z[0]);
                double[][] ref = ReferenceDecoder.logits(m, tokens);
                double[][] all = m.forwardAll(tokens, new long[1], false);
                Model.Cache cache = m.newCache();
                for (int i = 0; i < tokens.length; i++) {
                    double[] step = m.step(cache, tokens[i], new long[1], null);
                    for (int j = 0; j < z[0]; j++) {
                        double tol = 1e-10 * Math.max(1, Math.abs(ref[i][j]));
                        assertEquals(ref[i][j], all[i][j], tol, "full pass, size " + java.util.Arrays.toString(z) + " mlp " + mlp);
                        assertEquals(ref[i][j], step[j], tol, "cached step");
                    }
                }
                assertEquals(tokens.length, cache.length());
                assertEquals(2L * z[3] * tokens.length * z[1], cache.values());
            }
        }
    }

    @Test
    void cachedAndUncachedGenerationAgreeBitwiseForEveryStrategy() {
        DecodingSpec.ModelSpec m = model(24, 16, 2, 2, true, 48, 5);
        Model model = new Model(m);
        for (DecodingSpec.Strategy s : DecodingSpec.Strategy.values()) {
            for (boolean parallel : new boolean[]{false, true}) {
                DecodingSpec spec = spec(m, 5, 30, s, 1.3, 4, 0.8);
                Generation.Run a = Generation.cached(model, spec), b = Generation.uncached(model, spec, parallel, () -> false, g -> {});
                assertEquals(a.tokens(), b.tokens(), s.id);
                double diff = Generation.maxLogitDifference(a, b);
                assertTrue(diff <= 1e-12, "largest difference " + diff);
                assertEquals(0.0, diff, "the two paths share their row routines: bitwise the same");
                for (int i = 1; i < a.prob().length; i++) assertEquals(a.prob()[i], b.prob()[i]);
            }
        }
    }

    @Test
    void multiplyAddCountsMatchTheClosedForms() {
        // Worked example: d = 4, one layer, no MLP, V = 3, t = 0: 4·16 + 2·1·4 + 4·3 = 84; with the MLP + 2·4·16 = 212.
        assertEquals(84, Costs.cachedStep(model(3, 4, 1, 1, false, 8, 1), 0));
        assertEquals(212, Costs.cachedStep(model(3, 4, 1, 1, true, 8, 1), 0));
        // Uncached at t = 1 (two positions), same model without MLP: 2·(64 + 12) + 1·4·2·3 = 176 = 84 + (84 + 8).
        assertEquals(176, Costs.uncachedStep(model(3, 4, 1, 1, false, 8, 1), 1));
        int[][] sizes = {{5, 4, 1, 1}, {9, 8, 2, 3}, {17, 12, 3, 2}};
        for (int[] z : sizes) {
            for (boolean mlp : new boolean[]{false, true}) {
                DecodingSpec.ModelSpec ms = model(z[0], z[1], z[2], z[3], mlp, 40, 2);
                Model m = new Model(ms);
                DecodingSpec spec = spec(ms, 3, 12, DecodingSpec.Strategy.TEMPERATURE, 1, 1, 1);
                Generation.Run a = Generation.cached(m, spec), b = Generation.uncached(m, spec, false, () -> false, g -> {});
                for (int t = 0; t < spec.total(); t++) {
                    assertEquals(Costs.cachedStep(ms, t), a.macs()[t], "cached at t = " + t);
                    if (t >= 2) assertEquals(Costs.uncachedStep(ms, t), b.macs()[t], "uncached at t = " + t);
                    else assertEquals(-1, b.macs()[t]);
                    // Generating T = t + 1 tokens with the cache does the work of one teacher-forced pass over them.
                    assertEquals(Costs.uncachedStep(ms, t), Costs.generation(ms, t + 1));
                    assertEquals(2L * z[3] * (t + 1) * z[1], Costs.cacheValues(ms, t));
                }
                long sum = 0;
                for (int t = 3; t < spec.total(); t++) sum += b.macs()[t];
                assertEquals(Costs.uncachedGeneration(ms, 3, 12), sum);
            }
        }
    }

    @Test
    void distributionsMatchHandComputedValues() {
        double[] z = {2, 1, 0, -1};
        // softmax(z) = e^{-i} / (1 + e^{-1} + e^{-2} + e^{-3}) = 0.643914, 0.236883, 0.087144, 0.032059
        Sampling.Dist d = Sampling.of(z, 1, 2, 0.85);
        assertArrayEquals(new double[]{0.6439142598879722, 0.23688281808991013, 0.08714431874203257, 0.03205860328008499}, d.p(), 1e-15);
        assertArrayEquals(new int[]{0, 1, 2, 3}, d.order());
        // top-2: 0.643914/0.880797 = 0.731059, 0.268941 (= the logistic of 1)
        assertEquals(1 / (1 + Math.exp(-1)), d.topK()[0], 1e-15);
        assertEquals(0, d.topK()[2]);
        // nucleus at p = 0.85: c = 0.6439, 0.8808 ≥ 0.85 → m = 2; at p = 0.9: 0.9679 → m = 3; at p = 0.6: m = 1.
        assertEquals(2, d.nucleus());
        assertEquals(3, Sampling.of(z, 1, 2, 0.9).nucleus());
        assertEquals(1, Sampling.of(z, 1, 2, 0.6).nucleus());
        assertEquals(4, Sampling.of(z, 1, 2, 1.0).nucleus());
        // τ = 2: softmax(1, 0.5, 0, −0.5); τ = 0: one-hot on the argmax; τ = ∞: uniform.
        double s2 = 1 + Math.exp(-0.5) + Math.exp(-1) + Math.exp(-1.5);
        assertEquals(1 / s2, Sampling.of(z, 2, 1, 1).p()[0], 1e-15);
        assertArrayEquals(new double[]{1, 0, 0, 0}, Sampling.of(z, 0, 1, 1).p());
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, Sampling.of(z, Double.POSITIVE_INFINITY, 1, 1).p());
        assertEquals(Math.log(4), Sampling.of(z, Double.POSITIVE_INFINITY, 1, 1).entropyTau(), 1e-15);
        // At τ = 0 every strategy is greedy: the nucleus of a one-hot distribution is its one token.
        assertEquals(1, Sampling.of(z, 0, 3, 0.99).nucleus());
        // Entropy of the top-2 distribution: −(a log a + b log b) with a = 0.731059.
        double a = 1 / (1 + Math.exp(-1));
        assertEquals(-(a * Math.log(a) + (1 - a) * Math.log(1 - a)), d.entropyK(), 1e-15);
        assertEquals(0, Sampling.of(new double[]{0, 3, 3, 1}, 1, 1, 1).greedy() - 1, "ties: the lower id");
    }

    @Test
    void theNucleusIsTheSmallestSetWithEnoughMassByBruteForce() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + r.nextInt(7);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) z[i] = r.nextDouble(-3, 3);
            double tau = new double[]{0.3, 1, 2.5}[trial % 3];
            double p = r.nextDouble(0.05, 1);
            Sampling.Dist d = Sampling.of(z, tau, 1, p);
            int best = Integer.MAX_VALUE;
            double bestMass = 0;
            for (int mask = 1; mask < (1 << n); mask++) {
                double mass = 0;
                for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) mass += d.p()[i];
                int size = Integer.bitCount(mask);
                if (mass >= p - Sampling.NUCLEUS_TOLERANCE && (size < best || (size == best && mass > bestMass))) {
                    best = size;
                    bestMass = mass;
                }
            }
            assertEquals(best, d.nucleus(), "n = " + n + ", p = " + p);
            double mass = 0;
            for (int i = 0; i < n; i++) if (d.topP()[i] > 0) mass += d.p()[i];
            assertEquals(bestMass, mass, 1e-12, "the nucleus is the heaviest set of its size");
        }
    }

    @Test
    void sampledFrequenciesMatchTheRenormalisedDistribution() {
        double[] z = {1.5, 1.2, 0.4, 0.3, -0.2, -1, -2, -4};
        Sampling.Dist d = Sampling.of(z, 0.8, 5, 0.9);
        for (double[] q : new double[][]{d.p(), d.topK(), d.topP()}) {
            SplittableRandom rng = new SplittableRandom(2024);
            int draws = 100_000;
            long[] count = new long[z.length];
            for (int i = 0; i < draws; i++) count[Sampling.draw(q, d.order(), rng.nextDouble())]++;
            double chi = 0;
            int cells = 0;
            for (int i = 0; i < z.length; i++) {
                if (q[i] == 0) { assertEquals(0, count[i], "a token outside the kept set is never drawn"); continue; }
                double e = draws * q[i];
                chi += (count[i] - e) * (count[i] - e) / e;
                cells++;
            }
            // χ² with cells − 1 degrees of freedom; the 0.1 % critical value (Wilson–Hilferty) is below 27 for ≤ 7 df.
            int df = cells - 1;
            double zc = 3.090, crit = df * Math.pow(1 - 2.0 / (9 * df) + zc * Math.sqrt(2.0 / (9 * df)), 3);
            assertTrue(chi < crit, "χ² = " + chi + " ≥ " + crit);
        }
    }

    @Test
    void repeatedNgramsAreMarked() {
        // a b c a b c d: the second "a b c" repeats the first (3-gram) → positions 3, 4, 5; bigrams also 0 1 … .
        List<Integer> t = List.of(0, 1, 2, 0, 1, 2, 3);
        assertArrayEquals(new boolean[]{false, false, false, true, true, true, false}, Generation.repeats(t, 3));
        assertArrayEquals(new boolean[]{false, false, false, true, true, true, false}, Generation.repeats(t, 2));
        assertArrayEquals(new boolean[7], Generation.repeats(t, 4));
    }

    @Test
    void cancellationStopsTheUncachedRun() {
        DecodingSpec.ModelSpec m = model(10, 8, 2, 1, false, 20, 1);
        assertThrows(CancellationException.class,
                () -> Generation.uncached(new Model(m), spec(m, 2, 5, DecodingSpec.Strategy.GREEDY, 1, 1, 1), false, () -> true, g -> {}));
    }

    @Test
    void backgroundRunFinishesWithTheInlineResult() throws InterruptedException {
        DecodingSpec.ModelSpec m = model(10, 8, 2, 1, true, 20, 1);
        DecodingSpec spec = spec(m, 2, 9, DecodingSpec.Strategy.TOP_P, 1, 1, 0.7);
        Model model = new Model(m);
        UncachedRunner runner = new UncachedRunner();
        UncachedRunner.Status st = runner.status(spec, model);
        for (int i = 0; i < 500 && !st.finished(); i++) {
            Thread.sleep(10);
            st = runner.status(spec, model);
        }
        assertTrue(st.finished());
        assertEquals(9, st.done());
        assertEquals(Generation.cached(model, spec).tokens(), st.run().tokens());
    }

    @Test
    void anUncachedComparisonOverTheLimitIsSkippedInEveryModeSayingHowManyTokensFit() {
        // Issue 22's long run: the large preset with generate = 475 (1.9·10¹¹ multiply-adds uncached) made an export wait 90 s.
        DecodingSpec.ModelSpec m = new DecodingSpec.ModelSpec(DecodingSpec.vocabulary(DecodingSpec.DEFAULT_VOCAB, 512), 256, 1, 2, true, 512, 3, 1);
        DecodingSpec spec = spec(m, 4, 475, DecodingSpec.Strategy.TOP_P, 1, 5, 0.02);
        long cost = Costs.uncachedGeneration(m, 4, 475);
        assertTrue(cost > Decoding.MAX_UNCACHED_MACS, "cost " + cost);
        Decoding d = new Decoding();
        for (Decoding.UncachedMode mode : new Decoding.UncachedMode[]{Decoding.UncachedMode.WAIT, Decoding.UncachedMode.AUTO}) {
            DecodingResult r = d.compute(spec, 0, 3, mode);
            assertNull(r.uncached(), mode.name());
            assertEquals(475, r.cached().tokens().size() - 4);
            java.util.regex.Matcher g = java.util.regex.Pattern.compile("^skipped: ([\\d,]+) multiply-adds, over the limit of ([\\d,]+); lower generate to at most (\\d+)$")
                    .matcher(r.uncachedState());
            assertTrue(g.matches(), r.uncachedState());
            assertEquals(cost, Long.parseLong(g.group(1).replace(",", "")));
            assertEquals(Decoding.MAX_UNCACHED_MACS, Long.parseLong(g.group(2).replace(",", "")));
            // The most that fits, checked against the closed form summed by hand: it fits, one more does not.
            int most = Integer.parseInt(g.group(3));
            long at = 0;
            for (int t = 4; t < 4 + most; t++) at += (t + 1L) * (2L * (4 * 256 * 256 + 2 * 256 * 1024) + 256L * 512) + 2L * 256 * (t + 1) * (t + 2);
            assertTrue(at <= Decoding.MAX_UNCACHED_MACS, "at " + most + ": " + at);
            assertTrue(Costs.uncachedGeneration(m, 4, most + 1) > Decoding.MAX_UNCACHED_MACS);
        }
        // The large preset itself (64 tokens) keeps its comparison.
        assertTrue(Costs.uncachedGeneration(m, 4, 64) <= Decoding.MAX_UNCACHED_MACS);
    }

    @Test
    void badInputsAreRefusedNamingTheParameter() {
        DecodingSpec.ModelSpec m = model(0, 8, 2, 1, false, 6, 1);
        List<String> vocab = m.vocab();
        assertKey("prompt", () -> new DecodingSpec(m, List.of(), 1, DecodingSpec.Strategy.GREEDY, 1, 1, 1, 0));
        assertKey("prompt", () -> DecodingSpec.tokenize("ab?", vocab));
        assertKey("prompt", () -> new DecodingSpec(m, List.of(0, 1, 2, 3, 0, 1, 2), 1, DecodingSpec.Strategy.GREEDY, 1, 1, 1, 0));
        assertKey("generate", () -> new DecodingSpec(m, List.of(0, 1), 5, DecodingSpec.Strategy.GREEDY, 1, 1, 1, 0));
        assertKey("top_p", () -> new DecodingSpec(m, List.of(0), 1, DecodingSpec.Strategy.TOP_P, 1, 1, 0, 0));
        assertKey("top_p", () -> new DecodingSpec(m, List.of(0), 1, DecodingSpec.Strategy.TOP_P, 1, 1, 1.5, 0));
        assertKey("top_k", () -> new DecodingSpec(m, List.of(0), 1, DecodingSpec.Strategy.TOP_K, 1, 0, 1, 0));
        assertKey("temperature", () -> new DecodingSpec(m, List.of(0), 1, DecodingSpec.Strategy.TEMPERATURE, -1, 1, 1, 0));
        assertKey("d_model", () -> model(0, 300, 1, 1, false, 6, 1));
        assertKey("heads", () -> model(0, 8, 3, 1, false, 6, 1));
        assertKey("layers", () -> model(0, 8, 2, 5, false, 6, 1));
        assertKey("context", () -> model(0, 8, 2, 1, false, 600, 1));
        assertKey("vocab_size", () -> DecodingSpec.vocabulary("a b c", 513));
        assertKey("vocab_size", () -> DecodingSpec.vocabulary("a b c", 2));
        assertKey("vocab", () -> new DecodingSpec.ModelSpec(List.of("a", "a"), 8, 1, 1, false, 6, 1, 0));
        ParamException e = assertThrows(ParamException.class, () -> DecodingSpec.tokenize("ab?", vocab));
        assertTrue(e.getMessage().contains("'?' at character 3"), e.getMessage());
        assertEquals(List.of(2, 3, 3), DecodingSpec.tokenize("abb", vocab));
        assertEquals(List.of(0, 2), DecodingSpec.tokenize("<start>a", vocab));
    }

    private static void assertKey(String key, org.junit.jupiter.api.function.Executable ex) {
        ParamException e = assertThrows(ParamException.class, ex);
        assertEquals(key, e.key(), e.getMessage());
    }
}
