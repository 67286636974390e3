package glassbox.render.purifier;

import glassbox.core.Fmt;
import glassbox.core.purifier.Candidate;
import glassbox.core.purifier.Data;
import glassbox.core.purifier.PurifierResult;
import glassbox.core.purifier.Ridge;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/** The purifier lab's figures, all drawn with the shared XYFigure and HeatmapFigure. */
final class PurifierFigures {
    private PurifierFigures() {}

    // Series colours are fixed at build time (XYFigure takes a Color); Okabe–Ito reads on both themes.
    private static final Style S = Style.DEFAULT;
    private static final Color KEPT = S.series(0), REST = S.series(1), CRIT = S.series(5), F = S.series(2), GUIDE = new Color(0x888888);

    static List<Figure> all(PurifierResult r) {
        List<Figure> f = new ArrayList<>();
        f.add(spectrum(r));
        f.add(filterCurve(r));
        f.add(constraint(r));
        f.add(wHeatmap(r));
        if (!r.candidates().isEmpty()) f.add(candidates(r));
        if (r.data().hasX() && r.data().m() == 2) f.add(points(r));
        return f;
    }

    private static double[] idx(int from, int to) {
        double[] x = new double[to - from];
        for (int i = from; i < to; i++) x[i - from] = i + 1;
        return x;
    }

