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
 * On an ND4J backend the same four run as a framework runs them ({@code MultiChannelNd4j}: ND4J products per step,
 * conv1d, a depthwise convolution, in float32); in plain Java the convolutions are FFTs. Each time is the median of
 * up to {@link #REPEATS} runs (fewer once a point has taken {@link #POINT_BUDGET_MS}) after a warm-up run at that
 * size, the methods taking turns, so that one disturbed run moves no point.
 */
public final class MultiChannel {
    /** Short names (they share one legend line): recurrent and kernel-then-convolve, dense W and diagonal w. */
    public static final String[] METHODS = {"rec W", "conv W", "rec diag", "depthwise"};
    public static final int REPEATS = 5;
    /** A point stops repeating once its timed runs have taken this long (ND4J's im2col convolutions at T = 1024 take seconds). */
    public static final double POINT_BUDGET_MS = 400;

    public static final int[] T_VALUES = {64, 128, 256, 512, 1024};
    public static final int H_FIXED = 16;
    public static final int[] H_VALUES = {4, 8, 16, 32, 64};
    public static final int T_FIXED = 256;

    /**
     * Times in ms, [method][size], against T (at H = hFixed) and against H (at T = tFixed), and
     * the largest difference between the dense methods' outputs and between the diagonal ones.
     */
    public record Timing(Backend backend, int[] tValues, int hFixed, double[][] msVsT, int[] hValues, int tFixed,
                         double[][] msVsH, double maxDiffDense, double maxDiffDiagonal, String[] how) {}

    /** What each method ran on, per backend. */
    public static String[] how(Backend b) {
        if (!b.nd4j()) return new String[]{"plain Java, H² per step", "plain Java, W^l then H² FFTs", "plain Java, H per step", "plain Java, w^l then H FFTs"};
        String n = b.label();
        return new String[]{n + ", one mmul per step", n + ", W^l by mmul, then conv1d", n + ", one product per step", n + ", w^l, then depthwise conv2d"};
    }

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
        Forward.Spectra sp = new Forward.Spectra(); // one plan for all h² convolutions
        for (int i = 0; i < h; i++) {
            double[] acc = new double[t];
            for (int j = 0; j < h; j++) {
                double[] y = sp.convolveFft(kern[i][j], z[j]);
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
        Forward.Spectra sp = new Forward.Spectra(); // one plan for all h convolutions
        for (int i = 0; i < h; i++) {
            double pw = 1;
            for (int l = 0; l < t; l++) { k[l] = pw; pw *= p.wDiag()[i]; }
            double[] y = sp.convolveFft(k, z[i]);
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

    /** The four methods, 0 … 3 as in {@link #METHODS}, on a backend. */
    public static double[][] method(int m, Problem p, Backend b) {
        if (b.nd4j()) {
            return switch (m) {
                case 0 -> MultiChannelNd4j.recurrentDense(p);
                case 1 -> MultiChannelNd4j.kernelDense(p);
                case 2 -> MultiChannelNd4j.recurrentDiagonal(p);
                default -> MultiChannelNd4j.kernelDiagonal(p);
            };
        }
        return switch (m) {
            case 0 -> recurrentDense(p);
            case 1 -> kernelDense(p);
            case 2 -> recurrentDiagonal(p);
            default -> kernelDiagonal(p);
        };
    }

    /**
     * Runs the whole experiment on the backend (a few seconds in plain Java, tens on ND4J's CPU): one warm-up run of
     * every method at every size (its outputs give the check), then up to {@link #REPEATS} rounds, each running every
     * method at every size once, in turn — a stretch when the machine is busy slows one round of every point, not the
     * points measured in it — and each point is the median of its rounds. A point stops repeating once its runs have
     * taken {@link #POINT_BUDGET_MS}. The largest disagreements are between the dense methods and between the diagonal
     * ones, and, on ND4J, against plain Java.
     */
    public static Timing run(Backend backend, long seed) {
        // Warm the JIT (and ND4J's native code) on a small problem first, so the first point is not start-up time.
        Problem warm = Problem.random(8, 64, seed);
        for (int r = 0; r < 3; r++) for (int m = 0; m < 4; m++) method(m, warm, backend);
        int nt = T_VALUES.length, nh = H_VALUES.length;
        Problem[] problems = new Problem[nt + nh];
        for (int i = 0; i < nt; i++) problems[i] = Problem.random(H_FIXED, T_VALUES[i], seed);
        for (int i = 0; i < nh; i++) problems[nt + i] = Problem.random(H_VALUES[i], T_FIXED, seed);
        double[] diffs = new double[2];
        for (Problem p : problems) check(p, backend, diffs);
        double[][][] ms = new double[problems.length][4][REPEATS];
        int[][] runs = new int[problems.length][4];
        double[][] spent = new double[problems.length][4];
        for (int r = 0; r < REPEATS; r++) {
            for (int q = 0; q < problems.length; q++) {
                for (int m = 0; m < 4; m++) {
                    if (r > 0 && spent[q][m] >= POINT_BUDGET_MS) continue;
                    long t0 = System.nanoTime();
                    method(m, problems[q], backend);
                    double el = (System.nanoTime() - t0) / 1e6;
                    ms[q][m][runs[q][m]++] = el;
                    spent[q][m] += el;
                }
            }
        }
        double[][] vsT = new double[4][nt], vsH = new double[4][nh];
        for (int m = 0; m < 4; m++) {
            for (int i = 0; i < nt; i++) vsT[m][i] = median(ms[i][m], runs[i][m]);
            for (int i = 0; i < nh; i++) vsH[m][i] = median(ms[nt + i][m], runs[nt + i][m]);
        }
        return new Timing(backend, T_VALUES.clone(), H_FIXED, vsT, H_VALUES.clone(), T_FIXED, vsH, diffs[0], diffs[1], how(backend));
    }

    /** The warm-up run of every method on one problem, and its disagreements. */
    private static void check(Problem p, Backend backend, double[] diffs) {
        double[][][] out = new double[4][][];
        for (int m = 0; m < 4; m++) out[m] = method(m, p, backend);
        diffs[0] = Math.max(diffs[0], maxDiff(out[0], out[1]));
        diffs[1] = Math.max(diffs[1], maxDiff(out[2], out[3]));
        if (backend.nd4j()) {
            diffs[0] = Math.max(diffs[0], maxDiff(out[0], recurrentDense(p)));
            diffs[1] = Math.max(diffs[1], maxDiff(out[2], recurrentDiagonal(p)));
        }
    }

    static double median(double[] x, int n) {
        double[] done = java.util.Arrays.copyOf(x, n);
        java.util.Arrays.sort(done);
        return n % 2 == 1 ? done[n / 2] : (done[n / 2 - 1] + done[n / 2]) / 2;
    }
}
