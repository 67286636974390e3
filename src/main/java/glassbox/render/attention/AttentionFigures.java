package glassbox.render.attention;

import glassbox.core.Fmt;
import glassbox.core.Values;
import glassbox.core.attention.Attention;
import glassbox.core.attention.CopyTask;
import glassbox.core.attention.Mat;
import glassbox.core.attention.Softmax;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The attention lab's figures, built from an immutable result. */
final class AttentionFigures {
    private AttentionFigures() {}

    /** What is pointed at: a query row and key column (0-based; col −1 for a whole row). */
    record Highlight(int row, int col) {}

    /** Line colours come from the default style's palette (figures are built before a style is known). */
    private static Color colour(int i) {
        return Style.DEFAULT.series(i);
    }

    static List<Figure> build(Values v, AttentionResult r) {
        if (r.core() == null) return temperatureFigures(r);
        List<Figure> f = new ArrayList<>();
        Attention.Result c = r.core();
        boolean linear = c.mode() == Attention.Mode.LINEAR;
        boolean copy = r.task().equals("copy");
        if (r.positional() != null && !copy) f.add(inputFigure(r));
        f.add(scoresFigure(r));
        f.add(weightsFigure(r));
        if (copy) {
            f.add(copyOutputFigure(r));
            f.add(copyCurveFigure(v, r));
        } else {
            f.add(outputFigure(r));
            if (r.logits() != null) f.add(logitsFigure(r));
        }
        if (linear) {
            f.add(runningDiffFigure(r));
            if (r.timing() != null) f.add(timingFigure(r));
        } else {
            f.add(entropyFigure(r));
            f.add(rowSweepFigure(r));
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

    private static String headNote(AttentionResult r) {
        int n = r.core().heads().length;
        return n > 1 ? "  (head " + (r.head() + 1) + " of " + n + ")" : "";
    }

    private static String tauText(double tau) {
        return tau == 0 ? "τ = 0 (argmax)" : Double.isInfinite(tau) ? "τ = ∞ (uniform)" : "τ = " + num(tau);
    }

    // ---- heatmaps ----

    static Figure inputFigure(AttentionResult r) {
        return HeatmapFigure.builder("Input X (" + Mat.shape(r.x()) + ")", r.x())
                .subtitle("embeddings with positional encodings")
                .signed(true).rowLabels(r.labels()).yLabel("position i").xLabel("feature")
                .hoverText((i, k) -> "X" + sub(i + 1, k + 1) + " = " + num(r.x()[i][k])
                        + (r.positional() != null && k < Mat.cols(r.positional()) ? "   (position part " + num(r.positional()[i][k]) + ")" : ""))
                .hoverHighlight((i, k) -> new Highlight(i, -1))
                .marks(AttentionFigures::rowOnly)
                .build();
    }

    static Figure scoresFigure(AttentionResult r) {
        Attention.Head h = r.core().heads()[r.head()];
        int dk = Mat.cols(h.q());
        double[] range = scoresRange(r.scores(), r.mask());
        return HeatmapFigure.builder("Scores S = Q Kᵀ" + headNote(r), r.scores())
                .subtitle("row = query i, column = key j; before τ; masked cells hatched")
                .signed(true).mask(r.mask()).range(range[0], range[1]).rowLabels(r.labels()).colLabels(r.labels())
                .xLabel("key j")
                .hoverText((i, j) -> "s" + sub(i + 1, j + 1) + " = q" + sub(i + 1) + "·k" + sub(j + 1)
                        + (dk <= 4 ? " = " + vec(h.q()[i]) + "·" + vec(h.k()[j]) : "") + " = " + num(r.scores()[i][j]))
                .hoverHighlight(Highlight::new)
                .marks(AttentionFigures::rowAndCell)
                .build();
    }

    // The scores (memoised by the lab) and the mask do not move with τ, the most moved slider: their
    // colour range (a scan of T² numbers) is kept while both are the same arrays.
    private static double[][] rangeScores;
    private static boolean[][] rangeMask;
    private static double[] rangeValue;

    static synchronized double[] scoresRange(double[][] s, boolean[][] mask) {
        if (s != rangeScores || mask != rangeMask) {
            rangeValue = HeatmapFigure.visibleRange(s, mask);
            rangeScores = s;
            rangeMask = mask;
        }
        return rangeValue;
    }

    static Figure weightsFigure(AttentionResult r) {
        boolean linear = r.core().mode() == Attention.Mode.LINEAR;
        String title = linear ? "Linear weights P = q·k / Σ q·k" : "Weights P = softmax(S/τ)";
        boolean[][] mask = r.mask();
        if (linear && !r.core().heads()[r.head()].degenerate().isEmpty()) {
            // Rows without weights (Σ q·k = 0) are drawn masked, not as zeros.
            mask = new boolean[mask.length][];
            for (int i = 0; i < mask.length; i++) mask[i] = r.mask()[i].clone();
            for (int i : r.core().heads()[r.head()].degenerate()) java.util.Arrays.fill(mask[i], true);
        }
        HeatmapFigure.Builder b = HeatmapFigure.builder(title + headNote(r), r.weights())
                .subtitle(linear ? "τ has no effect" + degenerateNote(r) : "row = query i; " + tauText(r.tau()) + (r.mask()[0].length > 1 && r.mask()[0][1] ? ", causal" : ""))
                .mask(mask).rowLabels(r.labels()).colLabels(r.labels())
                .xLabel("key j")
                .hoverText((i, j) -> weightFormula(r, i, j))
                .hoverHighlight(Highlight::new)
                .marks(AttentionFigures::rowAndCell);
        if (linear) b.signed(true);
        else b.range(0, 1);
        return b.build();
    }

    private static String degenerateNote(AttentionResult r) {
        List<Integer> deg = r.core().heads()[r.head()].degenerate();
        if (deg.isEmpty()) return "";
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
        boolean causal = r.mask()[0].length > 1 && r.mask()[0][1];
        String sum = causal ? "Σ_{j≤" + (i + 1) + "}" : "Σⱼ";
        double p = r.weights()[i][j];
        if (r.core() != null && r.core().mode() == Attention.Mode.LINEAR) {
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
        return "P" + ij + " = exp(s" + ij + "/τ) / " + sum + " exp(s" + is + "ⱼ/τ) = exp((" + num(s[j]) + " − " + num(max) + ")/" + num(tau) + ") / "
                + num(den) + " = " + num(p) + "   (row max " + num(max) + " subtracted)";
    }

    static Figure outputFigure(AttentionResult r) {
        Attention.Result c = r.core();
        double[][] z = c.output();
        int nh = c.heads().length;
        String what = c.projected() ? "Output Z = (P V) W_O" : nh > 1 ? "Output Z = [P V]₁…" + sub(nh) + " (heads concatenated)" : "Output Z = P V";
        Attention.Head h = c.heads()[0];
        return HeatmapFigure.builder(what + " (" + Mat.shape(z) + ")", z)
                .signed(true).rowLabels(r.labels()).yLabel("position i").xLabel("output feature")
                .subtitle(r.lossKind() != null && r.lossKind().equals("L1") ? "L1 loss Σ|o − y| = " + num(r.loss()) : null)
                .hoverText((i, k) -> {
                    String name = "Z" + sub(i + 1, k + 1);
                    if (!c.projected() && nh == 1) {
                        StringBuilder sb = new StringBuilder(name + " = Σⱼ P" + sub(i + 1) + "ⱼ V" + "ⱼ" + sub(k + 1));
                        int terms = 0;
                        for (int j = 0; j < r.t(); j++) if (h.weights()[i][j] != 0) terms++;
                        if (terms <= 6) {
                            sb.append(" =");
                            boolean first = true;
                            for (int j = 0; j < r.t(); j++) {
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

    static Figure logitsFigure(AttentionResult r) {
        double[][] lg = r.logits();
        List<String> vocab = r.vocab();
        List<int[]> targetCells = new ArrayList<>();
        StringBuilder ce = new StringBuilder();
        if ("cross-entropy".equals(r.lossKind())) {
            for (int n = 0; n < r.scored().length; n++) {
                targetCells.add(new int[]{r.scored()[n], r.targetIds()[n]});
                ce.append(n > 0 ? " + " : "").append(num(r.lossPerPosition()[n]));
            }
        }
        String subtitle = targetCells.isEmpty() ? "each position's output against every embedding"
                : "outlined: targets; CE = " + ce + " = " + num(r.loss());
        return HeatmapFigure.builder("Logits Z Eᵀ (" + Mat.shape(lg) + ")", lg)
                .subtitle(subtitle)
                .signed(true).rowLabels(r.labels()).colLabels(vocab).yLabel("position i").xLabel("vocabulary token")
                .hoverText((i, k) -> {
                    String s = "logit" + sub(i + 1) + "(" + vocab.get(k) + ") = Z" + sub(i + 1) + "·E_" + vocab.get(k) + " = " + num(lg[i][k]);
                    if (r.scored() != null && r.targetIds() != null) {
                        for (int n = 0; n < r.scored().length; n++) {
                            if (r.scored()[n] != i) continue;
                            s += "   CE" + sub(i + 1) + " = logsumexp(logits" + sub(i + 1) + ") − logit(" + vocab.get(r.targetIds()[n]) + ") = "
                                    + num(Softmax.logSumExp(lg[i], null)) + " − " + num(lg[i][r.targetIds()[n]]) + " = " + num(r.lossPerPosition()[n]);
                        }
                    }
                    return s;
                })
                .hoverHighlight((i, k) -> new Highlight(i, -1))
                .marks(h -> {
                    List<Integer> rows = h instanceof Highlight hl ? List.of(hl.row()) : List.of();
                    return new HeatmapFigure.Marks(rows, List.of(), targetCells);
                })
                .build();
    }

    // ---- plots ----

    private static double[] positions(int t) {
        double[] x = new double[t];
        for (int i = 0; i < t; i++) x[i] = i + 1;
        return x;
    }

    static Figure entropyFigure(AttentionResult r) {
        int t = r.t();
        double[] x = positions(t), max = new double[t];
        boolean causal = t > 1 && r.mask()[0][1];
        for (int i = 0; i < t; i++) max[i] = Math.log(causal ? i + 1 : t);
        return XYFigure.builder("Row entropy H_i = −Σⱼ P_ij log P_ij" + headNote(r))
                .subtitle(tauText(r.tau()) + "; 0 = one-hot, log(#visible) = uniform")
                .series("H_i", x, r.entropy(), t > 64 ? XYFigure.Kind.LINE : XYFigure.Kind.STEM, colour(0))
                .series("log #visible", x, max, XYFigure.Kind.DASHED, colour(1))
                .xLabel("query position i").yLabel("nats")
                .hoverText((s, i) -> s == 0
                        ? "H" + sub(i + 1) + " = −Σⱼ P" + sub(i + 1) + "ⱼ log P" + sub(i + 1) + "ⱼ = " + num(r.entropy()[i]) + " nats (row " + label(r, i) + ")"
                        : "log #visible = " + num(max[i]))
                .build();
    }

    /** One row's weights against log τ, one line per visible key (at most 7 by score, plus the rest summed). */
    static Figure rowSweepFigure(AttentionResult r) {
        int row = r.sweepRow(), t = r.t();
        double[] s = r.scores()[row];
        boolean[] m = r.mask()[row];
        Integer[] order = java.util.stream.IntStream.range(0, t).filter(j -> !m[j]).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        // At most five lines so the legend fits: the four highest scores and the rest summed.
        int shown = order.length <= 5 ? order.length : 4;
        XYFigure.Builder b = XYFigure.builder("Row " + label(r, row) + ": weights against τ" + headNote(r))
                .subtitle("τ → 0: argmax (" + Softmax.ties(s, m) + " tie" + (Softmax.ties(s, m) > 1 ? "s share" : "") + "); τ → ∞: 1/" + order.length)
                .logX(true).yRange(0.0, 1.0).xLabel("temperature τ (log scale)").yLabel("P_ij");
        double[] taus = r.sweepTaus();
        List<String> names = new ArrayList<>();
        for (int n = 0; n < shown; n++) {
            int j = order[n];
            double[] y = new double[taus.length];
            for (int k = 0; k < taus.length; k++) y[k] = r.sweepWeights()[k][j];
            String name = r.labels() != null ? label(r, j) : "j=" + (j + 1);
            names.add(name);
            b.series(name, taus, y, XYFigure.Kind.LINE, colour(n));
        }
        if (shown < order.length) {
            double[] y = new double[taus.length];
            for (int k = 0; k < taus.length; k++) {
                for (int n = shown; n < order.length; n++) y[k] += r.sweepWeights()[k][order[n]];
            }
            names.add("other " + (order.length - shown));
            b.series("other " + (order.length - shown), taus, y, XYFigure.Kind.DASHED, colour(7));
        }
        if (r.tau() > 0 && Double.isFinite(r.tau())) b.marker(r.tau(), "τ");
        b.marker(Math.sqrt(r.dk()), "√d_k");
        b.hoverText((se, k) -> "τ = " + num(taus[k]) + ": " + names.get(se) + " weight "
                + num(se < shown ? r.sweepWeights()[k][order[se]] : sumRest(r.sweepWeights()[k], order, shown)));
        return b.build();
    }

    private static double sumRest(double[] w, Integer[] order, int from) {
        double s = 0;
        for (int n = from; n < order.length; n++) s += w[order[n]];
        return s;
    }

    static Figure runningDiffFigure(AttentionResult r) {
        Attention.Head h = r.core().heads()[r.head()];
        int t = r.t();
        double[] d = new double[t];
        for (int i = 0; i < t; i++) {
            for (int k = 0; k < h.output()[i].length; k++) d[i] = Math.max(d[i], Math.abs(h.output()[i][k] - h.outputRunning()[i][k]));
        }
        return XYFigure.builder("|P V − running sums| per row" + headNote(r))
                .subtitle("max difference " + Fmt.sig(r.core().runningDiff(), 3) + (h.degenerate().isEmpty() ? "" : "; " + h.degenerate().size() + " rows with zero denominator"))
                .series("max_k |Δz_ik|", positions(t), d, t > 64 ? XYFigure.Kind.LINE : XYFigure.Kind.STEM, colour(0))
                .xLabel("position i").yLabel("difference")
                .hoverText((s, i) -> "row " + (i + 1) + ": quadratic " + vec(h.output()[i]).replaceAll("(.{60}).+", "$1…") + ", max difference " + Fmt.sig(d[i], 3))
                .build();
    }

    static Figure timingFigure(AttentionResult r) {
        var tm = r.timing();
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

    static Figure copyOutputFigure(AttentionResult r) {
        double[] o = new double[4], y = new double[4];
        for (int i = 0; i < 4; i++) {
            o[i] = r.core().output()[i][0];
            y[i] = r.targets()[i][0];
        }
        double[] x = positions(4);
        return XYFigure.builder("Prediction o = P V against target y")
                .subtitle("u₁ = " + num(r.u1()) + ", u₂ = " + num(r.u2()) + ";  Σ|o − y| = " + num(r.loss()))
                .series("o_i", x, o, XYFigure.Kind.STEM, colour(0))
                .series("y_i", x, y, XYFigure.Kind.POINTS, colour(5))
                .yRange(-0.05, 1.05).xLabel("position i").yLabel("value")
                .hoverText((s, i) -> s == 0 ? "o" + sub(i + 1) + " = Σⱼ P" + sub(i + 1) + "ⱼ vⱼ = " + num(o[i]) + ", |o − y| = " + num(Math.abs(o[i] - y[i]))
                        : "y" + sub(i + 1) + " = " + num(y[i]))
                .build();
    }

    static Figure copyCurveFigure(Values v, AttentionResult r) {
        double[] ms = r.curveM(), best = new double[ms.length];
        Arrays.fill(best, CopyTask.BEST_EXPECTED_LOSS);
        XYFigure.Builder b = XYFigure.builder("Expected loss against M (Monte Carlo)")
                .subtitle(v.i("samples") + " samples, seed " + v.text("seed") + ";  at M = " + num(v.d("M")) + ": " + num(r.expected().mean()) + " ± " + Fmt.sig(r.expected().stdError(), 2))
                .series("E[Σ|o − y|]", ms, r.curveLoss(), XYFigure.Kind.LINE, colour(0))
                .series("best possible = 1/2", ms, best, XYFigure.Kind.DASHED, colour(2))
                .logX(true).xLabel("M (log scale)").yLabel("expected loss")
                .hoverText((s, k) -> s == 0 ? "M = " + num(ms[k]) + ": E[loss] ≈ " + num(r.curveLoss()[k]) : "best possible expected loss 1/2");
        if (v.d("M") > 0) b.marker(v.d("M"), "M");
        return b.build();
    }

    // ---- the temperature task ----

    static List<Figure> temperatureFigures(AttentionResult r) {
        List<Figure> f = new ArrayList<>();
        int n = r.scores()[0].length;
        List<String> cols = new ArrayList<>();
        for (int j = 0; j < n; j++) cols.add(Integer.toString(j + 1));
        // The main figure: z's weights as τ sweeps from the argmax limit to the uniform one.
        f.add(sweep("z = " + vecShort(r.scores()[0]) + ": weights softmax(z/τ) against τ", r.sweepTaus(), r.sweepWeights(), r.scores()[0], r.tau(),
                "left end τ → 0: argmax" + (Softmax.ties(r.scores()[0], null) > 1 ? " (ties share)" : "") + ";  right end τ → ∞: 1/" + n + " each;  "
                        + tauText(r.tau()) + ": " + vecShort(r.weights()[0]), 2));
        f.add(HeatmapFigure.builder("Scores: z and (a, …, a)", r.scores())
                .signed(true).rowLabels(r.labels()).colLabels(cols).xLabel("entry j").weight(0.9)
                .hoverText((i, j) -> r.labels().get(i) + sub(j + 1) + " = " + num(r.scores()[i][j]))
                .hoverHighlight(Highlight::new).marks(AttentionFigures::rowAndCell).build());
        f.add(HeatmapFigure.builder("Weights softmax(row/τ), " + tauText(r.tau()), r.weights())
                .range(0, 1).rowLabels(r.labels()).colLabels(cols).xLabel("entry j").weight(0.9)
                .hoverText((i, j) -> weightFormula(r, i, j))
                .hoverHighlight(Highlight::new).marks(AttentionFigures::rowAndCell).build());
        f.add(sweep("(a, …, a), a = " + num(r.scores()[1][0]) + ": weights against τ", r.sweepTaus(), r.sweepWeights2(), r.scores()[1], r.tau(),
                "all " + n + " entries tie: 1/" + n + " at every τ, also τ = 0 and ∞", 1));
        double[] hz = glassbox.core.attention.TemperatureSweep.entropy(r.sweepWeights());
        double[] ha = glassbox.core.attention.TemperatureSweep.entropy(r.sweepWeights2());
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
