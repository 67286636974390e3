package glassbox.render.decoding;

import glassbox.core.Fmt;
import glassbox.core.decoding.Costs;
import glassbox.core.decoding.DecodingResult;
import glassbox.core.decoding.DecodingSpec;
import glassbox.core.decoding.Generation;
import glassbox.core.decoding.Sampling;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.util.ArrayList;
import java.util.List;

/** The decoding lab's figures (docs/LABS.md §8); they only lay out what {@link DecodingResult} holds. */
final class DecodingFigures {
    private DecodingFigures() {}

    static final String SEQUENCE = "Generated sequence", ATTENTION = "Attention weights", STEP = "One decoding step",
            STRATEGIES = "Four strategies on the same logits", MACS = "Multiply-adds per token, cache size",
            TIME = "Measured time, training against generation";

    /** A pointed-at position of the sequence: every figure marks it. */
    record Position(int index) {}

    /** Tokens per row of the sequence grid. */
    static final int COLUMNS = 16;

    static List<Figure> all(DecodingResult r, int layer, int head) {
        List<Figure> out = new ArrayList<>();
        out.add(sequence(r));
        out.add(step(r));
        out.add(strategies(r));
        out.add(attention(r, layer, head));
        out.add(macs(r));
        out.add(time(r));
        return out;
    }

    static String describe(DecodingResult r, int i) {
        Generation.Run c = r.cached();
        String tok = "'" + DecodingLab.token(r, c.tokens().get(i)) + "'";
        String what = i < c.promptLength()
                ? "prompt" + (i == 0 ? "" : ", model's p at τ = 1: " + Fmt.sig(c.prob()[i], 3))
                : "generated step " + (i - c.promptLength() + 1) + ", p = " + Fmt.sig(c.prob()[i], 3) + " (" + r.spec().strategy().id + ")";
        return "position " + i + ": " + tok + " — " + what + (r.repeats()[i] ? "; in a repeated " + r.ngram() + "-gram" : "");
    }

    private static HeatmapFigure sequence(DecodingResult r) {
        int n = r.spec().total(), cols = Math.min(n <= 64 ? 8 : COLUMNS, n), rows = (n + cols - 1) / cols;
        double[][] data = new double[rows][cols];
        boolean[][] mask = new boolean[rows][cols];
        for (int i = 0; i < rows * cols; i++) {
            if (i >= n || i == 0) mask[i / cols][i % cols] = true;
            else data[i / cols][i % cols] = r.cached().prob()[i];
        }
        List<String> rowLabels = new ArrayList<>();
        for (int q = 0; q < rows; q++) rowLabels.add(Integer.toString(q * cols));
        List<String> colLabels = new ArrayList<>();
        for (int c = 0; c < cols; c++) colLabels.add("+" + c);
        return HeatmapFigure.builder(SEQUENCE, data)
                .subtitle("outlined: inspected step, repeated " + r.ngram() + "-grams")
                .mask(mask).range(0, 1).rowLabels(rowLabels).colLabels(colLabels)
                .xLabel("position (row start + column)").yLabel("row start").barLabel("p(token)")
                .cellText((q, c) -> DecodingLab.token(r, r.cached().tokens().get(q * cols + c)))
                .hoverText((q, c) -> describe(r, q * cols + c))
                .hoverHighlight((q, c) -> new Position(q * cols + c))
                .marks(h -> {
                    List<int[]> cells = new ArrayList<>();
                    for (int i = 0; i < n; i++) if (r.repeats()[i]) cells.add(new int[]{i / cols, i % cols});
                    int at = h instanceof Position p && p.index() < n ? p.index() : r.position();
                    cells.add(new int[]{at / cols, at % cols});
                    return new HeatmapFigure.Marks(List.of(), List.of(), cells);
                })
                                .build();
    }

