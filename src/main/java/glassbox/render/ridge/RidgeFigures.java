package glassbox.render.ridge;

import glassbox.core.Fmt;
import glassbox.core.Memo;
import glassbox.core.ridge.RidgeAttention;
import glassbox.core.ridge.RidgeLimits;
import glassbox.core.ridge.RidgeResult;
import glassbox.core.ridge.RidgeTiming;
import glassbox.core.ridge.RunningMean;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.util.ArrayList;
import java.util.List;

/** The ridge-attention lab's figures, built from the shared heatmap and XY figures. */
final class RidgeFigures {
    private RidgeFigures() {}

    /** What is pointed at in either weight matrix: query t, key j (0-based); marked in both. */
    record Pointed(int t, int j) {}

    /** Below this n the heatmaps label rows q1… and columns k1…; above it they show index ticks. */
    static final int LABEL_LIMIT = 24;

    /** Above this many positions a heatmap shows blocks (a 1024-wide matrix in ~300 pixels would otherwise skip cells). */
    static final int DISPLAY_MAX = 256;

    /** The softmax weights' shown blocks and clip; they do not move with λ, so the lab keeps the last (keyed by the matrix's identity). */
    record ShownSoftmax(Shown shown, double clip) {}

    static List<Figure> all(RidgeResult r, Memo<double[][], ShownSoftmax> softmaxShown) {
        List<Figure> f = new ArrayList<>();
        f.add(weights(r));
        f.add(softmax(r, softmaxShown.get(r.softmax(), m -> {
            Shown sh = shown(m, r.causal());
            return new ShownSoftmax(sh, clip(sh));
        })));
        f.add(limits(r));
        f.add(runningMean(r.runningMean()));
        if (r.timing() != null) f.add(timing(r.timing()));
        if (r.gradients() != null) f.add(gradients(r));
        return f;
    }

    /** ∂L/∂K | ∂L/∂V of one query's output, one row per position (rows it does not see hatched when causal). */
    static Figure gradients(RidgeResult r) {
        glassbox.core.ridge.RidgeGradients g = r.gradients();
        int n = g.dK().length, d = r.d(), dv = r.dv();
        double[][] both = new double[n][d + dv];
        boolean[][] hidden = new boolean[n][d + dv];
        for (int i = 0; i < n; i++) {
            System.arraycopy(g.dK()[i], 0, both[i], 0, d);
            System.arraycopy(g.dV()[i], 0, both[i], d, dv);
            if (i >= g.seen()) java.util.Arrays.fill(hidden[i], true);
        }
        List<String> cols = new ArrayList<>();
        for (int c = 0; c < d; c++) cols.add("K" + (c + 1));
        for (int c = 0; c < dv; c++) cols.add("V" + (c + 1));
        return HeatmapFigure.builder("∂L/∂K | ∂L/∂V of query " + (g.query() + 1) + " (L = Σ_c o_c)", both)
                .subtitle("∂L/∂λ = " + Fmt.sig(g.dLambda(), 4) + ", ‖∂L/∂q‖ = " + Fmt.sig(glassbox.core.ridge.RidgeGradients.norm(g.dQ()), 4)
                        + "; finite differences agree to " + Fmt.sig(g.maxRelDiff(), 2))
                .signed(true).mask(hidden).colLabels(cols).yLabel("position i").xLabel("column of K, V")
                .hoverText((i, c) -> (c < d ? "∂L/∂K[" + (i + 1) + "," + (c + 1) + "]" : "∂L/∂V[" + (i + 1) + "," + (c - d + 1) + "]") + " = " + Fmt.sig(both[i][c], 4))
                .build();
    }

    /**
     * A matrix as drawn: b×b blocks, each showing its entry of largest magnitude among the visible
     * ones (so no extreme weight or sign is lost), with where that entry is; b = 1 up to DISPLAY_MAX.
     */
    record Shown(double[][] data, boolean[][] mask, int[][] argT, int[][] argJ, int block) {}

