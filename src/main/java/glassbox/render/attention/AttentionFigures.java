package glassbox.render.attention;

import glassbox.core.Fmt;
import glassbox.core.Values;
import glassbox.core.attention.Attention;
import glassbox.core.attention.AttentionGradients;
import glassbox.core.attention.AttentionResult;
import glassbox.core.attention.CopyTask;
import glassbox.core.attention.Mat;
import glassbox.core.attention.Masks;
import glassbox.core.attention.Softmax;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The attention lab's figures, drawn from an immutable result (no computation here). */
final class AttentionFigures {
    private AttentionFigures() {}

    /** What is pointed at: a query row and key column (0-based; col −1 for a whole row). */
    record Highlight(int row, int col) {}

    /** Line colours come from the default style's palette (figures are built before a style is known). */
    private static Color colour(int i) {
        return Style.DEFAULT.series(i);
    }

    static List<Figure> build(Values v, AttentionResult r) {
        if (r instanceof AttentionResult.TemperatureRun t) return temperatureFigures(t);
        List<Figure> f = new ArrayList<>();
        if (r instanceof AttentionResult.CopyRun c) {
            f.add(scoresFigure(r, c.core().heads()[0], ""));
            f.add(weightsFigure(r, false, ""));
            f.add(copyOutputFigure(c));
            f.add(copyCurveFigure(c));
            f.add(entropyFigure(r, ""));
            f.add(rowSweepFigure(r, c.row(), c.sweepTaus(), c.sweepWeights(), 1, ""));
            return f;
        }
        AttentionResult.LayerRun l = (AttentionResult.LayerRun) r;
        boolean linear = l.core().mode() == Attention.Mode.LINEAR;
        String note = headNote(l);
        if (l.input().table() != null) f.add(learnedTableFigure(l));
        else if (l.input().pe() != null) f.add(inputFigure(l));
        f.add(scoresFigure(r, l.shown(), note));
        f.add(weightsFigure(r, linear, note + degenerateNote(l)));
        if (l.reference() != null) {
            // R and R_ref side by side on the second row: the swapped columns are the point.
            if (l.logits() != null) f.add(logitsFigure(l));
            f.add(outputFigure(l));
            f.add(referenceFigure(l));
        } else {
            f.add(outputFigure(l));
            if (l.logits() != null) f.add(logitsFigure(l));
        }
        if (l.gradients() != null) f.add(gradientsFigure(l));
        if (linear) {
            f.add(runningDiffFigure(l));
            if (l.timing() != null) f.add(timingFigure(l));
        } else {
            f.add(entropyFigure(r, note));
            f.add(rowSweepFigure(r, l.row(), l.sweepTaus(), l.sweepWeights(), l.dk(), note));
        }
        return f;
    }

    // ---- text helpers ----

    private static final String SUB = "₀₁₂₃₄₅₆₇₈₉";

    static String sub(int n) {
        StringBuilder sb = new StringBuilder();
        for (char ch : Integer.toString(n).toCharArray()) sb.append(SUB.charAt(ch - '0'));
        return sb.toString();
    }

    /** Subscript for a 1-based (i, j) pair: "₃₂", or "₁₂,₃" when either index has two digits. */
    static String sub(int i, int j) {
        return i < 10 && j < 10 ? sub(i) + sub(j) : sub(i) + "," + sub(j);
    }

    private static String num(double x) {
        return Fmt.sig(x, 4);
    }

