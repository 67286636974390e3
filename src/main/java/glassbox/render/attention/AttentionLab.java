package glassbox.render.attention;

import static glassbox.render.FormulaFigure.tex;
import static glassbox.render.FormulaFigure.par;
import static glassbox.render.FormulaFigure.vec;
import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.MatrixLiteral;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.attention.Attention;
import glassbox.core.attention.CopyTask;
import glassbox.core.attention.LinearAttention;
import glassbox.core.attention.Mat;
import glassbox.core.attention.PositionalEncoding;
import glassbox.core.attention.Softmax;
import glassbox.core.attention.TemperatureSweep;
import glassbox.core.attention.Vocabulary;
import glassbox.render.Figure;
import glassbox.render.Lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** docs/LABS.md §4: scaled dot-product attention with temperature, masks, heads, linear attention and the course presets. */
public final class AttentionLab implements Lab<AttentionResult> {

    /** The most positions the lab accepts (a 2048 × 2048 heatmap is 4 M cells). */
    public static final int T_MAX = 2048;
    public static final int SWEEP_POINTS = 81;
    static final double[] COPY_M_RANGE = {0.1, 100};
    static final int COPY_M_POINTS = 49;

    private static final String DEDUPE_W = "0,3;1,2;2,1;3,0";
    private static final String DEDUPE_E = "1,0,0,0;0,1,0,0;0,0,1,0;0,0,0,1;0,0,0,0;0,0,0,0";

    private static final List<Param> PARAMS = List.of(
            Param.choice("task", "Task", List.of("attention", "copy", "temperature"), "attention",
                    "attention: tokens or X through W_Q, W_K, W_V; copy: the problem-set copy task (M, u₁, u₂); temperature: scores z = (4,3,2,1) and (a,a,a,a) as τ goes from 0 to ∞.").in("Task"),
            Param.choice("source", "Input", List.of("tokens", "random", "zeros"), "tokens",
                    "tokens: embeddings E[token] of the vocabulary; random: X ~ N(0,1), T × d, seeded; zeros: X = 0 so only positional encodings carry information. X, when given, is used instead.").in("Input"),
            Param.text("vocab", "Vocabulary", "A B C D <START> <STOP>", "Space-separated token names; row r of E embeds the r-th name.").in("Input"),
            Param.text("tokens", "Tokens", "D A A <START> A D <STOP>", "Space-separated tokens from the vocabulary: the input sequence (T = their count, at most " + T_MAX + ").").in("Input"),
            Param.matrix("E", "Embeddings E", DEDUPE_E, "One row per vocabulary token (V × d). Also scores outputs: logits = Z Eᵀ.").in("Input"),
            Param.text("X", "X (T × d)", "", "A matrix literal used instead of tokens (rows = positions); blank: use the input source.").in("Input"),
            Param.integer("T", "T (random/zeros)", 1, T_MAX, 16, "Number of positions for the random and zeros sources.").in("Input"),
            Param.integer("d", "d (random/zeros)", 1, 512, 8, "Width of X for the random and zeros sources.").in("Input"),
            Param.choice("positions", "Positional encoding", List.of("none", "onehot", "sinusoidal", "given"), "none",
                    "none; onehot p_i = e_i; sinusoidal PE[i,2k] = sin(i/10000^(2k/d)), PE[i,2k+1] = cos(…), i from 0; given: the matrix PE.").in("Input"),
            Param.choice("pos_combine", "Combine positions", List.of("add", "concat"), "add",
                    "add: X = E[tokens] + P; concat: z_i = (p_i, x_i), positions first.").in("Input"),
            Param.text("PE", "PE (given)", "", "Positional encodings for positions = given: T × d (add) or T × d_p (concat).").in("Input"),
            Param.choice("weights", "W_Q, W_K, W_V", List.of("given", "identity", "random"), "given",
                    "given: the matrices WQ, WK, WV; identity: W = I_d (S = X Xᵀ); random: N(0, 1/d) entries, d × heads·d_k, seeded.").in("Attention"),
            Param.matrix("WQ", "W_Q", DEDUPE_W, "d × (heads·d_k); head m uses columns m·d_k … (m+1)·d_k − 1.").in("Attention"),
            Param.matrix("WK", "W_K", DEDUPE_W, "d × (heads·d_k), the same width as W_Q.").in("Attention"),
            Param.matrix("WV", "W_V", DEDUPE_W, "d × (heads·d_v).").in("Attention"),
            Param.text("WO", "W_O (optional)", "", "(heads·d_v) × d_out applied to the concatenated heads; blank: no output projection.").in("Attention"),
            Param.integer("dk", "d_k (random weights)", 1, 512, 8, "Per-head width of Q, K and V for random weights.").in("Attention"),
            Param.integer("heads", "Heads", 1, 16, 1, "Number of heads; their outputs are concatenated, then W_O.").in("Attention"),
            Param.integer("head", "Shown head", 1, 16, 1, "Which head's S and P the heatmaps show.").in("Attention"),
            Param.bool("causal", "Causal mask", true, "Row i sees columns j ≤ i only.").in("Attention"),
            Param.real("temperature", "Temperature τ", 0, Double.POSITIVE_INFINITY, Math.sqrt(2),
                    "P = softmax(S/τ). 0 = argmax limit (ties share equally); inf = uniform over visible positions; √d_k is standard scaled dot-product attention (√2 for the default W_Q).").in("Attention"),
            Param.choice("mode", "Mode", List.of("softmax", "linear"), "softmax",
                    "softmax; linear: P_ij = q_i·k_j / Σ_j' q_i·k_j' (no exponential; τ has no effect), also computed in O(T) by running sums.").in("Attention"),
            Param.bool("timing", "Time linear attention", false, "Linear mode: time the quadratic and the running-sum computations against T (takes a moment).").in("Attention"),
            Param.integer("row", "Row for the τ plot", 1, T_MAX, 5, "Which row's weights the small plot follows as τ varies (1-based).").in("View"),
            Param.text("loss_positions", "Cross-entropy positions", "", "1-based positions scored by cross-entropy, e.g. 5 6 7: logits = Z Eᵀ at position i against the token at i.").in("Loss"),
            Param.text("targets", "L1 targets", "", "Continuous targets (T × d_out, or a vector when d_out = 1): loss Σ|o − y|.").in("Loss"),
            Param.real("M", "M", 0, 100, 10, "Copy task: the scale of W_Q and W_K (scores reach 2M²).").in("Copy task"),
            Param.real("u1", "u₁", 0, 1, 0.3, "Copy task: x = (0, u₁, u₂, u₁), y = (u₁, u₂, u₁, u₂).").in("Copy task"),
            Param.real("u2", "u₂", 0, 1, 0.8, "Copy task: see u₁.").in("Copy task"),
            Param.integer("samples", "Monte Carlo samples", 10, 100_000, 2000, "Copy task: samples of (u₁, u₂) ~ U[0,1]² for the expected loss (seeded).").in("Copy task"),
            Param.text("z", "Scores z", "4,3,2,1", "Temperature task: the first row of scores.").in("Temperature task"),
            Param.real("a", "a", -1000, 1000, 2, "Temperature task: the second row is (a, a, …, a).").in("Temperature task"),
            Param.integer("seed", "Random seed", 0, Integer.MAX_VALUE, 1, "Seeds random inputs, random weights and the Monte Carlo samples.").in("View")
    );

