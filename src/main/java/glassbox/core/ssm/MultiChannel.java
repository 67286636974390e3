package glassbox.core.ssm;

import glassbox.core.Backend;

import java.util.SplittableRandom;

/**
 * The multi-channel experiment of docs/LABS.md §2: hidden size H, h_{t+1} = W h_t + x_t + b
 * (input map U = I, so the comparison is about W), h_0 = 0, T steps. Four ways to the same
 * outputs h_1 … h_T, timed:
 * <ol>
 * <li>recurrent, dense W: O(T H²);</li>
 * <li>kernel then convolve, dense W: K_l = W^{l−1} (O(T H³)), then H² FFT convolutions;</li>
 * <li>recurrent, diagonal W: O(T H);</li>
 * <li>kernel then depthwise convolution, diagonal W: k_l = w^{l−1} per channel, H FFT convolutions.</li>
 * </ol>
 */
public final class MultiChannel {
    public static final String[] METHODS = {"recurrent, dense", "kernel+conv, dense", "recurrent, diag", "depthwise, diag"};

    public static final int[] T_VALUES = {64, 128, 256, 512, 1024};
    public static final int H_FIXED = 16;
    public static final int[] H_VALUES = {4, 8, 16, 32, 64};
    public static final int T_FIXED = 256;

    /**
     * Times in ms, [method][size], against T (at H = hFixed) and against H (at T = tFixed), and
     * the largest difference between the dense methods' outputs and between the diagonal ones.
     */
    public record Timing(Backend backend, int[] tValues, int hFixed, double[][] msVsT, int[] hValues, int tFixed,
                         double[][] msVsH, double maxDiffDense, double maxDiffDiagonal) {}

    private MultiChannel() {}

    /** A seeded problem: dense W (spectral radius 0.9), diagonal w in (−0.95, 0.95), inputs x (T × H) and b. */
    public record Problem(double[][] w, double[] wDiag, double[][] x, double[] b) {
        public static Problem random(int h, int t, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[][] w = new double[h][h];
            for (double[] r : w) for (int j = 0; j < h; j++) r[j] = StateSpace.gaussian(rnd) / Math.sqrt(h);
            double rho = Eigen.spectralRadius(w);
            for (double[] r : w) for (int j = 0; j < h; j++) r[j] *= 0.9 / rho;
            double[] wd = new double[h];
            for (int i = 0; i < h; i++) wd[i] = rnd.nextDouble(-0.95, 0.95);
            double[][] x = new double[t][h];
            for (double[] r : x) for (int j = 0; j < h; j++) r[j] = StateSpace.gaussian(rnd);
            double[] b = new double[h];
            for (int i = 0; i < h; i++) b[i] = 0.1 * StateSpace.gaussian(rnd);
            return new Problem(w, wd, x, b);
        }
    }

    /** Method 1: h ← W h + x_t + b; returns h_1 … h_T as [t][channel]. */
    public static double[][] recurrentDense(Problem p) {
        int t = p.x().length, h = p.b().length;
        double[][] out = new double[t][];
        double[] at = Kernels.packed(p.w());
        double[] st = new double[h], nx = new double[h];
        for (int k = 0; k < t; k++) {
            Kernels.matvec(at, h, st, nx);
            for (int i = 0; i < h; i++) nx[i] += p.x()[k][i] + p.b()[i];
            double[] sw = st; st = nx; nx = sw;
            out[k] = st.clone();
        }
        return out;
    }