    private static String vec(double[] x) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < x.length; k++) sb.append(k > 0 ? ", " : "").append(num(x[k]));
        return sb.append(")").toString();
    }

    private static String label(AttentionResult r, int i) {
        return r.labels() != null ? r.labels().get(i) : Integer.toString(i + 1);
    }

    private static HeatmapFigure.Marks rowAndCell(Object h) {
        if (h instanceof Highlight hl) {
            List<int[]> cells = hl.col() >= 0 ? List.<int[]>of(new int[]{hl.row(), hl.col()}) : List.of();
            return new HeatmapFigure.Marks(List.of(hl.row()), List.of(), cells);
        }
        return HeatmapFigure.Marks.NONE;
    }

    private static HeatmapFigure.Marks rowOnly(Object h) {
        return h instanceof Highlight hl ? new HeatmapFigure.Marks(List.of(hl.row()), List.of(), List.of()) : HeatmapFigure.Marks.NONE;
    }

    private static String headNote(AttentionResult.LayerRun l) {
        int n = l.core().heads().length;
        return n > 1 ? "  (head " + (l.head() + 1) + " of " + n + ")" : "";
    }

    private static String tauText(double tau) {
        return tau == 0 ? "τ = 0 (argmax)" : Double.isInfinite(tau) ? "τ = ∞ (uniform)" : "τ = " + num(tau);
    }

    private static String maskNote(AttentionResult r) {
        if (r instanceof AttentionResult.LayerRun l) {
            String m = AttentionLab.maskText(l);
            return m.equals("none") ? "" : ", " + m;
        }
        return Masks.seesAhead(r.mask()) ? "" : ", causal";
    }

    // ---- heatmaps ----

    static Figure inputFigure(AttentionResult.LayerRun l) {
        AttentionResult.Input in = l.input();
        return HeatmapFigure.builder("Input X (" + Mat.shape(in.x()) + ")", in.x())
                .subtitle("embeddings with positional encodings")
                .signed(true).rowLabels(l.labels()).yLabel("position i").xLabel("feature")
                .hoverText((i, k) -> "X" + sub(i + 1, k + 1) + " = " + num(in.x()[i][k])
                        + (in.pe() != null && k < Mat.cols(in.pe()) ? "   (position part " + num(in.pe()[i][k]) + ")" : ""))
                .hoverHighlight((i, k) -> new Highlight(i, -1))
                .marks(AttentionFigures::rowOnly)
                .build();
    }

    /** The learned table (N × d) beside the positions it is asked for: rows beyond N hatched, there is nothing to look up. */
    static Figure learnedTableFigure(AttentionResult.LayerRun l) {
        AttentionResult.Input in = l.input();
        int t = in.pe().length, n = in.table().length, d = Mat.cols(in.pe());
        boolean[][] missing = new boolean[t][d];
        for (int i : in.missing()) Arrays.fill(missing[i], true);
        return HeatmapFigure.builder("Learned positions: table of N = " + n + " rows, asked for T = " + t, in.pe())
                .subtitle(in.missing().isEmpty() ? "every position 1 … " + t + " has a row" : "hatched: positions " + (n + 1) + " … " + t + " have no row (nothing was learned for them)")
                .signed(true).mask(missing).rowLabels(l.labels()).yLabel("position i").xLabel("feature")
                .hoverText((i, k) -> i >= n ? "position " + (i + 1) + ": no learned row (the table stops at N = " + n + ")"
                        : "P" + sub(i + 1, k + 1) + " = " + num(in.pe()[i][k]) + " (learned table row " + (i + 1) + ")")
                .hoverHighlight((i, k) -> new Highlight(i, -1))
                .marks(AttentionFigures::rowOnly)
                .build();
    }

    static Figure scoresFigure(AttentionResult r, Attention.Head h, String note) {
        int dk = Mat.cols(h.q());
        double[] range = HeatmapFigure.visibleRange(r.scores(), r.mask());
        return HeatmapFigure.builder("Scores S = Q Kᵀ" + note, r.scores())
                .subtitle("row = query i, column = key j; before τ; masked cells hatched")
                .signed(true).mask(r.mask()).range(range[0], range[1]).rowLabels(r.labels()).colLabels(r.labels())
                .xLabel("key j")
                .hoverText((i, j) -> "s" + sub(i + 1, j + 1) + " = q" + sub(i + 1) + "·k" + sub(j + 1)
                        + (dk <= 4 ? " = " + vec(h.q()[i]) + "·" + vec(h.k()[j]) : "") + " = " + num(r.scores()[i][j]))
                .hoverHighlight(Highlight::new)
                .marks(AttentionFigures::rowAndCell)
                .build();
    }

    static Figure weightsFigure(AttentionResult r, boolean linear, String note) {
        String title = linear ? "Linear weights P = q·k / Σ q·k" : "Weights P = softmax(S/τ)";
        boolean[][] mask = r.mask();
        if (linear && r instanceof AttentionResult.LayerRun l && !l.shown().degenerate().isEmpty()) {
            // Rows without weights (Σ q·k = 0) are drawn masked, not as zeros.
            mask = new boolean[mask.length][];
            for (int i = 0; i < mask.length; i++) mask[i] = r.mask()[i].clone();
            for (int i : l.shown().degenerate()) Arrays.fill(mask[i], true);
        }
        int under = r.underflowCount();
        String sub = linear ? "τ has no effect" : "row = query i; " + tauText(r.tau()) + maskNote(r);
        if (under > 0) sub += "; " + under + " weight" + (under > 1 ? "s" : "") + " < 10⁻³⁰⁸ (underflow, not 0)";
        HeatmapFigure.Builder b = HeatmapFigure.builder(title + note, r.weights())
                .subtitle(sub)
                .mask(mask).rowLabels(r.labels()).colLabels(r.labels())
                .xLabel("key j")
                .cellText((i, j) -> cellText(r, i, j))
                .hoverText((i, j) -> weightFormula(r, i, j))
                .hoverHighlight(Highlight::new)
                .marks(AttentionFigures::rowAndCell);
        if (linear) b.signed(true);
        else b.range(0, 1);
        return b.build();
    }

    /** A weight in its cell: "&lt;10⁻³⁰⁸" where it underflowed (positive, not 0), else 2 significant digits. */
    static String cellText(AttentionResult r, int i, int j) {
        return AttentionLab.underflowed(r, i, j) ? "<10⁻³⁰⁸" : Fmt.sig(r.weights()[i][j], 2);
    }

    private static String degenerateNote(AttentionResult.LayerRun l) {
        List<Integer> deg = l.shown().degenerate();
        if (deg.isEmpty() || l.core().mode() != Attention.Mode.LINEAR) return "";
        StringBuilder sb = new StringBuilder("; Σ = 0, no weights: row");
        sb.append(deg.size() > 1 ? "s " : " ");
        for (int n = 0; n < deg.size() && n < 6; n++) sb.append(n > 0 ? ", " : "").append(deg.get(n) + 1);
        return sb.append(deg.size() > 6 ? ", …" : "").toString();
    }

    /** "P₃₂ = exp(s₃₂/τ)/Σ_{j≤3} exp(s₃ⱼ/τ) = exp((9 − 9)/1.414)/2 = 0.5" with the numbers of the cell. */
    static String weightFormula(AttentionResult r, int i, int j) {
        double[] s = r.scores()[i];
        boolean[] m = r.mask()[i];
        String ij = sub(i + 1, j + 1), is = sub(i + 1);
        if (m[j]) return "P" + ij + ": masked (query " + (i + 1) + " does not see key " + (j + 1) + ")";
        boolean causal = !Masks.seesAhead(r.mask());
        String sum = causal ? "Σ_{j≤" + (i + 1) + "}" : "Σⱼ";
        double p = r.weights()[i][j];
        if (r instanceof AttentionResult.LayerRun l && l.core().mode() == Attention.Mode.LINEAR) {
            double den = 0;
            for (int k = 0; k < s.length; k++) if (!m[k]) den += s[k];
            return "P" + ij + " = q" + is + "·k" + sub(j + 1) + " / " + sum + " q" + is + "·kⱼ = " + num(s[j]) + " / " + num(den) + " = " + num(p);
        }
        double tau = r.tau();
        int visible = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < s.length; k++) {
            if (m[k] || Double.isNaN(s[k])) continue;
            visible++;
            max = Math.max(max, s[k]);
        }
        if (Double.isInfinite(tau)) {
            return "P" + ij + " = 1 / #visible = 1/" + visible + " = " + num(p) + "   (τ = ∞: uniform)";
        }
        if (tau == 0 || Double.isInfinite(max)) {
            int ties = Softmax.ties(s, m);
            return "P" + ij + " = " + (s[j] == max ? "1/#ties = 1/" + ties : "0 (s" + ij + " = " + num(s[j]) + " < max " + num(max) + ")")
                    + " = " + num(p) + "   (τ = 0: argmax, ties share; s" + ij + " = " + num(s[j]) + ", row max " + num(max) + ")";
        }
        double den = 0;
        for (int k = 0; k < s.length; k++) if (!m[k] && !Double.isNaN(s[k])) den += Math.exp((s[k] - max) / tau);
        String value = AttentionLab.underflowed(r, i, j)
                ? "< 10⁻³⁰⁸ (underflow: exactly 10^" + Fmt.sig(Softmax.log10Weight(s, m, tau, j), 6) + ", positive but beyond double precision)"
                : num(p);
        return "P" + ij + " = exp(s" + ij + "/τ) / " + sum + " exp(s" + is + "ⱼ/τ) = exp((" + num(s[j]) + " − " + num(max) + ")/" + num(tau) + ") / "
                + num(den) + " = " + value + "   (row max " + num(max) + " subtracted)";
    }

    static Figure outputFigure(AttentionResult.LayerRun l) {
        Attention.Result c = l.core();
        double[][] z = c.output();
        int nh = c.heads().length;
        String what = c.projected() ? "Output Z = (P V) W_O" : nh > 1 ? "Output Z = [P V]₁…" + sub(nh) + " (heads concatenated)" : "Output Z = P V";
        Attention.Head h = c.heads()[0];
        boolean l1 = l.loss() != null && l.loss().kind() == AttentionResult.Scored.Kind.L1;
        return HeatmapFigure.builder(what + " (" + Mat.shape(z) + ")", z)
                .signed(true).rowLabels(l.labels()).yLabel("position i").xLabel("output feature")
                .subtitle(l1 ? "L1 loss Σ|o − y| = " + num(l.loss().total()) : null)
                .hoverText((i, k) -> {
                    String name = "Z" + sub(i + 1, k + 1);
                    if (!c.projected() && nh == 1) {
                        StringBuilder sb = new StringBuilder(name + " = Σⱼ P" + sub(i + 1) + "ⱼ V" + "ⱼ" + sub(k + 1));
                        int terms = 0;
                        for (int j = 0; j < l.t(); j++) if (h.weights()[i][j] != 0) terms++;
                        if (terms <= 6) {
                            sb.append(" =");
                            boolean first = true;
                            for (int j = 0; j < l.t(); j++) {
                                if (h.weights()[i][j] == 0) continue;
                                sb.append(first ? " " : " + ").append(num(h.weights()[i][j])).append("·").append(num(h.v()[j][k]));
                                first = false;
                            }
                        }
                        return sb.append(" = ").append(num(z[i][k])).toString();
                    }
                    return name + " = " + (c.projected() ? "Σ_c (P V)" + sub(i + 1) + "c (W_O)_c" + sub(k + 1) : "(P V)" + sub(i + 1, k + 1)) + " = " + num(z[i][k]);
                })
                .hoverHighlight((i, k) -> new Highlight(i, -1))
                .marks(AttentionFigures::rowOnly)
                .build();
    }

    /** R_ref = Z₁ W_O,ref (one head) beside this layer's output R, with both losses: where they differ is why the losses do. */
    static Figure referenceFigure(AttentionResult.LayerRun l) {
        AttentionResult.Reference ref = l.reference();
        double[][] r = ref.output();
        String loss = ref.loss() != null ? "loss " + num(ref.loss().total()) + (l.loss() != null ? " (this layer: " + num(l.loss().total()) + ")" : "") : "";
        return HeatmapFigure.builder("Reference R_ref = Z₁ W_O,ref, one head (" + Mat.shape(r) + ")", r)
                .signed(true).rowLabels(l.labels()).yLabel("position i").xLabel("output feature")
                .subtitle(loss)
                .hoverText((i, k) -> {
                    double mine = k < Mat.cols(l.core().output()) ? l.core().output()[i][k] : Double.NaN;
                    return "R_ref" + sub(i + 1, k + 1) + " = " + num(r[i][k]) + "   (this layer's R" + sub(i + 1, k + 1) + " = " + num(mine) + ")";
                })
                .hoverHighlight((i, k) -> new Highlight(i, -1))
                .marks(AttentionFigures::rowOnly)
                .build();
    }

    static Figure logitsFigure(AttentionResult.LayerRun l) {
        double[][] lg = l.logits();
        List<String> vocab = l.input().vocab();
        List<int[]> targetCells = new ArrayList<>();
        StringBuilder ce = new StringBuilder();
        AttentionResult.Scored s = l.loss() != null && l.loss().kind() != AttentionResult.Scored.Kind.L1 ? l.loss() : null;
        if (s != null) {
            for (int n = 0; n < s.positions().length; n++) {
                targetCells.add(new int[]{s.positions()[n], s.targetIds()[n]});
                if (n < 6) ce.append(n > 0 ? " + " : "").append(num(s.perPosition()[n]));
            }
            if (s.positions().length > 6) ce.append(" + …");
        }
        String subtitle = s == null ? "each position's output against every embedding"
                : "outlined: targets (" + (s.kind() == AttentionResult.Scored.Kind.NEXT_TOKEN ? "next token" : "token at i") + "); CE = " + ce + " = " + num(s.total());
        return HeatmapFigure.builder("Logits Z Eᵀ (" + Mat.shape(lg) + ")", lg)
                .subtitle(subtitle)
                .signed(true).rowLabels(l.labels()).colLabels(vocab).yLabel("position i").xLabel("vocabulary token")
                .hoverText((i, k) -> {
                    String t = "logit" + sub(i + 1) + "(" + vocab.get(k) + ") = Z" + sub(i + 1) + "·E_" + vocab.get(k) + " = " + num(lg[i][k]);
                    if (s != null) {
                        for (int n = 0; n < s.positions().length; n++) {
                            if (s.positions()[n] != i) continue;
                            t += "   CE" + sub(i + 1) + " = logsumexp(logits" + sub(i + 1) + ") − logit(" + vocab.get(s.targetIds()[n]) + ") = "
                                    + num(Softmax.logSumExp(lg[i], null)) + " − " + num(lg[i][s.targetIds()[n]]) + " = " + num(s.perPosition()[n]);
                        }
                    }
                    return t;
                })
                .hoverHighlight((i, k) -> new Highlight(i, -1))
                .marks(h -> {
                    List<Integer> rows = h instanceof Highlight hl ? List.of(hl.row()) : List.of();
                    return new HeatmapFigure.Marks(rows, List.of(), targetCells);
                })
                .build();
    }

    /** ∂L/∂W_Q, ∂L/∂W_K, ∂L/∂W_V side by side (d rows, their columns), analytic, with the finite differences on pointing. */
    static Figure gradientsFigure(AttentionResult.LayerRun l) {
        AttentionGradients.Result g = l.gradients();
        int d = g.dWq().length, cq = Mat.cols(g.dWq()), ck = Mat.cols(g.dWk());
        double[][] all = Mat.concatColumns(g.dWq(), g.dWk(), g.dWv());
        double[][] fd = Mat.concatColumns(g.fdWq(), g.fdWk(), g.fdWv());
        List<String> cols = new ArrayList<>();
        for (int c = 0; c < Mat.cols(all); c++) cols.add(c < cq ? "Q" + (c + 1) : c < cq + ck ? "K" + (c - cq + 1) : "V" + (c - cq - ck + 1));
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < d; r++) rows.add(Integer.toString(r + 1));
        return HeatmapFigure.builder("∂L/∂W_Q | ∂L/∂W_K | ∂L/∂W_V  (" + tauText(g.tau()) + ")", all)
                .subtitle((g.tau() == 0 ? "W_Q, W_K get exactly 0; " : "back-propagated; ") + "finite differences agree to " + Fmt.sig(g.maxRelDiff(), 2))
                .signed(true).rowLabels(rows).colLabels(cols).yLabel("row of W").xLabel("column of W_Q, W_K, W_V")
                .hoverText((r, c) -> "∂L/∂W_" + cols.get(c).charAt(0) + "[" + (r + 1) + "," + cols.get(c).substring(1) + "] = " + num(all[r][c])
                        + "   (finite differences " + num(fd[r][c]) + ")")
                .build();
    }

    // ---- plots ----

    private static double[] positions(int t) {
        double[] x = new double[t];
        for (int i = 0; i < t; i++) x[i] = i + 1;
        return x;
    }

    static Figure entropyFigure(AttentionResult r, String note) {
        int t = r.t();
        double[] x = positions(t), max = new double[t];
        for (int i = 0; i < t; i++) max[i] = Math.log(Math.max(1, Masks.visibleCount(r.mask(), i)));
        return XYFigure.builder("Row entropy H_i = −Σⱼ P_ij log P_ij" + note)
                .subtitle(tauText(r.tau()) + "; 0 = one-hot, log(#visible) = uniform")
                .series("H_i", x, r.entropy(), t > 64 ? XYFigure.Kind.LINE : XYFigure.Kind.STEM, colour(0))
                .series("log #visible", x, max, XYFigure.Kind.DASHED, colour(1))
                .xLabel("query position i").yLabel("nats")
                .hoverText((s, i) -> s == 0
                        ? "H" + sub(i + 1) + " = −Σⱼ P" + sub(i + 1) + "ⱼ log P" + sub(i + 1) + "ⱼ = " + num(r.entropy()[i]) + " nats (row " + label(r, i) + ")"
                        : "log #visible = " + num(max[i]))
                .build();
    }

    /** One row's weights against log τ, one line per visible key (the four highest scores, plus the rest summed). */
    static Figure rowSweepFigure(AttentionResult r, int row, double[] taus, double[][] sweep, int dk, String note) {
        int t = r.t();
        double[] s = r.scores()[row];
        boolean[] m = r.mask()[row];
        Integer[] order = java.util.stream.IntStream.range(0, t).filter(j -> !m[j]).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        // At most five lines so the legend fits: the four highest scores and the rest summed.
        int shown = order.length <= 5 ? order.length : 4;
        XYFigure.Builder b = XYFigure.builder("Row " + label(r, row) + ": weights against τ" + note)
                .subtitle("τ → 0: argmax (" + Softmax.ties(s, m) + " tie" + (Softmax.ties(s, m) > 1 ? "s share" : "") + "); τ → ∞: 1/" + order.length)
                .logX(true).yRange(0.0, 1.0).xLabel("temperature τ (log scale)").yLabel("P_ij");
        List<String> names = new ArrayList<>();
        for (int n = 0; n < shown; n++) {
            int j = order[n];
            double[] y = new double[taus.length];
            for (int k = 0; k < taus.length; k++) y[k] = sweep[k][j];
            String name = r.labels() != null ? label(r, j) : "j=" + (j + 1);
            names.add(name);
            b.series(name, taus, y, XYFigure.Kind.LINE, colour(n));
        }
        if (shown < order.length) {
            double[] y = new double[taus.length];
            for (int k = 0; k < taus.length; k++) {
                for (int n = shown; n < order.length; n++) y[k] += sweep[k][order[n]];
            }
            names.add("other " + (order.length - shown));
            b.series("other " + (order.length - shown), taus, y, XYFigure.Kind.DASHED, colour(7));
        }
        if (r.tau() > 0 && Double.isFinite(r.tau())) b.marker(r.tau(), "τ");
        b.marker(Math.sqrt(dk), "√d_k");
        b.hoverText((se, k) -> "τ = " + num(taus[k]) + ": " + names.get(se) + " weight "
                + num(se < shown ? sweep[k][order[se]] : sumRest(sweep[k], order, shown)));
        return b.build();
    }

    private static double sumRest(double[] w, Integer[] order, int from) {
        double s = 0;
        for (int n = from; n < order.length; n++) s += w[order[n]];
        return s;
    }

    static Figure runningDiffFigure(AttentionResult.LayerRun l) {
        Attention.Head h = l.shown();
        int t = l.t();
        double[] d = new double[t];
        for (int i = 0; i < t; i++) {
            for (int k = 0; k < h.output()[i].length; k++) d[i] = Math.max(d[i], Math.abs(h.output()[i][k] - h.outputRunning()[i][k]));
        }
        return XYFigure.builder("|P V − running sums| per row" + headNote(l))
                .subtitle("max difference " + Fmt.sig(l.core().runningDiff(), 3) + (h.degenerate().isEmpty() ? "" : "; " + h.degenerate().size() + " rows with zero denominator"))
                .series("max_k |Δz_ik|", positions(t), d, t > 64 ? XYFigure.Kind.LINE : XYFigure.Kind.STEM, colour(0))
                .xLabel("position i").yLabel("difference")
                .hoverText((s, i) -> "row " + (i + 1) + ": quadratic " + vec(h.output()[i]).replaceAll("(.{60}).+", "$1…") + ", max difference " + Fmt.sig(d[i], 3))
                .build();
    }

    static Figure timingFigure(AttentionResult.LayerRun l) {
        var tm = l.timing();
        double[] t = new double[tm.t().length];
        for (int k = 0; k < t.length; k++) t[k] = tm.t()[k];
        return XYFigure.builder("Linear attention: time against T")
                .subtitle("quadratic P V grows like T², running sums like T (best of 3)")
                .series("quadratic", t, tm.quadraticMs(), XYFigure.Kind.LINE, colour(5))
                .series("running sums", t, tm.runningMs(), XYFigure.Kind.LINE, colour(0))
                .logX(true).logY(true).xLabel("T (log scale)").yLabel("ms (log scale)")
                .hoverText((s, k) -> "T = " + tm.t()[k] + ": " + (s == 0 ? "quadratic " + Fmt.ms(tm.quadraticMs()[k]) : "running sums " + Fmt.ms(tm.runningMs()[k]))
                        + ", max difference " + Fmt.sig(tm.maxDiff()[k], 3))
                .build();
    }

    static Figure copyOutputFigure(AttentionResult.CopyRun c) {
        double[] o = c.output(), y = c.targets();
        double[] x = positions(4);
        return XYFigure.builder("Prediction o = P V against target y")
                .subtitle("u₁ = " + num(c.spec().u1()) + ", u₂ = " + num(c.spec().u2()) + ";  Σ|o − y| = " + num(c.loss()))
                .series("o_i", x, o, XYFigure.Kind.STEM, colour(0))
                .series("y_i", x, y, XYFigure.Kind.POINTS, colour(5))
                .yRange(-0.05, 1.05).xLabel("position i").yLabel("value")
                .hoverText((s, i) -> s == 0 ? "o" + sub(i + 1) + " = Σⱼ P" + sub(i + 1) + "ⱼ vⱼ = " + num(o[i]) + ", |o − y| = " + num(Math.abs(o[i] - y[i]))
                        : "y" + sub(i + 1) + " = " + num(y[i]))
                .build();
    }

    /** The exact expected loss against M, split by position, with the Monte Carlo estimate ± 2 standard errors beside it. */
    static Figure copyCurveFigure(AttentionResult.CopyRun c) {
        CopyTask.Curves cv = c.curves();
        double[] ms = cv.m(), best = new double[ms.length], lo = new double[ms.length], hi = new double[ms.length];
        Arrays.fill(best, CopyTask.BEST_EXPECTED_LOSS);
        for (int k = 0; k < ms.length; k++) {
            lo[k] = cv.sampled()[k] - 2 * cv.sampledStdError()[k];
            hi[k] = cv.sampled()[k] + 2 * cv.sampledStdError()[k];
        }
        double[] e = c.expectedPerPosition();
        XYFigure.Builder b = XYFigure.builder("Expected loss against M")
                .subtitle("M = " + num(c.spec().m()) + ": " + Fmt.sig(e[0], 2) + " + " + Fmt.sig(e[1], 2) + " + " + Fmt.sig(e[2], 2) + " + " + Fmt.sig(e[3], 2) + " = " + num(c.expected())
                        + "; MC " + num(c.sampled().mean()) + " ± " + Fmt.sig(c.sampled().stdError(), 2))
                .series("exact", ms, cv.exact(), XYFigure.Kind.LINE, colour(0))
                .series("MC±2SE", ms, hi, XYFigure.Kind.DASHED, colour(3))
                .series("", ms, lo, XYFigure.Kind.DASHED, colour(3))
                .series("½", ms, best, XYFigure.Kind.DASHED, colour(2))
                .logX(true).xLabel("M (log scale)").yLabel("expected loss")
                .hoverText((s, k) -> "M = " + num(ms[k]) + ": exact " + num(cv.exact()[k]) + " = " + num(cv.exactPerPosition()[0][k]) + " + " + num(cv.exactPerPosition()[1][k])
                        + " + " + num(cv.exactPerPosition()[2][k]) + " + " + num(cv.exactPerPosition()[3][k]) + ";  Monte Carlo " + num(cv.sampled()[k]) + " ± " + Fmt.sig(cv.sampledStdError()[k], 2));
        // The split by position: E|o₁ − y₁| + E|o₂ − y₂| (which cannot go below ¼ + ¼) and the copied positions 3, 4.
        double[] firstTwo = new double[ms.length], lastTwo = new double[ms.length];
        for (int k = 0; k < ms.length; k++) {
            firstTwo[k] = cv.exactPerPosition()[0][k] + cv.exactPerPosition()[1][k];
            lastTwo[k] = cv.exactPerPosition()[2][k] + cv.exactPerPosition()[3][k];
        }
        b.series("i=1,2", ms, firstTwo, XYFigure.Kind.LINE, colour(1));
        b.series("i=3,4", ms, lastTwo, XYFigure.Kind.LINE, colour(4));
        if (c.spec().m() > 0) b.marker(c.spec().m(), "M");
        return b.build();
    }

    // ---- the temperature task ----

    static List<Figure> temperatureFigures(AttentionResult.TemperatureRun r) {
        List<Figure> f = new ArrayList<>();
        int n = r.scores()[0].length;
        List<String> cols = new ArrayList<>();
        for (int j = 0; j < n; j++) cols.add(Integer.toString(j + 1));
        // The main figure: z's weights as τ sweeps from the argmax limit to the uniform one.
        StringBuilder now = new StringBuilder("(");
        for (int j = 0; j < n && j < 6; j++) now.append(j > 0 ? ", " : "").append(AttentionLab.weightText(r, 0, j));
        now.append(n > 6 ? ", …)" : ")");
        f.add(sweep("z = " + vecShort(r.scores()[0]) + ": weights softmax(z/τ) against τ", r.sweepTaus(), r.sweepZ(), r.scores()[0], r.tau(),
                "left end τ → 0: argmax" + (Softmax.ties(r.scores()[0], null) > 1 ? " (ties share)" : "") + ";  right end τ → ∞: 1/" + n + " each;  "
                        + tauText(r.tau()) + ": " + now, 2));
        f.add(HeatmapFigure.builder("Scores: z and (a, …, a)", r.scores())
                .signed(true).rowLabels(r.labels()).colLabels(cols).xLabel("entry j").weight(0.9)
                .hoverText((i, j) -> r.labels().get(i) + sub(j + 1) + " = " + num(r.scores()[i][j]))
                .hoverHighlight(Highlight::new).marks(AttentionFigures::rowAndCell).build());
        int under = r.underflowCount();
        f.add(HeatmapFigure.builder("Weights softmax(row/τ), " + tauText(r.tau()), r.weights())
                .subtitle(under > 0 ? under + " weight" + (under > 1 ? "s" : "") + " < 10⁻³⁰⁸: positive, but below double precision (not 0)" : null)
                .range(0, 1).rowLabels(r.labels()).colLabels(cols).xLabel("entry j").weight(0.9)
                .cellText((i, j) -> cellText(r, i, j))
                .hoverText((i, j) -> weightFormula(r, i, j))
                .hoverHighlight(Highlight::new).marks(AttentionFigures::rowAndCell).build());
        f.add(sweep("(a, …, a), a = " + num(r.scores()[1][0]) + ": weights against τ", r.sweepTaus(), r.sweepA(), r.scores()[1], r.tau(),
                "all " + n + " entries tie: 1/" + n + " at every τ, also τ = 0 and ∞", 1));
        double[] hz = glassbox.core.attention.TemperatureSweep.entropy(r.sweepZ());
        double[] ha = glassbox.core.attention.TemperatureSweep.entropy(r.sweepA());
        XYFigure.Builder b = XYFigure.builder("Entropy against τ")
                .subtitle("from log #ties at τ = 0 to log " + n + " = " + num(Math.log(n)) + " at τ = ∞")
                .series("H(z)", r.sweepTaus(), hz, XYFigure.Kind.LINE, colour(0))
                .series("H(a, …, a)", r.sweepTaus(), ha, XYFigure.Kind.DASHED, colour(1))
                .logX(true).xLabel("temperature τ (log scale)").yLabel("nats").weight(1.2)
                .hoverText((s, k) -> "τ = " + num(r.sweepTaus()[k]) + ": H = " + num(s == 0 ? hz[k] : ha[k]) + " nats");
        if (r.tau() > 0 && Double.isFinite(r.tau())) b.marker(r.tau(), "τ");
        f.add(b.build());
        return f;
    }

    private static String vecShort(double[] x) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < x.length && k < 6; k++) sb.append(k > 0 ? "," : "").append(Fmt.sig(x[k], 3));
        return sb.append(x.length > 6 ? ",…)" : ")").toString();
    }

    private static Figure sweep(String title, double[] taus, double[][] w, double[] s, double tau, String subtitle, double weight) {
        XYFigure.Builder b = XYFigure.builder(title).subtitle(subtitle).logX(true).yRange(0.0, 1.0).weight(weight)
                .xLabel("temperature τ (log scale)").yLabel("weight");
        int n = Math.min(s.length, 8);
        for (int j = 0; j < n; j++) {
            double[] y = new double[taus.length];
            for (int k = 0; k < taus.length; k++) y[k] = w[k][j];
            b.series("j=" + (j + 1) + " (" + Fmt.sig(s[j], 3) + ")", taus, y, j == 0 ? XYFigure.Kind.LINE : j % 2 == 0 ? XYFigure.Kind.LINE : XYFigure.Kind.DASHED, colour(j));
        }
        if (tau > 0 && Double.isFinite(tau)) b.marker(tau, "τ");
        b.hoverText((se, k) -> "τ = " + Fmt.sig(taus[k], 4) + ": weight of entry " + (se + 1) + " = exp(z" + sub(se + 1) + "/τ)/Σ exp(zⱼ/τ) = " + Fmt.sig(w[k][se], 4));
        return b.build();
    }
}