    /** Keys whose values change X, W or the scores; τ, mask, mode and view changes reuse the memo. */
    private static final List<String> SCORE_KEYS = List.of("task", "source", "vocab", "tokens", "E", "X", "T", "d", "positions",
            "pos_combine", "PE", "weights", "WQ", "WK", "WV", "dk", "heads", "seed", "M", "u1", "u2");

    private static String memoKey;
    private static Prepared memoValue;
    private static String curveKey;
    private static double[] curveValue;
    private static String timingKey;
    private static LinearAttention.Timing timingValue;

    /** Stage 1 of a computation: the input and its scores. */
    record Prepared(List<String> labels, List<String> vocab, int[] ids, double[][] e, double[][] x, double[][] pe, Attention.Scores scores) {}

    @Override public String id() { return "attention"; }

    @Override public String title() { return "Attention"; }

    @Override public String summary() { return "Scores QKᵀ, softmax with temperature from argmax to uniform, causal masks, heads, linear attention."; }

    @Override public String formulas() {
        return """
                X = E[tokens] (+ positional encoding), T × d.  Q = X W_Q, K = X W_K, V = X W_V.
                Scores S = Q Kᵀ (T × T).  Weights P_ij = exp(s_ij/τ) / Σ_{visible j'} exp(s_ij'/τ), computed with the row maximum subtracted.
                τ = √d_k is standard scaled dot-product attention; τ = 0: argmax, ties share equally; τ = ∞: uniform over visible positions.
                Causal mask: row i sees columns j ≤ i.  Output Z = P V; heads concatenated, then Z W_O.
                Entropy of row i: H_i = −Σ_j P_ij log P_ij (nats); between 0 (one-hot) and log(#visible).
                Logits = Z Eᵀ; cross-entropy at position i: −log softmax(logits_i)[token_i] (the token at that position, 1-based positions).
                L1 loss: Σ_i |o_i − y_i|.
                Linear attention: P_ij = q_i·k_j / Σ_{j'} q_i·k_j'; causal in O(T): S_t = Σ_{j≤t} k_j v_jᵀ, z_t = Σ_{j≤t} k_j, out_t = S_tᵀ q_t / (q_t·z_t).
                Heads: W_Q, W_K are d × (h·d_k), W_V is d × (h·d_v); head m uses columns m·d_k … (m+1)·d_k − 1.
                Indices in figures and messages are 1-based.""";
    }

    @Override public List<Param> params() { return PARAMS; }

