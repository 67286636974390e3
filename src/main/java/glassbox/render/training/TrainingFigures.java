package glassbox.render.training;

import glassbox.core.Fmt;
import glassbox.core.training.Layout;
import glassbox.core.training.Run;
import glassbox.core.training.Tasks;
import glassbox.core.training.TrainingResult;
import glassbox.core.training.TrainingSpec;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.util.ArrayList;
import java.util.List;

/** The training lab's figures (docs/LABS.md §9); they lay out what {@link TrainingResult} holds. */
final class TrainingFigures {
    private TrainingFigures() {}

    static final String LOSS = "Loss", ATTENTION = "Attention now", COURSE = "Course's solution", GRADS = "‖∇‖ per matrix",
            WEIGHTS = "Weights", RNN = "RNN on the example", NEXT = "Next token";

    /** Most points a curve draws: longer runs are averaged over equal blocks of steps. */
    static final int MAX_POINTS = 600;

    /** A pointed-at query position of the example: both attention maps mark its row. */
    record Row(int index) {}

    static List<Figure> all(TrainingResult r, int head) {
        List<Figure> out = new ArrayList<>();
        out.add(loss(r));
        if (r.attention() != null) {
            out.add(attention(ATTENTION + (r.spec().heads() > 1 ? ", head " + (head + 1) : ""), r, r.attention().attention()[head],
                    "step " + r.step() + ", example " + (r.exampleIndex() + 1)));
            if (r.course() != null) out.add(attention(COURSE, r, r.course().attention()[0], "M = 10, τ = 1"));
            if (r.attention().probs() != null) out.add(nextToken(r));
        } else {
            out.add(rnn(r));
        }
        out.add(grads(r, head));
        out.addAll(weights(r, head));
        return out;
    }

    static List<String> labels(TrainingResult r) {
        Tasks.Example ex = r.example();
        List<String> out = new ArrayList<>();
        for (int t = 0; t < ex.length(); t++) {
            if (ex.x() != null) out.add((t + 1) + ": " + Fmt.sig(ex.x()[t], 2));
            else {
                String tok = Tasks.VOCAB.get(ex.tokens()[t]);
                out.add((t + 1) + " " + (tok.equals("<START>") ? "<s>" : tok.equals("<STOP>") ? "</s>" : tok));
            }
        }
        return out;
    }

    /** {@code y[0..n)} at steps {@code x0 + k·dx}, averaged down to at most MAX_POINTS. */
    static double[][] curve(double[] y, int n, double x0, double dx) {
        int blocks = Math.min(n, MAX_POINTS), per = (n + blocks - 1) / Math.max(1, blocks);
        int m = per == 0 ? 0 : (n + per - 1) / per;
        double[] xs = new double[m], ys = new double[m];
        for (int b = 0; b < m; b++) {
            int from = b * per, to = Math.min(n, from + per);
            double s = 0;
            for (int i = from; i < to; i++) s += y[i];
            ys[b] = s / (to - from);
            xs[b] = x0 + dx * (from + to - 1) / 2.0;
        }
        return new double[][]{xs, ys};
    }

    /** The x axis ends at the target, or where a stopped run stopped. */
    static int lastStep(TrainingResult r) {
        int step = r.run().step();
        return Math.max(1, r.run().stopped() != null ? step : Math.max(r.target(), step));
    }

    private static XYFigure loss(TrainingResult r) {
        Run.Snapshot s = r.run();
        TrainingSpec spec = r.spec();
        double[][] train = curve(s.trainLoss(), s.step(), 0, 1);
        double[][] held = curve(s.heldLoss(), s.heldCount(), 0, Run.EVAL_EVERY);
        int last = lastStep(r);
        double[] ox = {0, last}, oy = {spec.optimum(), spec.optimum()};
        boolean diverged = s.stopped() != null;
        return XYFigure.builder(LOSS)
                .subtitle(TrainingLab.status(r))
                .xLabel("step").yLabel(spec.task() == TrainingSpec.Task.COPY ? "L1 loss" : "cross-entropy")
                // A diverged run: its steps and the loss's orders of magnitude.
                .xRange(0.0, (double) last).yRange(diverged ? null : 0.0, null).logY(diverged)
                .series("batch", train[0], train[1], XYFigure.Kind.LINE, Style.DEFAULT.series(0))
                .series("held-out", held[0], held[1], XYFigure.Kind.LINE, Style.DEFAULT.series(1))
                .series("best " + Fmt.num(spec.optimum()), ox, oy, XYFigure.Kind.DASHED, Style.DEFAULT.series(2))
                .hoverText((si, i) -> si == 2 ? "best expected loss " + Fmt.num(spec.optimum())
                        : (si == 0 ? "batch" : "held-out") + " loss " + Fmt.sig((si == 0 ? train : held)[1][i], 4) + " at step " + Math.round((si == 0 ? train : held)[0][i]))
                .weight(2)
                .build();
    }

