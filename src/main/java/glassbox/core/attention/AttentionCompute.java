package glassbox.core.attention;

import glassbox.core.Fmt;
import glassbox.core.Matrix;
import glassbox.core.Memo;
import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Computes an {@link AttentionSpec} (docs/LABS.md §4). One object per lab holds the memos, keyed by the parts of the
 * spec each value depends on (records compared by equals), so moving τ, the mask or the shown row reuses the
 * projections and scores, and a new input can never be missed by a key.
 */
public final class AttentionCompute {

    /** The most positions (a 2048 × 2048 heatmap is 4 M cells). */
    public static final int T_MAX = 2048;
    public static final int SWEEP_POINTS = 81;
    public static final double[] COPY_M_RANGE = {0.1, 100};
    public static final int COPY_M_POINTS = 49;
    /** T of the linear-attention timing curve. */
    public static final int[] TIMING_T = {16, 32, 64, 128, 256, 512, 1024, 2048};

    private record Prep(AttentionSpec.Inputs inputs, AttentionSpec.Weights weights, String pad) {}

    private record MaskKey(AttentionSpec.MaskSpec mask, int t, List<Integer> padded) {}

    private record CurveKey(double tau, boolean causal, int samples, long seed) {}

    private record TimingKey(int dk, int dv, boolean causal) {}

    private final Memo<Prep, AttentionResult.Input> inputs = new Memo<>();
    private final Memo<MaskKey, boolean[][]> masks = new Memo<>();
    private final Memo<CurveKey, CopyTask.Curves> curves = new Memo<>();
    private final Memo<TimingKey, LinearAttention.Timing> timings = new Memo<>();

    public AttentionResult compute(AttentionSpec spec) {
        if (spec instanceof AttentionSpec.Layer l) return layer(l);
        if (spec instanceof AttentionSpec.Copy c) return copy(c);
        return temperature((AttentionSpec.Temperature) spec);
    }

    // ---- one layer ----

