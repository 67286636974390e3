package glassbox.render.cnnshapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.cli.Cli;
import glassbox.core.Backend;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.cnnshapes.Stack;
import glassbox.render.Lab;
import glassbox.render.LabAction;
import glassbox.render.Lesson;
import glassbox.render.Labs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The buttons beside the live numbers: open a conv layer in the conv lab, copy the code, apply the fix; and the list parameter. */
class CnnShapesActionsTest {
    private final CnnShapesLab lab = new CnnShapesLab();

    @TempDir Path dir;

    private Stack.Result compute(Values v) {
        return lab.compute(v, Backend.PLAIN);
    }

    private Values preset(String name) {
        Preset p = lab.presets().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return Values.of(lab.params(), p.settings());
    }

    /** Runs a lab from the registry through its public contract (settings in, JSON out), as the window and the CLI do. */
    private static <R> Map<String, Object> runLab(Lab<R> l, Map<String, String> settings) {
        Values v = Values.of(l.params(), settings);
        return l.json(v, l.compute(v, Backend.PLAIN));
    }

    private static Map<String, String> convSettings(int h, int w, int ci, int co, int kh, int kw, int sh, int sw, int ph, int pw) {
        Map<String, String> m = new LinkedHashMap<>();
        int[] vals = {h, w, ci, co, kh, kw, sh, sw, ph, pw};
        String[] keys = {"h", "w", "ci", "co", "kh", "kw", "sh", "sw", "ph", "pw"};
        for (int i = 0; i < keys.length; i++) m.put(keys[i], Integer.toString(vals[i]));
        m.put("bias", "true");
        return m;
    }

    private static List<LabAction> opens(List<LabAction> actions, String labId) {
        return actions.stream().filter(a -> labId.equals(a.lab())).toList();
    }

    @Test
    void svhnPresetOffersBothConvolutionsWithTheirExactSizes() {
        Values v = preset("svhn-network");
        Stack.Result r = compute(v);
        List<LabAction> convs = opens(lab.actions(v, r), "conv");
        assertEquals(2, convs.size());
        // By hand: layer 1 sees the 1×32×32 input. Layer 4 sees 8×7×7: conv 5 gives 32 − 5 + 1 = 28, avgpool 4 gives (28 − 4)/4 + 1 = 7.
        assertEquals("Open layer 1 (Conv 1→8, 5×5) in the conv lab", convs.get(0).label());
        assertEquals(convSettings(32, 32, 1, 8, 5, 5, 1, 1, 0, 0), convs.get(0).settings());
        assertEquals("Open layer 4 (Conv 8→16, 4×4) in the conv lab", convs.get(1).label());
        assertEquals(convSettings(7, 7, 8, 16, 4, 4, 1, 1, 1, 1), convs.get(1).settings());
        int[] rows = {0, 3};
        for (int k = 0; k < 2; k++) {
            LabAction a = convs.get(k);
            assertNull(a.copyText());
            assertFalse(a.help().isBlank());
            // The conv lab takes the settings and computes the same output shape and parameter count as the table.
            Map<String, Object> j = runLab(Labs.get("conv"), a.settings());
            Stack.Row row = r.rows().get(rows[k]);
            assertArrayEquals(row.outShape(), new int[]{((Number) j.get("d_out")).intValue() / (((Number) j.get("h_out")).intValue() * ((Number) j.get("w_out")).intValue()),
                    ((Number) j.get("h_out")).intValue(), ((Number) j.get("w_out")).intValue()});
            assertEquals(row.params(), ((Number) j.get("trainable_params")).longValue());
        }
        assertArrayEquals(new int[]{8, 28, 28}, r.rows().get(0).outShape());
        assertArrayEquals(new int[]{16, 6, 6}, r.rows().get(3).outShape());
    }

