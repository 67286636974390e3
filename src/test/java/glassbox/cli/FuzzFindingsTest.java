package glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Command lines a fuzzer found giving NaN or an internal error (issue 22), each a regression test:
 * the live numbers are computed, finite or flagged as overflow, never NaN, and the run succeeds.
 */
class FuzzFindingsTest {

    private static String numbers(String... args) {
        CliTest.Run r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        return r.out();
    }

    @Test
    void ssmEigenvaluesOfAHugeMatrixAreComputed() {
        // Was: internal error, QR iteration did not converge (from about 1e153 up).
        String out = numbers("export", "ssm", "--set", "A=1e299,2e299,3e299;4e299,5e299,6e299;7e299,8e299,1e299", "--set", "B=1;1;1", "--set", "C=1,1,1");
        assertTrue(out.contains("1.24542e+300"), out); // ρ = 1e299 · ρ([[1,2,3],[4,5,6],[7,8,1]]) = 1e299 · 12.4542…
    }

    @Test
    void ssmSpectralRadiusAtTheTopOfTheRange() {
        // Was: eigenvalues and ρ NaN, "ρ(A): NaN = 1: marginal"; true ρ = √2·1e300.
        String out = numbers("export", "ssm", "--set", "A=1e300,1e300;1e300,-1e300", "--set", "B=1;1", "--set", "C=1,1");
        assertTrue(out.contains("1.41421e+300"), out);
        // Was: "K_L = K₃₂: NaN" while the JSON said overflow.
        numbers("export", "ssm", "--set", "A=1e200,-1e200;1e200,1e200", "--set", "B=1;1", "--set", "C=1,1");
    }

    @Test
    void rnnSpectralRadiusOfAHugeExactMatrix() {
        // Was: "ρ(W_h): NaN → on the edge (ρ = 1)"; eigenvalues 0 and 2e200.
        String out = numbers("export", "rnn", "--set", "wh=exact", "--set", "Wh=1e200,1e200;1e200,1e200");
        assertTrue(out.contains("2.00000e+200 → exploding"), out);
    }

    @Test
    void rnnGradientsPastTheDoubleRangeAreSignedInfinities() {
        // Was: BPTT gradients, numeric gradients and the SGD step NaN.
        String out = numbers("export", "rnn", "--set", "T=1000", "--set", "activation=identity", "--set", "w=3");
        assertTrue(out.contains("∂L/∂w (BPTT | numeric): ∞ | ∞"), out);
        numbers("export", "rnn", "--set", "T=2000", "--set", "activation=relu", "--set", "w=2", "--set", "x=1");
        // Found by LabFuzzTest's long run: h_512 ≈ 10²⁴⁴ is in range, but L = ½(h_T − y)² and the finite difference
        // were not (∞ − ∞ = NaN). Now rounded from the exact values, and flagged.
        String neg = numbers("export", "rnn", "--preset", "rnn-vs-attention", "--set", "activation=identity", "--set", "w=-2.999988");
        assertTrue(neg.contains("∂L/∂w (BPTT | numeric): -∞ | -∞") && neg.contains("Overflow: h stays in range"), neg);
        // Also found by the long run: tanh with h = 0 throughout (a = 0) and ∂L/∂h_t ≈ 3^(T−t) past the range met h as ∞·0.
        // Exactly, ∂L/∂w = Σ ∂L/∂z_t·h_{t−1} = 0 (every h is 0).
        String tanh = numbers("export", "rnn", "--backend", "java", "--preset", "memory-exploding", "--set", "T=4096", "--set", "a=0.0", "--set", "k=8", "--set", "w=-2.976084");
        assertTrue(tanh.contains("∂L/∂w (BPTT | numeric): 0 | 0"), tanh);
    }

    @TempDir
    Path dir;

    private JsonNode json(String... args) throws Exception {
        Path f = dir.resolve("out.json");
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--json";
        all[args.length + 1] = f.toString();
        numbers(args);
        CliTest.Run r = CliTest.run(all);
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(f);
        assertFalse(text.contains("NaN"), text);
        return new ObjectMapper().readTree(text);
    }

    @Test
    void ridgeAttentionWithHugeKeysAndATinyLambdaIsSolved() throws Exception {
        // Was: check values NaN, ridge_solution null. cond(λI + KᵀK) ≈ 4e16; W* = (5e-7, 5e-7) by hand.
        String[] args = {"export", "ridge-attention", "--set", "K=1e6,1e6;1e6,1e6", "--set", "V=1;1", "--set", "lambda=0.0001"};
        assertTrue(numbers(args).contains("Conditioning: cond(λI + KᵀK) up to 4.00e+16: solved by QR"));
        JsonNode j = json(args);
        assertEquals(5e-7, j.get("ridge_solution").get(0).get(0).asDouble(), 1e-20);
        assertEquals(5e-7, j.get("ridge_solution").get(1).get(0).asDouble(), 1e-20);
        assertTrue(j.get("max_difference").isNumber());
    }

