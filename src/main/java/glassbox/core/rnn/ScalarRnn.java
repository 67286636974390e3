package glassbox.core.rnn;

/**
 * docs/LABS.md §6, part 2: the scalar RNN z_t = w h_{t−1} + a x_t, h_t = g(z_t), ŷ = h_T,
 * L = ½(ŷ − y)², and back-propagation through time on its unrolled graph.
 * Index convention: h[t] for t = 0..T (h[0] = h_0), z[t], x[t] for t = 1..T (index 0 unused, NaN).
 */
public final class ScalarRnn {
    private ScalarRnn() {}

    /**
     * @param dh        ∂L/∂h_t for t = 0..T
     * @param dz        ∂L/∂z_t for t = 1..T (dz[0] NaN)
     * @param termsW    the share of step t in ∂L/∂w: ∂L/∂z_t · h_{t−1} (t = 1..T; termsW[0] NaN)
     * @param gradW     Σ_t termsW[t]
     * @param gradA     Σ_t ∂L/∂z_t · x_t
     * @param numW      central finite difference (L(w+ε) − L(w−ε))/2ε
     * @param numA      the same for a
     * @param eps       the ε used for w and for a
     * @param w1        w after one SGD step, a1 likewise
     * @param loss1     L at (w1, a1)
     * @param firstNonFinite the first t whose h_t is ±∞ or NaN (overflow), or −1
     */
    public record Result(Activation g, double w, double a, double y, double lr, double[] x, double[] z, double[] h, double loss,
                         double[] dh, double[] dz, double[] termsW, double gradW, double gradA, double numW, double numA,
                         double epsW, double epsA, double w1, double a1, double loss1, int firstNonFinite) {
        public int T() { return h.length - 1; }
    }

    /** h_0..h_T for inputs x_1..x_T (xs[t−1] = x_t). */
    public static double[] forward(Activation g, double w, double a, double h0, double[] xs) {
        double[] h = new double[xs.length + 1];
        h[0] = h0;
        for (int t = 1; t <= xs.length; t++) h[t] = g.g(w * h[t - 1] + a * xs[t - 1]);
        return h;
    }

    public static double loss(Activation g, double w, double a, double h0, double[] xs, double y) {
        double[] h = forward(g, w, a, h0, xs);
        double e = h[xs.length] - y;
        return 0.5 * e * e;
    }

    public static Result compute(Activation g, double w, double a, double h0, double[] xs, double y, double lr) {
        Result r = computeDouble(g, w, a, h0, xs, y, lr);
        // Past the double range the double pass gives ∞ − ∞ and 0·∞ (NaN). The same computation in BigDecimal
        // has no range limit: every value is exact to 34 digits, then rounded to double (±∞ where it exceeds 1.8e308).
        // Also when h stays in range but the loss or a gradient does not (w = −3, T = 512: h_T ≈ 10²⁴⁴, its square
        // 10⁴⁸⁸, and the finite difference ∞ − ∞).
        boolean lost = !Double.isFinite(r.loss()) || !Double.isFinite(r.gradW()) || !Double.isFinite(r.gradA()) || !Double.isFinite(r.numW())
                || !Double.isFinite(r.numA()) || !Double.isFinite(r.w1()) || !Double.isFinite(r.a1()) || !Double.isFinite(r.loss1());
        // For tanh and sigmoid h is bounded, but ∂L/∂h_t = (h_T − y)·Π w·g′ can still pass the range (w = −3, T = 4096)
        // and meet h = 0 as ∞·0: the wide pass keeps it exact there too.
        if (r.firstNonFinite() > 0 || lost) return computeWide(g, w, a, h0, xs, y, lr, r.firstNonFinite());
        return r;
    }

    private static final java.math.MathContext MC = java.math.MathContext.DECIMAL128;

    private static java.math.BigDecimal big(double v) {
        return new java.math.BigDecimal(v);
    }

    /**
     * g in the wide computation: identity and ReLU exactly; tanh and sigmoid are bounded, so their value (and
     * slope) is the double one at z rounded to double (±∞ beyond the range, where they are ±1 or 0 and slope 0).
     */
    private static java.math.BigDecimal gWide(Activation g, java.math.BigDecimal z) {
        return switch (g) {
            case IDENTITY -> z;
            case RELU -> z.signum() <= 0 ? java.math.BigDecimal.ZERO : z;
            default -> big(g.g(z.doubleValue()));
        };
    }

    private static java.math.BigDecimal dgWide(Activation g, java.math.BigDecimal z) {
        return switch (g) {
            case IDENTITY -> java.math.BigDecimal.ONE;
            case RELU -> z.signum() <= 0 ? java.math.BigDecimal.ZERO : java.math.BigDecimal.ONE;
            default -> big(g.dg(z.doubleValue()));
        };
    }

    private static java.math.BigDecimal lossWide(Activation g, java.math.BigDecimal w, java.math.BigDecimal a, double h0, double[] xs, double y) {
        java.math.BigDecimal h = big(h0);
        for (double x : xs) h = gWide(g, w.multiply(h, MC).add(a.multiply(big(x), MC), MC));
        java.math.BigDecimal e = h.subtract(big(y), MC);
        return e.multiply(e, MC).divide(java.math.BigDecimal.valueOf(2), MC);
    }