    public AttentionResult.LayerRun layer(AttentionSpec.Layer s) {
        Softmax.checkTemperature(s.tau());
        AttentionResult.Input in = inputs.get(new Prep(s.inputs(), s.weights(), s.loss().pad()), AttentionCompute::prepare);
        Attention.Scores sc = in.scores();
        int t = sc.t();
        int heads = sc.heads().count();
        if (s.head() >= heads) {
            throw new ParamException("head", Integer.toString(s.head() + 1), "there " + (heads == 1 ? "is 1 head" : "are " + heads + " heads"));
        }
        if (s.row() >= t) throw new ParamException("row", Integer.toString(s.row() + 1), "the input has T = " + t + " positions (row must be 1 … " + t + ")");
        boolean[][] mask = masks.get(new MaskKey(s.mask(), t, in.padded()), k -> Masks.of(k.mask(), k.t(), k.padded()));
        double[][] wo = Matrix.rowsOf(s.wo());
        Attention.Result res = Attention.attend(sc, mask, s.tau(), s.mode(), wo);
        Attention.Head h = res.heads()[s.head()];

        List<String> vocab = in.vocab();
        AttentionSpec.LossSpec ls = s.loss();
        boolean ce = !ls.positions().isEmpty() || ls.target() == AttentionSpec.LossTarget.NEXT;
        if (ce && ls.targets() != null) {
            throw new ParamException("targets", "give either cross-entropy positions (loss_positions, or loss_target = next) or L1 targets, not both");
        }
        double[][] logits = null;
        if (vocab != null && (Mat.cols(res.output()) == Mat.cols(in.e()) || ce)) logits = Attention.logits(res.output(), in.e());
        AttentionResult.Scored loss = null, beside = null;
        if (ce) {
            if (vocab == null) {
                throw new ParamException(ls.positions().isEmpty() ? "loss_target" : "loss_positions", ls.positions().isEmpty() ? "next" : text(ls.positions()),
                        "cross-entropy needs tokens and a vocabulary (source = tokens, X blank)");
            }
            AttentionResult.Scored same = crossEntropy(logits, in, ls, false);
            AttentionResult.Scored next = crossEntropy(logits, in, ls, true);
            loss = ls.target() == AttentionSpec.LossTarget.NEXT ? next : same;
            beside = ls.target() == AttentionSpec.LossTarget.NEXT ? same : next;
            if (beside != null && beside.positions().length == 0) beside = null;
        } else if (ls.targets() != null) {
            double[][] y = l1Targets(ls.targets().rows(), res.output());
            double[] per = Loss.l1(res.output(), y);
            int[] all = new int[t];
            for (int i = 0; i < t; i++) all[i] = i;
            loss = new AttentionResult.Scored(AttentionResult.Scored.Kind.L1, all, null, y, per, Loss.sum(per), new int[0]);
        }

        AttentionResult.Reference ref = null;
        if (s.woRef() != null) ref = reference(s.woRef().rows(), res, in, loss);

        double[] taus = null;
        double[][] sweep = null;
        if (s.mode() == Attention.Mode.SOFTMAX) {
            taus = TemperatureSweep.grid(h.scores()[s.row()], mask[s.row()], SWEEP_POINTS, s.tau(), Softmax.standardTemperature(sc.heads().dk()));
            sweep = TemperatureSweep.weights(h.scores()[s.row()], mask[s.row()], taus);
        }
        AttentionGradients.Result grads = null;
        if (s.gradients()) {
            if (s.mode() != Attention.Mode.SOFTMAX) throw new ParamException("gradients", "true", "the gradients are of softmax attention (mode = softmax)");
            if (loss == null || loss.kind() == AttentionResult.Scored.Kind.L1) {
                throw new ParamException("gradients", "true", "the gradients are of a cross-entropy: give loss_positions, or loss_target = next");
            }
            grads = AttentionGradients.compute(new AttentionGradients.Model(in.x(), in.wq(), in.wk(), in.wv(), heads, mask,
                    s.tau(), wo, in.e(), loss.positions(), loss.targetIds()));
        }
        LinearAttention.Timing timing = null;
        if (s.mode() == Attention.Mode.LINEAR && s.timing()) {
            boolean causal = Attention.isCausal(mask);
            timing = timings.get(new TimingKey(Math.min(sc.heads().dk(), 64), Math.min(sc.heads().dv(), 64), causal),
                    k -> LinearAttention.time(TIMING_T, k.dk(), k.dv(), k.causal(), 1, 3));
        }
        boolean[][] under = s.mode() == Attention.Mode.SOFTMAX ? underflow(h.scores(), mask, s.tau(), h.weights()) : null;
        return new AttentionResult.LayerRun(s, in, res, s.head(), s.row(), sc.heads().dk(), taus, sweep, logits, loss, beside, ref, grads, timing, under);
    }

    private static String text(List<Integer> positions) {
        StringBuilder b = new StringBuilder();
        for (int p : positions) b.append(b.length() > 0 ? " " : "").append(p + 1);
        return b.toString();
    }