    @Test
    void everyOpenActionOfEveryPresetComputesInTheConvLabWithTheSameShape() {
        List<Values> cases = new ArrayList<>();
        for (Preset p : lab.presets()) cases.add(Values.of(lab.params(), p.settings()));
        cases.add(Values.of(lab.params(), Map.of("input", "3,64,48", "layers", "conv 3 8 3x5 2x1 1x2; maxpool 2; conv 8 4 1; relu; conv 4 2 3 3 0")));
        for (Values v : cases) {
            Stack.Result r = compute(v);
            List<LabAction> convs = opens(lab.actions(v, r), "conv");
            long expected = r.rows().stream().filter(row -> row.layer().kind() == glassbox.core.cnnshapes.Layer.Kind.CONV).count();
            assertEquals(expected, convs.size(), v.toString());
            int k = 0;
            for (Stack.Row row : r.rows()) {
                if (row.layer().kind() != glassbox.core.cnnshapes.Layer.Kind.CONV) continue;
                Values cv = Values.of(Labs.get("conv").params(), convs.get(k++).settings());
                assertEquals(row.inShape()[1], cv.i("h"));
                assertEquals(row.inShape()[2], cv.i("w"));
                Map<String, Object> j = runLab(Labs.get("conv"), cv.asText());
                int ho = ((Number) j.get("h_out")).intValue(), wo = ((Number) j.get("w_out")).intValue();
                assertArrayEquals(row.outShape(), new int[]{((Number) j.get("d_out")).intValue() / (ho * wo), ho, wo}, v.toString());
            }
        }
    }

    @Test
    void layersTheConvLabWouldRefuseAreLeftOutWithTheReason() {
        record Case(String input, String layers, int refused, String why, Map<String, String> settings) {}
        List<Case> cases = List.of(
                // h = 2048 > 1024; the second conv sees (2046 − 4)/4 + 1 = 511, 2·511·511 = 522,242 entries, and is offered.
                new Case("1,2048,2048", "conv 1 2 3; relu; maxpool 4; conv 2 2 3", 0, "h = 2048",
                        convSettings(2048, 2048, 1, 2, 3, 3, 1, 1, 0, 0)),
                // Layer 1 has 512·256·9 = 1,179,648 weights; layer 3 has 1024·512·3·3 = 4,718,592 > 4,000,000.
                new Case("256,8,8", "conv 256 512 3 1 1; relu; conv 512 1024 3 1 1", 2, "4,718,592 weights",
                        convSettings(8, 8, 512, 1024, 3, 3, 1, 1, 1, 1)),
                // The output 300·300·64 = 5,760,000 entries > 4,000,000; after a 2×2 pool 150·150·64 = 1,440,000 fits.
                new Case("3,300,300", "conv 3 64 3 1 1; maxpool 2; conv 64 8 3", 0, "5,760,000",
                        convSettings(300, 300, 3, 64, 3, 3, 1, 1, 1, 1)),
                // c_i = 600 > 512.
                new Case("600,4,4", "conv 600 8 1; conv 8 8 1", 0, "ci = 600", convSettings(4, 4, 600, 8, 1, 1, 1, 1, 0, 0)),
                // A 100×1 kernel: k_h = 100 > 64.
                new Case("1,128,8", "conv 1 2 100x1; conv 2 2 1", 0, "kh = 100", convSettings(128, 8, 1, 2, 100, 1, 1, 1, 0, 0)));
        for (Case c : cases) {
            Values v = Values.of(lab.params(), Map.of("input", c.input(), "layers", c.layers()));
            Stack.Result r = compute(v);
            List<LabAction> convs = opens(lab.actions(v, r), "conv");
            String what = c.input() + " / " + c.layers();
            assertTrue(convs.stream().noneMatch(a -> a.label().startsWith("Open layer " + (c.refused() + 1) + " ")), what);
            assertFalse(convs.isEmpty(), what);
            for (LabAction a : convs) Labs.get("conv").compute(Values.of(Labs.get("conv").params(), a.settings()), Backend.PLAIN);
            Readout why = lab.readouts(v, r).stream().filter(o -> o.label().equals("Not offered in the conv lab")).findFirst().orElseThrow();
            assertTrue(why.value().startsWith("layer " + (c.refused() + 1) + " (Conv "), why.value());
            assertTrue(why.value().contains("the conv lab refuses it") && why.value().contains(c.why()), why.value());
            // The conv lab really refuses these sizes (so the button would have failed).
            if (c.settings() != null) {
                assertThrows(ParamException.class, () -> {
                    Values cv = Values.of(Labs.get("conv").params(), c.settings());
                    Labs.get("conv").compute(cv, Backend.PLAIN);
                }, what);
            }
        }
        // At the caps exactly: h = w = 1024 (1024·1024·3 = 3,145,728 entries), k = stride = padding = 64 are offered.
        Values edge = Values.of(lab.params(), Map.of("input", "3,1024,1024", "layers", "conv 3 1 64 64 64"));
        Stack.Result er = compute(edge);
        assertEquals(1, opens(lab.actions(edge, er), "conv").size());
        assertTrue(lab.readouts(edge, er).stream().noneMatch(o -> o.label().equals("Not offered in the conv lab")));
    }