    /** Method 2: h_t = Σ_{l=1..t} W^{l−1} z_{t−l} with z = x + b; the kernel by matrix powers, then FFT per (i, j). */
    public static double[][] kernelDense(Problem p) {
        int t = p.x().length, h = p.b().length;
        // kern[i][j][l] = (W^l)_{ij}, l = 0 … t−1
        double[][][] kern = new double[h][h][t];
        {
            double[][] pw = new double[h][h];
            for (int i = 0; i < h; i++) pw[i][i] = 1;
            for (int l = 0; l < t; l++) {
                for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) kern[i][j][l] = pw[i][j];
                pw = Kernels.multiply(p.w(), pw);
            }
        }
        double[][] z = inputs(p);
        double[][] out = new double[t][h];
        for (int i = 0; i < h; i++) {
            double[] acc = new double[t];
            for (int j = 0; j < h; j++) {
                double[] y = Forward.convolveFft(kern[i][j], z[j]);
                for (int k = 0; k < t; k++) acc[k] += y[k];
            }
            for (int k = 0; k < t; k++) out[k][i] = acc[k];
        }
        return out;
    }

    /** Method 3: h_i ← w_i h_i + x_{t,i} + b_i. */
    public static double[][] recurrentDiagonal(Problem p) {
        int t = p.x().length, h = p.b().length;
        double[][] out = new double[t][h];
        double[] st = new double[h];
        for (int k = 0; k < t; k++) {
            for (int i = 0; i < h; i++) st[i] = p.wDiag()[i] * st[i] + p.x()[k][i] + p.b()[i];
            out[k] = st.clone();
        }
        return out;
    }

    /** Method 4: per channel, k_l = w_i^l (l = 0 … t−1) convolved with z_i: a depthwise convolution. */
    public static double[][] kernelDiagonal(Problem p) {
        int t = p.x().length, h = p.b().length;
        double[][] z = inputs(p);
        double[][] out = new double[t][h];
        double[] k = new double[t];
        for (int i = 0; i < h; i++) {
            double pw = 1;
            for (int l = 0; l < t; l++) { k[l] = pw; pw *= p.wDiag()[i]; }
            double[] y = Forward.convolveFft(k, z[i]);
            for (int s = 0; s < t; s++) out[s][i] = y[s];
        }
        return out;
    }

    /** z_j = x_{·,j} + b_j per channel: the convolutions' inputs. */
    private static double[][] inputs(Problem p) {
        int t = p.x().length, h = p.b().length;
        double[][] z = new double[h][t];
        for (int k = 0; k < t; k++) for (int j = 0; j < h; j++) z[j][k] = p.x()[k][j] + p.b()[j];
        return z;
    }

    static double maxDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
        return m;
    }

    /**
     * Runs the whole experiment (a second or two), in plain Java whatever backend is selected:
     * at these sizes a per-step ND4J call costs far more than its arithmetic (measured: the
     * ND4J CPU run took 20× longer), so the timing would show call overhead, not the methods.
     */
    public static Timing run(Backend backend, long seed) {
        // Warm the JIT on a small problem first, so the first point is not an interpreter time.
        Problem warm = Problem.random(8, 64, seed);
        for (int r = 0; r < 3; r++) measure(warm, new double[4]);
        double[] diffs = new double[2];
        double[][] vsT = new double[4][T_VALUES.length];
        for (int i = 0; i < T_VALUES.length; i++) {
            double[] ms = best(Problem.random(H_FIXED, T_VALUES[i], seed), diffs);
            for (int m = 0; m < 4; m++) vsT[m][i] = ms[m];
        }
        double[][] vsH = new double[4][H_VALUES.length];
        for (int i = 0; i < H_VALUES.length; i++) {
            double[] ms = best(Problem.random(H_VALUES[i], T_FIXED, seed), diffs);
            for (int m = 0; m < 4; m++) vsH[m][i] = ms[m];
        }
        return new Timing(Backend.PLAIN, T_VALUES.clone(), H_FIXED, vsT, H_VALUES.clone(), T_FIXED, vsH, diffs[0], diffs[1]);
    }

    /** The faster of two runs per method: one run is at the mercy of the JIT and the other processes. */
    private static double[] best(Problem p, double[] diffs) {
        double[] a = measure(p, diffs), b = measure(p, diffs);
        for (int m = 0; m < a.length; m++) a[m] = Math.min(a[m], b[m]);
        return a;
    }

    /** Times the four methods once each; records the largest disagreement in diffs[0] (dense) and diffs[1] (diagonal). */
    private static double[] measure(Problem p, double[] diffs) {
        double[] ms = new double[4];
        long t0 = System.nanoTime();
        double[][] r1 = recurrentDense(p);
        long t1 = System.nanoTime();
        double[][] r2 = kernelDense(p);
        long t2 = System.nanoTime();
        double[][] r3 = recurrentDiagonal(p);
        long t3 = System.nanoTime();
        double[][] r4 = kernelDiagonal(p);
        long t4 = System.nanoTime();
        ms[0] = (t1 - t0) / 1e6;
        ms[1] = (t2 - t1) / 1e6;
        ms[2] = (t3 - t2) / 1e6;
        ms[3] = (t4 - t3) / 1e6;
        diffs[0] = Math.max(diffs[0], maxDiff(r1, r2));
        diffs[1] = Math.max(diffs[1], maxDiff(r3, r4));
        return ms;
    }
}
