package glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CliTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void presetsListsEveryPresetWithItsLab() {
        Run r = run("presets");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("conv") && r.out().contains("resnet-stem") && r.out().contains("vit-patch-embedding"), r.out());
    }

    @Test
    void exportConvWritesTheJsonContractAndAPng() throws Exception {
        Path json = dir.resolve("c.json"), png = dir.resolve("c.png");
        Run r = run("export", "conv", "--preset", "conv-as-linear", "--set", "order=chw", "--set", "seed=3",
                "--json", json.toString(), "--png", png.toString(), "--scale", "2", "--size", "800x500");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        for (String k : new String[]{"h_out", "w_out", "d_in", "d_out", "nnz", "density", "trainable_params", "weights", "x", "y", "y_direct", "matrix"}) {
            assertTrue(j.has(k), "missing " + k);
        }
        assertEquals(4, j.get("h_out").asInt());
        assertEquals(72, j.get("d_in").asInt());
        assertEquals(576, j.get("nnz").asInt());
        assertEquals(36, j.get("weights").size());
        assertEquals(72, j.get("x").size());
        assertEquals(32, j.get("y").size());
        assertEquals(576, j.get("matrix").get("vals").size());
        // Recompute y = A x from the exported matrix and x, and compare with y_direct: the JSON is self-consistent.
        double[] y = new double[32];
        JsonNode m = j.get("matrix");
        for (int k = 0; k < 576; k++) y[m.get("rows").get(k).asInt()] += m.get("vals").get(k).asDouble() * j.get("x").get(m.get("cols").get(k).asInt()).asDouble();
        for (int k = 0; k < 32; k++) assertEquals(j.get("y_direct").get(k).asDouble(), y[k], 1e-12);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1600, img.getWidth());
        // At least the asked-for height; taller when the figures need more room to stay legible (issue 16), at twice the scale.
        assertTrue(img.getHeight() >= 1000 && img.getHeight() % 2 == 0, "height " + img.getHeight());
    }

    @Test
    void largeLayerLeavesOutTheMatrixButKeepsTheFullProduct() throws Exception {
        Path json = dir.resolve("s.json");
        Run r = run("export", "conv", "--set", "h=64", "--set", "w=64", "--set", "ci=3", "--set", "co=8", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertFalse(j.has("matrix"));
        assertEquals(62 * 62 * 8, j.get("y").size());
    }

    @Test
    void mistakesAreOneLineAndStatusTwo() {
        String[][] cases = {
                {"export", "conv", "--set", "kh=20"},
                {"export", "conv", "--set", "h=abc"},
                {"export", "conv", "--set", "nope=1"},
                {"export", "conv", "--preset", "nope"},
                {"export", "nolab"},
                {"export", "conv", "--set", "h=0"},
                {"export", "conv", "--scale", "5"},
                {"export", "conv", "--set", "h"},
                {"export", "conv", "--bogus"},
                {"bench", "--size", "huge"},
        };
        for (String[] c : cases) {
            Run r = run(c);
            assertEquals(2, r.code(), String.join(" ", c) + " → " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertTrue(run("export", "conv", "--set", "kh=20").err().contains("kh = 20 is larger than the padded input height"));
    }

    @Test
    void unwritableFolderSaysSoAndLeavesNoFile() throws Exception {
        Path ro = dir.resolve("ro");
        Files.createDirectory(ro);
        Path missing = dir.resolve("missing/out.json");
        Run r = run("export", "conv", "--json", missing.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--json = " + missing + ": the folder " + missing.getParent() + " does not exist"), r.err());
        assertFalse(Files.exists(missing));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void benchWritesItsJson() throws Exception {
        Path json = dir.resolve("b.json");
        Run r = run("bench", "--lab", "conv", "--size", "default", "--warmup", "0", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        JsonNode first = j.get("results").get(0);
        assertEquals("conv", first.get("lab").asText());
        assertEquals("default", first.get("size").asText());
        assertTrue(first.get("steps").asInt() >= 100);
        assertTrue(first.get("p95_ms").asDouble() >= first.get("p50_ms").asDouble());
        assertTrue(first.get("max_ms").asDouble() >= first.get("p95_ms").asDouble());
    }
}