    /**
     * Cross-entropy against the token at i (next = false) or i + 1 (next = true) at the spec's positions (for next with
     * none given: every position but the last), leaving out positions whose target is the pad token.
     */
    static AttentionResult.Scored crossEntropy(double[][] logits, AttentionResult.Input in, AttentionSpec.LossSpec ls, boolean next) {
        int t = in.ids().length;
        List<Integer> candidates = new ArrayList<>(ls.positions());
        if (candidates.isEmpty()) for (int i = 0; i < t - 1; i++) candidates.add(i);
        List<Integer> kept = new ArrayList<>(), dropped = new ArrayList<>();
        for (int i : candidates) {
            int target = next ? i + 1 : i;
            if (target >= t) continue; // the last position has no next token
            if (in.padded().contains(target)) dropped.add(i);
            else kept.add(i);
        }
        int[] pos = kept.stream().mapToInt(Integer::intValue).toArray();
        int[] ids = new int[pos.length];
        for (int n = 0; n < pos.length; n++) ids[n] = in.ids()[next ? pos[n] + 1 : pos[n]];
        double[] per = Loss.crossEntropy(logits, pos, ids);
        return new AttentionResult.Scored(next ? AttentionResult.Scored.Kind.NEXT_TOKEN : AttentionResult.Scored.Kind.CROSS_ENTROPY,
                pos, ids, null, per, Loss.sum(per), dropped.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Head 1's output through a reference W_O, its logits and the same loss as the layer's. */
    private static AttentionResult.Reference reference(double[][] woRef, Attention.Result res, AttentionResult.Input in, AttentionResult.Scored loss) {
        double[][] z1 = res.heads()[0].output();
        if (Mat.cols(z1) != Mat.rows(woRef)) {
            throw new ParamException("WO_ref", "head 1's P V is " + Mat.shape(z1) + " but the reference W_O is " + Mat.shape(woRef)
                    + " (its rows must equal head 1's d_v = " + Mat.cols(z1) + ")");
        }
        double[][] out = Mat.multiply(z1, woRef);
        AttentionResult.Scored l = rescore(out, in, loss);
        double[][] lg = in.vocab() != null && Mat.cols(out) == Mat.cols(in.e()) ? Attention.logits(out, in.e()) : null;
        int h = res.heads().length;
        boolean identical = h > 1;
        for (int m = 1; m < h && identical; m++) identical = Mat.maxAbsDiff(res.heads()[m].output(), z1) == 0;
        double[][] stacked = null, stackedOut = null;
        AttentionResult.Scored stackedLoss = null;
        if (identical) {
            int dv = Mat.cols(z1);
            stacked = new double[h * dv][];
            for (int m = 0; m < h; m++) for (int r = 0; r < dv; r++) {
                stacked[m * dv + r] = new double[Mat.cols(woRef)];
                for (int c = 0; c < Mat.cols(woRef); c++) stacked[m * dv + r][c] = woRef[r][c] / h;
            }
            stackedOut = Mat.multiply(res.concat(), stacked);
            stackedLoss = rescore(stackedOut, in, loss);
        }
        return new AttentionResult.Reference(Mat.copy(woRef), out, lg, l, identical, stacked, stackedOut, stackedLoss);
    }

    /** The layer's cross-entropy (same positions, same targets) on another output; null without one. */
    private static AttentionResult.Scored rescore(double[][] out, AttentionResult.Input in, AttentionResult.Scored loss) {
        if (in.vocab() == null || Mat.cols(out) != Mat.cols(in.e()) || loss == null || loss.targetIds() == null) return null;
        double[] per = Loss.crossEntropy(Attention.logits(out, in.e()), loss.positions(), loss.targetIds());
        return new AttentionResult.Scored(loss.kind(), loss.positions(), loss.targetIds(), null, per, Loss.sum(per), loss.dropped());
    }

    private static double[][] l1Targets(double[][] y, double[][] out) {
        int t = out.length, w = Mat.cols(out);
        if (w == 1 && (y.length == 1 || Mat.cols(y) == 1)) y = column(glassbox.core.MatrixLiteral.vector("targets", y));
        if (y.length != t || Mat.cols(y) != w) {
            throw new ParamException("targets", "the targets are " + Mat.shape(y) + " but the output is " + Mat.shape(out) + " (one target row per position)");
        }
        return y;
    }

    private static double[][] column(double[] c) {
        double[][] m = new double[c.length][1];
        for (int i = 0; i < c.length; i++) m[i][0] = c[i];
        return m;
    }

    /** The input X (tokens, random, zeros or given) with positional encodings, the weights, and the scores. */
    static AttentionResult.Input prepare(Prep p) {
        AttentionSpec.Inputs s = p.inputs();
        AttentionSpec.Weights w = p.weights();
        List<String> labels = null, vocabNames = null;
        int[] ids = null;
        double[][] e = null, x;
        List<Integer> padded = List.of();
        switch (s.source()) {
            case GIVEN -> {
                x = s.x().copy();
                if (x.length > T_MAX) throw new ParamException("X", "X has T = " + x.length + " rows, above the cap of " + T_MAX + " positions");
            }
            case TOKENS -> {
                Vocabulary voc = Vocabulary.parse(s.vocab());
                ids = voc.indices(s.tokens());
                if (ids.length > T_MAX) throw new ParamException("tokens", "T = " + ids.length + " tokens is above the cap of " + T_MAX + " positions");
                e = s.e().copy();
                x = voc.embed(ids, e);
                vocabNames = voc.names();
                labels = new ArrayList<>(ids.length);
                for (int i = 0; i < ids.length; i++) labels.add((i + 1) + " " + voc.names().get(ids[i]));
                if (!p.pad().isBlank()) {
                    int pad = voc.index(p.pad().trim());
                    if (pad < 0) throw new ParamException("pad", p.pad(), "the pad token is not in the vocabulary " + String.join(" ", voc.names()));
                    List<Integer> pp = new ArrayList<>();
                    for (int i = 0; i < ids.length; i++) if (ids[i] == pad) pp.add(i);
                    padded = List.copyOf(pp);
                }
            }
            default -> {
                x = new double[s.t()][s.d()];
                if (s.source() == AttentionSpec.Source.RANDOM) {
                    SplittableRandom r = new SplittableRandom(s.seed());
                    for (double[] row : x) for (int c = 0; c < s.d(); c++) row[c] = r.nextGaussian();
                }
            }
        }
        double[][] pe = null, table = null;
        List<Integer> missing = List.of();
        if (s.positions() == PositionalEncoding.Kind.LEARNED) {
            int width = s.concat() ? s.d() : Mat.cols(x);
            table = PositionalEncoding.learnedTable(s.learnedRows(), width, s.seed());
            pe = PositionalEncoding.learned(table, x.length, width);
            List<Integer> mm = new ArrayList<>();
            for (int i = s.learnedRows(); i < x.length; i++) mm.add(i);
            missing = List.copyOf(mm);
            x = s.concat() ? Mat.concatColumns(pe, x) : add(x, pe);
        } else if (s.positions() != PositionalEncoding.Kind.NONE) {
            pe = PositionalEncoding.encoding(s.positions(), x.length, Mat.cols(x), s.concat(), Matrix.rowsOf(s.pe()));
            x = PositionalEncoding.apply(x, s.positions(), s.concat(), pe);
        }
        int d = Mat.cols(x);
        int width = switch (w.kind()) {
            case IDENTITY -> d;
            case RANDOM -> w.heads() * w.dk();
            default -> Mat.cols(Matrix.rowsOf(w.wq()));
        };
        checkWork(x.length, d, width, Math.max(1, w.heads()), w.kind() == AttentionSpec.WeightsKind.RANDOM, s.source() == AttentionSpec.Source.TOKENS);
        double[][] wq, wk, wv;
        switch (w.kind()) {
            case IDENTITY -> {
                wq = Mat.identity(d);
                wk = wq;
                wv = wq;
            }
            case RANDOM -> {
                SplittableRandom r = new SplittableRandom(w.seed() * 31 + 7);
                int cols = w.heads() * w.dk();
                double sd = 1 / Math.sqrt(d);
                wq = gaussian(r, d, cols, sd);
                wk = gaussian(r, d, cols, sd);
                wv = gaussian(r, d, cols, sd);
            }
            default -> {
                wq = w.wq().copy();
                wk = w.wk().copy();
                wv = w.wv().copy();
            }
        }
        return new AttentionResult.Input(labels, vocabNames, ids, e, x, pe, table, missing, wq, wk, wv, Attention.scores(x, wq, wk, wv, w.heads()), padded);
    }

    /** Most multiply-adds of one layer (projections, then scores and P V of every head). */
    static final double MAX_MACS = 2e9;
    /** Most score entries, heads·T²: the scores and the weights are each held (and exported) whole. */
    static final long MAX_SCORE_ENTRIES = 1L << 22;

    /**
     * Refuses, before anything is allocated, a layer whose whole work or memory is past the caps: the caps
     * per dimension do not bound them (T = 2048, d = 512, 16 heads of d_k = 512 is 6·10¹⁰ multiply-adds).
     */
    static void checkWork(int t, int d, int cols, int heads, boolean randomWeights, boolean tokens) {
        String tKey = tokens ? "tokens" : "T";
        long entries = (long) heads * t * t;
        if (entries > MAX_SCORE_ENTRIES) {
            throw new ParamException(heads > 1 ? "heads" : tKey, "heads·T² = " + heads + "·" + t + "² = " + Fmt.count(entries)
                    + " score entries (each held twice, as scores and weights); the lab's limit is " + Fmt.count(MAX_SCORE_ENTRIES)
                    + ": lower " + (heads > 1 ? "heads or " + tKey : tKey));
        }
        double proj = 3.0 * t * d * cols, attend = 2.0 * t * t * cols;
        if (proj + attend > MAX_MACS) {
            String key = proj >= attend ? (randomWeights ? "dk" : tokens ? "tokens" : "d") : tKey;
            throw new ParamException(key, "the layer needs 3·T·d·(heads·d_k) + 2·T²·(heads·d_k) = " + Fmt.count((long) (proj + attend))
                    + " multiply-adds (T = " + t + ", d = " + d + ", heads·d_k = " + cols + "); the lab's limit is " + Fmt.count((long) MAX_MACS)
                    + ": lower " + key + (randomWeights ? ", heads, T or d" : " or T"));
        }
    }

    private static double[][] add(double[][] x, double[][] pe) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int c = 0; c < out[i].length; c++) out[i][c] += pe[i][c];
        }
        return out;
    }

    private static double[][] gaussian(SplittableRandom r, int rows, int cols, double sd) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = sd * r.nextGaussian();
        return m;
    }

    /** The flags of the weights that underflowed, row by row; null when none did. */
    static boolean[][] underflow(double[][] s, boolean[][] mask, double tau, double[][] p) {
        boolean[][] out = null;
        for (int i = 0; i < s.length; i++) {
            boolean[] row = Softmax.underflowed(s[i], mask == null ? null : mask[i], tau, p[i]);
            if (row == null) continue;
            if (out == null) out = new boolean[s.length][];
            out[i] = row;
        }
        return out;
    }

    // ---- the copy task ----

    public AttentionResult.CopyRun copy(AttentionSpec.Copy s) {
        Softmax.checkTemperature(s.tau());
        double[][] x = CopyTask.tokens(s.u1(), s.u2());
        Attention.Scores sc = Attention.scores(x, CopyTask.wq(s.m()), CopyTask.wk(s.m()), CopyTask.wv(), 1);
        boolean[][] mask = Masks.of(CopyTask.T, s.causal());
        Attention.Result res = Attention.attend(sc, mask, s.tau(), Attention.Mode.SOFTMAX, null);
        double[] y = CopyTask.targets(s.u1(), s.u2());
        double[] per = new double[CopyTask.T];
        for (int i = 0; i < per.length; i++) per[i] = Math.abs(res.output()[i][0] - y[i]);
        double[][] p = res.heads()[0].weights();
        double[] exact = CopyTask.expectedPerPosition(p);
        CopyTask.Estimate mc = CopyTask.expectedLoss(p, s.samples(), s.seed());
        double[] mcPer = CopyTask.sampledPerPosition(p, s.samples(), s.seed());
        CopyTask.Curves cv = curves.get(new CurveKey(s.tau(), s.causal(), s.samples(), s.seed()),
                k -> CopyTask.curves(CopyTask.logGrid(COPY_M_RANGE[0], COPY_M_RANGE[1], COPY_M_POINTS), k.tau(), k.causal(), k.samples(), k.seed()));
        if (s.row() >= CopyTask.T) throw new ParamException("row", Integer.toString(s.row() + 1), "the copy task has T = 4 positions (row must be 1 … 4)");
        Attention.Head h = res.heads()[0];
        double[] taus = TemperatureSweep.grid(h.scores()[s.row()], mask[s.row()], SWEEP_POINTS, s.tau(), 1);
        double[][] sweep = TemperatureSweep.weights(h.scores()[s.row()], mask[s.row()], taus);
        return new AttentionResult.CopyRun(s, res, x, y, per, Loss.sum(per), exact, Loss.sum(exact), mc, mcPer, cv, taus, sweep,
                underflow(h.scores(), mask, s.tau(), h.weights()));
    }

    // ---- the temperature task ----

    public AttentionResult.TemperatureRun temperature(AttentionSpec.Temperature s) {
        Softmax.checkTemperature(s.tau());
        double[] z = s.z().stream().mapToDouble(Double::doubleValue).toArray();
        if (z.length > T_MAX) throw new ParamException("z", "z has " + z.length + " scores, above the cap of " + T_MAX);
        double[] a = new double[z.length];
        Arrays.fill(a, s.a());
        double[][] sc = {z, a};
        boolean[][] mask = new boolean[2][z.length];
        double[][] p = new double[2][z.length];
        double[] ent = new double[2];
        for (int i = 0; i < 2; i++) ent[i] = Softmax.rowWithEntropy(sc[i], null, s.tau(), p[i]);
        double[] taus = TemperatureSweep.grid(z, null, SWEEP_POINTS, s.tau());
        return new AttentionResult.TemperatureRun(s, sc, p, mask, ent, taus, TemperatureSweep.weights(z, null, taus), TemperatureSweep.weights(a, null, taus),
                underflow(sc, null, s.tau(), p));
    }
}
