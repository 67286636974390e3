package glassbox.core.rnn;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RnnMathTest {

    // ---------- part 1: linear RNN memory ----------

    @Test
    void rotationGainIsRadiusToTheLag() {
        for (double r : new double[]{0.5, 0.9, 1.0, 1.1, 2.0}) {
            double[] x = new double[4096];
            Arrays.fill(x, 1);
            LinearMemory.Result m = LinearMemory.compute(LinearMemory.rotation(r, 37), x);
            assertEquals(r, m.radius(), 1e-12);
            for (int lag = 0; lag < 4096; lag += 97) {
                assertEquals(lag * Math.log10(r), m.gainLog10()[lag], 1e-9 * Math.max(1, lag), "r=" + r + " lag=" + lag);
            }
            // 2^4095 does not fit in a double: shown as overflow, never NaN.
            if (r == 2.0) {
                assertTrue(m.overflow());
                assertEquals(Double.POSITIVE_INFINITY, m.contributions()[4095]);
            }
            for (double c : m.contributions()) assertFalse(Double.isNaN(c));
        }
    }

    @Test
    void generalMatrixMatchesExplicitPowers() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            double[][] wh = {{rnd.nextGaussian() * 0.7, rnd.nextGaussian() * 0.7}, {rnd.nextGaussian() * 0.7, rnd.nextGaussian() * 0.7}};
            int T = 25;
            double[] x = new double[T];
            for (int i = 0; i < T; i++) x[i] = rnd.nextGaussian();
            LinearMemory.Result m = LinearMemory.compute(wh, x);
            // Reference: h_T = Σ_t W_h^{T−t} W_x x_t term by term with explicit matrix powers.
            double[][] p = {{1, 0}, {0, 1}};
            for (int lag = 0; lag < T; lag++) {
                double v0 = p[0][0], v1 = p[1][0]; // W_h^lag · (1, 0)ᵀ
                double xt = x[T - 1 - lag];
                double expect = Math.hypot(v0 * xt, v1 * xt);
                assertEquals(expect, m.contributions()[lag], 1e-9 * Math.max(1, expect), "lag " + lag);
                assertEquals(Math.hypot(v0, v1), Math.pow(10, m.gainLog10()[lag]), 1e-9 * Math.max(1, Math.hypot(v0, v1)));
                p = mul(wh, p);
            }
        }
    }

    @Test
    void spectralRadiusClosedFormCases() {
        assertEquals(3, LinearMemory.spectralRadius2(new double[][]{{2, 0}, {0, -3}}), 1e-12);
        assertEquals(0, LinearMemory.spectralRadius2(new double[][]{{0, 1}, {0, 0}}), 1e-12);
        assertEquals(1.3, LinearMemory.spectralRadius2(LinearMemory.rotation(1.3, 71)), 1e-12);
        // Issue 22: entries of 1e200 made tr² and det overflow (NaN); eigenvalues 0 and 2e200, and a pair c(1 ± i).
        assertEquals(2e200, LinearMemory.spectralRadius2(new double[][]{{1e200, 1e200}, {1e200, 1e200}}), 1e186);
        assertEquals(Math.sqrt(2) * 1e300, LinearMemory.spectralRadius2(new double[][]{{1e300, -1e300}, {1e300, 1e300}}), 1e286);
        // Gelfand: ‖M^k‖^{1/k} → ρ(M), an independent route.
        Random rnd = new Random(3);
        for (int t = 0; t < 10; t++) {
            double[][] m = {{rnd.nextGaussian(), rnd.nextGaussian()}, {rnd.nextGaussian(), rnd.nextGaussian()}};
            double rho = LinearMemory.spectralRadius2(m);
            double[][] p = {{1, 0}, {0, 1}};
            double logScale = 0;
            int k = 4000;
            for (int i = 0; i < k; i++) {
                p = mul(m, p);
                double n = Math.abs(p[0][0]) + Math.abs(p[0][1]) + Math.abs(p[1][0]) + Math.abs(p[1][1]);
                logScale += Math.log(n);
                for (double[] row : p) for (int j = 0; j < 2; j++) row[j] /= n;
            }
            assertEquals(rho, Math.exp(logScale / k), 0.01 * rho);
        }
    }

    static double[][] mul(double[][] a, double[][] b) {
        return new double[][]{
                {a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]},
                {a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]}};
    }

    // ---------- part 2: BPTT ----------

    /** The test's own forward pass and loss, written without the lab's code. */
    static double lossRef(String g, double w, double a, double h0, double[] xs, double y) {
        double h = h0;
        for (double x : xs) h = act(g, w * h + a * x);
        return 0.5 * (h - y) * (h - y);
    }

    static double act(String g, double z) {
        return switch (g) {
            case "identity" -> z;
            case "tanh" -> (Math.exp(2 * z) - 1) / (Math.exp(2 * z) + 1);
            case "sigmoid" -> 1 / (1 + Math.exp(-z));
            default -> Math.max(0, z);
        };
    }

    static double dact(String g, double z) {
        return switch (g) {
            case "identity" -> 1;
            case "tanh" -> 1 / (Math.cosh(z) * Math.cosh(z));
            case "sigmoid" -> Math.exp(-z) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z)));
            default -> z > 0 ? 1 : 0;
        };
    }

    /** Five-point finite difference (O(ε⁴)), not the lab's central difference. */
    static double fivePoint(java.util.function.DoubleUnaryOperator f, double x) {
        double e = 1e-3;
        return (-f.applyAsDouble(x + 2 * e) + 8 * f.applyAsDouble(x + e) - 8 * f.applyAsDouble(x - e) + f.applyAsDouble(x - 2 * e)) / (12 * e);
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryActivation() {
        Random rnd = new Random(11);
        for (Activation g : Activation.values()) {
            for (int trial = 0; trial < 25; trial++) {
                int T = 1 + rnd.nextInt(12);
                double[] xs = new double[T];
                boolean relu = g == Activation.RELU;
                // ReLU: positive inputs and weights keep every z_t > 0, away from the kink.
                for (int i = 0; i < T; i++) xs[i] = relu ? 0.2 + rnd.nextDouble() : rnd.nextGaussian();
                double w = relu ? 0.1 + 0.8 * rnd.nextDouble() : rnd.nextGaussian() * 0.9;
                double a = relu ? 0.2 + rnd.nextDouble() : rnd.nextGaussian();
                double h0 = relu ? rnd.nextDouble() : rnd.nextGaussian() * 0.5;
                double y = rnd.nextGaussian();
                ScalarRnn.Result r = ScalarRnn.compute(g, w, a, h0, xs, y, 0.1);
                String k = g.key();
                double fw = fivePoint(ww -> lossRef(k, ww, a, h0, xs, y), w);
                double fa = fivePoint(aa -> lossRef(k, w, aa, h0, xs, y), a);
                assertEquals(fw, r.gradW(), 1e-6 * Math.max(1, Math.abs(fw)), g + " dL/dw trial " + trial);
                assertEquals(fa, r.gradA(), 1e-6 * Math.max(1, Math.abs(fa)), g + " dL/da trial " + trial);
                // The lab's own central difference agrees too.
                assertTrue(ScalarRnn.relativeDifference(r.gradW(), r.numW()) < 1e-5 || Math.abs(r.gradW() - r.numW()) < 1e-8, g + " numW");
                assertTrue(ScalarRnn.relativeDifference(r.gradA(), r.numA()) < 1e-5 || Math.abs(r.gradA() - r.numA()) < 1e-8, g + " numA");
                assertEquals(lossRef(k, w, a, h0, xs, y), r.loss(), 1e-12);
                // Per-step shares add up to ∂L/∂w.
                double sum = 0;
                for (int t = 1; t <= T; t++) sum += r.termsW()[t];
                assertEquals(r.gradW(), sum, 1e-12 * Math.max(1, Math.abs(sum)));
            }
        }
    }

    @Test
    void reluGradientIsZeroWhenEveryUnitIsOff() {
        // z_t < 0 everywhere: h = 0, g′ = 0, nothing flows back.
        ScalarRnn.Result r = ScalarRnn.compute(Activation.RELU, 0.5, 1, 0, new double[]{-1, -2, -0.5}, 1, 0.1);
        assertEquals(0, r.gradW());
        assertEquals(0, r.gradA());
        assertEquals(0.5, r.loss(), 1e-15);
    }

    @Test
    void examClosedFormForTwoSteps() {
        Random rnd = new Random(2);
        for (Activation g : Activation.values()) {
            for (int trial = 0; trial < 10; trial++) {
                double w = rnd.nextGaussian(), a = rnd.nextGaussian(), y = rnd.nextGaussian();
                double x1 = rnd.nextGaussian(), x2 = rnd.nextGaussian();
                if (g == Activation.RELU) { a = Math.abs(a) + 0.1; x1 = Math.abs(x1) + 0.1; x2 = Math.abs(x2) + 0.1; w = Math.abs(w); }
                String k = g.key();
                // By hand: h_1 = g(a x_1) (h_0 = 0), z_2 = w h_1 + a x_2, h_2 = g(z_2).
                double z1 = a * x1, h1 = act(k, z1), z2 = w * h1 + a * x2, h2 = act(k, z2);
                double exam = (h2 - y) * dact(k, z2) * h1;
                double examA = (h2 - y) * dact(k, z2) * (x2 + w * dact(k, z1) * x1);
                ScalarRnn.Result r = ScalarRnn.compute(g, w, a, 0, new double[]{x1, x2}, y, 0.05);
                assertEquals(exam, r.gradW(), 1e-12 * Math.max(1, Math.abs(exam)), g.key());
                assertEquals(examA, r.gradA(), 1e-12 * Math.max(1, Math.abs(examA)), g.key());
                assertEquals(h1, r.h()[1], 1e-14);
                assertEquals(h2, r.h()[2], 1e-14);
                // ∂L/∂h at every node of the unrolled graph.
                assertEquals(h2 - y, r.dh()[2], 1e-14);
                assertEquals((h2 - y) * dact(k, z2) * w, r.dh()[1], 1e-12);
            }
        }
    }

    @Test
    void sgdStepMovesAgainstTheGradientAndLowersTheLoss() {
        double[] xs = {0.5, -1, 0.3, 0.8};
        ScalarRnn.Result r = ScalarRnn.compute(Activation.TANH, 0.7, 0.4, 0, xs, 0.9, 0.01);
        assertEquals(0.7 - 0.01 * r.gradW(), r.w1(), 1e-15);
        assertEquals(0.4 - 0.01 * r.gradA(), r.a1(), 1e-15);
        assertEquals(lossRef("tanh", r.w1(), r.a1(), 0, xs, 0.9), r.loss1(), 1e-15);
        assertTrue(r.loss1() < r.loss());
    }

    @Test
    void overflowIsReportedNotSilent() {
        double[] xs = new double[4096];
        Arrays.fill(xs, 1);
        ScalarRnn.Result r = ScalarRnn.compute(Activation.IDENTITY, 2, 1, 0, xs, 0, 0.1);
        assertTrue(r.firstNonFinite() > 1000 && r.firstNonFinite() < 1100, "2^t overflows near t = 1024: " + r.firstNonFinite());
    }

    // ---------- part 3: cost ----------

    /** A number that remembers the longest chain of operations that produced it. */
    record D(int depth) {}

    static D op(D... in) {
        int m = 0;
        for (D d : in) m = Math.max(m, d.depth());
        return new D(m + 1);
    }

    static D treeSum(List<D> xs) {
        List<D> cur = new ArrayList<>(xs);
        while (cur.size() > 1) {
            List<D> next = new ArrayList<>();
            for (int i = 0; i + 1 < cur.size(); i += 2) next.add(op(cur.get(i), cur.get(i + 1)));
            if (cur.size() % 2 == 1) next.add(cur.get(cur.size() - 1));
            cur = next;
        }
        return cur.get(0);
    }

    static D dot(List<D> a, List<D> b) {
        List<D> p = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) p.add(op(a.get(i), b.get(i)));
        return treeSum(p);
    }

    @Test
    void costFormulasMatchCountedGraphs() {
        for (int T = 1; T <= 9; T++) {
            for (int d = 1; d <= 6; d++) {
                D zero = new D(0);
                List<D> w = new ArrayList<>(java.util.Collections.nCopies(d, zero)); // a row of a weight matrix (given)
                long macs = 0;
                // RNN: h_t = g(W_h h_{t−1} + W_x x_t), one row at a time.
                List<D> h = new ArrayList<>(java.util.Collections.nCopies(d, zero));
                for (int t = 0; t < T; t++) {
                    List<D> x = new ArrayList<>(java.util.Collections.nCopies(d, zero));
                    List<D> nh = new ArrayList<>();
                    for (int i = 0; i < d; i++) {
                        D s1 = dot(w, h), s2 = dot(w, x);
                        macs += 2L * d;
                        nh.add(op(op(s1, s2)));
                    }
                    h = nh;
                }
                int rnnDepth = h.stream().mapToInt(D::depth).max().orElseThrow();
                assertEquals(ForwardCost.rnnDepth(T, d), rnnDepth, "rnn depth T=" + T + " d=" + d);
                assertEquals(ForwardCost.rnnOps(T, d), macs);
                // Attention: q, k, v projections, scores, softmax, weighted sum.
                macs = 0;
                List<List<D>> q = new ArrayList<>(), k = new ArrayList<>(), v = new ArrayList<>();
                List<D> x = new ArrayList<>(java.util.Collections.nCopies(d, zero));
                for (int t = 0; t < T; t++) {
                    List<D> qt = new ArrayList<>(), kt = new ArrayList<>(), vt = new ArrayList<>();
                    for (int i = 0; i < d; i++) { qt.add(dot(w, x)); kt.add(dot(w, x)); vt.add(dot(w, x)); macs += 3L * d; }
                    q.add(qt); k.add(kt); v.add(vt);
                }
                int attnDepth = 0;
                for (int t = 0; t < T; t++) {
                    List<D> e = new ArrayList<>();
                    for (int s = 0; s < T; s++) { e.add(op(dot(q.get(t), k.get(s)))); macs += d; }
                    D z = treeSum(e);
                    List<D> alpha = new ArrayList<>();
                    for (D ei : e) alpha.add(op(ei, z));
                    for (int i = 0; i < d; i++) {
                        List<D> col = new ArrayList<>();
                        for (int s = 0; s < T; s++) col.add(v.get(s).get(i));
                        D out = dot(alpha, col);
                        macs += T;
                        attnDepth = Math.max(attnDepth, out.depth());
                    }
                }
                assertEquals(ForwardCost.attentionDepth(T, d), attnDepth, "attention depth T=" + T + " d=" + d);
                assertEquals(ForwardCost.attentionOps(T, d), macs);
            }
        }
    }

    // ---------- part 4: one float32 ----------

    @Test
    void collisionCountMatchesExhaustiveEnumeration() {
        // n = 8 regular grid (u = i/8), SUM with k = 1: u₁ + u₂/2 computed exactly in double
        // (all values are multiples of 1/16) then rounded to float32; group pairs in a map.
        for (int k = 0; k <= 5; k++) {
            float[] vals = FloatPacking.gridValues(8, false, 0);
            Map<Float, List<int[]>> groups = new HashMap<>();
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++)
                    groups.computeIfAbsent((float) (i / 8.0 + j / 8.0 / Math.pow(2, k)), z -> new ArrayList<>()).add(new int[]{i, j});
            long colliding = groups.values().stream().filter(l -> l.size() > 1).mapToLong(List::size).sum();
            FloatPacking.Collisions c = FloatPacking.collisions(FloatPacking.Scheme.SUM, k, vals);
            assertEquals(64, c.pairs());
            assertEquals(groups.size(), c.distinct(), "k=" + k);
            assertEquals(colliding, c.colliding(), "k=" + k);
            // k = 0: codes (i + j)/8 → 15 distinct sums, only (0,0) and (7,7) are alone.
            if (k == 0) { assertEquals(15, c.distinct()); assertEquals(62, c.colliding()); }
            // k ≥ 3: u₂/2^k sits below u₁'s three bits: every pair decodes exactly.
            if (k >= 3) { assertEquals(0, c.colliding()); assertEquals(0, c.maxError()); }
        }
    }

    @Test
    void bitsSchemeByHand() {
        // k = 2 keeps two bits of u₁ = i/8: i and i+1 (i even) share them → groups of 2, all 64 pairs collide.
        FloatPacking.Collisions c = FloatPacking.collisions(FloatPacking.Scheme.BITS, 2, FloatPacking.gridValues(8, false, 0));
        assertEquals(32, c.distinct());
        assertEquals(64, c.colliding());
        assertEquals(2, c.largestGroup());
        assertEquals(0.125, c.maxError(), 1e-15);
        // k = 16: 16 bits each, exact for any u = i/2^m with m ≤ 16.
        int code = FloatPacking.encode(FloatPacking.Scheme.BITS, 16, 0.75f, 0.375f);
        assertEquals(0xC0006000, code);
        assertArrayEquals(new double[]{0.75, 0.375}, FloatPacking.decode(FloatPacking.Scheme.BITS, 16, code), 0);
    }

    @Test
    void interleaveByHand() {
        // q₁ = 0.5·2^16 = 0x8000 → bit 31; q₂ = 0.25·2^16 = 0x4000 → bit 28.
        int code = FloatPacking.encode(FloatPacking.Scheme.INTERLEAVE, 0, 0.5f, 0.25f);
        assertEquals((1 << 31) | (1 << 28), code);
        assertArrayEquals(new double[]{0.5, 0.25}, FloatPacking.decode(FloatPacking.Scheme.INTERLEAVE, 0, code), 0);
        Random r = new Random(9);
        for (int i = 0; i < 1000; i++) {
            float u1 = r.nextFloat(), u2 = r.nextFloat();
            double[] d = FloatPacking.decode(FloatPacking.Scheme.INTERLEAVE, 0, FloatPacking.encode(FloatPacking.Scheme.INTERLEAVE, 0, u1, u2));
            assertTrue(u1 - d[0] >= 0 && u1 - d[0] < 1.0 / 65536);
            assertTrue(u2 - d[1] >= 0 && u2 - d[1] < 1.0 / 65536);
        }
    }

    @Test
    void sumSchemeDecodesExactlyWhenBitsFit() {
        // 1024 × 1024 grid needs 20 bits ≤ 24 bits of mantissa: k = 10 is collision-free.
        FloatPacking.Collisions c = FloatPacking.collisions(FloatPacking.Scheme.SUM, 10, FloatPacking.gridValues(1024, false, 0));
        assertEquals(1 << 20, c.distinct());
        assertEquals(0, c.colliding());
        assertEquals(0, c.maxError());
        // Random float32 values carry 24 bits each: 48 bits cannot fit, many pairs collide.
        FloatPacking.Collisions rnd = FloatPacking.collisions(FloatPacking.Scheme.SUM, 10, FloatPacking.gridValues(256, true, 4));
        assertTrue(rnd.colliding() > 0);
        assertTrue(rnd.maxError() > 0);
    }

    @Test
    void radixSortAgreesWithArraysSort() {
        Random r = new Random(1);
        long[] a = new long[5000];
        for (int i = 0; i < a.length; i++) a[i] = ((r.nextInt() & 0xffffffffL) << 32) | i;
        long[] b = a.clone();
        FloatPacking.radixSortHigh32(a);
        Long[] boxed = Arrays.stream(b).boxed().toArray(Long[]::new);
        Arrays.sort(boxed, (p, q) -> Long.compareUnsigned(p >>> 32, q >>> 32) != 0 ? Long.compareUnsigned(p >>> 32, q >>> 32) : Long.compare(p & 0xffffffffL, q & 0xffffffffL));
        for (int i = 0; i < a.length; i++) assertEquals((long) boxed[i], a[i]);
    }

    @Test
    void groupSizesPerPair() {
        FloatPacking.Collisions c = FloatPacking.collisions(FloatPacking.Scheme.SUM, 0, FloatPacking.gridValues(4, false, 0));
        // codes (i + j)/4: group size = number of (i', j') with i' + j' = i + j.
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                int s = i + j, expect = s <= 3 ? s + 1 : 7 - s;
                assertEquals(expect, c.groupSize()[i * 4 + j]);
            }
    }

    // ---------- inputs ----------

    @Test
    void inputsParseAndRefuse() {
        assertArrayEquals(new double[]{1, 0.5, -2}, Rnn.inputs("1, 0.5,-2", 3, 0));
        assertArrayEquals(new double[]{2, 2, 2, 2}, Rnn.inputs("2", 4, 0));
        assertEquals(7, Rnn.inputs("", 7, 3).length);
        assertArrayEquals(Rnn.inputs("", 7, 3), Rnn.inputs(" ", 7, 3));
        assertEquals("x", assertThrows(ParamException.class, () -> Rnn.inputs("1,2", 3, 0)).key());
        assertEquals("x", assertThrows(ParamException.class, () -> Rnn.inputs("1,NaN,2", 3, 0)).key());
        assertEquals("x", assertThrows(ParamException.class, () -> Rnn.inputs("1,Infinity,2", 3, 0)).key());
        assertEquals("x", assertThrows(ParamException.class, () -> Rnn.inputs("1,abc,2", 3, 0)).key());
    }

    @Test
    void collisionBlockSharesCountPairsThatShareACodeWithAnotherPair() {
        // n = 90 > 64 blocks: uneven blocks of one or two rows. Brute force: a pair collides when any
        // other pair of the grid has its code; a block's share is its colliding pairs over its pairs.
        int n = 90;
        float[] vals = FloatPacking.gridValues(n, true, 3);
        FloatPacking.Collisions c = FloatPacking.collisions(FloatPacking.Scheme.SUM, 6, vals);
        int[] code = new int[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) code[i * n + j] = FloatPacking.encode(FloatPacking.Scheme.SUM, 6, vals[i], vals[j]);
        int b = c.blockShare().length;
        assertEquals(64, b);
        double[][] hits = new double[b][b];
        int[][] pairs = new int[b][b];
        for (int p = 0; p < n * n; p++) {
            boolean shared = false;
            for (int q = 0; q < n * n && !shared; q++) shared = q != p && code[q] == code[p];
            int bi = (p / n) * b / n, bj = (p % n) * b / n;
            pairs[bi][bj]++;
            if (shared) hits[bi][bj]++;
        }
        for (int i = 0; i < b; i++) {
            assertArrayEquals(pairs[i], c.blockCount()[i], "block row " + i);
            for (int j = 0; j < b; j++) assertEquals(hits[i][j] / pairs[i][j], c.blockShare()[i][j], 1e-15, "block " + i + ", " + j);
        }
    }

    @Test
    void theWidePathAgreesWithDoublesInRangeAndOverflowsToSignedInfinityBeyond() {
        double[] xs = new double[50];
        for (int t = 0; t < xs.length; t++) xs[t] = Math.sin(t + 1);
        for (Activation g : new Activation[]{Activation.IDENTITY, Activation.RELU}) {
            ScalarRnn.Result d = ScalarRnn.computeDouble(g, 1.1, 0.7, 0.2, xs, 0.3, 0.01), b = ScalarRnn.computeWide(g, 1.1, 0.7, 0.2, xs, 0.3, 0.01, -1);
            assertEquals(d.loss(), b.loss(), 1e-12 * d.loss());
            assertEquals(d.gradW(), b.gradW(), 1e-11 * Math.abs(d.gradW()));
            assertEquals(d.gradA(), b.gradA(), 1e-11 * Math.abs(d.gradA()));
            assertEquals(d.numW(), b.numW(), 1e-6 * Math.abs(d.numW()));
            assertEquals(d.loss1(), b.loss1(), 1e-10 * d.loss1());
        }
        // Issue 22: T = 1000, identity, w = 3: h_T = Σ 3^{T−t} a x_t overflows; with every x_t > 0 the loss and both
        // gradients are +∞ (true values beyond 1.8e308, positive), the step sends w and a to −∞; nothing is NaN.
        double[] ones = new double[1000];
        java.util.Arrays.fill(ones, 0.5);
        ScalarRnn.Result r = ScalarRnn.compute(Activation.IDENTITY, 3, 1, 0, ones, 0, 0.1);
        assertTrue(r.firstNonFinite() > 0);
        assertEquals(Double.POSITIVE_INFINITY, r.loss());
        assertEquals(Double.POSITIVE_INFINITY, r.gradW());
        assertEquals(Double.POSITIVE_INFINITY, r.gradA());
        assertEquals(Double.POSITIVE_INFINITY, r.numW());
        assertEquals(Double.NEGATIVE_INFINITY, r.w1());
        assertEquals(0, ScalarRnn.relativeDifference(r.gradW(), r.numW()));
        for (double[] v : new double[][]{r.h(), r.dh(), r.termsW()}) for (int t = 1; t < v.length; t++) assertFalse(Double.isNaN(v[t]), "t = " + t);
        // The first term, ∂L/∂z_1 · h_0 with h_0 = 0, is exactly 0 (not ∞ · 0).
        assertEquals(0, r.termsW()[1]);
    }
}