    @Test
    void ridgeTimingsItSkipsAreNullWithAReason() throws Exception {
        // Was: "NaN" for every size the from-scratch solve skips (here n = 256 at d = 96: 3·10⁸ multiply-adds).
        JsonNode t = json("export", "ridge-attention", "--set", "timing=true", "--set", "n=256", "--set", "d=96").get("timing");
        JsonNode scratch = t.get("from_scratch_ms");
        assertTrue(scratch.get(0).isNumber());
        assertTrue(scratch.get(scratch.size() - 1).isNull(), scratch.toString());
        assertTrue(t.get("from_scratch_skipped").asText().contains("200,000,000 multiply-adds"));
    }

    @Test
    void ridgeTimingSkipsTheFreshSolvesWhereOneRunIsTooSlow() throws Exception {
        // Was: 10–45 s for the long-causal preset at d = 256 (the fresh solves timed five times at n = 512: 2.9·10⁹ multiply-adds a run).
        JsonNode t = json("export", "ridge-attention", "--preset", "long-causal", "--set", "d=256").get("timing");
        JsonNode n = t.get("n"), solve = t.get("solve_ms"), sm = t.get("sherman_morrison_ms");
        for (int i = 0; i < n.size(); i++) {
            double cost = n.get(i).asDouble() * 256 * 256 * 256 / 3;
            assertEquals(cost > glassbox.core.ridge.RidgeTiming.SOLVE_BUDGET, solve.get(i).isNull(), "n = " + n.get(i) + ": " + solve);
            assertTrue(sm.get(i).isNumber() && sm.get(i).asDouble() > 0, "Sherman–Morrison is timed at every n");
        }
        assertTrue(solve.get(n.size() - 1).isNull() && solve.get(0).isNumber());
        assertTrue(t.get("solve_skipped").asText().contains("1,000,000,000 multiply-adds (n·d³/3)"), t.get("solve_skipped").asText());
    }

    @Test
    void aTrainingRunIsBoundedAsAWhole() throws Exception {
        // Was: 88 s for this export (10⁵ steps of 64 two-head examples: 6.3·10¹⁰ multiply-adds), inside the caps on steps and batch.
        String m = refused("steps", "export", "training", "--backend", "java", "--preset", "dedupe-sort", "--set", "heads=2", "--set", "speed=250",
                "--set", "rnn_g=identity", "--set", "steps=100000", "--set", "d_k=3");
        java.util.regex.Matcher g = java.util.regex.Pattern.compile("at most ([\\d,]+) steps at batch 64: the run's ([\\d,]+) multiply-adds \\(steps × batch × ([\\d,]+)\\)").matcher(m);
        assertTrue(g.find(), m);
        long most = Long.parseLong(g.group(1).replace(",", "")), run = Long.parseLong(g.group(2).replace(",", "")), one = Long.parseLong(g.group(3).replace(",", ""));
        assertEquals(100_000L * 64 * one, run, m);
        assertEquals(glassbox.core.training.TrainingSpec.MAX_RUN_MACS / (64 * one), most, m);
        assertTrue(run > glassbox.core.training.TrainingSpec.MAX_RUN_MACS && most < 100_000, m);
        // 10⁵ steps of 4,096 RNN examples (1.5 minutes measured) likewise; the presets and lessons all run.
        refused("steps", "export", "training", "--backend", "java", "--set", "model=rnn", "--set", "batch=4096", "--set", "steps=100000");
        numbers("export", "training", "--backend", "java", "--preset", "dedupe-sort");
    }

