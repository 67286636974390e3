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
}
