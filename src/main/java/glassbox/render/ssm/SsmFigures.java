package glassbox.render.ssm;

import glassbox.core.Fmt;
import glassbox.core.ssm.MultiChannel;
import glassbox.core.ssm.SsmResult;
import glassbox.render.Figure;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The ssm lab's figures, all on the shared XYFigure: the kernel, the eigenvalues, the input and
 * outputs, and (when asked) the multi-channel timing. Colours come from Style's series palette
 * (fixed indices, so they follow the palette and theme).
 */
final class SsmFigures {
    static final String KERNEL = "Kernel", EIGEN = "Eigenvalues of A", OUTPUTS = "Outputs";

    private SsmFigures() {}

    static List<Figure> all(SsmResult r, boolean log, String input) {
        return all(r, log, input, false);
    }

    /** {@code more}: another plot follows (the critical path), so the kernel gives up its big first column. */
    static List<Figure> all(SsmResult r, boolean log, String input, boolean more) {
        List<Figure> f = new ArrayList<>();
        // With the two timing plots, a 3 × 2 grid (no big first column) keeps every plot readable.
        f.add(kernel(r, log, r.timing() == null && !more ? 1.5 : 1));
        f.add(eigenvalues(r));
        // The input on its own fixed range (it is drawn on), the outputs on theirs.
        f.add(new InputFigure(r.u(), input));
        f.add(outputs(r, log));
        if (r.timing() != null) {
            f.add(timing(r.timing(), true));
            f.add(timing(r.timing(), false));
        }
        return f;
    }