    @Test
    void convolutionsFromTheFirstMismatchOnAreNotOffered() {
        // Layer 3 is the first mismatch (its 8 input channels meet 16); layer 5 comes after it.
        Values v = Values.of(lab.params(), Map.of("input", "1,16,16", "layers", "conv 1 16 3; relu; conv 8 4 3; relu; conv 4 2 3"));
        Stack.Result r = compute(v);
        assertEquals(2, r.error().layer());
        List<LabAction> convs = opens(lab.actions(v, r), "conv");
        assertEquals(List.of("Open layer 1 (Conv 1→16, 3×3) in the conv lab"), convs.stream().map(LabAction::label).toList());
        Readout why = lab.readouts(v, r).stream().filter(o -> o.label().equals("Not offered in the conv lab")).findFirst().orElseThrow();
        assertEquals("conv layers 3, 5: at or after the first mismatch (layer 3); apply the fix first", why.value());
    }

    @Test
    void theLessonOpensLayer3AsTheButtonDoes() {
        Lesson lesson = Lesson.shipped().stream().filter(l -> l.steps().get(0).lab() == Labs.get("cnn-shapes")).findFirst().orElseThrow();
        Lesson.Step step = lesson.steps().stream().filter(s -> s.lab() == Labs.get("conv")).findFirst().orElseThrow();
        Values v = preset("svhn-network");
        LabAction layer3 = opens(lab.actions(v, compute(v)), "conv").get(1);
        for (Map.Entry<String, String> e : layer3.settings().entrySet()) assertEquals(e.getValue(), step.values().text(e.getKey()), e.getKey());
        // And the "fix applied" step is what the fix button gives.
        LabAction fix = lab.actions(v, compute(v)).stream().filter(a -> a.label().equals("Apply the fix")).findFirst().orElseThrow();
        assertTrue(lesson.steps().stream().anyMatch(s -> s.lab() == Labs.get("cnn-shapes")
                && s.values().s("layers").equals(fix.settings().get("layers"))));
    }

    @Test
    void copyActionCarriesThePyTorchCode() {
        Values v = preset("svhn-network");
        Stack.Result r = compute(v);
        List<LabAction> copies = lab.actions(v, r).stream().filter(a -> a.copyText() != null).toList();
        assertEquals(1, copies.size());
        LabAction c = copies.get(0);
        assertEquals("Copy as PyTorch code", c.label());
        assertNull(c.lab());
        assertEquals("""
                nn.Sequential(
                    nn.Conv2d(1, 8, kernel_size=5, stride=1, padding=0),
                    nn.AvgPool2d(kernel_size=4, stride=4, padding=0),
                    nn.ReLU(),
                    nn.Conv2d(8, 16, kernel_size=4, stride=1, padding=1),
                    nn.AvgPool2d(kernel_size=2, stride=2, padding=0),
                    nn.ReLU(),
                    nn.Flatten(),
                    nn.Linear(120, 10),
                )""", c.copyText());
        assertEquals(r.code(), c.copyText());
    }

    @Test
    void applyTheFixOpensTheSameLabWithAStackThatFits() {
        Values v = preset("svhn-network");
        Stack.Result r = compute(v);
        List<LabAction> fixes = lab.actions(v, r).stream().filter(a -> a.label().equals("Apply the fix")).toList();
        assertEquals(1, fixes.size());
        LabAction fix = fixes.get(0);
        assertEquals("cnn-shapes", fix.lab());
        assertEquals(Map.of("input", "1,32,32",
                "layers", "conv 1 8 5 1 0; avgpool 4 4 0; relu; conv 8 16 4 1 1; avgpool 2 2 0; relu; flatten; linear 144 10"), fix.settings());
        Values fv = Values.of(lab.params(), fix.settings());
        Stack.Result fr = compute(fv);
        assertNull(fr.error());
        assertArrayEquals(new int[]{10}, fr.output());
        assertTrue(lab.actions(fv, fr).stream().noneMatch(a -> a.label().equals("Apply the fix")));
        assertEquals(2, opens(lab.actions(fv, fr), "conv").size());
        // No error, no fix button; the fully convolutional head has three convolutions to open.
        Values head = preset("fully-convolutional-head");
        Stack.Result hr = compute(head);
        assertTrue(lab.actions(head, hr).stream().noneMatch(a -> "cnn-shapes".equals(a.lab())));
        assertEquals(3, opens(lab.actions(head, hr), "conv").size());
    }

