package glassbox.core.conv;

import glassbox.core.Backend;

import java.util.SplittableRandom;

/** The conv lab's computation: seeded data, the pattern of A, A·x and the direct convolution; an instance holds the lab's pattern memo. */
public final class Conv {
    /** Above this many non-zeros the window checks A·x on a sample of rows (it stays interactive). */
    public static final long FULL_CHECK_NNZ = 20_000_000;
    public static final int SAMPLED_ROWS = 4_096;
    /**
     * Output channels the window draws. When the check is sampled, the direct convolution runs for
     * these channels and for the sampled rows only: all that is on screen (an export computes all).
     */
    public static final int SHOWN_CHANNELS = 16;
    /** Multiply-adds below which the direct convolution stays in plain Java even when ND4J is selected. */
    public static final long ND4J_MIN_MACS = 2_000_000;

    /** A's pattern, reused while only seed, bias or backend change (they do not move A's structure). */
    private final glassbox.core.Memo<ConvSpec, Pattern> patterns = new glassbox.core.Memo<>();

    /** Weights uniform in [-1, 1), then the image, from one seeded stream (same for every order and backend). */
    public static double[][] data(ConvSpec s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[(int) s.weightCount()];
        for (int k = 0; k < w.length; k++) w[k] = rnd.nextDouble(-1, 1);
        double[] img = new double[(int) s.dIn()];
        for (int k = 0; k < img.length; k++) img[k] = rnd.nextDouble(-1, 1);
        return new double[][]{w, img};
    }

    /** Largest im2col buffer ND4J's conv2d is given (see compute). */
    static final long ND4J_MAX_IM2COL_BYTES = 512L << 20;

    /** Bytes of ND4J's im2col buffer for the layer: h'·w'·c_i·k_h·k_w floats. */
    static long im2colBytes(ConvSpec s) {
        return 4L * s.hOut() * s.wOut() * s.ci() * s.kh() * s.kw();
    }

    /** Multiply-adds of the direct convolution: h'·w'·c_o·c_i·k_h·k_w. */
    public static long macs(ConvSpec s) {
        return (long) s.hOut() * s.wOut() * s.weightCount();
    }

    /** The pattern of A for the layer's shape (its memo's key drops the bias, which does not move A's structure). */
    public Pattern pattern(ConvSpec s) {
        return patterns.get(new ConvSpec(s.h(), s.w(), s.ci(), s.co(), s.kh(), s.kw(), s.sh(), s.sw(), s.ph(), s.pw(), s.order(), false), Pattern::of);
    }

    public ConvResult compute(ConvSpec s, long seed, Backend backend, boolean fullCheck) {
        double[][] d = data(s, seed);
        double[] w = d[0], img = d[1];
        double[] x = DirectConv.toInputOrder(s, img);
        // ND4J's per-call overhead (milliseconds) dwarfs a small layer: those run in plain Java on any backend.
        // ND4J's conv2d builds an im2col buffer of h'·w'·c_i·k_h·k_w floats: past ND4J_MAX_IM2COL_BYTES the
        // plain loop (no buffer) runs instead, rather than allocate gigabytes or fail inside libnd4j.
        Backend used = backend.nd4j() && macs(s) >= ND4J_MIN_MACS && im2colBytes(s) <= ND4J_MAX_IM2COL_BYTES ? backend : Backend.PLAIN;
        int[] rows = null;
        if (!fullCheck && s.nnz() > FULL_CHECK_NNZ) {
            int n = (int) Math.min(SAMPLED_ROWS, s.dOut());
            rows = new int[n];
            for (int k = 0; k < n; k++) rows[k] = (int) ((long) k * s.dOut() / n);
        }
        int channels = rows == null ? s.co() : Math.min(s.co(), SHOWN_CHANNELS);
        int[] checked = rows;
        if (used == Backend.ND4J_CPU && checked != null) {
            // A large layer on the CPU backend: the pattern and the check (sampled rows of A·x, and the
            // direct value of checked outputs in channels not drawn) run on the second core while ND4J
            // convolves the drawn channels on one thread. On two threads its conv2d measured 10 ms
            // median but 26 ms at p90, on one 16.5 / 18.4 ms: steadier, and the other core is not idle.
            java.util.concurrent.CompletableFuture<Side> side = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                Pattern p = pattern(s);
                long a0 = System.nanoTime();
                double[] undrawn = undrawnDirect(s, w, img, checked, channels);
                long a1 = System.nanoTime();
                double[] y = ConvMatrix.multiply(s, w, x, checked);
                return new Side(p, undrawn, y, (a1 - a0) / 1e6, (System.nanoTime() - a1) / 1e6);
            });
            long t0 = System.nanoTime();
            double[] yt = glassbox.core.Nd4jRuntime.singleThreaded(() -> DirectConv.nd4j(s, w, img, channels));
            double[] yDirect = DirectConv.toOutputOrder(s, yt, channels);
            double convMs = (System.nanoTime() - t0) / 1e6;
            Side r = side.join();
            fill(yDirect, checked, r.undrawn());
            return result(s, w, img, x, r.y(), yDirect, checked, channels, r.pattern(), used, convMs + r.undrawnMs(), r.sparseMs());
        }
        Pattern p = pattern(s);
        long t0 = System.nanoTime();
        double[] yt = used.nd4j() ? DirectConv.nd4j(s, w, img, channels) : DirectConv.plain(s, w, img, channels);
        double[] yDirect = DirectConv.toOutputOrder(s, yt, channels);
        if (channels < s.co()) fill(yDirect, checked, undrawnDirect(s, w, img, checked, channels));
        long t1 = System.nanoTime();
        double[] y = ConvMatrix.multiply(s, w, x, rows);
        long t2 = System.nanoTime();
        return result(s, w, img, x, y, yDirect, rows, channels, p, used, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    /** What the second core computes for a large layer: the pattern, the check's direct values in undrawn channels, A·x's sampled rows. */
    private record Side(Pattern pattern, double[] undrawn, double[] y, double undrawnMs, double sparseMs) {}

    /** For each checked row: the direct formula at that output when its channel is not drawn, else NaN. */
    private static double[] undrawnDirect(ConvSpec s, double[] w, double[] img, int[] checked, int channels) {
        double[] out = new double[checked.length];
        java.util.stream.IntStream.range(0, checked.length).parallel().forEach(k -> {
            int[] uvo = s.outPosition(checked[k]);
            out[k] = uvo[2] >= channels ? DirectConv.at(s, w, img, uvo[0], uvo[1], uvo[2]) : Double.NaN;
        });
        return out;
    }

    /** Puts each checked row's undrawn-channel value (NaN: drawn, already there) into the output-order yDirect. */
    private static void fill(double[] yDirect, int[] checked, double[] undrawn) {
        for (int k = 0; k < checked.length; k++) if (!Double.isNaN(undrawn[k])) yDirect[checked[k]] = undrawn[k];
    }

    private static ConvResult result(ConvSpec s, double[] w, double[] img, double[] x, double[] y, double[] yDirect, int[] rows, int channels,
                                     Pattern p, Backend used, double directMs, double sparseMs) {
        double diff = 0;
        if (rows == null) {
            for (int r = 0; r < y.length; r++) diff = Math.max(diff, Math.abs(y[r] - yDirect[r]));
        } else {
            for (int k = 0; k < rows.length; k++) diff = Math.max(diff, Math.abs(y[k] - yDirect[rows[k]]));
        }
        return new ConvResult(s, w, img, x, y, yDirect, rows, channels, diff, p, used, directMs, sparseMs);
    }
}