    /** The critical path against L (log–log): the recurrence's straight line against the logarithmic kernel-then-convolve. */
    static XYFigure criticalPath(glassbox.core.ssm.CriticalPath.Curve c, int len) {
        double[] l = new double[c.len().length], rec = new double[l.length], dbl = new double[l.length], conv = new double[l.length], ktc = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = c.len()[i];
            rec[i] = c.recurrence()[i];
            dbl[i] = c.doublingKernel()[i];
            conv[i] = c.convolution()[i];
            ktc[i] = c.kernelThenConvolve()[i];
        }
        int last = l.length - 1;
        return XYFigure.builder("Critical path against L (n = " + c.n() + ")")
                .subtitle("at L = " + len + ": recurrence " + Fmt.count(c.recurrence()[last]) + " steps, doubling + convolution " + c.kernelThenConvolve()[last])
                .series("recurrence O(L)", l, rec, XYFigure.Kind.LINE, c(5))
                .series("doubling+conv", l, ktc, XYFigure.Kind.LINE, c(0))
                .series("doubling", l, dbl, XYFigure.Kind.DASHED, c(2))
                .series("conv", l, conv, XYFigure.Kind.DASHED, c(3))
                .logX(true).logY(true).xLabel("L (log scale)").yLabel("steps in a row (log scale)")
                .hoverText((s, i) -> "L = " + c.len()[i] + ": recurrence " + c.recurrence()[i] + ", doubling " + c.doublingKernel()[i] + " + convolution "
                        + c.convolution()[i] + " = " + c.kernelThenConvolve()[i] + " (sequential kernel " + c.sequentialKernel()[i] + ")")
                .build();
    }

    private static Color c(int i) {
        return Style.DEFAULT.series(i);
    }

    /** One plotted series and where its samples sit in time (for hover). */
    private record Plotted(String name, double[] x, double[] y, XYFigure.Kind kind, int colour) {}

    /**
     * Adds the finite samples of y as a series and its overflowed samples as points pinned to the top
     * (+∞, and ±∞ for a lost sign) or bottom (−∞) edge of the range of the finite values.
     */
    private static void finite(List<Plotted> out, String name, double[] y, XYFigure.Kind kind, int colour, boolean abs) {
        int n = y.length, m = 0;
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0; i < n; i++) {
            double v = abs ? Math.abs(y[i]) : y[i];
            if (Double.isFinite(v)) { xs[m] = i; ys[m] = v; m++; }
        }
        out.add(new Plotted(name, java.util.Arrays.copyOf(xs, m), java.util.Arrays.copyOf(ys, m), kind, colour));
    }

    /**
     * The overflowed samples of the given series as points pinned to the top (+∞, and ±∞ where the
     * sign was lost) or the bottom (−∞) of the range of the finite values: one legend entry per kind.
     */
    private static void overflow(List<Plotted> out, boolean abs, double[] range, double[]... ys) {
        java.util.TreeSet<Integer> pos = new java.util.TreeSet<>(), neg = new java.util.TreeSet<>(), lost = new java.util.TreeSet<>();
        for (double[] y : ys) {
            for (int i = 0; i < y.length; i++) {
                double v = y[i];
                if (Double.isNaN(v)) lost.add(i);
                else if (v == Double.POSITIVE_INFINITY || (abs && v == Double.NEGATIVE_INFINITY)) pos.add(i);
                else if (v == Double.NEGATIVE_INFINITY) neg.add(i);
            }
        }
        if (!pos.isEmpty()) out.add(pinned(abs ? "∞ (overflow)" : "+∞ (overflow)", pos, range[1], 5));
        if (!neg.isEmpty()) out.add(pinned("−∞ (overflow)", neg, range[0], 4));
        if (!lost.isEmpty()) out.add(pinned("±∞ (sign lost)", lost, range[1], 3));
    }

    private static Plotted pinned(String name, java.util.Collection<Integer> idx, double at, int colour) {
        double[] x = new double[idx.size()], y = new double[idx.size()];
        int i = 0;
        for (int k : idx) { x[i] = k; y[i] = at; i++; }
        return new Plotted(name, x, y, XYFigure.Kind.POINTS, colour);
    }

    /** {lo, hi} over finite values (with room for overflow markers when some are not finite), or null when all are finite. */
    private static double[] range(boolean log, double[]... ys) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        boolean over = false;
        for (double[] y : ys) {
            for (double v : y) {
                double a = log ? Math.abs(v) : v;
                if (!Double.isFinite(a)) { over = true; continue; }
                if (log && a <= 0) continue;
                lo = Math.min(lo, a);
                hi = Math.max(hi, a);
            }
        }
        if (!over) return null;
        if (lo > hi) { lo = log ? 1e-3 : -1; hi = 1; }
        if (log) {
            // In decades, so that a range reaching 1e308 does not overflow when padded.
            double a = Math.log10(lo), b = Math.log10(hi), pad = 0.06 * Math.max(1, b - a);
            return new double[]{Math.pow(10, a - pad), Math.min(Double.MAX_VALUE, Math.pow(10, b + pad))};
        }
        lo = Math.min(lo, 0);
        hi = Math.max(hi, 0);
        double pad = Math.max(1e-300, (hi / 2 - lo / 2) * 0.2);
        return new double[]{Math.max(-Double.MAX_VALUE, lo - pad), Math.min(Double.MAX_VALUE, hi + pad)};
    }

    static XYFigure kernel(SsmResult r, boolean log, double weight) {
        double[] k = r.kernel();
        double[] range = range(log, k);
        List<Plotted> ps = new ArrayList<>();
        finite(ps, log ? "|Kₗ|" : "Kₗ", k, XYFigure.Kind.STEM, 0, log);
        if (range != null) overflow(ps, log, range, k);
        int zeros = 0;
        if (log) for (double v : k) if (v == 0) zeros++;
        SsmResult.Diff d = r.runs().get(r.method()).diff();
        String sub = r.method().id() + " · L = " + r.len() + " · max |K − K_seq| = " + Fmt.sig(d.maxAbs(), 3)
                + (d.maxAbs() > 1 ? " (relative " + Fmt.sig(d.maxRel(), 2) + ")" : "");
        int over = SsmResult.firstOverflow(k);
        if (over >= 0) sub += " · overflow from l = " + over;
        if (zeros > 0) sub += " · " + zeros + " zero tap" + (zeros > 1 ? "s" : "") + " hidden";
        XYFigure.Builder b = XYFigure.builder(KERNEL + (log ? "  |Kₗ| = |C Aˡ⁻¹ B|  (log scale)" : "  Kₗ = C Aˡ⁻¹ B,  K₀ = D")).subtitle(sub)
                .xLabel("tap l").yLabel(log ? "|Kₗ|" : "Kₗ").logY(log).weight(weight);
        if (range != null) b.yRange(range[0], range[1]);
        for (Plotted p : ps) b.series(p.name(), p.x(), p.y(), p.kind(), c(p.colour()));
        b.legend(ps.size() > 1);
        b.hoverText((si, i) -> SsmLab.tapText(r, (int) ps.get(si).x()[i]));
        return b.build();
    }

    static XYFigure eigenvalues(SsmResult r) {
        double[][] e = r.eigenvalues();
        double rho = r.spectralRadius();
        String sub = "ρ(A) = " + Fmt.sig(rho, 4) + (rho > 1 ? ": outside the unit circle, the kernel grows" : rho < 1 ? ": inside the unit circle, the kernel decays" : ": on the circle");
        XYFigure.Builder b = XYFigure.builder(EIGEN).subtitle(sub).xLabel("Re λ").yLabel("Im λ").equalAspect(true).unitCircle(true)
                .series("λ", e[0].clone(), e[1].clone(), XYFigure.Kind.POINTS, c(rho > 1 ? 5 : 0)).legend(false)
                .hoverText((si, i) -> "λ" + SsmLab.sub(i + 1) + " = " + SsmLab.complex(e[0][i], e[1][i]) + ",  |λ| = " + Fmt.sig(Math.hypot(e[0][i], e[1][i]), 6)
                        + (e[1][i] != 0 ? ",  arg λ = " + Fmt.sig(Math.atan2(e[1][i], e[0][i]), 4) + " rad" : ""));
        return b.build();
    }

    static XYFigure outputs(SsmResult r, boolean log) {
        double[] range = range(log, r.yRecurrent(), r.yConvolution());
        List<Plotted> ps = new ArrayList<>();
        finite(ps, log ? "|y| recurrent" : "y recurrent", r.yRecurrent(), XYFigure.Kind.LINE, 0, log);
        finite(ps, (log ? "|y| conv" : "y conv") + (r.fft() ? " (FFT)" : " (direct)"), r.yConvolution(), XYFigure.Kind.DASHED, 1, log);
        if (range != null) overflow(ps, log, range, r.yRecurrent(), r.yConvolution());
        String sub = "max |y_rec − y_conv| = " + Fmt.sig(r.yDiff().maxAbs(), 3) + " (relative " + Fmt.sig(r.yDiff().maxRel(), 3) + ")";
        XYFigure.Builder b = XYFigure.builder(OUTPUTS + (log ? "  |yₖ| (log)" : "  yₖ") + ",  k = 0 … " + r.len())
                .subtitle(sub).xLabel("time step k").yLabel(log ? "|yₖ|" : "yₖ").logY(log);
        if (range != null) b.yRange(range[0], range[1]);
        for (Plotted p : ps) b.series(p.name(), p.x(), p.y(), p.kind(), c(p.colour()));
        b.hoverText((si, i) -> {
            int k = (int) ps.get(si).x()[i];
            return "k = " + k + ":  u = " + SsmLab.value(r.u()[k]) + ",  y recurrent = " + SsmLab.value(r.yRecurrent()[k])
                    + ",  y convolution = " + SsmLab.value(r.yConvolution()[k]);
        });
        return b.build();
    }

    static XYFigure timing(MultiChannel.Timing t, boolean vsT) {
        int[] xs = vsT ? t.tValues() : t.hValues();
        double[][] ms = vsT ? t.msVsT() : t.msVsH();
        double[] x = new double[xs.length];
        for (int i = 0; i < x.length; i++) x[i] = xs[i];
        String title = vsT ? "Multi-channel time vs T  (H = " + t.hFixed() + ")" : "Multi-channel time vs H  (T = " + t.tFixed() + ")";
        String on = t.backend().nd4j() ? t.backend().label() + ": mmul per step, conv1d, depthwise conv2d" : "plain Java: convolutions by FFT";
        XYFigure.Builder b = XYFigure.builder(title).subtitle("h_{t+1} = W h_t + x_t + b; " + on + "; median of " + MultiChannel.REPEATS + " after a warm-up")
                .xLabel(vsT ? "sequence length T" : "hidden size H").yLabel("time (ms)").logX(true).logY(true);
        for (int m = 0; m < ms.length; m++) {
            double[] y = new double[x.length];
            // A time below the clock's resolution would vanish from a log axis; keep it at 1 µs.
            for (int i = 0; i < y.length; i++) y[i] = Math.max(1e-3, ms[m][i]);
            b.series(MultiChannel.METHODS[m], x, y, m % 2 == 0 ? XYFigure.Kind.LINE : XYFigure.Kind.DASHED, c(m));
        }
        b.hoverText((si, i) -> MultiChannel.METHODS[si] + " (" + t.how()[si] + ")" + (vsT ? ", T = " : ", H = ") + xs[i] + ": " + Fmt.ms(ms[si][i]));
        return b.build();
    }
}