    private static String refused(String key, String... args) {
        CliTest.Run r = CliTest.run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("lower " + key), r.err());
        return r.err();
    }

    @Test
    void convWorkPastTheLimitIsRefusedBeforeAllocating() {
        // Was: internal error inside ND4J's conv2d (a 196 GB im2col buffer), or past 60 s in plain Java.
        String err = refused("kh", "export", "conv", "--set", "h=88", "--set", "w=88", "--set", "ci=512", "--set", "co=1",
                "--set", "kh=64", "--set", "kw=64", "--set", "ph=64", "--set", "pw=64");
        assertTrue(err.contains("153·153·1·512·64·64 = 49,092,231,168 multiply-adds"), err);
        // Was: 12.5 GB resident and 38–57 s.
        refused("kh", "export", "conv", "--set", "h=250", "--set", "w=250", "--set", "ci=64", "--set", "co=1", "--set", "kh=32", "--set", "kw=32");
    }

    @Test
    void attentionWorkPastTheLimitIsRefusedBeforeAllocating() {
        // Was: over 60 s and 4 GB, leaving a 2.49 GB temporary file when killed.
        String err = refused("heads or T", "export", "attention", "--set", "source=random", "--set", "T=2048", "--set", "d=512",
                "--set", "weights=random", "--set", "dk=512", "--set", "heads=16", "--set", "row=1");
        assertTrue(err.contains("16·2048² = 67,108,864 score entries"), err);
        refused("dk", "export", "attention", "--set", "source=random", "--set", "T=512", "--set", "d=512",
                "--set", "weights=random", "--set", "dk=512", "--set", "heads=16");
    }

    @Test
    void messagesStayOneLineAndNameTheOptionAndTheFile() throws Exception {
        // Was: a newline in a value printed two lines.
        CliTest.Run nl = CliTest.run("export", "conv", "--set", "h=1\n2");
        assertEquals(2, nl.code());
        assertEquals("glassbox: h = \"1\\n2\": expected an integer from 1 to 1024", nl.err().strip());
        // Was: full-width digits accepted as 12.
        assertTrue(CliTest.run("export", "conv", "--set", "h=\uff11\uff12").err().contains("h = \"\uff11\uff12\": expected an integer"));
        // Was: "cannot write null: folder does not exist"; --json "" tried to replace the current folder; the PNG overwrote the JSON.
        assertTrue(CliTest.run("export", "conv", "--json", "").err().contains("--json = \"\": a file name is needed"));
        assertTrue(CliTest.run("export", "conv", "--json", "/").err().contains("--json = /: is a folder"));
        Path same = dir.resolve("same.json");
        CliTest.Run twice = CliTest.run("export", "conv", "--json", same.toString(), "--png", same.toString());
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("--png = " + same + ": is also the --json file"), twice.err());
        assertFalse(Files.exists(same));
        // The first of two outputs written, the second failing: say what was written.
        Path json = dir.resolve("ok.json"), png = dir.resolve("x".repeat(300) + ".png");
        CliTest.Run half = CliTest.run("export", "conv", "--json", json.toString(), "--png", png.toString());
        assertEquals(2, half.code());
        assertTrue(half.err().startsWith("glassbox: cannot write --png " + png + ": ") && half.err().strip().endsWith("(--json " + json + " written)"), half.err());
        assertTrue(Files.exists(json));
    }

    @Test
    void cnnShapesLayerErrorsNameTheKeyAndCountFromOne() {
        // Was: "layer 1 (bogus)" for the second layer, without the key.
        CliTest.Run r = CliTest.run("export", "cnn-shapes", "--set", "layers=conv 1 8 5 1 0; bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("glassbox: layers: layer 2 (bogus): unknown layer 'bogus'"), r.err());
        assertTrue(numbers("export", "cnn-shapes", "--set", "layers=conv 1 8 99 1 0").contains("First mismatch: layer 1: layer 1 (conv 1 8 99 1 0) gets height 32"));
        // Was: an input too large to index named a layer.
        CliTest.Run big = CliTest.run("export", "cnn-shapes", "--set", "input=1000000,1000000,1000000");
        assertEquals(2, big.code());
        assertTrue(big.err().startsWith("glassbox: input = \"1000000,1000000,1000000\": C·H·W = 1,000,000,000,000,000,000 values"), big.err());
    }

    @Test
    void decodingWithABlankVocabularyIsRefusedByName() {
        // Found by the long fuzz run: IndexOutOfBoundsException while choosing a prompt from an empty vocabulary.
        CliTest.Run r = CliTest.run("export", "decoding", "--backend", "java", "--preset", "kv-cache", "--set", "vocab= ", "--set", "generate=166");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("glassbox: vocab = "), r.err());
    }

    @Test
    void decodingSkipsAnUncachedComparisonOverItsLimitInsteadOfWaitingMinutes() {
        // Found by the long fuzz run: this export waited 90 s for a 1.9·10¹¹ multiply-add comparison (the 60 s hang limit).
        String out = numbers("export", "decoding", "--backend", "java", "--preset", "large", "--set", "top_p=0.020544", "--set", "generate=475",
                "--set", "heads=1", "--set", "layer=2", "--set", "strategy=top-p", "--set", "seed=3");
        assertTrue(out.matches("(?s).*skipped: [\\d,]+ multiply-adds, over the limit of 20,000,000,000; lower generate to at most \\d+.*"), out);
    }
}
