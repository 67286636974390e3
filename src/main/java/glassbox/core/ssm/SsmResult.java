package glassbox.core.ssm;

import glassbox.core.Backend;

import java.util.Map;

/**
 * Everything the ssm lab shows: the system, its eigenvalues, the kernel by every method that
 * fits A (with its time and largest difference from the sequential definition), the input and
 * both outputs, and optionally the multi-channel timing.
 */
public record SsmResult(StateSpace system, int len, SsmSpec.Method method, Backend backend,
                        double[][] eigenvalues, double spectralRadius,
                        Map<SsmSpec.Method, Run> runs, double[] kernel, double[] sequential,
                        double[] u, double[] yRecurrent, double[] yConvolution, boolean fft,
                        double recurrentMs, double convolutionMs, Diff yDiff,
                        MultiChannel.Timing timing) {

    /**
     * One kernel method: its kernel (null when it does not fit A, with the reason), its time and
     * its largest difference from the sequential kernel.
     */
    public record Run(SsmSpec.Method method, double[] kernel, double ms, Diff diff, String where, String unavailable) {
        public boolean available() { return unavailable == null; }
    }

    /**
     * A comparison of two series: the largest absolute and relative difference over the entries
     * finite in both, how many entries overflow in both (or are within 2^1000 of the edge), and how many overflow in only one.
     */
    public record Diff(double maxAbs, double maxRel, int bothOverflow, int mismatched) {
        /** Finite values above this (2^1000 ≈ 1e301) count as overflowing when the other side did. */
        public static final double EDGE = 0x1p1000;

        public static Diff of(double[] x, double[] ref) {
            double abs = 0, scale = 0;
            int both = 0, mis = 0;
            for (int i = 0; i < ref.length; i++) {
                boolean fx = Double.isFinite(x[i]), fr = Double.isFinite(ref[i]);
                if (fx && fr) {
                    abs = Math.max(abs, Math.abs(x[i] - ref[i]));
                    scale = Math.max(scale, Math.abs(ref[i]));
                } else if (!fx && !fr) {
                    // Same signed infinity, or a sign lost in one of them: both overflow.
                    both++;
                } else if (Math.abs(fx ? x[i] : ref[i]) < EDGE) {
                    mis++;
                } else {
                    // At the edge of the double range one method may round to ∞ a step before the other.
                    both++;
                }
            }
            return new Diff(abs, scale > 0 ? abs / scale : abs, both, mis);
        }
    }

    /** The first index whose value overflows, or -1. */
    public static int firstOverflow(double[] v) {
        for (int i = 0; i < v.length; i++) if (!Double.isFinite(v[i])) return i;
        return -1;
    }
}