    private static HeatmapFigure attention(String title, TrainingResult r, double[][] a, String subtitle) {
        int n = a.length;
        boolean[][] mask = new boolean[n][n];
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) mask[i][j] = true;
        List<String> labels = labels(r);
        return HeatmapFigure.builder(title, a)
                .subtitle(subtitle)
                .mask(mask).range(0, 1).rowLabels(labels).colLabels(labels)
                .xLabel("key j").yLabel("query i").barLabel("weight")
                .showValues(n <= 6)
                .hoverText((i, j) -> "query " + labels.get(i) + " → key " + labels.get(j) + ": weight " + Fmt.sig(a[i][j], 4))
                .hoverHighlight((i, j) -> new Row(i))
                .marks(h -> h instanceof Row row && row.index() < n ? new HeatmapFigure.Marks(List.of(row.index()), List.of(), List.of()) : HeatmapFigure.Marks.NONE)
                .build();
    }

    /** Token tasks: p(next token) at each predicting position, the target outlined. */
    private static HeatmapFigure nextToken(TrainingResult r) {
        int[] target = r.example().target();
        List<Integer> rowsAt = new ArrayList<>();
        for (int i = 0; i < target.length; i++) if (target[i] >= 0) rowsAt.add(i);
        double[][] p = new double[rowsAt.size()][];
        List<String> all = labels(r), rows = new ArrayList<>(), cols = new ArrayList<>();
        List<int[]> cells = new ArrayList<>();
        for (int k = 0; k < rowsAt.size(); k++) {
            p[k] = r.attention().probs()[rowsAt.get(k)];
            rows.add(all.get(rowsAt.get(k)));
            cells.add(new int[]{k, target[rowsAt.get(k)]});
        }
        for (String t : Tasks.VOCAB) cols.add(t.equals("<START>") ? "<s>" : t.equals("<STOP>") ? "</s>" : t);
        return HeatmapFigure.builder(NEXT, p)
                .subtitle("outlined: the right token")
                .range(0, 1).rowLabels(rows).colLabels(cols)
                .xLabel("next token").yLabel("position").barLabel("p")
                .showValues(p.length * cols.size() <= 60)
                .hoverText((i, j) -> "after " + rows.get(i) + ": p(" + cols.get(j) + ") = " + Fmt.sig(p[i][j], 4))
                .marks(h -> new HeatmapFigure.Marks(List.of(), List.of(), cells))
                .build();
    }

    private static XYFigure rnn(TrainingResult r) {
        double[] o = r.rnn()[0], h = r.rnn()[1], y = r.example().y();
        double[] t = new double[o.length];
        for (int i = 0; i < t.length; i++) t[i] = i + 1;
        return XYFigure.builder(RNN)
                .subtitle("example " + (r.exampleIndex() + 1) + ": outputs against targets")
                .xLabel("position t").yLabel("value")
                .series("target y", t, y, XYFigure.Kind.POINTS, Style.DEFAULT.series(2))
                .series("output o", t, o, XYFigure.Kind.LINE, Style.DEFAULT.series(0))
                .series("state h", t, h, XYFigure.Kind.DASHED, Style.DEFAULT.series(1))
                .hoverText((si, i) -> "t = " + (i + 1) + ": y " + Fmt.sig(y[i], 4) + ", o " + Fmt.sig(o[i], 4) + ", h " + Fmt.sig(h[i], 4))
                .build();
    }

    /** The blocks of θ the figures show: the shown head's W_Q, W_K, W_V (the other head's are left out), W_O, P. */
    static List<Integer> shown(TrainingResult r, int head) {
        List<Layout.Block> blocks = r.run().layout().blocks();
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            boolean headBlock = r.attention() != null && k < 3 * r.spec().heads();
            if (!headBlock || k / 3 == head) out.add(k);
        }
        return out;
    }

    /** A block's name without the head's number (the figure's title says which head). */
    static String name(TrainingResult r, Layout.Block b) {
        return r.spec().heads() > 1 && b.name().matches("W_[QKV][12]") ? b.name().substring(0, 3) : b.name();
    }

    private static XYFigure grads(TrainingResult r, int head) {
        Run.Snapshot s = r.run();
        List<Layout.Block> all = s.layout().blocks();
        List<Integer> ks = shown(r, head);
        XYFigure.Builder b = XYFigure.builder(GRADS + (r.spec().heads() > 1 && r.attention() != null ? ", head " + (head + 1) : ""))
                .subtitle(r.spec().tau() == 0 && r.attention() != null ? "τ = 0: W_Q, W_K stay at 0" : "per step, averaged per block")
                .xLabel("step").yLabel("‖∇‖").xRange(0.0, (double) lastStep(r)).yRange(0.0, null);
        List<double[][]> cs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int n = 0; n < ks.size(); n++) {
            double[][] c = curve(s.gradNorm()[ks.get(n)], s.step(), 0, 1);
            cs.add(c);
            names.add(name(r, all.get(ks.get(n))));
            b.series(names.get(n), c[0], c[1], XYFigure.Kind.LINE, Style.DEFAULT.series(n));
        }
        return b.hoverText((si, i) -> names.get(si) + ": ‖∇‖ " + Fmt.sig(cs.get(si)[1][i], 4) + " at step " + Math.round(cs.get(si)[0][i])).build();
    }

    private static List<Figure> weights(TrainingResult r, int head) {
        Run.Snapshot s = r.run();
        List<Layout.Block> blocks = s.layout().blocks();
        List<Figure> out = new ArrayList<>();
        if (r.attention() == null) {
            double[][] w = new double[1][blocks.size()];
            List<String> cols = new ArrayList<>();
            for (int k = 0; k < blocks.size(); k++) {
                w[0][k] = s.theta()[blocks.get(k).offset()];
                cols.add(blocks.get(k).name());
            }
            out.add(heat(WEIGHTS, w, List.of("RNN"), cols, "step " + r.step()));
            return out;
        }
        // The shown head's [W_Q | W_K | W_V] side by side, one row per input dimension of z_t.
        TrainingSpec spec = r.spec();
        List<String> rows = new ArrayList<>();
        for (int c = 0; c < spec.posDim(); c++) rows.add("p" + (c + 1));
        if (spec.task() == TrainingSpec.Task.COPY) rows.add("x");
        else for (String t : Tasks.VOCAB) rows.add(t.equals("<START>") ? "<s>" : t.equals("<STOP>") ? "</s>" : t);
        int per = 3;
        List<Layout.Block> mine = blocks.subList(head * per, head * per + per);
        int width = 0;
        for (Layout.Block b : mine) width += b.cols();
        double[][] w = new double[spec.d()][width];
        List<String> cols = new ArrayList<>();
        int at = 0;
        for (Layout.Block b : mine) {
            double[][] m = Layout.matrix(s.theta(), b);
            for (int c = 0; c < b.cols(); c++) {
                for (int i = 0; i < b.rows(); i++) w[i][at + c] = m[i][c];
                String n = name(r, b).substring(2);
                cols.add(b.cols() == 1 ? n : n + (c + 1));
            }
            at += b.cols();
        }
        out.add(heat(spec.heads() == 1 ? "W_Q, W_K, W_V" : "Head " + (head + 1) + ": W_Q, W_K, W_V", w, rows, cols, "step " + r.step()));
        for (Layout.Block b : blocks.subList(spec.heads() * per, blocks.size())) {
            double[][] m = Layout.matrix(s.theta(), b);
            List<String> rl = new ArrayList<>(), cl = new ArrayList<>();
            for (int i = 0; i < b.rows(); i++) rl.add(Integer.toString(i + 1));
            for (int c = 0; c < b.cols(); c++) cl.add(b.name().equals("W_O") && spec.task() != TrainingSpec.Task.COPY ? rows.get(spec.posDim() + c) : Integer.toString(c + 1));
            out.add(heat(b.name().equals("P") ? "Learned positions P" : b.name(), m, rl, cl, "step " + r.step()));
        }
        return out;
    }

    private static HeatmapFigure heat(String title, double[][] w, List<String> rows, List<String> cols, String subtitle) {
        double max = 1e-12;
        for (double[] row : w) for (double x : row) max = Math.max(max, Math.abs(x));
        return HeatmapFigure.builder(title, w)
                .subtitle(subtitle)
                .signed(true).range(-max, max).rowLabels(rows).colLabels(cols)
                .showValues(w.length * w[0].length <= 40)
                .hoverText((i, j) -> title + " [" + rows.get(i) + ", " + cols.get(j) + "] = " + Fmt.sig(w[i][j], 4))
                .build();
    }
}