    private static HeatmapFigure attention(DecodingResult r, int layer, int head) {
        int n = r.spec().total();
        double[][] a = new double[n][n];
        boolean[][] mask = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            double[] w = r.cached().attention()[i][layer][head];
            for (int j = 0; j < n; j++) {
                if (j > i) mask[i][j] = true;
                else a[i][j] = w[j];
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) labels.add(i + " " + DecodingLab.token(r, r.cached().tokens().get(i)));
        return HeatmapFigure.builder(ATTENTION + ", layer " + (layer + 1) + ", head " + (head + 1), a)
                .subtitle("row i: position i's weights over 0..i (causal)")
                .mask(mask).range(0, 1).rowLabels(labels).colLabels(labels)
                .xLabel("key position j").yLabel("query position i").barLabel("weight")
                .showValues(n <= 12)
                .hoverText((i, j) -> "query " + labels.get(i) + " → key " + labels.get(j) + ": weight " + Fmt.sig(a[i][j], 4))
                .hoverHighlight((i, j) -> new Position(i))
                .marks(h -> new HeatmapFigure.Marks(List.of(h instanceof Position p && p.index() < n ? p.index() : r.position()), List.of(), List.of()))
                .build();
    }

    /** How many ranks the distribution figures show: past both cuts by 5, at least 12, at most 40 (and V). */
    static int ranks(DecodingResult r) {
        Sampling.Dist d = r.dist();
        return Math.min(r.spec().model().vocabSize(), Math.min(40, Math.max(12, Math.max(d.k(), d.nucleus()) + 5)));
    }