    /** {@link #computeDouble}'s steps in BigDecimal (see {@link #gWide} for tanh and sigmoid), each value then rounded to double. */
    static Result computeWide(Activation g, double w, double a, double h0, double[] xs, double y, double lr, int bad) {
        int T = xs.length;
        java.math.BigDecimal W = big(w), A = big(a);
        java.math.BigDecimal[] z = new java.math.BigDecimal[T + 1], h = new java.math.BigDecimal[T + 1];
        h[0] = big(h0);
        for (int t = 1; t <= T; t++) {
            z[t] = W.multiply(h[t - 1], MC).add(A.multiply(big(xs[t - 1]), MC), MC);
            h[t] = gWide(g, z[t]);
        }
        java.math.BigDecimal err = h[T].subtract(big(y), MC);
        java.math.BigDecimal loss = err.multiply(err, MC).divide(java.math.BigDecimal.valueOf(2), MC);
        double[] x = new double[T + 1], zd = new double[T + 1], hd = new double[T + 1], dh = new double[T + 1], dz = new double[T + 1], terms = new double[T + 1];
        x[0] = zd[0] = dz[0] = terms[0] = Double.NaN;
        hd[0] = h0;
        java.math.BigDecimal dhT = err, gw = java.math.BigDecimal.ZERO, ga = java.math.BigDecimal.ZERO;
        dh[T] = dhT.doubleValue();
        for (int t = T; t >= 1; t--) {
            x[t] = xs[t - 1];
            zd[t] = z[t].doubleValue();
            hd[t] = h[t].doubleValue();
            java.math.BigDecimal dzt = dhT.multiply(dgWide(g, z[t]), MC);
            java.math.BigDecimal term = dzt.multiply(h[t - 1], MC);
            dz[t] = dzt.doubleValue();
            terms[t] = term.doubleValue();
            gw = gw.add(term, MC);
            ga = ga.add(dzt.multiply(big(x[t]), MC), MC);
            dhT = dzt.multiply(W, MC);
            dh[t - 1] = dhT.doubleValue();
        }
        double ew = 1e-6 * Math.max(1, Math.abs(w)), ea = 1e-6 * Math.max(1, Math.abs(a));
        java.math.BigDecimal twoEw = big(2 * ew), twoEa = big(2 * ea);
        double numW = lossWide(g, W.add(big(ew), MC), A, h0, xs, y).subtract(lossWide(g, W.subtract(big(ew), MC), A, h0, xs, y), MC).divide(twoEw, MC).doubleValue();
        double numA = lossWide(g, W, A.add(big(ea), MC), h0, xs, y).subtract(lossWide(g, W, A.subtract(big(ea), MC), h0, xs, y), MC).divide(twoEa, MC).doubleValue();
        java.math.BigDecimal w1 = W.subtract(big(lr).multiply(gw, MC), MC), a1 = A.subtract(big(lr).multiply(ga, MC), MC);
        double loss1 = lossWide(g, w1, a1, h0, xs, y).doubleValue();
        return new Result(g, w, a, y, lr, x, zd, hd, loss.doubleValue(), dh, dz, terms, gw.doubleValue(), ga.doubleValue(), numW, numA, ew, ea,
                w1.doubleValue(), a1.doubleValue(), loss1, bad);
    }

    /** The same in double: exact to rounding while every value stays in range. */
    static Result computeDouble(Activation g, double w, double a, double h0, double[] xs, double y, double lr) {
        int T = xs.length;
        double[] x = new double[T + 1], z = new double[T + 1], h = new double[T + 1];
        x[0] = Double.NaN;
        z[0] = Double.NaN;
        h[0] = h0;
        int bad = -1;
        for (int t = 1; t <= T; t++) {
            x[t] = xs[t - 1];
            z[t] = w * h[t - 1] + a * x[t];
            h[t] = g.g(z[t]);
            if (bad < 0 && !Double.isFinite(h[t])) bad = t;
        }
        double err = h[T] - y;
        double loss = 0.5 * err * err;
        // Backward: ∂L/∂h_T = h_T − y; ∂L/∂z_t = ∂L/∂h_t · g′(z_t); ∂L/∂h_{t−1} = ∂L/∂z_t · w.
        double[] dh = new double[T + 1], dz = new double[T + 1], terms = new double[T + 1];
        dz[0] = Double.NaN;
        terms[0] = Double.NaN;
        dh[T] = err;
        double gw = 0, ga = 0;
        for (int t = T; t >= 1; t--) {
            dz[t] = dh[t] * g.dg(z[t]);
            terms[t] = dz[t] * h[t - 1];
            gw += terms[t];
            ga += dz[t] * x[t];
            dh[t - 1] = dz[t] * w;
        }
        double ew = 1e-6 * Math.max(1, Math.abs(w)), ea = 1e-6 * Math.max(1, Math.abs(a));
        double numW = (loss(g, w + ew, a, h0, xs, y) - loss(g, w - ew, a, h0, xs, y)) / (2 * ew);
        double numA = (loss(g, w, a + ea, h0, xs, y) - loss(g, w, a - ea, h0, xs, y)) / (2 * ea);
        double w1 = w - lr * gw, a1 = a - lr * ga;
        double loss1 = loss(g, w1, a1, h0, xs, y);
        return new Result(g, w, a, y, lr, x, z, h, loss, dh, dz, terms, gw, ga, numW, numA, ew, ea, w1, a1, loss1, bad);
    }

    /** |analytic − numeric| / max(|analytic|, |numeric|, 1e-12): 0 when they agree. */
    public static double relativeDifference(double analytic, double numeric) {
        if (analytic == numeric) return 0; // also two equal infinities (overflowed the same way)
        double d = Math.abs(analytic - numeric);
        return d / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-12);
    }
}
