package glassbox.core.cnnshapes;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class StackTest {
    static final String SVHN = "conv 1 8 5 1 0; avgpool 4 4 0; relu; conv 8 16 4 1 1; avgpool 2 2 0; relu; flatten; linear 120 10";

    static Stack.Result run(String input, String layers) {
        return Stack.compute(Stack.parseInput(input), Layer.parseAll(layers));
    }

    @Test
    void svhnByHand() {
        Stack.Result r = run("1,32,32", SVHN);
        int[][] shapes = {{8, 28, 28}, {8, 7, 7}, {8, 7, 7}, {16, 6, 6}, {16, 3, 3}, {16, 3, 3}, {144}, {10}};
        long[] params = {8 * 25 + 8, 0, 0, 16 * 8 * 16 + 16, 0, 0, 0, 120 * 10 + 10};
        for (int i = 0; i < shapes.length; i++) {
            assertArrayEquals(shapes[i], r.rows().get(i).outShape(), "layer " + i);
            assertEquals(params[i], r.rows().get(i).params(), "layer " + i);
        }
        assertEquals(208 + 2064 + 1210, r.totalParams());
        assertEquals(200 + 2048 + 1200, r.totalParamsNoBias());
        assertEquals(8L * 28 * 28 * 25, r.rows().get(0).macs());
        assertEquals(16L * 6 * 6 * 8 * 16, r.rows().get(3).macs());
        assertEquals(1200, r.rows().get(7).macs());
        // Receptive field: 5 → 5 + 3·1 = 8 (jump 4) → 8 + 3·4 = 20 → 20 + 1·4 = 24 (jump 8).
        assertEquals(5, r.rows().get(0).rfH());
        assertEquals(8, r.rows().get(1).rfH());
        assertEquals(4, r.rows().get(1).jumpH());
        assertEquals(20, r.rows().get(3).rfW());
        assertEquals(24, r.rows().get(4).rfH());
        assertEquals(8, r.rows().get(4).jumpW());
        assertTrue(r.rows().get(7).rfWhole());
        assertNotNull(r.error());
        assertEquals(7, r.error().layer());
        assertEquals("Linear expects 120 inputs but Flatten gives 16·3·3 = 144", r.error().message());
        assertEquals("use Linear(144, 10)", r.error().fix());
        // The fixed stack fits and ends in 10 outputs.
        Stack.Result fixed = run("1,32,32", r.error().fixedLayers());
        assertNull(fixed.error());
        assertArrayEquals(new int[]{10}, fixed.output());
        assertEquals(144 * 10 + 10, fixed.rows().get(7).params());
        assertTrue(r.code().startsWith("nn.Sequential(\n    nn.Conv2d(1, 8, kernel_size=5, stride=1, padding=0),\n    nn.AvgPool2d(kernel_size=4, stride=4, padding=0),\n    nn.ReLU(),"));
        assertTrue(r.code().endsWith("    nn.Flatten(),\n    nn.Linear(120, 10),\n)"));
    }

    @Test
    void fullyConvolutionalHeadAndExamOutputSize() {
        Stack.Result r = run("1,32,32", "conv 1 8 5 1 0; avgpool 4 4 0; relu; conv 8 16 4 1 1; avgpool 2 2 0; relu; conv 16 10 3 1 0");
        assertNull(r.error());
        assertArrayEquals(new int[]{10, 1, 1}, r.output());
        assertEquals(16 * 10 * 9 + 10, r.rows().get(6).params());
        Stack.Result e = run("1,128,128", "conv 1 1 3x5 1x3 0");
        // floor((128 − 3)/1) + 1 = 126, floor((128 − 5)/3) + 1 = 42.
        assertArrayEquals(new int[]{1, 126, 42}, e.output());
        assertEquals(16, e.totalParams());
        assertEquals(126L * 42 * 15, e.totalMacs());
        assertEquals("nn.Conv2d(1, 1, kernel_size=(3, 5), stride=(1, 3), padding=0)", e.rows().get(0).layer().code());
    }

    /** The exam's second fully convolutional fix (issue 18): 1×1 conv to 10 channels, then a 3×3 average pool. */
    @Test
    void fullyConvolutionalWithOneByOneConvAndPool() {
        Stack.Result r = run("1,32,32", "conv 1 8 5 1 0; avgpool 4 4 0; relu; conv 8 16 4 1 1; avgpool 2 2 0; relu; conv 16 10 1 1 0; avgpool 3 3 0");
        assertNull(r.error());
        assertArrayEquals(new int[]{10, 3, 3}, r.rows().get(6).outShape());
        assertArrayEquals(new int[]{10, 1, 1}, r.output());
        // By hand: (8·25 + 8) + (16·8·16 + 16) + (10·16 + 10) + 0 for the pool.
        assertEquals(208 + 2064 + 170, r.totalParams());
        assertEquals(2442, r.totalParams());
        assertEquals(0, r.rows().get(7).params());
    }

    @Test
    void mismatchesOtherThanLinear() {
        Stack.Result a = run("3,32,32", "conv 1 8 3; relu");
        assertEquals(0, a.error().layer());
        assertEquals("Conv2d expects 1 input channel but gets 3 (3×32×32)", a.error().message());
        assertEquals("use Conv2d(3, 8, kernel_size=3, stride=1, padding=0)", a.error().fix());
        assertArrayEquals(new int[]{8, 30, 30}, a.output());
        Stack.Result b = run("16,3,3", "linear 144 10");
        assertEquals("Linear gets a 16×3×3 feature map, not a vector", b.error().message());
        assertTrue(b.error().fix().startsWith("insert Flatten before it (it gives 16·3·3 = 144)"));
        assertNull(run("16,3,3", b.error().fixedLayers()).error());
        Stack.Result c = run("1,8,8", "flatten; conv 1 2 3; relu");
        assertEquals(1, c.error().layer());
        assertTrue(c.error().message().contains("Conv2d needs a C×H×W feature map but gets a flat vector of 64"), c.error().message());
        assertNull(c.rows().get(2).outShape());
        Stack.Result d = run("1,8,8", "maxpool 3 1 2");
        assertTrue(d.error().message().contains("padding 2 is more than half the kernel 3"), d.error().message());
        // Its fix lowers the padding to half the kernel (floor(3/2) = 1): 8 + 2·1 − 3 + 1 = 8 rows and columns.
        assertEquals("maxpool 3 1 1", d.error().fixedLayers());
        Stack.Result dFixed = run("1,8,8", d.error().fixedLayers());
        assertNull(dFixed.error());
        assertArrayEquals(new int[]{1, 8, 8}, dFixed.output());
        // Flatten too early: the fix moves it after the last convolution (8 − 3 + 1 = 6, so 2·6·6 = 72).
        assertEquals("move Flatten from layer 1 to after layer 2 (the last convolution or pooling layer)", c.error().fix());
        assertEquals("conv 1 2 3; flatten; relu", c.error().fixedLayers());
        assertArrayEquals(new int[]{72}, run("1,8,8", c.error().fixedLayers()).output());
        // ... or drops it when a later Flatten already follows the last spatial layer.
        Stack.Result c2 = run("1,8,8", "flatten; relu; maxpool 2; flatten; linear 16 3");
        assertEquals("remove Flatten at layer 1 (a later Flatten already follows the last convolution or pooling layer)", c2.error().fix());
        assertEquals("relu; maxpool 2; flatten; linear 16 3", c2.error().fixedLayers());
        assertNull(run("1,8,8", c2.error().fixedLayers()).error());
        // A vector made by a Linear layer: no mechanical fix.
        assertNull(run("1,8,8", "flatten; linear 64 16; conv 1 1 1").error().fixedLayers());
        // Untouched layers keep the text the user typed (default stride and padding not spelled out).
        assertEquals("conv 3 8 3; relu; flatten; linear 6272 2",
                run("3,30,30", "conv 3 8 3; relu; flatten; linear 100 2").error().fixedLayers());
        // Linear after Linear: the number comes from the previous layer.
        Stack.Result e = run("1,4,4", "flatten; linear 16 7; linear 8 2");
        assertEquals("Linear expects 8 inputs but layer 2 (linear 16 7) gives 7", e.error().message());
    }

    @Test
    void badInputsNameTheLayer() {
        String[][] cases = {
                {"conv 1 8", "conv expects 3 to 5 arguments"},
                {"conv 1 8 5 1 0 7", "conv expects 3 to 5 arguments"},
                {"relu 3", "relu expects no arguments"},
                {"linear 10", "linear expects 2 arguments: in out"},
                {"avgpool", "avgpool expects 1 to 3 arguments"},
                {"dropout 0.5", "unknown layer 'dropout'"},
                {"conv 1 8 0", "k = 0"},
                {"conv 1 8 3x", "k '' is not a whole number"},
                {"", "at least one layer"},
        };
        for (String[] c : cases) {
            ParamException e = assertThrows(ParamException.class, () -> run("1,32,32", c[0]), c[0]);
            assertEquals("layers", e.key());
            assertTrue(e.getMessage().contains(c[1]), c[0] + " → " + e.getMessage());
        }
        // A kernel larger than its (padded) input is not a typing mistake: the layer that does not fit is marked, in numbers.
        String[][] tooSmall = {
                {"conv 1 8 5; avgpool 4 4 0; avgpool 4 4 0; avgpool 4 4 0", "layer 4 (avgpool 4 4 0) gets height 1"},
                {"conv 1 8 40", "layer 1 (conv 1 8 40) gets height 32: floor((32 + 2·0 − 40)/1) + 1 ≤ 0"},
        };
        for (String[] c : tooSmall) {
            Stack.Result r = run("1,32,32", c[0]);
            assertNotNull(r.error(), c[0]);
            assertTrue(r.error().message().contains(c[1]), c[0] + " → " + r.error().message());
        }
        for (String in : new String[]{"1,32", "0,32,32", "a,b,c", "1,32,32,4", "1,-3,3"}) {
            assertEquals("input", assertThrows(ParamException.class, () -> Stack.parseInput(in)).key(), in);
        }
        assertEquals(4, Stack.parseInput("4x5x6")[0]);
    }

    @Test
    void hugeFlattenedMaps() {
        // VGG's first block without pooling: 64·224·224 = 3,211,264 features into one Linear layer: 3,211,264·10 + 10 parameters.
        Stack.Result r = run("3,224,224", "conv 3 64 3 1 1; relu; flatten; linear 3211264 10");
        assertNull(r.error());
        assertEquals(3_211_264L * 10 + 10, r.rows().get(3).params());
        assertEquals(3_211_264L * 10 + 10 + 64 * 27 + 64, r.totalParams());
        assertTrue(assertThrows(ParamException.class, () -> run("1,4,4", "flatten; linear 1000000001 2")).getMessage()
                .contains("in = 1000000001, expected 1 to 1000000000"));
        // 1000·1000·3000 = 3e9 values do not fit a flat index: refused, naming Flatten, rather than clamped.
        // (A 1×1 convolution to 1000 channels builds the map from an input small enough to index.)
        ParamException e = assertThrows(ParamException.class, () -> run("1,1000,3000", "conv 1 1000 1; flatten; linear 10 2"));
        assertTrue(e.getMessage().startsWith("layers: layer 2 (flatten) gets 1000×1000×3000: 1000·1000·3000 = 3000000000 values"), e.getMessage());
        assertEquals("input", assertThrows(ParamException.class, () -> run("1000,1000,3000", "flatten; linear 10 2")).key());
        // 1000·1000·1500 = 1.5e9 flattens, but no Linear layer may take more than 1e9 inputs: the fix is in words only.
        Stack.Result big = run("1000,1000,1500", "flatten; linear 10 2");
        assertEquals("use Linear(1500000000, 2)", big.error().fix());
        assertNull(big.error().fixedLayers());
        assertNull(run("1000,1000,1500", "linear 10 2").error().fixedLayers());
    }

    /** Output size by counting window positions one by one (no floor formula). */
    static int countPositions(int n, int k, int s, int p) {
        int count = 0;
        for (int start = -p; start + k - 1 <= n - 1 + p; start += s) count++;
        return count;
    }

    @Test
    void randomStacksAgainstIndependentCounts() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int c = 1 + rnd.nextInt(4), h = 8 + rnd.nextInt(60), w = 8 + rnd.nextInt(60);
            int C = c, H = h, W = w;
            List<String> spec = new ArrayList<>();
            List<int[]> expectShape = new ArrayList<>();
            List<Long> expectParams = new ArrayList<>(), expectMacs = new ArrayList<>();
            List<int[]> kernels = new ArrayList<>(); // {kh, kw, sh, sw, ph, pw} of spatial layers, null otherwise
            int depth = 1 + rnd.nextInt(8);
            for (int d = 0; d < depth; d++) {
                int kind = rnd.nextInt(4);
                if (kind == 3) {
                    spec.add("relu");
                    expectShape.add(new int[]{C, H, W});
                    expectParams.add(0L);
                    expectMacs.add(0L);
                    kernels.add(null);
                    continue;
                }
                int kh = 1 + rnd.nextInt(Math.min(5, H)), kw = 1 + rnd.nextInt(Math.min(5, W));
                int sh = 1 + rnd.nextInt(3), sw = 1 + rnd.nextInt(3);
                int ph = rnd.nextInt(kh / 2 + 1), pw = rnd.nextInt(kw / 2 + 1);
                int Ho = countPositions(H, kh, sh, ph), Wo = countPositions(W, kw, sw, pw);
                if (kind == 0) {
                    int o = 1 + rnd.nextInt(16);
                    spec.add("conv " + C + " " + o + " " + kh + "x" + kw + " " + sh + "x" + sw + " " + ph + "x" + pw);
                    long weights = 0;
                    for (int a = 0; a < o; a++) for (int b = 0; b < C; b++) for (int i = 0; i < kh; i++) for (int j = 0; j < kw; j++) weights++;
                    expectParams.add(weights + o);
                    long macs = 0;
                    for (int u = 0; u < Ho; u++) for (int v = 0; v < Wo; v++) macs += (long) o * C * kh * kw;
                    expectMacs.add(macs);
                    C = o;
                } else {
                    spec.add((kind == 1 ? "avgpool " : "maxpool ") + kh + "x" + kw + " " + sh + "x" + sw + " " + ph + "x" + pw);
                    expectParams.add(0L);
                    expectMacs.add(0L);
                }
                H = Ho;
                W = Wo;
                expectShape.add(new int[]{C, H, W});
                kernels.add(new int[]{kh, kw, sh, sw, ph, pw});
            }
            Stack.Result r = run(c + "," + h + "," + w, String.join("; ", spec));
            assertNull(r.error(), String.join("; ", spec));
            for (int i = 0; i < depth; i++) {
                Stack.Row row = r.rows().get(i);
                assertArrayEquals(expectShape.get(i), row.outShape(), spec.get(i));
                assertEquals(expectParams.get(i), row.params());
                assertEquals(expectMacs.get(i), row.macs());
                // Receptive field by walking one output pixel's interval back to the input.
                long aH = 0, bH = 0, aW = 0, bW = 0;
                for (int q = i; q >= 0; q--) {
                    int[] k = kernels.get(q);
                    if (k == null) continue;
                    aH = aH * k[2] - k[4]; bH = bH * k[2] - k[4] + k[0] - 1;
                    aW = aW * k[3] - k[5]; bW = bW * k[3] - k[5] + k[1] - 1;
                }
                assertEquals(bH - aH + 1, row.rfH(), "rf rows after layer " + i + " of " + spec);
                assertEquals(bW - aW + 1, row.rfW(), "rf cols after layer " + i);
            }
        }
    }
}