    @Override
    public AttentionResult compute(Values v, Backend backend) {
        double tau = v.d("temperature");
        Softmax.checkTemperature(tau);
        String task = v.s("task");
        if (task.equals("temperature")) return temperatureTask(v, tau);
        Prepared pr = prepare(v);
        Attention.Scores sc = pr.scores();
        int t = sc.t();
        int head = v.i("head") - 1;
        if (head >= sc.heads().count()) {
            throw new ParamException("head", Integer.toString(head + 1), "there " + (sc.heads().count() == 1 ? "is 1 head" : "are " + sc.heads().count() + " heads"));
        }
        Attention.Mode mode = v.s("mode").equals("linear") ? Attention.Mode.LINEAR : Attention.Mode.SOFTMAX;
        double[][] wo = optionalMatrix(v, "WO");
        boolean causal = v.b("causal");
        Attention.Result res = Attention.attend(sc, causal, tau, mode, wo);
        Attention.Head h = res.heads()[head];

        // Logits whenever a vocabulary is in use and the output has the embedding width.
        double[][] logits = null;
        List<String> vocab = pr.vocab();
        String lossPositions = v.s("loss_positions");
        int[] scoredPositions = lossPositions.isBlank() ? null : positions(lossPositions, t);
        if (vocab != null && (Mat.cols(res.output()) == Mat.cols(pr.e()) || !lossPositions.isBlank())) {
            logits = Attention.logits(res.output(), pr.e());
        }
        String lossKind = null;
        int[] scored = null, targetIds = null;
        double[][] targets = null;
        double[] perPos = null;
        double loss = Double.NaN;
        String targetText = v.s("targets");
        if (!lossPositions.isBlank() && !targetText.isBlank()) {
            throw new ParamException("targets", "give either loss_positions (cross-entropy on tokens) or targets (L1), not both");
        }
        if (task.equals("copy")) {
            targets = column(CopyTask.targets(v.d("u1"), v.d("u2")));
        } else if (!targetText.isBlank()) {
            targets = l1Targets(targetText, res.output());
        }
        if (!lossPositions.isBlank()) {
            if (vocab == null) {
                throw new ParamException("loss_positions", lossPositions, "cross-entropy needs tokens and a vocabulary (source = tokens, X blank)");
            }
            scored = scoredPositions;
            targetIds = new int[scored.length];
            for (int n = 0; n < scored.length; n++) targetIds[n] = pr.ids()[scored[n]];
            perPos = glassbox.core.attention.Loss.crossEntropy(logits, scored, targetIds);
            lossKind = "cross-entropy";
            loss = glassbox.core.attention.Loss.sum(perPos);
        } else if (targets != null) {
            perPos = glassbox.core.attention.Loss.l1(res.output(), targets);
            scored = new int[t];
            for (int i = 0; i < t; i++) scored[i] = i;
            lossKind = "L1";
            loss = glassbox.core.attention.Loss.sum(perPos);
        }

        int row = v.i("row") - 1;
        if (row >= t) throw new ParamException("row", Integer.toString(row + 1), "the input has T = " + t + " positions (row must be 1 … " + t + ")");
        double[] taus = null;
        double[][] sweep = null;
        if (mode == Attention.Mode.SOFTMAX) {
            taus = TemperatureSweep.grid(h.scores()[row], res.mask()[row], SWEEP_POINTS, tau, Softmax.standardTemperature(sc.heads().dk()));
            sweep = TemperatureSweep.weights(h.scores()[row], res.mask()[row], taus);
        }

        CopyTask.Estimate expected = null;
        double[] curveM = null, curveLoss = null;
        if (task.equals("copy")) {
            double[][] p = CopyTask.weights(v.d("M"), tau, causal);
            expected = CopyTask.expectedLoss(p, v.i("samples"), v.seed("seed"));
            curveM = CopyTask.logGrid(COPY_M_RANGE[0], COPY_M_RANGE[1], COPY_M_POINTS);
            curveLoss = copyCurve(curveM, tau, causal, v.i("samples"), v.seed("seed"));
        }
        LinearAttention.Timing timing = null;
        if (mode == Attention.Mode.LINEAR && v.b("timing")) timing = timing(sc.heads().dk(), sc.heads().dv(), causal);

        return new AttentionResult(task, pr.labels(), vocab, pr.ids(), pr.x(), pr.pe(), pr.e(), res, head, h.scores(), h.weights(),
                res.mask(), h.entropy(), logits, lossKind, scored, targetIds, targets, perPos, loss, taus, sweep, row, null,
                expected, curveM, curveLoss, v.d("u1"), v.d("u2"), timing, tau, sc.heads().dk());
    }

    /** Input, weights and scores, reused while only τ, the mask, the mode or view settings change. */
    static Prepared prepare(Values v) {
        StringBuilder key = new StringBuilder();
        for (String k : SCORE_KEYS) key.append(k).append('=').append(v.text(k)).append('\u0001');
        String ks = key.toString();
        synchronized (AttentionLab.class) {
            if (ks.equals(memoKey)) return memoValue;
        }
        Prepared p = build(v);
        synchronized (AttentionLab.class) {
            memoKey = ks;
            memoValue = p;
        }
        return p;
    }