    static Shown shown(double[][] w, boolean causal) {
        int n = w.length;
        int b = n <= DISPLAY_MAX ? 1 : (n + DISPLAY_MAX - 1) / DISPLAY_MAX;
        int m = (n + b - 1) / b;
        double[][] data = new double[m][m];
        boolean[][] mask = causal ? new boolean[m][m] : null;
        int[][] at = new int[m][m], aj = new int[m][m];
        // Block rows are independent: shared between cores for the 1024-wide matrices (a million entries per frame).
        java.util.stream.IntStream rows = java.util.stream.IntStream.range(0, m);
        (n >= 512 ? rows.parallel() : rows).forEach(rr -> {
            double[] best = data[rr], mag = new double[m];
            java.util.Arrays.fill(mag, -1);
            int[] bt = at[rr], bj = aj[rr];
            for (int t = rr * b; t < Math.min(n, rr * b + b); t++) {
                double[] row = w[t];
                int lim = causal ? t + 1 : n;
                for (int c = 0, j0 = 0; j0 < lim; c++, j0 += b) {
                    double mc = mag[c];
                    int arg = -1;
                    for (int j = j0, j1 = Math.min(lim, j0 + b); j < j1; j++) {
                        double a = Math.abs(row[j]);
                        // True for a larger entry and for NaN, which counts as the largest so that a
                        // breakdown is never hidden by the blocks.
                        if (!(a <= mc)) {
                            mc = a != a ? Double.POSITIVE_INFINITY : a;
                            arg = j;
                        }
                    }
                    if (arg >= 0) {
                        mag[c] = mc;
                        best[c] = row[arg];
                        bt[c] = t;
                        bj[c] = arg;
                    }
                }
            }
            if (mask != null) for (int c = 0; c < m; c++) mask[rr][c] = mag[c] < 0;
        });
        return new Shown(data, mask, at, aj, b);
    }

