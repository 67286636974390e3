package glassbox.core.rnn;

/**
 * docs/LABS.md §6, part 1: the linear RNN h_t = W_h h_{t−1} + W_x x_t, h_0 = 0, y_t = W_y h_t with
 * W_y = I. Unrolled, y_T = Σ_t W_h^{T−t} W_x x_t, so the input at lag ℓ = T − t reaches y_T
 * through W_h^ℓ. Sizes are tracked in log10 (renormalising every step) so that ρ = 2 and T = 4096
 * (2^4095 ≈ 1e1233) still give exact exponents instead of a silent overflow.
 */
public final class LinearMemory {
    private LinearMemory() {}

    /**
     * @param wh            the 2×2 W_h actually used
     * @param radius        its spectral radius
     * @param gainLog10     log10 ‖W_h^ℓ W_x‖ for ℓ = 0..T−1 (−∞ once W_h^ℓ W_x = 0)
     * @param contribLog10  log10 ‖W_h^ℓ W_x x_{T−ℓ}‖ for ℓ = 0..T−1
     * @param contributions the same as plain numbers: +∞ where they exceed double range
     * @param overflow      true when some contribution does not fit in a double
     */
    public record Result(double[][] wh, double[] wx, double radius, double[] gainLog10, double[] contribLog10,
                         double[] contributions, boolean overflow) {}

    /** The unit input direction W_x = (1, 0)ᵀ. */
    public static double[] wx() {
        return new double[]{1, 0};
    }

    /** radius · R(θ): a rotation by θ degrees scaled so that both eigenvalues have modulus radius. */
    public static double[][] rotation(double radius, double degrees) {
        double t = Math.toRadians(degrees);
        double c = Math.cos(t), s = Math.sin(t);
        return new double[][]{{radius * c, -radius * s}, {radius * s, radius * c}};
    }

    /** The largest modulus of the eigenvalues of a 2×2 matrix (closed form from trace and determinant). */
    public static double spectralRadius2(double[][] m) {
        // Computed on m·2^−e (max entry in [1, 2)) and scaled back: exact, and tr² and det cannot overflow
        // for entries up to the double range (ρ itself may: then it is +∞, which it truly exceeds).
        double max = Math.max(Math.max(Math.abs(m[0][0]), Math.abs(m[0][1])), Math.max(Math.abs(m[1][0]), Math.abs(m[1][1])));
        if (max == 0) return 0;
        if (!Double.isFinite(max)) return Double.NaN;
        int e = Math.getExponent(max);
        double a = Math.scalb(m[0][0], -e), b = Math.scalb(m[0][1], -e), c = Math.scalb(m[1][0], -e), d = Math.scalb(m[1][1], -e);
        double tr = a + d, det = a * d - b * c;
        double disc = tr * tr / 4 - det;
        double r;
        if (disc >= 0) {
            double sq = Math.sqrt(disc);
            r = Math.max(Math.abs(tr / 2 + sq), Math.abs(tr / 2 - sq));
        } else {
            r = Math.sqrt(det); // complex pair: |λ|² = λ·λ̄ = det
        }
        return Math.scalb(r, e);
    }

    /** @param x the inputs x_1..x_T (x[t−1] is x_t) */
    public static Result compute(double[][] wh, double[] x) {
        int T = x.length;
        double[] wx = wx();
        double[] gain = new double[T], contrib = new double[T], plain = new double[T];
        double v0 = wx[0], v1 = wx[1];
        double n = Math.hypot(v0, v1);
        double logScale = Math.log10(n);
        v0 /= n;
        v1 /= n;
        boolean dead = false, overflow = false;
        for (int lag = 0; lag < T; lag++) {
            if (lag > 0 && !dead) {
                double a = wh[0][0] * v0 + wh[0][1] * v1, b = wh[1][0] * v0 + wh[1][1] * v1;
                double m = Math.hypot(a, b);
                if (m == 0) {
                    dead = true;
                } else {
                    logScale += Math.log10(m);
                    v0 = a / m;
                    v1 = b / m;
                }
            }
            gain[lag] = dead ? Double.NEGATIVE_INFINITY : logScale;
            double xi = Math.abs(x[T - 1 - lag]);
            contrib[lag] = xi == 0 ? Double.NEGATIVE_INFINITY : gain[lag] + Math.log10(xi);
            plain[lag] = Math.pow(10, contrib[lag]);
            if (plain[lag] == Double.POSITIVE_INFINITY) overflow = true;
        }
        return new Result(wh, wx, spectralRadius2(wh), gain, contrib, plain, overflow);
    }
}