    private static XYFigure step(DecodingResult r) {
        Sampling.Dist d = r.dist();
        DecodingSpec s = r.spec();
        int n = ranks(r);
        double[] x = new double[n], p = new double[n], cum = new double[n], q = new double[n], xq = new double[n];
        double[] sampled = d.of(s.strategy());
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            xq[i] = i + 1.25;
            p[i] = d.p()[d.order()[i]];
            cum[i] = d.cum()[i];
            q[i] = sampled[d.order()[i]];
        }
        int drawnRank = 0;
        int drawn = DecodingLab.drawn(r);
        for (int i = 0; i < d.order().length; i++) if (d.order()[i] == drawn) drawnRank = i + 1;
        XYFigure.Builder b = XYFigure.builder(STEP + " (step " + (r.step() + 1) + ", position " + r.position() + ")")
                .subtitle("τ = " + Fmt.num(s.tau()) + ", drew '" + DecodingLab.token(r, drawn) + "' (rank " + drawnRank + ")")
                .xLabel("rank r (1 = most likely)").yLabel("probability")
                .yRange(0.0, 1.05).xRange(0.3, n + 0.9)
                .series("p", x, p, XYFigure.Kind.STEM, Style.DEFAULT.series(0))
                .series(s.strategy().id, xq, q, XYFigure.Kind.STEM, Style.DEFAULT.series(1))
                .series("cum. c", x, cum, XYFigure.Kind.LINE, Style.DEFAULT.series(2))
                .hoverText((si, i) -> "rank " + (i + 1) + ": '" + DecodingLab.token(r, d.order()[i]) + "', logit " + Fmt.sig(d.logits()[d.order()[i]], 4)
                        + ", p = " + Fmt.sig(p[i], 4) + ", c = " + Fmt.sig(cum[i], 4) + ", sampled q = " + Fmt.sig(q[i], 4));
        if (d.k() == d.nucleus()) b.marker(d.k() + 0.5, "k = m = " + d.k());
        else {
            b.marker(d.k() + 0.5, "k = " + d.k());
            b.marker(d.nucleus() + 0.5, "m = " + d.nucleus());
        }
        return b.build();
    }

    private static XYFigure strategies(DecodingResult r) {
        Sampling.Dist d = r.dist();
        int n = ranks(r);
        XYFigure.Builder b = XYFigure.builder(STRATEGIES)
                .subtitle("by rank; H: entropy (nats)")
                .xLabel("rank r").yLabel("probability").yRange(0.0, 1.05).xRange(0.5, n + 0.5);
        String[] names = {"greedy", "τ: H " + Fmt.sig(d.entropyTau(), 3), "k: H " + Fmt.sig(d.entropyK(), 3), "p: H " + Fmt.sig(d.entropyP(), 3)};
        DecodingSpec.Strategy[] ss = DecodingSpec.Strategy.values();
        for (int k = 0; k < ss.length; k++) {
            double[] q = d.of(ss[k]);
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i + 1 + (k - 1.5) * 0.15;
                y[i] = q[d.order()[i]];
            }
            b.series(names[k], x, y, XYFigure.Kind.STEM, Style.DEFAULT.series(k));
        }
        return b.hoverText((si, i) -> names[si] + ", rank " + (i + 1) + " '" + DecodingLab.token(r, d.order()[i]) + "': " + Fmt.sig(d.of(ss[si])[d.order()[i]], 4)).build();
    }

    private static XYFigure macs(DecodingResult r) {
        DecodingSpec.ModelSpec m = r.spec().model();
        int n = m.context();
        double[] t = new double[n], c = new double[n], u = new double[n], mem = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
            c[i] = Costs.cachedStep(m, i);
            u[i] = Costs.uncachedStep(m, i);
            mem[i] = Costs.cacheValues(m, i);
        }
        int p = r.spec().prompt().size(), g = r.spec().generate();
        double[] gt = new double[g], gc = new double[g];
        for (int i = 0; i < g; i++) {
            gt[i] = p + i;
            gc[i] = r.cached().macs()[p + i];
        }
        return XYFigure.builder(MACS)
                .subtitle("closed forms; dots: counted while generating")
                .xLabel("position t").yLabel("count").logY(true)
                .series("no cache", t, u, XYFigure.Kind.LINE, Style.DEFAULT.series(1))
                .series("cache", t, c, XYFigure.Kind.LINE, Style.DEFAULT.series(0))
                .series("counted", gt, gc, XYFigure.Kind.POINTS, Style.DEFAULT.series(2))
                .series("KV values", t, mem, XYFigure.Kind.DASHED, Style.DEFAULT.series(3))
                .marker(r.spec().total() - 1, "t = " + (r.spec().total() - 1))
                .hoverText((s, i) -> s == 2 ? "t = " + (p + i) + ": " + Fmt.count((long) gc[i]) + " multiply-adds counted"
                        : s == 3 ? "t = " + i + ": the cache holds " + Fmt.count((long) mem[i]) + " values"
                        : "t = " + i + ": cached " + Fmt.count((long) c[i]) + ", uncached " + Fmt.count((long) u[i]) + " multiply-adds (×" + Fmt.sig(u[i] / c[i], 3) + ")")
                .build();
    }

    private static XYFigure time(DecodingResult r) {
        int p = r.spec().prompt().size(), g = r.spec().generate();
        // At position t: the cached step, the uncached pass over 0..t (= a teacher-forced training pass over
        // T = t + 1 tokens), and all cached steps 0..t (= generating those T tokens one by one).
        double[] t = new double[g], c = new double[g], u = new double[g], gen = new double[g];
        double acc = 0;
        for (int i = 0; i < p; i++) acc += r.cached().nanos()[i];
        for (int i = 0; i < g; i++) {
            t[i] = p + i;
            c[i] = Math.max(1e-6, r.cached().nanos()[p + i] / 1e6);
            acc += r.cached().nanos()[p + i];
            gen[i] = acc / 1e6;
            u[i] = r.uncached() == null ? Double.NaN : Math.max(1e-6, r.uncached().nanos()[p + i] / 1e6);
        }
        XYFigure.Builder b = XYFigure.builder(TIME)
                .subtitle("plain Java; uncached: " + (r.uncachedState().startsWith("skipped") ? "skipped, too large" : r.uncachedState()))
                .xLabel("position t (T = t + 1 tokens)").yLabel("ms").logY(true)
                .series("step", t, c, XYFigure.Kind.POINTS, Style.DEFAULT.series(0))
                .series("generate T", t, gen, XYFigure.Kind.LINE, Style.DEFAULT.series(2));
        if (r.uncached() != null) b.series("train T", t, u, XYFigure.Kind.POINTS, Style.DEFAULT.series(1));
        return b.hoverText((s, i) -> "t = " + (p + i) + ": " + (s == 0 ? "cached step " + Fmt.sig(c[i], 3)
                : s == 1 ? "generating " + (p + i + 1) + " tokens " + Fmt.sig(gen[i], 3) : "one pass over " + (p + i + 1) + " tokens " + Fmt.sig(u[i], 3)) + " ms").build();
    }
}
