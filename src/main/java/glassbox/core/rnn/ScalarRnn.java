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
        double d = Math.abs(analytic - numeric);
        if (d == 0) return 0;
        return d / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-12);
    }
}
