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
            STRATEGIES = "Four strategies on the same logits", MACS = "Multiply-adds per token", MEMORY = "KV cache size",
            TIME = "Measured time per token", TRAINING = "Training pass against generation";

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
        out.add(memory(r));
        out.add(time(r));
        out.add(training(r));
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
        int n = r.spec().total(), cols = Math.min(COLUMNS, n), rows = (n + cols - 1) / cols;
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
                .subtitle("each token coloured by its probability; outlined: the inspected step, repeated " + r.ngram() + "-grams; first token and empty cells hatched")
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
                .weight(2)
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
                .subtitle("row i: how position i's query weighs positions 0..i (causal); outlined: the pointed-at or inspected step")
                .mask(mask).range(0, 1).rowLabels(labels).colLabels(labels)
                .xLabel("key position j").yLabel("query position i").barLabel("weight")
                .showValues(n <= 12)
                .hoverText((i, j) -> "query " + labels.get(i) + " → key " + labels.get(j) + ": weight " + Fmt.sig(a[i][j], 4))
                .hoverHighlight((i, j) -> new Position(i))
                .marks(h -> new HeatmapFigure.Marks(List.of(h instanceof Position p && p.index() < n ? p.index() : r.position()), List.of(), List.of()))
                .build();
    }

    /** How many ranks the distribution figures show: every token up to 40, else the 40 most likely. */
    static int ranks(DecodingResult r) {
        return Math.min(40, r.spec().model().vocabSize());
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
                .subtitle("tokens sorted by logit; p = softmax(z/τ), τ = " + Fmt.num(s.tau()) + "; drawn: '" + DecodingLab.token(r, drawn) + "' (rank " + drawnRank + ")")
                .xLabel("rank r (1 = most likely)").yLabel("probability")
                .yRange(0.0, 1.05).xRange(0.3, n + 0.9)
                .series("p = softmax(z/τ)", x, p, XYFigure.Kind.STEM, Style.DEFAULT.series(0))
                .series("sampled (" + s.strategy().id + ", renormalised)", xq, q, XYFigure.Kind.STEM, Style.DEFAULT.series(1))
                .series("cumulative c_r", x, cum, XYFigure.Kind.LINE, Style.DEFAULT.series(2))
                .hoverText((si, i) -> "rank " + (i + 1) + ": '" + DecodingLab.token(r, d.order()[i]) + "', logit " + Fmt.sig(d.logits()[d.order()[i]], 4)
                        + ", p = " + Fmt.sig(p[i], 4) + ", c = " + Fmt.sig(cum[i], 4) + ", sampled q = " + Fmt.sig(q[i], 4));
        if (d.k() <= n) b.marker(d.k() + 0.5, "top-k: k = " + d.k());
        if (d.nucleus() <= n) b.marker(d.nucleus() + 0.62, "nucleus m = " + d.nucleus() + " (c ≥ " + Fmt.num(s.topP()) + ")");
        return b.weight(1.5).build();
    }

    private static XYFigure strategies(DecodingResult r) {
        Sampling.Dist d = r.dist();
        int n = ranks(r);
        XYFigure.Builder b = XYFigure.builder(STRATEGIES)
                .subtitle("the same step's distributions by rank; H = entropy in nats")
                .xLabel("rank r").yLabel("probability").yRange(0.0, 1.05).xRange(0.5, n + 0.5);
        String[] names = {"greedy (H = 0)", "temperature τ (H = " + Fmt.sig(d.entropyTau(), 3) + ")",
                "top-k, k = " + d.k() + " (H = " + Fmt.sig(d.entropyK(), 3) + ")", "top-p, m = " + d.nucleus() + " (H = " + Fmt.sig(d.entropyP(), 3) + ")"};
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
        double[] t = new double[n], c = new double[n], u = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
            c[i] = Costs.cachedStep(m, i);
            u[i] = Costs.uncachedStep(m, i);
        }
        int p = r.spec().prompt().size(), g = r.spec().generate();
        double[] gt = new double[g], gc = new double[g];
        for (int i = 0; i < g; i++) {
            gt[i] = p + i;
            gc[i] = r.cached().macs()[p + i];
        }
        return XYFigure.builder(MACS)
                .subtitle("without the cache the prefix is recomputed: O(t·d²) + O(t²·d); with it O(d²) + O(t·d). Dots: counted while generating")
                .xLabel("position t").yLabel("multiply-adds").logY(true)
                .series("uncached (closed form)", t, u, XYFigure.Kind.LINE, Style.DEFAULT.series(1))
                .series("cached (closed form)", t, c, XYFigure.Kind.LINE, Style.DEFAULT.series(0))
                .series("cached, counted", gt, gc, XYFigure.Kind.POINTS, Style.DEFAULT.series(2))
                .marker(r.spec().total() - 1, "last generated t = " + (r.spec().total() - 1))
                .hoverText((s, i) -> s == 2 ? "t = " + (p + i) + ": " + Fmt.count((long) gc[i]) + " counted"
                        : "t = " + i + ": cached " + Fmt.count((long) c[i]) + ", uncached " + Fmt.count((long) u[i]) + " (×" + Fmt.sig(u[i] / c[i], 3) + ")")
                .build();
    }

    private static XYFigure memory(DecodingResult r) {
        DecodingSpec.ModelSpec m = r.spec().model();
        int n = m.context();
        double[] t = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
            v[i] = Costs.cacheValues(m, i);
        }
        return XYFigure.builder(MEMORY)
                .subtitle("2 · L · t · d values (K and V of every layer and position)")
                .xLabel("positions cached t").yLabel("values")
                .series("cache values", t, v, XYFigure.Kind.LINE, Style.DEFAULT.series(0))
                .marker(r.spec().total(), "now: " + Fmt.count(Costs.cacheValues(m, r.spec().total() - 1)))
                .hoverText((s, i) -> "t = " + (i + 1) + ": " + Fmt.count((long) v[i]) + " values")
                .build();
    }

    private static XYFigure time(DecodingResult r) {
        int p = r.spec().prompt().size(), g = r.spec().generate();
        double[] t = new double[g], c = new double[g], u = new double[g];
        for (int i = 0; i < g; i++) {
            t[i] = p + i;
            c[i] = Math.max(1e-6, r.cached().nanos()[p + i] / 1e6);
            u[i] = r.uncached() == null ? Double.NaN : Math.max(1e-6, r.uncached().nanos()[p + i] / 1e6);
        }
        XYFigure.Builder b = XYFigure.builder(TIME)
                .subtitle("plain Java doubles on this machine; uncached: " + r.uncachedState())
                .xLabel("position t").yLabel("ms").logY(true)
                .series("cached step", t, c, XYFigure.Kind.POINTS, Style.DEFAULT.series(0));
        if (r.uncached() != null) b.series("uncached pass", t, u, XYFigure.Kind.POINTS, Style.DEFAULT.series(1));
        return b.hoverText((s, i) -> "t = " + (p + i) + ": " + (s == 0 ? "cached " + Fmt.sig(c[i], 3) : "uncached " + Fmt.sig(u[i], 3)) + " ms").build();
    }

    private static XYFigure training(DecodingResult r) {
        DecodingSpec s = r.spec();
        int p = s.prompt().size(), n = s.total();
        // T from the prompt length on: the uncached pass at T − 1 is the teacher-forced pass over T tokens.
        int count = n - p + 1;
        double[] x = new double[count], train = new double[count], gen = new double[count];
        double acc = 0;
        for (int t = 0; t < p - 1; t++) acc += r.cached().nanos()[t];
        for (int i = 0; i < count; i++) {
            int tt = p - 1 + i;
            acc += r.cached().nanos()[tt];
            x[i] = tt + 1;
            gen[i] = acc / 1e6;
            train[i] = r.uncached() == null ? Double.NaN : r.uncached().nanos()[tt] / 1e6;
        }
        XYFigure.Builder b = XYFigure.builder(TRAINING)
                .subtitle("same multiply-adds (" + Fmt.count(Costs.generation(s.model(), n)) + " at T = " + n + "); critical path: 1 pass against T steps")
                .xLabel("tokens T").yLabel("ms").logY(true)
                .series("generation: T cached steps", x, gen, XYFigure.Kind.LINE, Style.DEFAULT.series(0));
        if (r.uncached() != null) b.series("training: one teacher-forced pass", x, train, XYFigure.Kind.POINTS, Style.DEFAULT.series(1));
        return b.hoverText((si, i) -> "T = " + (int) x[i] + ": " + (si == 0 ? "generation " + Fmt.sig(gen[i], 3) : "teacher-forced pass " + Fmt.sig(train[i], 3)) + " ms").build();
    }
}