    private static Prepared build(Values v) {
        String task = v.s("task");
        List<String> labels = null, vocabNames = null;
        int[] ids = null;
        double[][] e = null, x, pe = null, wq, wk, wv;
        int heads = v.i("heads");
        if (task.equals("copy")) {
            double m = v.d("M"), u1 = v.d("u1"), u2 = v.d("u2");
            x = CopyTask.tokens(u1, u2);
            wq = CopyTask.wq(m);
            wk = CopyTask.wk(m);
            wv = CopyTask.wv();
            labels = List.of("1 x=0", "2 x=u₁", "3 x=u₂", "4 x=u₁");
            if (heads != 1) throw new ParamException("heads", Integer.toString(heads), "the copy task has one head");
            return new Prepared(labels, null, null, null, x, null, Attention.scores(x, wq, wk, wv, 1));
        }
        double[][] given = optionalMatrix(v, "X");
        String source = v.s("source");
        if (given != null) {
            x = given;
            if (x.length > T_MAX) throw new ParamException("X", "X has T = " + x.length + " rows, above the cap of " + T_MAX + " positions");
        } else if (source.equals("tokens")) {
            Vocabulary voc = Vocabulary.parse(v.s("vocab"));
            ids = voc.indices(v.s("tokens"));
            if (ids.length > T_MAX) throw new ParamException("tokens", "T = " + ids.length + " tokens is above the cap of " + T_MAX + " positions");
            e = v.m("E");
            x = voc.embed(ids, e);
            vocabNames = voc.names();
            labels = new ArrayList<>(ids.length);
            for (int i = 0; i < ids.length; i++) labels.add((i + 1) + " " + voc.names().get(ids[i]));
        } else {
            int t = v.i("T"), d = v.i("d");
            x = new double[t][d];
            if (source.equals("random")) {
                SplittableRandom r = new SplittableRandom(v.seed("seed"));
                for (double[] row : x) for (int c = 0; c < d; c++) row[c] = r.nextGaussian();
            }
        }
        PositionalEncoding.Kind kind = PositionalEncoding.Kind.valueOf(v.s("positions").toUpperCase(Locale.ROOT));
        boolean concat = v.s("pos_combine").equals("concat");
        if (kind != PositionalEncoding.Kind.NONE) {
            pe = PositionalEncoding.encoding(kind, x.length, Mat.cols(x), concat, optionalMatrix(v, "PE"));
            x = PositionalEncoding.apply(x, kind, concat, pe);
        }
        int d = Mat.cols(x);
        switch (v.s("weights")) {
            case "identity" -> {
                wq = Mat.identity(d);
                wk = wq;
                wv = wq;
            }
            case "random" -> {
                SplittableRandom r = new SplittableRandom(v.seed("seed") * 31 + 7);
                int cols = heads * v.i("dk");
                double sd = 1 / Math.sqrt(d);
                wq = gaussian(r, d, cols, sd);
                wk = gaussian(r, d, cols, sd);
                wv = gaussian(r, d, cols, sd);
            }
            default -> {
                wq = v.m("WQ");
                wk = v.m("WK");
                wv = v.m("WV");
            }
        }
        return new Prepared(labels, vocabNames, ids, e, x, pe, Attention.scores(x, wq, wk, wv, heads));
    }