    private static double[] slice(double[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    static StackedFigure spectrum(PurifierResult r) {
        Data d = r.data();
        double[] s = d.sigma(), f = r.filter();
        int m = s.length, k = r.interval().k();
        int zeros = 0;
        for (double v : s) if (v == 0) zeros++;
        double[] crit = {k, k + 1}, critS = {s[k - 1], s[k]};
        XYFigure top = XYFigure.builder("Singular values σ_i")
                .subtitle("log scale; top k = " + k + " to keep, critical σ_" + k + " and σ_" + (k + 1) + " marked"
                        + (zeros > 0 ? "; " + zeros + " σ = 0 not drawn" : ""))
                .series("top " + k + " (keep)", idx(0, k), slice(s, 0, k), XYFigure.Kind.STEM, KEPT)
                .series("others (attenuate)", idx(k, m), slice(s, k, m), XYFigure.Kind.STEM, REST)
                .series("σ_" + k + ", σ_" + (k + 1), crit, critS, XYFigure.Kind.POINTS, CRIT)
                .logY(true).yLabel("σ_i").xRange(0.5, m + 0.5)
                .hoverText((se, i) -> {
                    int j = se == 0 ? i : se == 1 ? k + i : k - 1 + i;
                    return "σ_" + (j + 1) + " = " + Fmt.sig(s[j], 5) + ",  f_" + (j + 1) + " = σ²/(σ²+λ) = " + Fmt.sig(s[j] * s[j], 4)
                            + "/(" + Fmt.sig(s[j] * s[j], 4) + " + " + Fmt.sig(r.lambda(), 4) + ") = " + Fmt.sig(f[j], 4);
                })
                .build();
        double pk = r.interval().pKeep(), pa = r.interval().pAtt();
        XYFigure bottom = XYFigure.builder("Filter factors f_i = σ_i²/(σ_i² + λ)")
                .subtitle("λ = " + Fmt.sig(r.lambda(), 4) + ";  dashed: keep ≥ " + Fmt.sig(pk, 3) + " (i ≤ " + k + "), attenuate ≤ " + Fmt.sig(pa, 3))
                .series("top " + k, idx(0, k), slice(f, 0, k), XYFigure.Kind.STEM, KEPT)
                .series("others", idx(k, m), slice(f, k, m), XYFigure.Kind.STEM, REST)
                .series("p_keep", new double[]{0.5, k + 0.5}, new double[]{pk, pk}, XYFigure.Kind.DASHED, KEPT)
                .series("p_att", new double[]{k + 0.5, m + 0.5}, new double[]{pa, pa}, XYFigure.Kind.DASHED, REST)
                .legend(false).yRange(0.0, 1.05).xRange(0.5, m + 0.5).xLabel("index i").yLabel("f_i")
                .hoverText((se, i) -> {
                    if (se >= 2) return se == 2 ? "keep f_i ≥ p_keep = " + Fmt.sig(pk, 4) + " for i ≤ " + k : "attenuate f_i ≤ p_att = " + Fmt.sig(pa, 4) + " for i > " + k;
                    int j = se == 0 ? i : k + i;
                    return "f_" + (j + 1) + " = " + Fmt.sig(s[j] * s[j], 4) + "/(" + Fmt.sig(s[j] * s[j], 4) + " + " + Fmt.sig(r.lambda(), 4) + ") = " + Fmt.sig(f[j], 4);
                })
                .build();
        return new StackedFigure("Spectrum and filter factors", top, bottom, 0.52);
    }

    /** A log grid from lo to hi (both > 0). */
    static double[] logGrid(double lo, double hi, int n) {
        double[] g = new double[n];
        double a = Math.log10(lo), b = Math.log10(hi);
        for (int i = 0; i < n; i++) g[i] = Math.pow(10, a + (b - a) * i / (n - 1));
        return g;
    }

    static XYFigure filterCurve(PurifierResult r) {
        double[] s = r.data().sigma();
        double root = Math.sqrt(r.lambda());
        double smin = root, smax = root;
        for (double v : s) if (v > 0) { smin = Math.min(smin, v); smax = Math.max(smax, v); }
        double[] grid = logGrid(smin / 3, smax * 3, 240);
        double[] fc = new double[grid.length];
        for (int i = 0; i < grid.length; i++) fc[i] = Ridge.filter(grid[i], r.lambda());
        double lambda = r.lambda();
        return XYFigure.builder("Filter curve f(σ) = σ²/(σ² + λ)")
                .subtitle("f = ½ at σ = √λ = " + Fmt.sig(root, 4) + ";  dots: the data's σ_i")
                .series("f(σ)", grid, fc, XYFigure.Kind.LINE, F)
                .series("σ_i", s, r.filter(), XYFigure.Kind.POINTS, KEPT)
                .series("½", new double[]{grid[0], grid[grid.length - 1]}, new double[]{0.5, 0.5}, XYFigure.Kind.DASHED, GUIDE)
                .marker(root, "√λ = " + Fmt.sig(root, 3))
                .logX(true).yRange(0.0, 1.05).legend(false).xLabel("σ (log)").yLabel("f(σ)")
                .hoverText((se, i) -> se == 1
                        ? "σ_" + (i + 1) + " = " + Fmt.sig(s[i], 4) + ": f = " + Fmt.sig(s[i] * s[i], 4) + "/(" + Fmt.sig(s[i] * s[i], 4) + " + " + Fmt.sig(lambda, 4) + ") = " + Fmt.sig(r.filter()[i], 4)
                        : se == 0 ? "f(" + Fmt.sig(grid[i], 4) + ") = " + Fmt.sig(fc[i], 4) : "f = ½ where σ = √λ")
                .build();
    }

    static XYFigure constraint(PurifierResult r) {
        Ridge.Interval iv = r.interval();
        int k = iv.k();
        // Span the region where the two critical curves fall from 1 to 0 (around σ²), plus λ and the interval.
        double a = Math.min(r.lambda(), iv.sigmaK1() > 0 ? iv.sigmaK1() * iv.sigmaK1() : iv.sigmaK() * iv.sigmaK());
        double c = Math.max(r.lambda(), iv.sigmaK() * iv.sigmaK());
        if (iv.feasible() && iv.lo() > 0) a = Math.min(a, iv.lo());
        if (iv.feasible()) c = Math.max(c, iv.hi());
        double lo = Math.max(1e-300, Math.min(a, c) / 100), hi = Math.min(1e300, c * 100);
        double[] grid = logGrid(lo, hi, 300);
        double[] fk = new double[grid.length], fk1 = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            fk[i] = Ridge.filter(iv.sigmaK(), grid[i]);
            fk1[i] = Ridge.filter(iv.sigmaK1(), grid[i]);
        }
        String sub = iv.feasible()
                ? "λ ∈ " + PurifierLab.interval(iv) + " (shaded);  σ_" + k + " = " + Fmt.sig(iv.sigmaK(), 4) + ", σ_" + (k + 1) + " = " + Fmt.sig(iv.sigmaK1(), 4)
                : iv.sigmaK() == 0 ? "σ_" + k + " = 0 cannot be kept by any λ > 0"
                : "keep needs λ ≤ " + Fmt.sig(iv.hi(), 4) + ", attenuate needs λ ≥ " + Fmt.sig(iv.lo(), 4);
        XYFigure.Builder b = XYFigure.builder(iv.feasible() ? "Constraint solver: feasible λ" : "Constraint solver: no λ satisfies both")
                .subtitle(sub)
                .series("f(σ_" + k + ")", grid, fk, XYFigure.Kind.LINE, KEPT)
                .series("f(σ_" + (k + 1) + ")", grid, fk1, XYFigure.Kind.LINE, REST)
                .series("p_keep", new double[]{lo, hi}, new double[]{iv.pKeep(), iv.pKeep()}, XYFigure.Kind.DASHED, KEPT)
                .series("p_att", new double[]{lo, hi}, new double[]{iv.pAtt(), iv.pAtt()}, XYFigure.Kind.DASHED, REST)
                .logX(true).yRange(0.0, 1.05).xRange(lo, hi).xLabel("λ (log)").yLabel("filter factor")
                .marker(r.lambda(), "λ = " + Fmt.sig(r.lambda(), 3))
                .hoverText((se, i) -> !iv.feasible() && se >= 2 ? iv.reason() : switch (se) {
                    case 0 -> "λ = " + Fmt.sig(grid[i], 4) + ": f(σ_" + k + ") = " + Fmt.sig(fk[i], 4) + (fk[i] >= iv.pKeep() ? " ≥ " : " < ") + "p_keep = " + Fmt.sig(iv.pKeep(), 3);
                    case 1 -> "λ = " + Fmt.sig(grid[i], 4) + ": f(σ_" + (k + 1) + ") = " + Fmt.sig(fk1[i], 4) + (fk1[i] <= iv.pAtt() ? " ≤ " : " > ") + "p_att = " + Fmt.sig(iv.pAtt(), 3);
                    case 2 -> "keep: f(σ_" + k + ") ≥ " + Fmt.sig(iv.pKeep(), 3) + " ⇔ λ ≤ σ_k²(1 − p_keep)/p_keep = " + Fmt.sig(iv.hi(), 4);
                    default -> "attenuate: f(σ_" + (k + 1) + ") ≤ " + Fmt.sig(iv.pAtt(), 3) + " ⇔ λ ≥ σ_{k+1}²(1 − p_att)/p_att = " + Fmt.sig(iv.lo(), 4);
                });
        if (iv.feasible()) b.band(Math.max(iv.lo(), lo), iv.hi(), "feasible");
        return b.build();
    }

    static HeatmapFigure wHeatmap(PurifierResult r) {
        Data d = r.data();
        double[][] w = r.w(), u = d.svd().u();
        double[] f = r.filter();
        int m = d.m();
        String basis = d.hasX() ? "U from the SVD of X" : "σ given directly: principal basis, U = I, so Ŵ = diag(f)";
        return HeatmapFigure.builder("Ŵ = U diag(f) Uᵀ  (" + m + " × " + m + ")", w)
                .subtitle("λ = " + Fmt.sig(r.lambda(), 4) + "; " + basis + "; signed colours centred on 0")
                .signed(true).xLabel("column j").yLabel("row i")
                .showValues(m <= 12)
                .hoverText((i, j) -> {
                    // The sum written out for the two largest terms, so the formula is visible with numbers.
                    StringBuilder sb = new StringBuilder("Ŵ[" + (i + 1) + "," + (j + 1) + "] = Σ_l U_" + (i + 1) + "l f_l U_" + (j + 1) + "l = ");
                    int shown = 0;
                    for (int l = 0; l < m && shown < 3; l++, shown++) {
                        sb.append(shown > 0 ? " + " : "").append(Fmt.sig(u[i][l], 3)).append("·").append(Fmt.sig(f[l], 3)).append("·").append(Fmt.sig(u[j][l], 3));
                    }
                    if (m > 3) sb.append(" + …");
                    return sb.append(" = ").append(Fmt.sig(w[i][j], 5)).toString();
                })
                .build();
    }

    static XYFigure candidates(PurifierResult r) {
        List<Candidate> cs = r.candidates();
        // λ axis: three decades either side of the current λ and of every crossover.
        double from = r.lambda(), to = r.lambda();
        for (Candidate.Crossover x : r.crossovers()) { from = Math.min(from, x.lambda()); to = Math.max(to, x.lambda()); }
        double lo = Math.max(1e-8, from / 1e3), hi = Math.min(1e8, to * 1e3);
        double[] grid = logGrid(lo, hi, 161);
        XYFigure.Builder b = XYFigure.builder("Candidate encoders: total loss vs λ")
                .logX(true).logY(true).xLabel("λ (log)").yLabel("‖X − WX‖² + λ‖W‖²");
        double[][] totals = new double[cs.size() + 1][grid.length];
        for (int c = 0; c < cs.size(); c++) {
            for (int i = 0; i < grid.length; i++) totals[c][i] = cs.get(c).total(grid[i]);
            b.series(cs.get(c).name(), grid, totals[c], XYFigure.Kind.LINE, S.series(c == 0 ? 0 : c == 1 ? 5 : c + 1));
        }
        for (int i = 0; i < grid.length; i++) totals[cs.size()][i] = Ridge.optimum(r.data().sigma(), grid[i]).total();
        b.series("optimum Ŵ(λ)", grid, totals[cs.size()], XYFigure.Kind.DASHED, GUIDE);
        b.marker(r.lambda(), "λ").xRange(lo, hi);
        StringBuilder sub = new StringBuilder();
        Candidate best = r.best();
        if (best != null) sub.append("best at λ = ").append(Fmt.sig(r.lambda(), 3)).append(": ").append(best.name());
        for (Candidate.Crossover x : r.crossovers()) {
            sub.append(";  ").append(x.from()).append(" → ").append(x.to()).append(" at λ = ").append(Fmt.sig(x.lambda(), 4));
            b.band(x.lambda() / 1.04, x.lambda() * 1.04, null);
        }
        b.subtitle(sub.toString());
        double lambda = r.lambda();
        b.hoverText((se, i) -> {
            if (se == cs.size()) return "optimum Ŵ at λ = " + Fmt.sig(grid[i], 4) + ": Σ λσ²/(σ²+λ) = " + Fmt.sig(totals[se][i], 4);
            Candidate c = cs.get(se);
            return c.name() + " at λ = " + Fmt.sig(grid[i], 4) + ": " + Fmt.sig(c.reconstruction(), 4) + " + λ·" + Fmt.sig(c.regularization(), 4)
                    + " = " + Fmt.sig(totals[se][i], 4) + "   (at the current λ = " + Fmt.sig(lambda, 3) + ": " + Fmt.sig(c.total(lambda), 4) + ")";
        });
        return b.build();
    }

    static XYFigure points(PurifierResult r) {
        double[][] x = r.data().x(), w = r.w();
        int n = x[0].length;
        double[] px = x[0], py = x[1], qx = new double[n], qy = new double[n];
        for (int j = 0; j < n; j++) {
            qx[j] = w[0][0] * px[j] + w[0][1] * py[j];
            qy[j] = w[1][0] * px[j] + w[1][1] * py[j];
        }
        return XYFigure.builder("Data X and purified Ŵ X")
                .subtitle(n + " points; Ŵ shrinks direction i by f_i = " + PurifierLab.listOrRange(r.filter(), 3))
                .series("X", px, py, XYFigure.Kind.POINTS, glassbox.render.Draw.withAlpha(REST, 170))
                .series("Ŵ X", qx, qy, XYFigure.Kind.POINTS, glassbox.render.Draw.withAlpha(KEPT, 200))
                .equalAspect(true).xLabel("x₁").yLabel("x₂")
                .hoverText((se, j) -> se == 0 ? "x_" + (j + 1) + " = (" + Fmt.sig(px[j], 4) + ", " + Fmt.sig(py[j], 4) + ")"
                        : "Ŵ x_" + (j + 1) + " = (" + Fmt.sig(qx[j], 4) + ", " + Fmt.sig(qy[j], 4) + ")  from (" + Fmt.sig(px[j], 4) + ", " + Fmt.sig(py[j], 4) + ")")
                .build();
    }
}
