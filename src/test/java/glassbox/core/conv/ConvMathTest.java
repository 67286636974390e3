package glassbox.core.conv;

import glassbox.core.Backend;
import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The conv mathematics against references written without the index formula of A. */
class ConvMathTest {

    /** Reference convolution on a 3-D array image[i][j][c] with kernel[o][c][a][b] (padding by building the padded image). */
    static double[][][] reference(double[][][] img, double[][][][] k, int sh, int sw, int ph, int pw) {
        int h = img.length, w = img[0].length, ci = img[0][0].length, co = k.length, kh = k[0][0].length, kw = k[0][0][0].length;
        double[][][] padded = new double[h + 2 * ph][w + 2 * pw][ci];
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) padded[i + ph][j + pw] = img[i][j].clone();
        int ho = (h + 2 * ph - kh) / sh + 1, wo = (w + 2 * pw - kw) / sw + 1;
        double[][][] out = new double[ho][wo][co];
        for (int u = 0; u < ho; u++)
            for (int v = 0; v < wo; v++)
                for (int o = 0; o < co; o++) {
                    double s = 0;
                    for (int a = 0; a < kh; a++)
                        for (int b = 0; b < kw; b++)
                            for (int c = 0; c < ci; c++) s += k[o][c][a][b] * padded[u * sh + a][v * sw + b][c];
                    out[u][v][o] = s;
                }
        return out;
    }

    static ConvSpec randomSpec(SplittableRandom r, ConvSpec.Order order) {
        while (true) {
            int h = r.nextInt(1, 9), w = r.nextInt(1, 9), kh = r.nextInt(1, 5), kw = r.nextInt(1, 5), ph = r.nextInt(0, 3), pw = r.nextInt(0, 3);
            if (kh > h + 2 * ph || kw > w + 2 * pw) continue;
            return new ConvSpec(h, w, r.nextInt(1, 4), r.nextInt(1, 4), kh, kw, r.nextInt(1, 4), r.nextInt(1, 4), ph, pw, order, false);
        }
    }

    @Test
    void matrixRebuiltColumnByColumnFromBasisImagesEqualsIndexFormula() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 60; trial++) {
            ConvSpec s = randomSpec(rnd, trial % 2 == 0 ? ConvSpec.Order.HWC : ConvSpec.Order.CHW);
            double[] wts = Conv.data(s, trial)[0];
            double[][][][] k = new double[s.co()][s.ci()][s.kh()][s.kw()];
            for (int o = 0; o < s.co(); o++) for (int c = 0; c < s.ci(); c++) for (int a = 0; a < s.kh(); a++) for (int b = 0; b < s.kw(); b++)
                k[o][c][a][b] = wts[((o * s.ci() + c) * s.kh() + a) * s.kw() + b];
            long nnz = 0;
            // Column for basis image e_(i,j,c): the reference conv of that image, flattened in the output order.
            for (int i = 0; i < s.h(); i++) for (int j = 0; j < s.w(); j++) for (int c = 0; c < s.ci(); c++) {
                double[][][] img = new double[s.h()][s.w()][s.ci()];
                img[i][j][c] = 1;
                double[][][] y = reference(img, k, s.sh(), s.sw(), s.ph(), s.pw());
                int col = s.order() == ConvSpec.Order.HWC ? (i * s.w() + j) * s.ci() + c : c * s.h() * s.w() + i * s.w() + j;
                for (int u = 0; u < y.length; u++) for (int v = 0; v < y[0].length; v++) for (int o = 0; o < s.co(); o++) {
                    int row = s.order() == ConvSpec.Order.HWC ? (u * y[0].length + v) * s.co() + o : o * y.length * y[0].length + u * y[0].length + v;
                    int wi = ConvMatrix.entry(s, row, col);
                    double expected = y[u][v][o];
                    double got = wi < 0 ? 0 : wts[wi];
                    assertEquals(expected, got, 0, "A[" + row + "," + col + "] of " + s);
                    if (wi >= 0) nnz++;
                }
            }
            assertEquals(nnz, s.nnz(), "nnz of " + s);
            assertEquals(nnz, Pattern.of(s).totalNonZeros(), 1e-6, "pattern accounts for every non-zero of " + s);
        }
    }

    @Test
    void sparseProductAndBothDirectConvolutionsAgreeWithReference() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 40; trial++) {
            ConvSpec s = randomSpec(rnd, trial % 2 == 0 ? ConvSpec.Order.HWC : ConvSpec.Order.CHW);
            ConvResult r = new Conv().compute(s, trial, Backend.PLAIN, true);
            double[][][] img = new double[s.h()][s.w()][s.ci()];
            for (int i = 0; i < s.h(); i++) for (int j = 0; j < s.w(); j++) for (int c = 0; c < s.ci(); c++) img[i][j][c] = r.image()[(i * s.w() + j) * s.ci() + c];
            double[][][][] k = new double[s.co()][s.ci()][s.kh()][s.kw()];
            for (int wi = 0; wi < r.weights().length; wi++) { int[] p = s.weightPosition(wi); k[p[0]][p[1]][p[2]][p[3]] = r.weights()[wi]; }
            double[][][] ref = reference(img, k, s.sh(), s.sw(), s.ph(), s.pw());
            assertEquals(ref.length, s.hOut());
            assertEquals(ref[0].length, s.wOut());
            for (int u = 0; u < s.hOut(); u++) for (int v = 0; v < s.wOut(); v++) for (int o = 0; o < s.co(); o++) {
                int row = s.outIndex(u, v, o);
                assertEquals(ref[u][v][o], r.y()[row], 1e-12);
                assertEquals(ref[u][v][o], r.yDirect()[row], 1e-12);
            }
            assertTrue(r.maxDiff() < 1e-12);
        }
    }

    @Test
    void nd4jDirectConvolutionMatchesPlainJava() {
        glassbox.core.Nd4jRuntime.require();
        ConvSpec s = new ConvSpec(9, 7, 3, 4, 3, 2, 2, 1, 1, 0, ConvSpec.Order.CHW, false);
        double[][] d = Conv.data(s, 5);
        double[] a = DirectConv.plain(s, d[0], d[1]), b = DirectConv.nd4j(s, d[0], d[1]);
        assertEquals(a.length, b.length);
        // ND4J computes in float32: agreement to float precision, relative to the size of each sum.
        for (int k = 0; k < a.length; k++) assertEquals(a[k], b[k], 2e-6 * (1 + Math.abs(a[k])));
    }

    @Test
    void workedExamplesByHand() {
        // Conv as a linear layer: 6x6x2, 2 filters 3x3 -> 4x4x2; d_in 72, d_out 32, nnz = 16·9·2·2 = 576, density 9/36.
        ConvSpec a = new ConvSpec(6, 6, 2, 2, 3, 3, 1, 1, 0, 0, ConvSpec.Order.HWC, false);
        assertEquals(4, a.hOut());
        assertEquals(72, a.dIn());
        assertEquals(32, a.dOut());
        assertEquals(576, a.nnz());
        assertEquals(0.25, a.density(), 1e-15);
        assertEquals(36, a.trainableParams());
        // Exam: 128x128, 3x5 filter, stride (1, 3): h' = 126, w' = floor(123/3) + 1 = 42.
        ConvSpec e = new ConvSpec(128, 128, 1, 1, 3, 5, 1, 3, 0, 0, ConvSpec.Order.HWC, false);
        assertEquals(126, e.hOut());
        assertEquals(42, e.wOut());
        assertEquals(15, e.trainableParams());
        // SVHN Conv-1: 28x28x8, 8·1·25 + 8 = 208 params with bias.
        ConvSpec c1 = new ConvSpec(32, 32, 1, 8, 5, 5, 1, 1, 0, 0, ConvSpec.Order.HWC, true);
        assertEquals(28, c1.hOut());
        assertEquals(208, c1.trainableParams());
        // SVHN Conv-2: 7x7x8 -> (7 + 2 - 4)/1 + 1 = 6; 16·8·16 = 2048 weights.
        ConvSpec c2 = new ConvSpec(7, 7, 8, 16, 4, 4, 1, 1, 1, 1, ConvSpec.Order.HWC, false);
        assertEquals(6, c2.hOut());
        assertEquals(2048, c2.weightCount());
        // ViT: 8x8 patches, each weight used once per patch: nnz = 64·(16·3)·128.
        ConvSpec vit = new ConvSpec(32, 32, 3, 128, 4, 4, 4, 4, 0, 0, ConvSpec.Order.HWC, false);
        assertEquals(8, vit.hOut());
        assertEquals(64L * 48 * 128, vit.nnz());
        // ResNet stem: 112x112x64, d_in·d_out ≈ 1.2e11.
        ConvSpec stem = new ConvSpec(224, 224, 3, 64, 7, 7, 2, 2, 3, 3, ConvSpec.Order.HWC, false);
        assertEquals(112, stem.hOut());
        assertEquals(150_528L * 802_816L, stem.dIn() * stem.dOut());
        // i = 2u + a − 3: a = 0 misses u = 0, 1; a = 1, 2 miss u = 0 (4 lost); at u = 111, i = 219 + a: a = 5, 6 fall off (2 lost).
        long perAxis = 7L * 112 - 4 - 2;
        assertEquals(perAxis * perAxis * 3 * 64, stem.nnz());
        assertTrue(stem.nnz() > 1.0e8 && stem.nnz() < 1.2e8);
    }

    @Test
    void unreadRowsWhenStrideDoesNotDivide() {
        // h + 2p − k = 10 − 3 = 7, stride 2: 7 % 2 = 1 row never read.
        ConvSpec s = new ConvSpec(10, 10, 1, 1, 3, 3, 2, 1, 0, 0, ConvSpec.Order.HWC, false);
        assertEquals(4, s.hOut());
        assertEquals(1, s.unreadInputRows());
        assertEquals(0, s.unreadInputCols());
        // The last row i = 9 appears in no row of A.
        for (int j = 0; j < 10; j++) {
            int col = s.inIndex(9, j, 0);
            for (int row = 0; row < s.dOut(); row++) assertEquals(-1, ConvMatrix.entry(s, row, col));
        }
    }

    @Test
    void theWindowsSampledModeConvolvesTheShownChannelsAndTheCheckedRowsExactly() {
        for (ConvSpec.Order order : new ConvSpec.Order[]{ConvSpec.Order.HWC, ConvSpec.Order.CHW}) {
            ConvSpec s = new ConvSpec(96, 96, 3, 32, 7, 7, 1, 1, 3, 3, order, false);
            assertTrue(s.nnz() > Conv.FULL_CHECK_NNZ);
            ConvResult live = new Conv().compute(s, 4, glassbox.core.Backend.PLAIN, false);
            ConvResult full = new Conv().compute(s, 4, glassbox.core.Backend.PLAIN, true);
            assertTrue(live.sampled());
            assertFalse(full.sampled());
            assertEquals(Conv.SHOWN_CHANNELS, live.directChannels());
            assertEquals(32, full.directChannels());
            java.util.Set<Integer> checked = new java.util.HashSet<>();
            for (int r : live.checkedRows()) checked.add(r);
            int nan = 0;
            for (int row = 0; row < s.dOut(); row++) {
                int o = s.outPosition(row)[2];
                if (o < Conv.SHOWN_CHANNELS || checked.contains(row)) assertEquals(full.yDirect()[row], live.yDirect()[row], 0, "row " + row);
                else { assertTrue(Double.isNaN(live.yDirect()[row])); nan++; }
            }
            assertTrue(nan > 0);
            // Checked rows lie in every channel, not only the drawn ones, and A·x agrees there.
            assertTrue(checked.stream().anyMatch(r -> s.outPosition(r)[2] >= Conv.SHOWN_CHANNELS));
            for (int k = 0; k < live.checkedRows().length; k++) assertEquals(full.y()[live.checkedRows()[k]], live.ax(live.checkedRows()[k]), 0);
            assertTrue(live.maxDiff() < 1e-12, "max diff " + live.maxDiff());
        }
    }

    @Test
    void onTheNd4jCpuBackendTheSampledModeGivesThePlainNumbers() {
        // There the pattern and the check run beside a one-thread ND4J convolution: same rows, same A·x,
        // the undrawn channels' checked outputs exactly, the drawn ones to float precision.
        glassbox.core.Nd4jRuntime.require();
        for (ConvSpec.Order order : new ConvSpec.Order[]{ConvSpec.Order.HWC, ConvSpec.Order.CHW}) {
            ConvSpec s = new ConvSpec(96, 96, 3, 32, 7, 7, 1, 1, 3, 3, order, false);
            Conv conv = new Conv(); // one engine: the backend does not move A's pattern, so its memo serves both
            ConvResult plain = conv.compute(s, 6, glassbox.core.Backend.PLAIN, false);
            ConvResult nd = conv.compute(s, 6, glassbox.core.Backend.ND4J_CPU, false);
            assertEquals(glassbox.core.Backend.ND4J_CPU, nd.backend());
            assertArrayEquals(plain.checkedRows(), nd.checkedRows());
            assertArrayEquals(plain.y(), nd.y(), 0.0);
            assertSame(plain.pattern(), nd.pattern());
            for (int row = 0; row < s.dOut(); row++) {
                double a = plain.yDirect()[row], b = nd.yDirect()[row];
                if (s.outPosition(row)[2] >= Conv.SHOWN_CHANNELS) assertEquals(a, b, 0.0, "row " + row);
                else assertEquals(a, b, 1e-5 * (1 + Math.abs(a)), "row " + row);
            }
            assertTrue(nd.maxDiff() < 1e-4, "max diff " + nd.maxDiff());
        }
    }

    @Test
    void summaryOfTheResNetStemAccountsForEveryNonZero() {
        for (ConvSpec.Order order : new ConvSpec.Order[]{ConvSpec.Order.HWC, ConvSpec.Order.CHW}) {
            ConvSpec stem = new ConvSpec(224, 224, 3, 64, 7, 7, 2, 2, 3, 3, order, false);
            Pattern p = Pattern.of(stem);
            assertFalse(p.exact());
            assertEquals(512, p.rows());
            assertEquals(512, p.cols());
            assertEquals(stem.nnz(), p.totalNonZeros(), stem.nnz() * 1e-6);
            for (float d : p.density()) assertTrue(d >= 0 && d <= 1);
        }
    }

    @Test
    void summaryDensityMatchesBruteForceOnAMediumLayer() {
        for (ConvSpec.Order order : new ConvSpec.Order[]{ConvSpec.Order.HWC, ConvSpec.Order.CHW}) {
            assertSummaryMatchesBruteForce(new ConvSpec(20, 17, 3, 5, 4, 3, 2, 3, 1, 2, order, false), 37, 53);
        }
    }

    @Test
    void summaryDensityMatchesBruteForceOnRandomLayersAndBinCounts() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        for (int t = 0; t < 40; t++) {
            int h = rnd.nextInt(3, 24), w = rnd.nextInt(3, 24), kh = rnd.nextInt(1, Math.min(h, 6) + 1), kw = rnd.nextInt(1, Math.min(w, 6) + 1);
            ConvSpec s = new ConvSpec(h, w, rnd.nextInt(1, 5), rnd.nextInt(1, 9), kh, kw, rnd.nextInt(1, 4), rnd.nextInt(1, 4),
                    rnd.nextInt(0, 3), rnd.nextInt(0, 3), rnd.nextBoolean() ? ConvSpec.Order.HWC : ConvSpec.Order.CHW, false);
            int rb = (int) Math.min(s.dOut(), rnd.nextInt(1, 80)), cb = (int) Math.min(s.dIn(), rnd.nextInt(1, 80));
            assertSummaryMatchesBruteForce(s, rb, cb);
        }
    }

    /** Every non-zero of A counted into its (row bin, column bin) one entry at a time. */
    private static void assertSummaryMatchesBruteForce(ConvSpec s, int rb, int cb) {
        Pattern p = Pattern.summary(s, rb, cb);
        long[] counts = new long[rb * cb];
        for (int row = 0; row < s.dOut(); row++) {
            final int r = row;
            ConvMatrix.row(s, row, (col, wi) -> counts[Pattern.bin(r, s.dOut(), rb) * cb + Pattern.bin(col, s.dIn(), cb)]++);
        }
        for (int b = 0; b < counts.length; b++) {
            double expected = counts[b] / ((double) Pattern.binSize(b / cb, s.dOut(), rb) * Pattern.binSize(b % cb, s.dIn(), cb));
            assertEquals(expected, p.density()[b], 1e-6, s + " bins " + rb + "x" + cb + " cell " + b);
        }
    }

    /**
     * issue 18: in patch order A is block-diagonal. Reference written differently: x built as a ViT builds it,
     * by cutting the image into patches and flattening each patch (rows, then columns, then channels) one after
     * the other; y = A x must equal the reference convolution, and every non-zero of a row of patch p must lie in
     * patch p's 48 columns, where A[(p, o), (p, m)] = W[o, c, a, b] for m = (a·k_w + b)·c_i + c.
     */
    @Test
    void patchOrderMakesTheVitEmbeddingBlockDiagonal() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] shapes = {{32, 32, 3, 128, 4}, {6, 9, 2, 3, 3}, {4, 4, 1, 2, 2}, {5, 5, 2, 2, 1}, {8, 4, 1, 1, 4}};
        for (int[] sh : shapes) {
            int h = sh[0], w = sh[1], ci = sh[2], co = sh[3], k = sh[4];
            ConvSpec s = new ConvSpec(h, w, ci, co, k, k, k, k, 0, 0, ConvSpec.Order.PATCH, false);
            ConvResult r = new Conv().compute(s, rnd.nextInt(100), Backend.PLAIN, true);
            double[] img = r.image();
            // x patch by patch.
            double[] x = new double[h * w * ci];
            int n = 0;
            for (int pi = 0; pi < h / k; pi++) for (int pj = 0; pj < w / k; pj++)
                for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) for (int c = 0; c < ci; c++)
                    x[n++] = img[((pi * k + a) * w + pj * k + b) * ci + c];
            assertArrayEquals(x, r.x(), 0, "x in patch order for " + s);
            // Reference: each output of patch p is W[o] · patch p.
            int block = k * k * ci;
            for (int p = 0; p < (h / k) * (w / k); p++) {
                for (int o = 0; o < co; o++) {
                    double y = 0;
                    for (int m = 0; m < block; m++) {
                        int c = m % ci, b = (m / ci) % k, a = m / ci / k;
                        y += r.weights()[s.weightIndex(o, c, a, b)] * x[p * block + m];
                    }
                    int row = p * co + o;
                    assertEquals(y, r.y()[row], 1e-12);
                    assertEquals(y, r.yDirect()[row], 1e-12);
                    final int pp = p;
                    ConvMatrix.row(s, row, (col, wi) -> assertEquals(pp, col / block, "row " + row + " reaches outside its block in " + s));
                    assertEquals(block, ConvMatrix.rowSpan(s, row));
                }
            }
            assertEquals((long) (h / k) * (w / k) * co * block, s.nnz());
            for (int col = 0; col < s.dIn(); col++) assertArrayEquals(s.inPosition(col), inverse(s, col), "inPosition(" + col + ")");
            assertSummaryMatchesBruteForce(s, (int) Math.min(s.dOut(), 37), (int) Math.min(s.dIn(), 29));
            assertEquals(s.nnz(), Pattern.of(s).totalNonZeros(), 1e-6);
        }
        // The ViT layer in the other orders: a patch's 48 inputs spread over 300 (hwc) and 2,148 (chw) columns.
        ConvSpec vit = new ConvSpec(32, 32, 3, 128, 4, 4, 4, 4, 0, 0, ConvSpec.Order.HWC, false);
        assertEquals(3 * 32 * 3 + 3 * 3 + 3, ConvMatrix.rowSpan(vit, 0));
        assertEquals(2 * 1024 + 3 * 32 + 3 + 1, ConvMatrix.rowSpan(vit.withOrder(ConvSpec.Order.CHW), 0));
        assertEquals(48, ConvMatrix.rowSpan(vit.withOrder(ConvSpec.Order.PATCH), 0));
        assertEquals(48, ConvMatrix.rowNonZeros(vit, 0));
    }

    /** (i, j, c) of a patch-order column by search over every position (no index algebra). */
    private static int[] inverse(ConvSpec s, int col) {
        for (int i = 0; i < s.h(); i++) for (int j = 0; j < s.w(); j++) for (int c = 0; c < s.ci(); c++)
            if (s.inIndex(i, j, c) == col) return new int[]{i, j, c};
        throw new AssertionError("no position has column " + col);
    }

    @Test
    void patchOrderIsRefusedWherePatchesOverlapOrDoNotTile() {
        for (int[] bad : new int[][]{{8, 8, 3, 2, 0}, {9, 8, 4, 4, 0}, {8, 8, 4, 4, 1}}) {
            ParamException e = assertThrows(ParamException.class,
                    () -> new ConvSpec(bad[0], bad[1], 1, 1, bad[2], bad[2], bad[3], bad[3], bad[4], bad[4], ConvSpec.Order.PATCH, false));
            assertEquals("order", e.key());
            assertTrue(e.getMessage().contains("tile"), e.getMessage());
        }
    }

    @Test
    void badShapesAreRefusedWithTheParameterNamed() {
        ParamException e = assertThrows(ParamException.class, () -> new ConvSpec(4, 4, 1, 1, 7, 3, 1, 1, 1, 0, ConvSpec.Order.HWC, false));
        assertEquals("kh", e.key());
        assertTrue(e.getMessage().contains("h + 2·ph = 4 + 2·1 = 6"), e.getMessage());
        assertEquals("sw", assertThrows(ParamException.class, () -> new ConvSpec(4, 4, 1, 1, 3, 3, 1, 0, 0, 0, ConvSpec.Order.HWC, false)).key());
        assertEquals("pw", assertThrows(ParamException.class, () -> new ConvSpec(4, 4, 1, 1, 3, 3, 1, 1, 0, -1, ConvSpec.Order.HWC, false)).key());
        ParamException big = assertThrows(ParamException.class, () -> new ConvSpec(1024, 1024, 512, 1, 1, 1, 1, 1, 0, 0, ConvSpec.Order.HWC, false));
        assertTrue(big.getMessage().contains("cap"), big.getMessage());
    }

    @Test
    void theWholeLayersWorkIsBoundedNotOnlyItsSizes() {
        // VGG's widest 3×3 layer at 224×224: 224·224·64·64·9 = 1,849,688,064 multiply-adds, under the limit.
        ConvSpec vgg = new ConvSpec(224, 224, 64, 64, 3, 3, 1, 1, 1, 1, ConvSpec.Order.HWC, false);
        assertEquals(1_849_688_064L, Conv.macs(vgg));
        // 112·112·128·256·9 is twice that, over it, and the message names the factor furthest above a real
        // layer's (c_i = 256 is half of 512; h'·w' = 112² a quarter of 224²; c_o a quarter of 512).
        ParamException e = assertThrows(ParamException.class, () -> new ConvSpec(112, 112, 256, 128, 3, 3, 1, 1, 1, 1, ConvSpec.Order.HWC, false));
        assertTrue(e.getMessage().contains("= 3,699,376,128 multiply-adds"), e.getMessage());
        assertEquals("ci", e.key());
        assertEquals("kh", assertThrows(ParamException.class, () -> new ConvSpec(250, 250, 64, 1, 32, 32, 1, 1, 0, 0, ConvSpec.Order.HWC, false)).key());
        // ND4J's im2col buffer, h'·w'·c_i·k_h·k_w floats, decides whether conv2d may run (4·219²·64·1024 bytes here).
        ConvSpec wide = new ConvSpec(120, 120, 64, 1, 32, 32, 1, 1, 0, 0, ConvSpec.Order.HWC, false);
        assertEquals(4L * 89 * 89 * 64 * 1024, Conv.im2colBytes(wide));
        assertTrue(Conv.im2colBytes(wide) > Conv.ND4J_MAX_IM2COL_BYTES);
    }
}