    @Test
    void applyingFixesRepeatedlyRepairsEveryKindOfMismatch() {
        String[][] broken = {
                {"3,32,32", "conv 1 8 3; relu; flatten; linear 10 2"},            // channels, then the Linear size
                {"16,3,3", "linear 144 10"},                                         // Flatten missing
                {"1,8,8", "maxpool 3 1 2; conv 1 2 3"},                              // pooling padding
                {"1,8,8", "flatten; relu; conv 1 2 3; relu; linear 72 4"},           // Flatten too early
                {"1,32,32", "flatten; conv 1 4 3; maxpool 2; conv 2 4 3; linear 9 9"}, // several in turn
        };
        for (String[] b : broken) {
            Values v = Values.of(lab.params(), Map.of("input", b[0], "layers", b[1]));
            Stack.Result r = compute(v);
            assertNotNull(r.error(), b[1]);
            int steps = 0;
            while (r.error() != null) {
                assertTrue(++steps <= 5, "no convergence for " + b[1]);
                Values cur = v;
                LabAction fix = lab.actions(v, r).stream().filter(a -> a.label().equals("Apply the fix")).findFirst()
                        .orElseThrow(() -> new AssertionError("no fix offered for " + cur.s("layers") + ": " + lab.readouts(cur, compute(cur))));
                v = v.with(fix.settings());
                r = compute(v);
            }
            assertEquals(b[0], v.s("input"));
        }
        // A vector made by a Linear layer has no mechanical fix: the readout says so and there is no button.
        Values v = Values.of(lab.params(), Map.of("input", "1,8,8", "layers", "flatten; linear 64 16; conv 1 1 1"));
        Stack.Result r = compute(v);
        assertNotNull(r.error());
        assertTrue(lab.actions(v, r).stream().noneMatch(a -> a.label().equals("Apply the fix")));
    }

    @Test
    void layersIsAListParameterThatRoundTripsThroughTheCommandLine() throws Exception {
        Param p = lab.params().stream().filter(x -> x.key().equals("layers")).findFirst().orElseThrow();
        assertEquals(Param.Kind.LIST, p.kind());
        String layers = "conv 3 6 5; maxpool 2; relu; flatten; linear 1176 10";
        // The window's list editor splits at ';' and joins the items with "; ": the same settings.
        List<String> items = new ArrayList<>();
        for (String it : "conv 3 6 5 ;maxpool 2;; relu;flatten ; linear 1176 10".split(";")) if (!it.isBlank()) items.add(it.trim());
        assertEquals(layers, String.join("; ", items));
        Values v = Values.of(lab.params(), Map.of("input", "3,32,32", "layers", layers));
        assertEquals(v, Values.of(lab.params(), v.asText()));

        Path json = dir.resolve("c.json");
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Cli.run(new String[]{"export", "cnn-shapes", "--set", "input=3,32,32", "--set", "layers=" + layers, "--json", json.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(layers, j.get("parameters").get("layers").asText());
        assertEquals(5, j.get("layers").size());
        // 3×32×32 → conv 5: 28 → maxpool 2: 14 → 6·14·14 = 1176 → 10.
        assertEquals(1176, j.get("layers").get(3).get("out_shape").get(0).asInt());
        assertTrue(j.get("error").isNull());
        assertEquals(6 * 3 * 25 + 6 + 1176 * 10 + 10, j.get("total_params").asLong());
        // The exported parameters set again give the same JSON.
        Path again = dir.resolve("d.json");
        code = Cli.run(new String[]{"export", "cnn-shapes", "--set", "input=" + j.get("parameters").get("input").asText(),
                        "--set", "layers=" + j.get("parameters").get("layers").asText(), "--json", again.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertEquals(j, new ObjectMapper().readTree(again.toFile()));
        // A bad item is one line naming the layer, exit status 2.
        ByteArrayOutputStream e2 = new ByteArrayOutputStream();
        code = Cli.run(new String[]{"export", "cnn-shapes", "--set", "layers=conv 3 6 5; pool 2", "--json", dir.resolve("x.json").toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e2, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String err = e2.toString(StandardCharsets.UTF_8).trim();
        assertTrue(err.contains("layers: layer 2 (pool 2): unknown layer 'pool'") && !err.contains("\n"), err);
    }
}