    /**
     * q1…/k1… for n ≤ 8, 1…n up to LABEL_LIMIT (narrow enough not to be turned on their side), and
     * for blocks the first position of each block (so the ticks read in positions, not blocks).
     */
    private static List<String> labels(String p, int n, int block) {
        if (n <= LABEL_LIMIT) {
            List<String> l = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) l.add(n <= 8 ? p + i : Integer.toString(i));
            return l;
        }
        if (block == 1) return null;
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i += block) l.add(Integer.toString(i + 1));
        return l;
    }

    /**
     * Colour range for large matrices: ±(99th percentile of |shown value|), so that the few large
     * early causal weights (a query that has seen one or two pairs) do not wash out the rest.
     * Small matrices use the full range. Returns 0 for "use the full range".
     */
    static double clip(Shown sh) {
        if (sh.data().length <= LABEL_LIMIT) return 0;
        int m = sh.data().length;
        double[] v = new double[m * m];
        int k = 0;
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                if (sh.mask() != null && sh.mask()[r][c]) continue;
                double x = Math.abs(sh.data()[r][c]);
                if (Double.isFinite(x)) v[k++] = x;
            }
        }
        if (k == 0) return 0;
        double max = 0;
        for (int i = 0; i < k; i++) max = Math.max(max, v[i]);
        double p = kth(v, k, (int) Math.min(k - 1, Math.floor(0.99 * k)));
        return p > 0 && p < max ? p : 0;
    }

    /** The k-th smallest (0-based) of a[0 … n−1], by quickselect (reorders a): what sorting would put at a[k]. */
    static double kth(double[] a, int n, int k) {
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            // Median of three as the pivot; Hoare partition.
            int mid = (lo + hi) >>> 1;
            double x = a[lo], y = a[mid], z = a[hi];
            double pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    double t = a[i]; a[i] = a[j]; a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }

    private static String clipNote(double clip) {
        return clip > 0 ? " · colour clip ±" + Fmt.sig(clip, 2) : "";
    }

    private static HeatmapFigure.Builder common(HeatmapFigure.Builder b, RidgeResult r, Shown sh, double clip) {
        int bl = sh.block();
        if (clip > 0) b.range(-clip, clip);
        return b.mask(sh.mask()).signed(true)
                .rowLabels(labels("q", r.n(), bl)).colLabels(labels("k", r.n(), bl))
                .yLabel("query t").xLabel(r.n() <= 8 ? "key j (weight on value v_j)" : "key j")
                .hoverHighlight((rr, c) -> new Pointed(sh.argT()[rr][c], sh.argJ()[rr][c]))
                .marks(h -> h instanceof Pointed p
                        ? new HeatmapFigure.Marks(List.of(), List.of(), List.<int[]>of(new int[]{p.t() / bl, p.j() / bl}))
                        : HeatmapFigure.Marks.NONE);
    }

    private static String blockNote(Shown sh, int n) {
        if (sh.block() == 1) return "";
        return " · " + sh.block() + "×" + sh.block() + " blocks: max |w|";
    }

    private static String blockPrefix(Shown sh, int rr, int c, int n) {
        if (sh.block() == 1) return "";
        int b = sh.block();
        return "block q" + (rr * b + 1) + "–" + Math.min(n, rr * b + b) + " × k" + (c * b + 1) + "–" + Math.min(n, c * b + b) + ", largest: ";
    }

    static HeatmapFigure weights(RidgeResult r) {
        Shown sh = shown(r.weights(), r.causal());
        double clip = clip(sh);
        String causal = r.causal() ? (r.n() > LABEL_LIMIT ? "causal" : "causal (grey: unseen)") : "all pairs seen; blue < 0 < red";
        return common(HeatmapFigure.builder("Ridge attention weights  K(λI + KᵀK)⁻¹q", sh.data()), r, sh, clip)
                .subtitle("λ = " + Fmt.sig(r.lambda(), 3) + " · " + causal + blockNote(sh, r.n()) + clipNote(clip))
                .hoverText((rr, c) -> blockPrefix(sh, rr, c, r.n()) + hoverWeight(r, sh.argT()[rr][c], sh.argJ()[rr][c]))
                .build();
    }

    static HeatmapFigure softmax(RidgeResult r, ShownSoftmax shownSoftmax) {
        Shown sh = shownSoftmax.shown();
        double clip = shownSoftmax.clip();
        return common(HeatmapFigure.builder("Softmax attention weights  softmax(q·k/√d)", sh.data()), r, sh, clip)
                .subtitle("same Q, K · rows ≥ 0, sum to 1" + blockNote(sh, r.n()) + clipNote(clip))
                .hoverText((rr, c) -> {
                    int t = sh.argT()[rr][c], j = sh.argJ()[rr][c];
                    return blockPrefix(sh, rr, c, r.n()) + "q" + (t + 1) + " · k" + (j + 1) + ": softmax weight = exp(q·k/√d)/Σ = "
                            + Fmt.sig(r.softmax()[t][j], 4) + "   (q·k = " + Fmt.sig(r.scores()[t][j], 4) + ", √d = "
                            + Fmt.sig(Math.sqrt(r.d()), 4) + ")   ridge weight = " + Fmt.sig(r.weights()[t][j], 4);
                })
                .build();
    }

    /** w_tj = ⟨q_t, (λI + K_tᵀK_t)⁻¹ k_j⟩ = ⟨(λI + K_tᵀK_t)⁻¹ q_t, k_j⟩ with the numbers. */
    static String hoverWeight(RidgeResult r, int t, int j) {
        int d = r.d();
        double[] z = new double[d];
        System.arraycopy(r.z(), t * d, z, 0, d);
        String m = r.causal() ? "(λI + K" + sub(t + 1) + "ᵀK" + sub(t + 1) + ")⁻¹" : "(λI + KᵀK)⁻¹";
        return "w[q" + (t + 1) + ", k" + (j + 1) + "] = ⟨q" + sub(t + 1) + ", " + m + " k" + sub(j + 1) + "⟩ = ⟨" + m + " q" + sub(t + 1)
                + ", k" + sub(j + 1) + "⟩ = ⟨" + vec(z) + ", " + vec(r.inputs().K()[j]) + "⟩ = " + Fmt.sig(r.weights()[t][j], 5)
                + "   q" + sub(t + 1) + " = " + vec(r.inputs().Q()[t]) + ", λ = " + Fmt.sig(r.lambda(), 3)
                + "   large-λ limit k·q/λ = " + Fmt.sig(r.scores()[t][j] / r.lambda(), 4)
                + "   softmax: " + Fmt.sig(r.softmax()[t][j], 4);
    }

    private static String sub(int i) {
        String digits = Integer.toString(i);
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) sb.append((char) ('₀' + (c - '0')));
        return sb.toString();
    }

    private static String vec(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        int shown = Math.min(v.length, 4);
        for (int i = 0; i < shown; i++) {
            if (i > 0) sb.append(", ");
            sb.append(Fmt.sig(v[i], 3));
        }
        if (v.length > shown) sb.append(", … ").append(v.length - shown).append(" more");
        return sb.append(')').toString();
    }

    static XYFigure limits(RidgeResult r) {
        RidgeLimits lim = r.limits();
        double[] grid = RidgeAttention.lambdaGrid();
        double[] sm = new double[grid.length], lg = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            sm[i] = lim.small(grid[i]);
            lg[i] = lim.large(grid[i]);
        }
        Style s = Style.DEFAULT;
        String smallName = lim.leastSquares() ? "O vs least squares" : "O vs min-norm interpolation";
        XYFigure.Builder b = XYFigure.builder("The two limits of λ")
                .subtitle("‖·‖_F relative, outputs O(λ) on all n pairs; now " + Fmt.sig(r.smallRel(), 2) + ", " + Fmt.sig(lim.large(r.lambda()), 2))
                .series(smallName, grid, sm, XYFigure.Kind.LINE, s.series(0))
                .series("λ·O vs Q KᵀV", grid, lg, XYFigure.Kind.LINE, s.series(5))
                .logX(true).logY(true)
                .xLabel("λ (eigenvalues of KᵀK shaded)").yLabel("relative difference")
                .marker(r.lambda(), "λ = " + Fmt.sig(r.lambda(), 3))
                .xRange(grid[0], grid[grid.length - 1])
                .hoverText((si, i) -> "λ = " + Fmt.sig(grid[i], 3) + ": " + (si == 0 ? "‖O − Q K⁺V‖/‖Q K⁺V‖ (" + smallName + ") = " + Fmt.sig(sm[i], 3)
                        : "‖λ·O − Q KᵀV‖/‖Q KᵀV‖ = " + Fmt.sig(lg[i], 3) + " (every weight → kᵀq/λ)"));
        double lo = Double.POSITIVE_INFINITY;
        for (double x : lim.sigma()) if (x > 0) lo = Math.min(lo, x);
        double hi = lim.sigmaMax();
        if (hi > 0 && lo <= grid[grid.length - 1] && hi >= grid[0]) {
            b.band(Math.max(lo, grid[0]), Math.min(hi, grid[grid.length - 1]), null);
        }
        double floor = 1e-12;
        b.yRange(Math.max(floor, min(sm, lg)), 10.0);
        return b.build();
    }

    private static double min(double[]... arrays) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] a : arrays) for (double x : a) if (x > 0) m = Math.min(m, x);
        return Double.isFinite(m) ? m : 1e-12;
    }

    static XYFigure runningMean(RunningMean m) {
        int len = m.x().length;
        double[] t = new double[len];
        for (int i = 0; i < len; i++) t[i] = i + 1;
        Style s = Style.DEFAULT;
        return XYFigure.builder("Warm-up: a running mean in O(1)")
                .subtitle("m_t = m_{t−1} + (x_t − m_{t−1})/t  vs  Σx/t;  max |Δ| = " + Fmt.sig(m.maxDifference(), 2)
                        + "  (ridge with d = 1, k = 1, λ → 0)")
                .series("x_t", t, m.x(), XYFigure.Kind.POINTS, s.series(4))
                .series("O(1) update", t, m.running(), XYFigure.Kind.LINE, s.series(0))
                .series("recomputed Σx/t", t, m.recomputed(), XYFigure.Kind.DASHED, s.series(1))
                .xLabel("t").yLabel("value")
                .hoverText((si, i) -> "t = " + (i + 1) + ": x_t = " + Fmt.sig(m.x()[i], 4) + ", m_t = " + Fmt.sig(m.running()[i], 6)
                        + " = m_{t−1} + (x_t − m_{t−1})/" + (i + 1) + ", recomputed " + Fmt.sig(m.recomputed()[i], 6))
                .build();
    }

    static XYFigure timing(RidgeTiming tm) {
        double[] n = new double[tm.n().length];
        for (int i = 0; i < n.length; i++) n[i] = tm.n()[i];
        Style s = Style.DEFAULT;
        return XYFigure.builder("Running time against n")
                .subtitle("d = " + tm.d() + ", d_v = " + tm.dv() + "; outputs only, on prefixes of the inputs; best of up to 5 batches" + (skips(tm.solveMs()) || skips(tm.scratchMs()) ? "; a line stops where one run is too slow" : ""))
                .series("causal S–M nd²", n, tm.shermanMorrisonMs(), XYFigure.Kind.LINE, s.series(0))
                .series("non-causal nd²", n, tm.nonCausalMs(), XYFigure.Kind.LINE, s.series(2))
                .series("solve each t nd³", n, tm.solveMs(), XYFigure.Kind.LINE, s.series(5))
                .series("scratch n²d²", n, tm.scratchMs(), XYFigure.Kind.DASHED, s.series(3))
                .logX(true).logY(true).xLabel("n (positions)").yLabel("time (ms)")
                .hoverText((si, i) -> "n = " + tm.n()[i] + ": Sherman–Morrison " + Fmt.ms(tm.shermanMorrisonMs()[i]) + ", non-causal " + Fmt.ms(tm.nonCausalMs()[i])
                        + ", Cholesky " + (Double.isNaN(tm.solveMs()[i]) ? "skipped (too slow)" : Fmt.ms(tm.solveMs()[i])) + ", from scratch "
                        + (Double.isNaN(tm.scratchMs()[i]) ? "skipped (too slow)" : Fmt.ms(tm.scratchMs()[i])))
                .build();
    }

    private static boolean skips(double[] ms) {
        for (double v : ms) if (Double.isNaN(v)) return true;
        return false;
    }
}