    private static double[][] gaussian(SplittableRandom r, int rows, int cols, double sd) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = sd * r.nextGaussian();
        return m;
    }

    /** A TEXT parameter holding an optional matrix literal: null when blank. */
    static double[][] optionalMatrix(Values v, String key) {
        String s = v.s(key);
        return s.isBlank() ? null : MatrixLiteral.parse(key, s);
    }

    private static double[][] column(double[] c) {
        double[][] m = new double[c.length][1];
        for (int i = 0; i < c.length; i++) m[i][0] = c[i];
        return m;
    }

    private static double[][] l1Targets(String text, double[][] out) {
        double[][] y = MatrixLiteral.parse("targets", text);
        int t = out.length, w = Mat.cols(out);
        if (w == 1 && (y.length == 1 || Mat.cols(y) == 1)) y = column(MatrixLiteral.vector("targets", y));
        if (y.length != t || Mat.cols(y) != w) {
            throw new ParamException("targets", "the targets are " + Mat.shape(y) + " but the output is " + Mat.shape(out) + " (one target row per position)");
        }
        return y;
    }

    /** "5 6 7" or "5,6,7" → 0-based positions, each within 1 … T. */
    static int[] positions(String text, int t) {
        String[] parts = text.trim().split("[\\s,;]+");
        int[] out = new int[parts.length];
        for (int n = 0; n < parts.length; n++) {
            int p;
            try {
                p = Integer.parseInt(parts[n]);
            } catch (NumberFormatException e) {
                throw new ParamException("loss_positions", text, "\"" + parts[n] + "\" is not a position; expected 1-based positions such as 5 6 7");
            }
            if (p < 1 || p > t) throw new ParamException("loss_positions", text, "position " + p + " is outside 1 … " + t);
            out[n] = p - 1;
        }
        return out;
    }

    private static double[] copyCurve(double[] ms, double tau, boolean causal, int samples, long seed) {
        String key = tau + "|" + causal + "|" + samples + "|" + seed;
        synchronized (AttentionLab.class) {
            if (key.equals(curveKey)) return curveValue;
        }
        double[] c = CopyTask.curve(ms, tau, causal, samples, seed);
        synchronized (AttentionLab.class) {
            curveKey = key;
            curveValue = c;
        }
        return c;
    }

    static final int[] TIMING_T = {16, 32, 64, 128, 256, 512, 1024, 2048};

    private static LinearAttention.Timing timing(int dk, int dv, boolean causal) {
        int a = Math.min(dk, 64), b = Math.min(dv, 64);
        String key = a + "|" + b + "|" + causal;
        synchronized (AttentionLab.class) {
            if (key.equals(timingKey)) return timingValue;
        }
        LinearAttention.Timing tm = LinearAttention.time(TIMING_T, a, b, causal, 1, 3);
        synchronized (AttentionLab.class) {
            timingKey = key;
            timingValue = tm;
        }
        return tm;
    }

    private AttentionResult temperatureTask(Values v, double tau) {
        double[] z = MatrixLiteral.vector("z", MatrixLiteral.parse("z", v.s("z")));
        if (z.length > T_MAX) throw new ParamException("z", "z has " + z.length + " scores, above the cap of " + T_MAX);
        double[] a = new double[z.length];
        Arrays.fill(a, v.d("a"));
        double[][] s = {z, a};
        boolean[][] mask = new boolean[2][z.length];
        double[][] p = new double[2][z.length];
        double[] ent = new double[2];
        for (int i = 0; i < 2; i++) ent[i] = Softmax.rowWithEntropy(s[i], null, tau, p[i]);
        double[] taus = TemperatureSweep.grid(z, null, SWEEP_POINTS, tau);
        List<String> labels = List.of("z", "a·1");
        return new AttentionResult("temperature", labels, null, null, null, null, null, null, 0, s, p, mask, ent, null, null, null, null,
                null, null, Double.NaN, taus, TemperatureSweep.weights(z, null, taus), 0, TemperatureSweep.weights(a, null, taus),
                null, null, null, Double.NaN, Double.NaN, null, tau, 1);
    }

    @Override
    public List<Readout> readouts(Values v, AttentionResult r) {
        List<Readout> out = new ArrayList<>();
        double tau = r.tau();
        String tauText = tau == 0 ? "0 (argmax limit: ties share equally)" : Double.isInfinite(tau) ? "∞ (uniform over visible positions)" : Fmt.sig(tau, 4);
        Attention.Result c = r.core();
        if (c != null && c.mode() == Attention.Mode.LINEAR) tauText += " (no effect in linear mode)";
        out.add(Readout.of("Temperature τ", tauText, "P = softmax(S/τ) row by row."));
        if (c == null) {
            for (int i = 0; i < 2; i++) {
                out.add(Readout.of("P(" + r.labels().get(i) + ")", vector(r.weights()[i]), "softmax(row/τ)"));
                out.add(Readout.of("Entropy of " + r.labels().get(i), Fmt.sig(r.entropy()[i], 4) + " nats (max log " + r.weights()[i].length + " = "
                        + Fmt.sig(Math.log(r.weights()[i].length), 4) + ")", "−Σ P log P"));
            }
            return out;
        }
        Attention.Head h = c.heads()[r.head()];
        out.add(Readout.of("Standard τ = √d_k", "√" + r.dk() + " = " + Fmt.sig(Math.sqrt(r.dk()), 4), "Scaled dot-product attention divides the scores by √d_k."));
        out.add(Readout.of("T, d", r.t() + ", " + Mat.cols(r.x()), "Positions and width of X (after positional encodings)."));
        out.add(Readout.of("Heads × (d_k, d_v)", c.heads().length + " × (" + r.dk() + ", " + Mat.cols(h.v()) + ")", "Per-head widths of Q/K and V."));
        out.add(Readout.of("Output", Mat.shape(c.output()) + (c.projected() ? " = (P V) W_O" : " = P V"), "Heads concatenated, then W_O when given."));
        if (c.mode() == Attention.Mode.SOFTMAX) {
            double mean = 0;
            for (double e : r.entropy()) mean += e;
            out.add(Readout.of("Mean row entropy", Fmt.sig(mean / r.t(), 4) + " nats", "Average of H_i = −Σ_j P_ij log P_ij (shown head)."));
        } else {
            out.add(Readout.of("max |quadratic − running sums|", Fmt.sig(c.runningDiff(), 3),
                    "Linear attention's output computed as P V and in O(T) by running sums S_t = Σ k_j v_jᵀ, z_t = Σ k_j."));
            List<Integer> deg = h.degenerate();
            if (!deg.isEmpty()) {
                out.add(Readout.warn("Zero denominators", "rows " + oneBased(deg), "Σ_j q_i·k_j = 0: these rows have no weights (left at 0)."));
            }
        }
        if (c.nonFiniteScores() > 0) {
            out.add(Readout.warn("Overflow", c.nonFiniteScores() + " scores are not finite", "Q Kᵀ overflowed double precision; those entries get weight 0 (NaN) or share the argmax (+∞)."));
        }
        if (r.lossKind() != null) {
            out.add(Readout.of(r.lossKind().equals("L1") ? "L1 loss Σ|o − y|" : "Cross-entropy (total)", Fmt.sig(r.loss(), 6),
                    r.lossKind().equals("L1") ? "Sum over positions of |o_i − y_i|." : "Sum over the scored positions of −log softmax(logits_i)[token_i]."));
            if (r.lossKind().equals("cross-entropy")) {
                StringBuilder sb = new StringBuilder();
                for (int n = 0; n < r.scored().length; n++) {
                    if (n > 0) sb.append(", ");
                    sb.append(r.scored()[n] + 1).append(": ").append(Fmt.sig(r.lossPerPosition()[n], 4));
                }
                out.add(Readout.of("Cross-entropy per position", sb.toString(), "Position: −log softmax(logits)[token at that position]."));
            }
        }
        if (r.expected() != null) {
            out.add(Readout.of("Expected loss (Monte Carlo)", Fmt.sig(r.expected().mean(), 4) + " ± " + Fmt.sig(r.expected().stdError(), 2),
                    v.i("samples") + " seeded samples of (u₁, u₂) ~ U[0,1]²; ± one standard error."));
            out.add(Readout.of("Best possible expected loss", "1/2", "o₁, o₂ cannot see u₁ resp. u₂: the median 1/2 costs E|u − 1/2| = 1/4 each; o₃, o₄ can copy exactly."));
            out.add(Readout.of("Largest score 2M²", Fmt.sig(2 * v.d("M") * v.d("M"), 6), "Finite: the softmax subtracts the row maximum."));
        }
        if (r.timing() != null) {
            LinearAttention.Timing tm = r.timing();
            int last = tm.t().length - 1;
            out.add(Readout.of("Times at T = " + tm.t()[last], "quadratic " + Fmt.ms(tm.quadraticMs()[last]) + ", running sums " + Fmt.ms(tm.runningMs()[last]),
                    "Best of 3, random q, k > 0, d_k = d_v = " + "min(d, 64)."));
        }
        return out;
    }

    private static String vector(double[] x) {
        StringBuilder sb = new StringBuilder("(");
        for (int j = 0; j < x.length && j < 8; j++) sb.append(j > 0 ? ", " : "").append(Fmt.sig(x[j], 3));
        return sb.append(x.length > 8 ? ", …)" : ")").toString();
    }

    private static String oneBased(List<Integer> rows) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size() && n < 10; n++) sb.append(n > 0 ? ", " : "").append(rows.get(n) + 1);
        return sb.append(rows.size() > 10 ? ", …" : "").toString();
    }

    @Override
    public Map<String, Object> json(Values v, AttentionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", id());
        m.put("parameters", v.asText());
        m.put("task", r.task());
        m.put("temperature", Double.isInfinite(r.tau()) ? "inf" : r.tau());
        m.put("scores", r.scores());
        m.put("weights", r.weights());
        Attention.Result c = r.core();
        // Linear weights can be negative: no entropy then (rather than NaN in the export).
        if (c == null || c.mode() == Attention.Mode.SOFTMAX) m.put("entropy", r.entropy());
        if (c == null) {
            m.put("row_labels", r.labels());
            m.put("sweep_tau", r.sweepTaus());
            m.put("sweep_weights_z", r.sweepWeights());
            m.put("sweep_weights_a", r.sweepWeights2());
            return m;
        }
        if (r.vocab() != null) {
            List<String> toks = new ArrayList<>();
            for (int id : r.tokenIds()) toks.add(r.vocab().get(id));
            m.put("tokens", toks);
            m.put("vocabulary", r.vocab());
        }
        m.put("X", r.x());
        if (r.positional() != null) m.put("positional", r.positional());
        m.put("heads", c.heads().length);
        m.put("head", r.head() + 1);
        m.put("causal", v.b("causal"));
        m.put("mode", c.mode().name().toLowerCase(Locale.ROOT));
        Attention.Head h = c.heads()[r.head()];
        m.put("Q", h.q());
        m.put("K", h.k());
        m.put("V", h.v());
        if (c.heads().length > 1) {
            List<double[][]> s = new ArrayList<>(), p = new ArrayList<>();
            for (Attention.Head hh : c.heads()) {
                s.add(hh.scores());
                p.add(hh.weights());
            }
            m.put("scores_heads", s);
            m.put("weights_heads", p);
        }
        m.put("output", c.output());
        if (c.projected()) m.put("output_heads", c.concat());
        if (r.logits() != null) m.put("logits", r.logits());
        if (c.mode() == Attention.Mode.LINEAR) {
            m.put("output_running", h.outputRunning());
            m.put("max_difference", c.runningDiff());
            m.put("degenerate_rows", h.degenerate().stream().map(i -> i + 1).toList());
        }
        if (r.lossKind() != null) {
            m.put("loss", r.loss());
            m.put("loss_kind", r.lossKind());
            List<Integer> pos = new ArrayList<>();
            for (int i : r.scored()) pos.add(i + 1);
            m.put("loss_positions", pos);
            m.put("loss_per_position", r.lossPerPosition());
            if (r.targets() != null) m.put("targets", r.targets());
            if (r.targetIds() != null) {
                List<String> tt = new ArrayList<>();
                for (int id : r.targetIds()) tt.add(r.vocab().get(id));
                m.put("target_tokens", tt);
            }
        }
        if (r.expected() != null) {
            m.put("inputs", CopyTask.inputs(r.u1(), r.u2()));
            m.put("expected_loss", r.expected().mean());
            m.put("expected_loss_std_error", r.expected().stdError());
            m.put("best_expected_loss", CopyTask.BEST_EXPECTED_LOSS);
            m.put("curve_M", r.curveM());
            m.put("curve_expected_loss", r.curveLoss());
        }
        if (r.sweepTaus() != null) {
            m.put("sweep_row", r.sweepRow() + 1);
            m.put("sweep_tau", r.sweepTaus());
            m.put("sweep_weights", r.sweepWeights());
        }
        if (r.timing() != null) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("T", r.timing().t());
            tm.put("quadratic_ms", r.timing().quadraticMs());
            tm.put("running_ms", r.timing().runningMs());
            tm.put("max_difference", r.timing().maxDiff());
            m.put("timing", tm);
        }
        return m;
    }

    /** Largest T·d_k for which the current Q, K, V are offered to the ridge-attention lab (the settings are text). */
    static final int RIDGE_HANDOFF_MAX = 8192;

    private static boolean withinRidgeCaps(double[][] m) {
        if (m.length == 0 || m.length > glassbox.core.ridge.RidgeInputs.MAX_N || m[0].length > glassbox.core.ridge.RidgeInputs.MAX_D) return false;
        for (double[] row : m) for (double x : row) if (!(Math.abs(x) <= glassbox.core.ridge.RidgeInputs.MAX_ABS)) return false;
        return true;
    }

    @Override
    public List<glassbox.render.LabAction> actions(Values v, AttentionResult r) {
        Attention.Result c = r.core();
        if (c == null || c.heads().length == 0) return List.of();
        int head = Math.max(0, Math.min(c.heads().length - 1, v.i("head") - 1));
        Attention.Head h = c.heads()[head];
        if ((long) h.q().length * h.q()[0].length > RIDGE_HANDOFF_MAX) return List.of();
        // Offer it only within the ridge lab's caps, never a button that fails; checked from the sizes and
        // entries here, because this runs on every frame and a ridge computation would cost as much as this lab's.
        if (!withinRidgeCaps(h.q()) || !withinRidgeCaps(h.k()) || !withinRidgeCaps(h.v())) return List.of();
        boolean causal = v.b("causal");
        // The matrices are written as text only when the button is used (a third of a default frame otherwise).
        return List.of(glassbox.render.LabAction.openLazily("Open this head's Q, K, V in ridge attention",
                "The same queries, keys and values (head " + (head + 1) + ") as in-context ridge regression: weights K(λI + KᵀK)⁻¹q beside softmax.",
                "ridge-attention", () -> {
                    Map<String, String> settings = new LinkedHashMap<>();
                    settings.put("Q", MatrixLiteral.format(h.q()));
                    settings.put("K", MatrixLiteral.format(h.k()));
                    settings.put("V", MatrixLiteral.format(h.v()));
                    settings.put("causal", Boolean.toString(causal));
                    return settings;
                }));
    }

    @Override
    public List<String> liveFormulas(Values v, AttentionResult r) {
        List<String> out = new ArrayList<>();
        Attention.Result c = r.core();
        double tau = r.tau();
        if (c == null) {
            // Temperature task: row 1 is z, row 2 is (a, …, a).
            out.add(weight(r, 0, 1, false, false));
            double h = r.entropy()[0];
            int n = r.weights()[0].length;
            out.add("H = -\\sum_j P_{1j} \\log P_{1j} = " + tex(h) + " \\le \\log " + n + " = " + tex(Math.log(n)));
            out.add("P_{2j} = \\frac{e^{a/\\tau}}{" + n + "\\, e^{a/\\tau}} = \\frac{1}{" + n + "} = " + tex(1.0 / n) + "\\quad \\text{for every } \\tau");
            return out;
        }
        boolean linear = c.mode() == Attention.Mode.LINEAR;
        boolean causal = v.b("causal");
        int i = r.sweepRow();
        Attention.Head h = c.heads()[r.head()];
        if (!linear) {
            String std = "\\sqrt{d_k} = \\sqrt{" + r.dk() + "} = " + tex(Math.sqrt(r.dk()));
            out.add("\\tau = " + tex(tau) + (tau == 0 ? "\\ (\\text{argmax})" : Double.isInfinite(tau) ? "\\ (\\text{uniform})" : "") + ",\\quad \\text{standard } " + std);
        }
        int j = argmax(r.weights()[i], r.mask()[i]);
        out.add(weight(r, i, i + 1, causal, linear));
        if (j >= 0) {
            out.add("s_{" + (i + 1) + "," + (j + 1) + "} = q_{" + (i + 1) + "} \\cdot k_{" + (j + 1) + "} = "
                    + (h.q()[i].length <= 4 ? vec(h.q()[i]) + " \\cdot " + vec(h.k()[j]) + " = " : "") + tex(r.scores()[i][j]));
        }
        // Z = P V: the first column of the shown row, term by term (non-zero weights only).
        StringBuilder z = new StringBuilder("(PV)_{" + (i + 1) + ",1} = \\sum_j P_{" + (i + 1) + "j} V_{j1} = ");
        int shown = 0, nonzero = 0;
        for (int k = 0; k < r.weights()[i].length; k++) {
            double p = r.weights()[i][k];
            if (p == 0 || r.mask()[i][k]) continue;
            nonzero++;
            if (shown < 3) {
                z.append(shown > 0 ? " + " : "").append(tex(p)).append(" \\cdot ").append(par(h.v()[k][0]));
                shown++;
            }
        }
        if (nonzero > shown) z.append(" + \\cdots");
        if (nonzero == 0) z.append("0");
        out.add(z.append(" = ").append(tex(h.output()[i][0])).toString());
        if (r.lossKind() != null) {
            boolean ce = r.lossKind().equals("cross-entropy");
            StringBuilder l = new StringBuilder(ce ? "L = \\sum_{i \\in \\{" + positions(r.scored()) + "\\}} -\\log \\mathrm{softmax}(\\ell_i)_{x_i} = "
                    : "L = \\sum_i |o_i - y_i| = ");
            double[] per = r.lossPerPosition();
            for (int k = 0; k < per.length && k < 4; k++) l.append(k > 0 ? " + " : "").append(tex(per[k]));
            if (per.length > 4) l.append(" + \\cdots");
            out.add(l.append(" = ").append(tex(r.loss())).toString());
        }
        return out;
    }

    /** P_ij of the row's largest weight with the numbers: softmax (τ finite, 0 or ∞) or linear. */
    private static String weight(AttentionResult r, int i, int label, boolean causal, boolean linear) {
        double[] s = r.scores()[i], p = r.weights()[i];
        boolean[] mask = r.mask()[i];
        int j = argmax(p, mask);
        int visible = 0;
        for (boolean m : mask) if (!m) visible++;
        String sum = causal ? "\\sum_{j' \\le " + label + "}" : "\\sum_{j'}";
        if (j < 0) return "P_{" + label + "j} = 0\\ \\text{(no visible weight)}";
        String pij = "P_{" + label + "," + (j + 1) + "}";
        double tau = r.tau();
        if (linear) {
            double den = 0;
            for (int k = 0; k < s.length; k++) if (!mask[k]) den += s[k];
            return pij + " = \\frac{s_{" + label + "," + (j + 1) + "}}{" + sum + " s_{" + label + "j'}} = \\frac{" + tex(s[j]) + "}{" + tex(den) + "} = " + tex(p[j]);
        }
        if (tau == 0) {
            int ties = 0;
            for (int k = 0; k < p.length; k++) if (!mask[k] && p[k] == p[j]) ties++;
            return "\\tau \\to 0:\\ " + pij + " = \\frac{1}{|\\arg\\max_{j'} s_{" + label + "j'}|} = \\frac{1}{" + ties + "} = " + tex(p[j])
                    + ",\\ s_{" + label + "," + (j + 1) + "} = " + tex(s[j]);
        }
        if (Double.isInfinite(tau)) {
            return "\\tau \\to \\infty:\\ P_{" + label + "j} = \\frac{1}{\\#\\{j'\\ \\text{visible}\\}} = \\frac{1}{" + visible + "} = " + tex(p[j]);
        }
        StringBuilder den = new StringBuilder();
        int shown = 0;
        for (int k = 0; k < s.length && shown < 3; k++) {
            if (mask[k]) continue;
            den.append(shown > 0 ? " + " : "").append("e^{").append(tex(s[k])).append("/").append(tex(tau)).append("}");
            shown++;
        }
        if (visible > shown) den.append(" + \\cdots");
        return pij + " = \\frac{e^{s_{" + label + "," + (j + 1) + "}/\\tau}}{" + sum + " e^{s_{" + label + "j'}/\\tau}} = \\frac{e^{" + tex(s[j]) + "/" + tex(tau) + "}}{"
                + den + "} = " + tex(p[j]);
    }

    private static int argmax(double[] p, boolean[] mask) {
        int j = -1;
        for (int k = 0; k < p.length; k++) if (!mask[k] && Double.isFinite(p[k]) && (j < 0 || p[k] > p[j])) j = k;
        return j;
    }

    private static String positions(int[] scored) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < scored.length && k < 5; k++) b.append(k > 0 ? "," : "").append(scored[k] + 1);
        return b.append(scored.length > 5 ? ",\\ldots" : "").toString();
    }


    @Override
    public List<Figure> figures(Values v, AttentionResult r) {
        return AttentionFigures.build(v, r);
    }

    @Override
    public List<Values> benchSweep(String size) {
        Values base = defaults().with(Map.of("source", "random", "weights", "random", "causal", "true", "row", "1"));
        base = size.equals("large") ? base.with(Map.of("T", "1024", "d", "64", "dk", "64", "temperature", "8"))
                : base.with(Map.of("T", "16", "d", "8", "dk", "8", "temperature", "2.82843"));
        List<Values> out = new ArrayList<>();
        // A user dragging τ (through 0 and ∞ at the ends), moving the followed row, toggling the mask and reseeding.
        for (int k = 0; k < 120; k++) {
            String tau = k % 30 == 0 ? "0" : k % 30 == 29 ? "inf" : Fmt.num(0.05 * Math.pow(1.12, k % 30) * (size.equals("large") ? 8 : 2));
            Values v = base.with(Map.of("temperature", tau, "row", Integer.toString(1 + (k * 7) % Integer.parseInt(base.text("T")))));
            if (k % 20 == 10) v = v.with("causal", "false");
            if (k % 40 == 39) v = v.with("seed", Integer.toString(k));
            out.add(v);
        }
        return out;
    }
}
