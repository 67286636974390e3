package glassbox.render.attention;

import static glassbox.render.FormulaFigure.tex;
import static glassbox.render.FormulaFigure.par;
import static glassbox.render.FormulaFigure.vec;
import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Matrix;
import glassbox.core.MatrixLiteral;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.attention.Attention;
import glassbox.core.attention.AttentionCompute;
import glassbox.core.attention.AttentionGradients;
import glassbox.core.attention.AttentionResult;
import glassbox.core.attention.AttentionSpec;
import glassbox.core.attention.CopyTask;
import glassbox.core.attention.LinearAttention;
import glassbox.core.attention.Mat;
import glassbox.core.attention.PositionalEncoding;
import glassbox.core.attention.Softmax;
import glassbox.core.attention.Vocabulary;
import glassbox.render.Figure;
import glassbox.render.Lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs/LABS.md §4: scaled dot-product attention with temperature, masks, heads, losses, gradients, linear attention and
 * the course presets. This class only maps parameters to a typed {@link AttentionSpec}, and results to numbers and
 * figures; {@link AttentionCompute} (held here, one per lab) computes.
 */
public final class AttentionLab implements Lab<AttentionResult> {

    /** The most positions the lab accepts (a 2048 × 2048 heatmap is 4 M cells). */
    public static final int T_MAX = AttentionCompute.T_MAX;

    private static final String DEDUPE_W = "0,3;1,2;2,1;3,0";
    private static final String DEDUPE_E = "1,0,0,0;0,1,0,0;0,0,1,0;0,0,0,1;0,0,0,0;0,0,0,0";

    private static final List<Param> PARAMS = List.of(
            Param.choice("task", "Task", List.of("attention", "copy", "temperature"), "attention",
                    "attention: tokens or X through W_Q, W_K, W_V; copy: the problem-set copy task (M, u₁, u₂); temperature: scores z = (4,3,2,1) and (a,a,a,a) as τ goes from 0 to ∞.").in("Task"),
            Param.choice("source", "Input", List.of("tokens", "random", "zeros"), "tokens",
                    "tokens: embeddings E[token] of the vocabulary; random: X ~ N(0,1), T × d, seeded; zeros: X = 0 so only positional encodings carry information. X, when given, is used instead.").in("Input"),
            Param.text("vocab", "Vocabulary", "A B C D <START> <STOP>", "Space-separated token names; row r of E embeds the r-th name.").in("Input"),
            Param.text("tokens", "Tokens", "D A A <START> A D <STOP>", "Space-separated tokens from the vocabulary: the input sequence (T = their count, at most " + T_MAX + ").").in("Input"),
            Param.matrix("E", "Embeddings E", DEDUPE_E, "One row per vocabulary token (V × d). Also scores outputs: logits = Z Eᵀ. Not set by you, it follows the vocabulary (rows kept, zero rows added or the last dropped).").in("Input"),
            Param.text("X", "X (T × d)", "", "A matrix literal used instead of tokens (rows = positions); blank: use the input source.").in("Input"),
            Param.integer("T", "T (random/zeros)", 1, T_MAX, 16, "Number of positions for the random and zeros sources.").in("Input"),
            Param.integer("d", "d (random/zeros)", 1, 512, 8, "Width of X for the random and zeros sources.").in("Input"),
            Param.choice("positions", "Positional encoding", List.of("none", "onehot", "sinusoidal", "learned", "given"), "none",
                    "none; onehot p_i = e_i; sinusoidal PE[i,2k] = sin(i/10000^(2k/d)), PE[i,2k+1] = cos(…), i from 0; learned: a table of N rows (seeded N(0,1) "
                            + "entries standing in for trained ones), so positions beyond N have none; given: the matrix PE.").in("Input"),
            Param.choice("pos_combine", "Combine positions", List.of("add", "concat"), "add",
                    "add: X = E[tokens] + P; concat: z_i = (p_i, x_i), positions first.").in("Input"),
            Param.text("PE", "PE (given)", "", "Positional encodings for positions = given: T × d (add) or T × d_p (concat).").in("Input"),
            Param.integer("learned_n", "Learned table rows N", 1, T_MAX, 16, "positions = learned: the table has rows for positions 1 … N only (those seen in training).").in("Input"),
            Param.choice("weights", "W_Q, W_K, W_V", List.of("given", "identity", "random"), "given",
                    "given: the matrices WQ, WK, WV; identity: W = I_d (S = X Xᵀ); random: N(0, 1/d) entries, d × heads·d_k, seeded. "
                            + "Not set by you, given weights that do not fit X's width become the identity.").in("Attention"),
            Param.matrix("WQ", "W_Q", DEDUPE_W, "d × (heads·d_k); head m uses columns m·d_k … (m+1)·d_k − 1.").in("Attention"),
            Param.matrix("WK", "W_K", DEDUPE_W, "d × (heads·d_k), the same width as W_Q.").in("Attention"),
            Param.matrix("WV", "W_V", DEDUPE_W, "d × (heads·d_v).").in("Attention"),
            Param.text("WO", "W_O (optional)", "", "(heads·d_v) × d_out applied to the concatenated heads; blank: no output projection.").in("Attention"),
            Param.text("WO_ref", "Reference W_O (head 1 alone)", "", "A W_O for head 1's P V alone, computed beside the layer for comparison "
                    + "(the exam's one-head model next to its two-head variant); blank: none.").in("Attention"),
            Param.integer("dk", "d_k (random weights)", 1, 512, 8, "Per-head width of Q, K and V for random weights.").in("Attention"),
            Param.integer("heads", "Heads", 1, 16, 1, "Number of heads; their outputs are concatenated, then W_O. Not set by you, it follows the weights (the largest count ≤ this that splits them).").in("Attention"),
            Param.integer("head", "Shown head", 1, 16, 1, "Which head's S and P the heatmaps show. Not set by you, it follows the number of heads.").in("Attention"),
            Param.bool("causal", "Causal mask", true, "Row i sees columns j ≤ i only (with mask = band: the band looks back only).").in("Attention"),
            Param.choice("mask", "Mask", List.of("standard", "band", "given"), "standard",
                    "standard: causal or none, as the causal switch says; band: a window of width w (causal: i − w < j ≤ i, \"yourself and the previous token\" "
                            + "at w = 2; else |i − j| < w); given: the 0/1 matrix mask_matrix (1 = visible), the causal switch ignored.").in("Attention"),
            Param.integer("window", "Band width w", 1, T_MAX, 2, "mask = band: how many positions each query sees (itself included).").in("Attention"),
            Param.text("mask_matrix", "Mask matrix (0/1)", "", "mask = given: T × T, 1 = query i sees key j, 0 = masked.").in("Attention"),
            Param.real("temperature", "Temperature τ", 0, Double.POSITIVE_INFINITY, Math.sqrt(2),
                    "P = softmax(S/τ). 0 = argmax limit (ties share equally); inf = uniform over visible positions; √d_k is standard scaled dot-product attention (√2 for the default W_Q).").in("Attention"),
            Param.choice("mode", "Mode", List.of("softmax", "linear"), "softmax",
                    "softmax; linear: P_ij = q_i·k_j / Σ_j' q_i·k_j' (no exponential; τ has no effect), also computed in O(T) by running sums.").in("Attention"),
            Param.bool("timing", "Time linear attention", false, "Linear mode: time the quadratic and the running-sum computations against T (takes a moment).").in("Attention"),
            Param.integer("row", "Row for the τ plot", 1, T_MAX, 5, "Which row's weights the small plot follows as τ varies (1-based). Not set by you, it follows T.").in("View"),
            Param.text("loss_positions", "Cross-entropy positions", "", "1-based positions scored by cross-entropy, e.g. 5 6 7 (with loss_target = next, blank scores every position "
                    + "but the last). Not set by you, positions beyond T are dropped.").in("Loss"),
            Param.choice("loss_target", "Cross-entropy target", List.of("same", "next"), "same",
                    "same: logits at position i against the token at i (the exam's convention); next: against the token at i + 1 (GPT-style next-token loss). "
                            + "The other is shown beside.").in("Loss"),
            Param.text("pad", "Pad token", "", "A vocabulary token marking padding: positions whose target is it are left out of the loss, and it is masked as a key. Blank: none.").in("Loss"),
            Param.text("targets", "L1 targets", "", "Continuous targets (T × d_out, or a vector when d_out = 1): loss Σ|o − y|.").in("Loss"),
            Param.bool("gradients", "Gradients of the loss", false, "∂L/∂W_Q, ∂L/∂W_K, ∂L/∂W_V of the cross-entropy by back-propagation, checked by central finite differences "
                    + "(at τ = 0 those of W_Q and W_K are exactly 0: argmax attention cannot learn where to attend).").in("Loss"),
            Param.real("M", "M", 0, 100, 10, "Copy task: the scale of W_Q and W_K (scores reach 2M²).").in("Copy task"),
            Param.real("u1", "u₁", 0, 1, 0.3, "Copy task: x = (0, u₁, u₂, u₁), y = (u₁, u₂, u₁, u₂).").in("Copy task"),
            Param.real("u2", "u₂", 0, 1, 0.8, "Copy task: see u₁.").in("Copy task"),
            Param.integer("samples", "Monte Carlo samples", 10, 100_000, 2000, "Copy task: samples of (u₁, u₂) ~ U[0,1]² for the Monte Carlo estimate beside the exact expected loss (seeded).").in("Copy task"),
            Param.text("z", "Scores z", "4,3,2,1", "Temperature task: the first row of scores.").in("Temperature task"),
            Param.real("a", "a", -1000, 1000, 2, "Temperature task: the second row is (a, a, …, a).").in("Temperature task"),
            Param.integer("seed", "Random seed", 0, Integer.MAX_VALUE, 1, "Seeds random inputs, random weights, the learned table and the Monte Carlo samples.").in("View")
    );

    private final AttentionCompute engine = new AttentionCompute();

    @Override public String id() { return "attention"; }

    @Override public String title() { return "Attention"; }

    @Override public String summary() { return "Scores QKᵀ, softmax with temperature from argmax to uniform, masks, heads, losses and their gradients, linear attention."; }

    @Override public String formulas() {
        return """
                X = E[tokens] (+ positional encoding), T × d.  Q = X W_Q, K = X W_K, V = X W_V.
                Scores S = Q Kᵀ (T × T).  Weights P_ij = exp(s_ij/τ) / Σ_{visible j'} exp(s_ij'/τ), computed with the row maximum subtracted.
                τ = √d_k is standard scaled dot-product attention; τ = 0: argmax, ties share equally; τ = ∞: uniform over visible positions.
                Weights below 10⁻³⁰⁸ are positive but not representable: shown as "< 10⁻³⁰⁸" (underflow), never as 0.
                Masks: causal j ≤ i; band of width w (causal: i − w < j ≤ i; else |i − j| < w); a typed 0/1 matrix; pad tokens masked as keys.
                Output Z = P V; heads concatenated, then Z W_O.
                Entropy of row i: H_i = −Σ_j P_ij log P_ij (nats); between 0 (one-hot) and log(#visible).
                Logits = Z Eᵀ; cross-entropy at position i: −log softmax(logits_i)[target_i], target the token at i (same) or at i + 1 (next), pad targets left out.
                Gradients: dG = softmax(G) − e_t, dZ = dG E W_Oᵀ, dV = Pᵀ dZ, dS_ij = P_ij (dP_ij − Σ_k P_ik dP_ik)/τ with dP = dZ Vᵀ, dW_Q = Xᵀ dS K, dW_K = Xᵀ dSᵀ Q, dW_V = Xᵀ dV.
                L1 loss: Σ_i |o_i − y_i|.
                Learned positions: a table of N rows; position i > N has no row (the sinusoidal formula extends to any i).
                Linear attention: P_ij = q_i·k_j / Σ_{j'} q_i·k_j'; causal in O(T): S_t = Σ_{j≤t} k_j v_jᵀ, z_t = Σ_{j≤t} k_j, out_t = S_tᵀ q_t / (q_t·z_t).
                Heads: W_Q, W_K are d × (h·d_k), W_V is d × (h·d_v); head m uses columns m·d_k … (m+1)·d_k − 1.
                Indices in figures and messages are 1-based.""";
    }

    /** T and d size only the random and zeros inputs; tokens (T = their count, d = E's width) and a given X fix both. */
    @Override public Map<String, String> inactive(Values v) {
        String cause;
        if (!v.s("X").isBlank()) cause = "X is given (its rows and columns fix T and d). Clear X and choose Input random or zeros to use it.";
        else if (v.s("source").equals("tokens")) cause = "the input is tokens (T is their count, d the width of E). Choose Input random or zeros to use it.";
        else return Map.of();
        return Map.of("T", "T has no effect: " + cause, "d", "d has no effect: " + cause);
    }

    @Override public List<Param> params() { return PARAMS; }

    // ---- values → typed spec ----

    /** The typed spec of the values (indices made 0-based). Throws ParamException naming the key for text that does not parse. */
    public static AttentionSpec spec(Values v) {
        double tau = v.d("temperature");
        switch (v.s("task")) {
            case "temperature" -> {
                double[] z = MatrixLiteral.vector("z", MatrixLiteral.parse("z", v.s("z")));
                List<Double> zs = new ArrayList<>();
                for (double x : z) zs.add(x);
                return new AttentionSpec.Temperature(zs, v.d("a"), tau);
            }
            case "copy" -> {
                if (v.i("heads") != 1 && v.isSet("heads")) throw new ParamException("heads", v.text("heads"), "the copy task has one head");
                return new AttentionSpec.Copy(v.d("M"), v.d("u1"), v.d("u2"), v.i("samples"), v.seed("seed"), tau, v.b("causal"), v.i("row") - 1);
            }
            default -> {
                return layerSpec(v, tau);
            }
        }
    }

    private static AttentionSpec.Layer layerSpec(Values v, double tau) {
        double[][] given = optionalMatrix(v, "X");
        AttentionSpec.Source source = given != null ? AttentionSpec.Source.GIVEN : AttentionSpec.Source.valueOf(v.s("source").toUpperCase(Locale.ROOT));
        PositionalEncoding.Kind kind = PositionalEncoding.Kind.valueOf(v.s("positions").toUpperCase(Locale.ROOT));
        AttentionSpec.Inputs in = new AttentionSpec.Inputs(source, Matrix.of(given),
                source == AttentionSpec.Source.TOKENS ? v.s("vocab") : "", source == AttentionSpec.Source.TOKENS ? v.s("tokens") : "",
                source == AttentionSpec.Source.TOKENS ? Matrix.of(v.m("E")) : null,
                v.i("T"), v.i("d"), v.seed("seed"), kind, v.s("pos_combine").equals("concat"),
                kind == PositionalEncoding.Kind.GIVEN ? Matrix.of(optionalMatrix(v, "PE")) : null, v.i("learned_n"));
        AttentionSpec.WeightsKind wk = AttentionSpec.WeightsKind.valueOf(v.s("weights").toUpperCase(Locale.ROOT));
        boolean given3 = wk == AttentionSpec.WeightsKind.GIVEN;
        AttentionSpec.Weights w = new AttentionSpec.Weights(wk, given3 ? Matrix.of(v.m("WQ")) : null, given3 ? Matrix.of(v.m("WK")) : null,
                given3 ? Matrix.of(v.m("WV")) : null, v.i("dk"), v.i("heads"), v.seed("seed"));
        AttentionSpec.MaskKind mk = switch (v.s("mask")) {
            case "band" -> AttentionSpec.MaskKind.BAND;
            case "given" -> AttentionSpec.MaskKind.GIVEN;
            default -> v.b("causal") ? AttentionSpec.MaskKind.CAUSAL : AttentionSpec.MaskKind.NONE;
        };
        AttentionSpec.MaskSpec mask = new AttentionSpec.MaskSpec(mk, v.b("causal"), v.i("window"),
                mk == AttentionSpec.MaskKind.GIVEN ? Matrix.of(optionalMatrix(v, "mask_matrix")) : null);
        String lp = v.s("loss_positions");
        List<Integer> positions = lp.isBlank() ? List.of() : positions(lp);
        double[][] targets = optionalMatrix(v, "targets");
        AttentionSpec.LossSpec loss = new AttentionSpec.LossSpec(AttentionSpec.LossTarget.valueOf(v.s("loss_target").toUpperCase(Locale.ROOT)),
                positions, Matrix.of(targets), v.s("pad"));
        Attention.Mode mode = v.s("mode").equals("linear") ? Attention.Mode.LINEAR : Attention.Mode.SOFTMAX;
        return new AttentionSpec.Layer(in, w, mask, tau, mode, Matrix.of(optionalMatrix(v, "WO")), Matrix.of(optionalMatrix(v, "WO_ref")),
                loss, v.i("head") - 1, v.i("row") - 1, v.b("timing"), v.b("gradients"));
    }

    /** A TEXT parameter holding an optional matrix literal: null when blank. */
    static double[][] optionalMatrix(Values v, String key) {
        String s = v.s(key);
        return s.isBlank() ? null : MatrixLiteral.parse(key, s);
    }

    /** "5 6 7" or "5,6,7" → 0-based positions (each ≥ 1; the upper bound T is checked against the input). */
    static List<Integer> positions(String text) {
        String[] parts = text.trim().split("[\\s,;]+");
        List<Integer> out = new ArrayList<>();
        for (String part : parts) {
            int p;
            try {
                p = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new ParamException("loss_positions", text, "\"" + part + "\" is not a position; expected 1-based positions such as 5 6 7");
            }
            if (p < 1) throw new ParamException("loss_positions", text, "position " + p + " is outside 1 … T");
            out.add(p - 1);
        }
        return out;
    }

    // ---- dependent values follow the data ----

    /**
     * Values the user did not set follow the data: E the vocabulary's size; given weights that do not fit X's width
     * become the identity (and W_O, the reference W_O and the cross-entropy positions that no longer fit are dropped);
     * heads the largest count that splits the weights; the shown head, the row and the scored positions the input's size.
     */
    @Override
    public Values resolve(Values v) {
        try {
            if (v.s("task").equals("temperature")) return v;
            if (v.s("task").equals("copy")) {
                if (!v.isSet("row") && v.i("row") > CopyTask.T) v = v.follow("row", Integer.toString(CopyTask.T));
                if (!v.isSet("heads") && v.i("heads") != 1) v = v.follow("heads", "1");
                if (!v.isSet("head") && v.i("head") != 1) v = v.follow("head", "1");
                return v;
            }
            double[][] given = optionalMatrix(v, "X");
            boolean tokens = given == null && v.s("source").equals("tokens");
            int t, d;
            if (given != null) {
                t = given.length;
                d = Mat.cols(given);
            } else if (tokens) {
                t = Vocabulary.split(v.s("tokens")).size();
                int vocab = Vocabulary.split(v.s("vocab")).size();
                double[][] e = v.m("E");
                if (!v.isSet("E") && e.length != vocab && vocab > 0 && e.length > 0) v = v.follow("E", MatrixLiteral.format(resizeRows(e, vocab)));
                d = Mat.cols(v.m("E"));
            } else {
                t = v.i("T");
                d = v.i("d");
            }
            if (t == 0) return v;
            d = widthAfterPositions(v, t, d);
            if (v.s("weights").equals("given") && !v.isSet("weights") && !v.isSet("WQ") && !v.isSet("WK") && !v.isSet("WV")
                    && (v.m("WQ").length != d || v.m("WK").length != d || v.m("WV").length != d)) {
                v = v.follow("weights", "identity");
            }
            int qCols, vCols;
            switch (v.s("weights")) {
                case "identity" -> { qCols = d; vCols = d; }
                case "random" -> { qCols = v.i("heads") * v.i("dk"); vCols = qCols; }
                default -> { qCols = Mat.cols(v.m("WQ")); vCols = Mat.cols(v.m("WV")); }
            }
            if (!v.isSet("heads") && !v.s("weights").equals("random")) {
                int h = v.i("heads");
                while (h > 1 && (qCols % h != 0 || vCols % h != 0)) h--;
                if (h != v.i("heads")) v = v.follow("heads", Integer.toString(h));
            }
            int heads = v.i("heads");
            if (!v.isSet("head") && v.i("head") > heads) v = v.follow("head", Integer.toString(heads));
            if (!v.isSet("row") && v.i("row") > t) v = v.follow("row", Integer.toString(t));
            int width = v.s("weights").equals("random") ? heads * v.i("dk") : vCols;
            double[][] wo = optionalMatrix(v, "WO");
            if (wo != null && !v.isSet("WO") && wo.length != width) {
                v = v.follow("WO", "");
                wo = null;
            }
            double[][] ref = optionalMatrix(v, "WO_ref");
            if (ref != null && !v.isSet("WO_ref") && ref.length != width / Math.max(1, heads)) v = v.follow("WO_ref", "");
            if (!v.isSet("loss_positions") && !v.s("loss_positions").isBlank()) {
                int out = wo != null ? Mat.cols(wo) : width;
                boolean fits = tokens && out == Mat.cols(v.m("E"));
                StringBuilder kept = new StringBuilder();
                if (fits) for (int p : positions(v.s("loss_positions"))) if (p < t) kept.append(kept.length() > 0 ? " " : "").append(p + 1);
                if (!kept.toString().equals(v.s("loss_positions").trim())) v = v.follow("loss_positions", kept.toString());
            }
            boolean scorable = tokens && (wo != null ? Mat.cols(wo) : width) == Mat.cols(v.m("E"));
            if (!v.isSet("loss_target") && v.s("loss_target").equals("next") && !scorable) v = v.follow("loss_target", "same");
            if (!v.isSet("gradients") && v.b("gradients") && v.s("loss_positions").isBlank() && !v.s("loss_target").equals("next")) v = v.follow("gradients", "false");
            return v;
        } catch (ParamException e) {
            // Text that does not parse: compute names it.
            return v;
        }
    }

    /** X's width after positional encodings are added or concatenated. */
    private static int widthAfterPositions(Values v, int t, int d) {
        if (!v.s("pos_combine").equals("concat")) return d;
        return switch (v.s("positions")) {
            case "onehot" -> d + t;
            case "sinusoidal", "learned" -> 2 * d;
            case "given" -> {
                double[][] pe = optionalMatrix(v, "PE");
                yield d + (pe == null ? 0 : Mat.cols(pe));
            }
            default -> d;
        };
    }

    private static double[][] resizeRows(double[][] e, int rows) {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) out[r] = r < e.length ? e[r].clone() : new double[Mat.cols(e)];
        return out;
    }

    @Override
    public void check(Values v) {
        spec(v);
    }

    @Override
    public AttentionResult compute(Values v, Backend backend) {
        return engine.compute(spec(v));
    }

    // ---- numbers ----

    /** A weight as printed: "&lt; 10⁻³⁰⁸" where it underflowed, else 3 significant digits. */
    static String weightText(AttentionResult r, int i, int j) {
        if (underflowed(r, i, j)) return "< 10⁻³⁰⁸";
        return Fmt.sig(r.weights()[i][j], 3);
    }

    static boolean underflowed(AttentionResult r, int i, int j) {
        return r.underflow() != null && r.underflow()[i] != null && r.underflow()[i][j];
    }

    @Override
    public List<Readout> readouts(Values v, AttentionResult r) {
        List<Readout> out = new ArrayList<>();
        double tau = r.tau();
        String tauText = tau == 0 ? "0 (argmax limit: ties share equally)" : Double.isInfinite(tau) ? "∞ (uniform over visible positions)" : Fmt.sig(tau, 4);
        if (r instanceof AttentionResult.LayerRun l && l.core().mode() == Attention.Mode.LINEAR) tauText += " (no effect in linear mode)";
        out.add(Readout.of("Temperature τ", tauText, "P = softmax(S/τ) row by row."));
        if (r instanceof AttentionResult.TemperatureRun tr) {
            for (int i = 0; i < 2; i++) {
                out.add(Readout.of("P(" + tr.labels().get(i) + ")", weightVector(r, i), "softmax(row/τ)"));
                out.add(Readout.of("Entropy of " + tr.labels().get(i), Fmt.sig(tr.entropy()[i], 4) + " nats (max log " + tr.weights()[i].length + " = "
                        + Fmt.sig(Math.log(tr.weights()[i].length), 4) + ")", "−Σ P log P"));
            }
            underflowReadout(r, out);
            return out;
        }
        if (r instanceof AttentionResult.CopyRun c) {
            copyReadouts(v, c, out);
            underflowReadout(r, out);
            return out;
        }
        AttentionResult.LayerRun l = (AttentionResult.LayerRun) r;
        Attention.Result c = l.core();
        Attention.Head h = l.shown();
        out.add(Readout.of("Standard τ = √d_k", "√" + l.dk() + " = " + Fmt.sig(Math.sqrt(l.dk()), 4), "Scaled dot-product attention divides the scores by √d_k."));
        out.add(Readout.of("T, d", l.t() + ", " + Mat.cols(l.input().x()), "Positions and width of X (after positional encodings)."));
        out.add(Readout.of("Heads × (d_k, d_v)", c.heads().length + " × (" + l.dk() + ", " + Mat.cols(h.v()) + ")", "Per-head widths of Q/K and V."));
        out.add(Readout.of("Output", Mat.shape(c.output()) + (c.projected() ? " = (P V) W_O" : " = P V"), "Heads concatenated, then W_O when given."));
        out.add(Readout.of("Mask", maskText(l), "Which keys each query sees; masked cells are hatched."));
        if (c.mode() == Attention.Mode.SOFTMAX) {
            double mean = 0;
            for (double e : l.entropy()) mean += e;
            out.add(Readout.of("Mean row entropy", Fmt.sig(mean / l.t(), 4) + " nats", "Average of H_i = −Σ_j P_ij log P_ij (shown head)."));
            out.add(Readout.of("Row " + (l.row() + 1) + " weights", weightVector(r, l.row()), "The row the τ plot follows (shown head)."));
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
        underflowReadout(r, out);
        if (!l.input().missing().isEmpty()) {
            out.add(Readout.warn("No learned position", "positions " + oneBased(l.input().missing()) + " (the table has N = " + l.input().table().length + " rows)",
                    "A learned table has one row per position seen in training: beyond N there is nothing to add, so these rows carry no position. "
                            + "The sinusoidal encoding is a formula and extends to any position."));
        }
        if (l.loss() != null) lossReadouts(l, l.loss(), out, true);
        if (l.beside() != null) lossReadouts(l, l.beside(), out, false);
        if (l.reference() != null) referenceReadouts(l, out);
        if (l.gradients() != null) gradientReadouts(l.gradients(), out);
        if (l.timing() != null) {
            LinearAttention.Timing tm = l.timing();
            int last = tm.t().length - 1;
            out.add(Readout.of("Times at T = " + tm.t()[last], "quadratic " + Fmt.ms(tm.quadraticMs()[last]) + ", running sums " + Fmt.ms(tm.runningMs()[last]),
                    "Best of 3, random q, k > 0, d_k = d_v = " + "min(d, 64)."));
        }
        return out;
    }

    static String maskText(AttentionResult.LayerRun l) {
        AttentionSpec.MaskSpec m = l.spec().mask();
        String base = switch (m.kind()) {
            case NONE -> "none";
            case CAUSAL -> "causal (j ≤ i)";
            case BAND -> m.causal() ? "band w = " + m.window() + " (i − " + m.window() + " < j ≤ i)" : "band w = " + m.window() + " (|i − j| < " + m.window() + ")";
            case GIVEN -> "typed 0/1 matrix";
        };
        if (!l.input().padded().isEmpty()) base += "; pad keys " + oneBased(l.input().padded()) + " masked";
        return base;
    }

    private static void lossReadouts(AttentionResult.LayerRun l, AttentionResult.Scored s, List<Readout> out, boolean primary) {
        String name = switch (s.kind()) {
            case L1 -> "L1 loss Σ|o − y|";
            case CROSS_ENTROPY -> "Cross-entropy, same position";
            case NEXT_TOKEN -> "Cross-entropy, next token";
        };
        String help = switch (s.kind()) {
            case L1 -> "Sum over positions of |o_i − y_i|.";
            case CROSS_ENTROPY -> "Σ over the scored positions of −log softmax(logits_i)[token at i] (the exam's convention).";
            case NEXT_TOKEN -> "Σ over the scored positions of −log softmax(logits_i)[token at i + 1] (GPT-style); positions whose next token is the pad token are left out.";
        };
        out.add(Readout.of(name + (primary ? "" : " (beside)"), Fmt.sig(s.total(), 6), help));
        if (s.kind() != AttentionResult.Scored.Kind.L1) {
            StringBuilder sb = new StringBuilder();
            for (int n = 0; n < s.positions().length && n < 12; n++) {
                if (n > 0) sb.append(", ");
                sb.append(s.positions()[n] + 1).append(": ").append(Fmt.sig(s.perPosition()[n], 4));
            }
            if (s.positions().length > 12) sb.append(", …");
            if (s.positions().length == 0) sb.append("none");
            out.add(Readout.of(name + " per position", sb.toString(), "Position: its term of the sum."));
            if (s.dropped().length > 0) {
                List<Integer> d = new ArrayList<>();
                for (int x : s.dropped()) d.add(x);
                out.add(Readout.of("Left out (pad target)", "positions " + oneBased(d), "Their target is the pad token: padding is not predicted."));
            }
        }
    }

    private static void referenceReadouts(AttentionResult.LayerRun l, List<Readout> out) {
        AttentionResult.Reference ref = l.reference();
        double diff = Mat.cols(ref.output()) == Mat.cols(l.core().output()) ? Mat.maxAbsDiff(ref.output(), l.core().output()) : Double.NaN;
        out.add(Readout.of("max |R − R_ref|", Double.isNaN(diff) ? "shapes differ" : Fmt.sig(diff, 4),
                "R = this layer's output, R_ref = head 1's P V times the reference W_O (one head)."));
        if (ref.loss() != null && l.loss() != null) {
            boolean same = Math.abs(ref.loss().total() - l.loss().total()) < 1e-9 * Math.max(1, Math.abs(l.loss().total()));
            out.add(same ? Readout.of("Loss with the reference W_O", Fmt.sig(ref.loss().total(), 6) + " (the same)", "The two models give the same logits.")
                    : Readout.warn("Loss with the reference W_O", Fmt.sig(ref.loss().total(), 6) + ", not " + Fmt.sig(l.loss().total(), 6),
                    "The two outputs differ, so the losses do."));
            if (!same) out.add(Readout.of("Why they differ", whyDifferent(l), "The first position where this layer's output and the reference's differ."));
        }
        if (ref.stackedWo() != null && ref.stackedLoss() != null) {
            out.add(Readout.of("Loss with W_O = (1/" + l.core().heads().length + ")·[W_O,ref; …]", Fmt.sig(ref.stackedLoss().total(), 6),
                    "The heads are identical, so stacking the reference W_O once per head and dividing by the number of heads gives [Z … Z]·W_O = Z W_O,ref: "
                            + "the one-head output exactly (max difference " + Fmt.sig(Mat.maxAbsDiff(ref.stackedOutput(), ref.output()), 3) + ")."));
        }
    }

    /** Why R and R_ref differ, in the numbers of the first scored position where they do. */
    static String whyDifferent(AttentionResult.LayerRun l) {
        AttentionResult.Reference ref = l.reference();
        // The first scored position where they differ (that is where the loss differs), else the first position.
        List<Integer> order = new ArrayList<>();
        if (l.loss() != null) for (int p : l.loss().positions()) order.add(p);
        for (int i = 0; i < l.t(); i++) order.add(i);
        int at = 0;
        for (int i : order) {
            if (Mat.maxAbsDiff(new double[][]{ref.output()[i]}, new double[][]{l.core().output()[i]}) > 0) {
                at = i;
                break;
            }
        }
        int h = l.core().heads().length;
        return "at position " + (at + 1) + " this layer gives " + vector(l.core().output()[at]) + " where the reference gives " + vector(ref.output()[at])
                + (h > 1 && ref.headsIdentical() ? ": [Z … Z] W_O puts the " + h + " copies of Z in their own columns, which is not Z W_O,ref; "
                + "(1/" + h + ")·[W_O,ref; …] would be" : "") + ".";
    }

    private static void gradientReadouts(AttentionGradients.Result g, List<Readout> out) {
        out.add(Readout.of("‖∂L/∂W_Q‖, ‖∂L/∂W_K‖, ‖∂L/∂W_V‖", Fmt.sig(g.norm(g.dWq()), 4) + ", " + Fmt.sig(g.norm(g.dWk()), 4) + ", " + Fmt.sig(g.norm(g.dWv()), 4),
                "Frobenius norms of the back-propagated gradients of the cross-entropy."));
        if (g.tau() == 0) {
            out.add(Readout.of("At τ = 0", "∂L/∂W_Q = ∂L/∂W_K = 0" + (g.norm(g.dWv()) > 0 ? "; ∂L/∂W_V ≠ 0" : ""),
                    "Argmax weights do not move when the scores move a little, so no gradient reaches W_Q or W_K: where to attend cannot be learned. "
                            + "W_V still gets Xᵀ Pᵀ dZ: the values can."));
        }
        if (!g.tiedRows().isEmpty()) {
            out.add(Readout.warn("Tied maxima at τ = 0", "rows " + oneBased(g.tiedRows()),
                    "L jumps when W_Q or W_K move (the tie breaks): no derivative exists there, and the finite differences of W_Q, W_K measure the jump."));
        }
        out.add(Readout.of("max |analytic − finite differences|", Fmt.sig(g.maxRelDiff(), 3) + " (relative)",
                "Central differences (L(θ + h) − L(θ − h))/2h, h = 1e-5·max(1, |θ|), over every entry" + (g.tiedRows().isEmpty() ? "." : " of W_V (W_Q, W_K jump at the ties).")));
    }

    private static void copyReadouts(Values v, AttentionResult.CopyRun c, List<Readout> out) {
        out.add(Readout.of("L1 loss Σ|o − y|", Fmt.sig(c.loss(), 6), "At this (u₁, u₂)."));
        out.add(Readout.of("Expected loss (exact)", Fmt.sig(c.expected(), 6),
                "E Σ|o_i − y_i| over (u₁, u₂) ~ U[0,1]²: each |o_i − y_i| is |affine in u|, integrated exactly over the square cut along its zero line."));
        out.add(Readout.of("Expected loss per position", perPosition(c.expectedPerPosition()), "E|o_i − y_i| for i = 1 … 4; at the optimum ¼ + ¼ + 0 + 0."));
        out.add(Readout.of("Expected loss (Monte Carlo)", Fmt.sig(c.sampled().mean(), 4) + " ± " + Fmt.sig(c.sampled().stdError(), 2),
                v.i("samples") + " seeded samples of (u₁, u₂) ~ U[0,1]²; ± one standard error. Beside the exact value: the estimate wanders within its error."));
        out.add(Readout.of("Best possible expected loss", "1/2 = 1/4 + 1/4 + 0 + 0", "o₁, o₂ cannot see u₁ resp. u₂: the median 1/2 costs E|u − 1/2| = 1/4 each; o₃, o₄ can copy exactly."));
        out.add(Readout.of("Largest score 2M²", Fmt.sig(2 * c.spec().m() * c.spec().m(), 6), "Finite: the softmax subtracts the row maximum."));
    }

    private static String perPosition(double[] x) {
        StringBuilder b = new StringBuilder();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            b.append(i > 0 ? " + " : "").append(Fmt.sig(x[i], 4));
            sum += x[i];
        }
        return b.append(" = ").append(Fmt.sig(sum, 5)).toString();
    }

    private static void underflowReadout(AttentionResult r, List<Readout> out) {
        int n = r.underflowCount();
        if (n == 0) return;
        int[] first = firstUnderflow(r);
        double lg = Softmax.log10Weight(r.scores()[first[0]], r.mask()[first[0]], r.tau(), first[1]);
        out.add(Readout.warn("Underflow", n + (n == 1 ? " weight is" : " weights are") + " < 10⁻³⁰⁸ (e.g. P" + (first[0] + 1) + "," + (first[1] + 1) + " = 10^" + Fmt.sig(lg, 6) + ")",
                "For any τ > 0 every visible weight of a softmax is positive; these are smaller than double precision can hold, so they are printed "
                        + "\"< 10⁻³⁰⁸\", not 0 (their exact log₁₀ is in the export)."));
    }

    static int[] firstUnderflow(AttentionResult r) {
        boolean[][] u = r.underflow();
        for (int i = 0; u != null && i < u.length; i++) if (u[i] != null) for (int j = 0; j < u[i].length; j++) if (u[i][j]) return new int[]{i, j};
        return null;
    }

    private static String weightVector(AttentionResult r, int i) {
        StringBuilder sb = new StringBuilder("(");
        double[] x = r.weights()[i];
        for (int j = 0; j < x.length && j < 8; j++) sb.append(j > 0 ? ", " : "").append(weightText(r, i, j));
        return sb.append(x.length > 8 ? ", …)" : ")").toString();
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

    // ---- JSON ----

    @Override
    public Map<String, Object> json(Values v, AttentionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", id());
        m.put("parameters", v.asText());
        m.put("task", v.s("task"));
        m.put("temperature", Double.isInfinite(r.tau()) ? "inf" : r.tau());
        m.put("scores", r.scores());
        m.put("weights", r.weights());
        m.put("underflow", underflowJson(r));
        if (r instanceof AttentionResult.TemperatureRun tr) {
            m.put("entropy", tr.entropy());
            m.put("row_labels", tr.labels());
            m.put("sweep_tau", tr.sweepTaus());
            m.put("sweep_weights_z", tr.sweepZ());
            m.put("sweep_weights_a", tr.sweepA());
            return m;
        }
        if (r instanceof AttentionResult.CopyRun c) {
            copyJson(c, m);
            return m;
        }
        AttentionResult.LayerRun l = (AttentionResult.LayerRun) r;
        Attention.Result c = l.core();
        // Linear weights can be negative: no entropy then (rather than NaN in the export).
        if (c.mode() == Attention.Mode.SOFTMAX) m.put("entropy", l.entropy());
        AttentionResult.Input in = l.input();
        if (in.vocab() != null) {
            List<String> toks = new ArrayList<>();
            for (int id : in.ids()) toks.add(in.vocab().get(id));
            m.put("tokens", toks);
            m.put("vocabulary", in.vocab());
        }
        m.put("X", in.x());
        if (in.pe() != null) m.put("positional", in.pe());
        if (in.table() != null) {
            m.put("learned_table", in.table());
            m.put("missing_positions", in.missing().stream().map(i -> i + 1).toList());
        }
        m.put("heads", c.heads().length);
        m.put("head", l.head() + 1);
        m.put("causal", v.b("causal"));
        m.put("mask_kind", l.spec().mask().kind().name().toLowerCase(Locale.ROOT));
        if (l.spec().mask().kind() == AttentionSpec.MaskKind.BAND) m.put("window", l.spec().mask().window());
        m.put("mask", c.mask());
        if (!in.padded().isEmpty()) m.put("padded_positions", in.padded().stream().map(i -> i + 1).toList());
        m.put("mode", c.mode().name().toLowerCase(Locale.ROOT));
        Attention.Head h = l.shown();
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
        if (l.logits() != null) m.put("logits", l.logits());
        if (c.mode() == Attention.Mode.LINEAR) {
            m.put("output_running", h.outputRunning());
            m.put("max_difference", c.runningDiff());
            m.put("degenerate_rows", h.degenerate().stream().map(i -> i + 1).toList());
        }
        if (l.loss() != null) {
            AttentionResult.Scored s = l.loss();
            m.put("loss", s.total());
            m.put("loss_kind", kindName(s.kind()));
            m.put("loss_positions", oneBasedList(s.positions()));
            m.put("loss_per_position", s.perPosition());
            if (s.targets() != null) m.put("targets", s.targets());
            if (s.targetIds() != null) m.put("target_tokens", names(in, s.targetIds()));
            if (s.dropped().length > 0) m.put("loss_dropped_positions", oneBasedList(s.dropped()));
        }
        if (l.beside() != null) {
            AttentionResult.Scored s = l.beside();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("kind", kindName(s.kind()));
            b.put("loss", s.total());
            b.put("positions", oneBasedList(s.positions()));
            b.put("per_position", s.perPosition());
            b.put("target_tokens", names(in, s.targetIds()));
            m.put("loss_beside", b);
        }
        if (l.reference() != null) {
            AttentionResult.Reference ref = l.reference();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("WO", ref.wo());
            b.put("output", ref.output());
            if (ref.logits() != null) b.put("logits", ref.logits());
            if (ref.loss() != null) {
                b.put("loss", ref.loss().total());
                b.put("loss_per_position", ref.loss().perPosition());
            }
            b.put("heads_identical", ref.headsIdentical());
            if (ref.stackedWo() != null) {
                b.put("stacked_WO", ref.stackedWo());
                if (ref.stackedLoss() != null) b.put("stacked_loss", ref.stackedLoss().total());
            }
            m.put("reference", b);
        }
        if (l.gradients() != null) {
            AttentionGradients.Result g = l.gradients();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("dL_dWQ", g.dWq());
            b.put("dL_dWK", g.dWk());
            b.put("dL_dWV", g.dWv());
            b.put("dL_dWQ_numeric", g.fdWq());
            b.put("dL_dWK_numeric", g.fdWk());
            b.put("dL_dWV_numeric", g.fdWv());
            b.put("max_relative_difference", g.maxRelDiff());
            b.put("tied_rows", g.tiedRows().stream().map(i -> i + 1).toList());
            m.put("gradients", b);
        }
        if (l.sweepTaus() != null) {
            m.put("sweep_row", l.row() + 1);
            m.put("sweep_tau", l.sweepTaus());
            m.put("sweep_weights", l.sweepWeights());
        }
        if (l.timing() != null) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("T", l.timing().t());
            tm.put("quadratic_ms", l.timing().quadraticMs());
            tm.put("running_ms", l.timing().runningMs());
            tm.put("max_difference", l.timing().maxDiff());
            m.put("timing", tm);
        }
        return m;
    }

    private static void copyJson(AttentionResult.CopyRun c, Map<String, Object> m) {
        m.put("entropy", c.entropy());
        m.put("X", c.x());
        m.put("heads", 1);
        m.put("causal", c.spec().causal());
        Attention.Head h = c.core().heads()[0];
        m.put("Q", h.q());
        m.put("K", h.k());
        m.put("V", h.v());
        m.put("output", c.core().output());
        m.put("inputs", CopyTask.inputs(c.spec().u1(), c.spec().u2()));
        m.put("targets", c.targets());
        m.put("loss", c.loss());
        m.put("loss_kind", "L1");
        m.put("loss_per_position", c.perPosition());
        m.put("expected_loss", c.expected());
        m.put("expected_loss_per_position", c.expectedPerPosition());
        m.put("expected_loss_monte_carlo", c.sampled().mean());
        m.put("expected_loss_std_error", c.sampled().stdError());
        m.put("expected_loss_monte_carlo_per_position", c.sampledPerPosition());
        m.put("best_expected_loss", CopyTask.BEST_EXPECTED_LOSS);
        m.put("curve_M", c.curves().m());
        m.put("curve_expected_loss", c.curves().exact());
        m.put("curve_expected_loss_per_position", c.curves().exactPerPosition());
        m.put("curve_monte_carlo", c.curves().sampled());
        m.put("curve_monte_carlo_std_error", c.curves().sampledStdError());
        m.put("sweep_row", c.row() + 1);
        m.put("sweep_tau", c.sweepTaus());
        m.put("sweep_weights", c.sweepWeights());
    }

    private static List<Object> underflowJson(AttentionResult r) {
        List<Object> out = new ArrayList<>();
        boolean[][] u = r.underflow();
        for (int i = 0; u != null && i < u.length; i++) {
            if (u[i] == null) continue;
            for (int j = 0; j < u[i].length; j++) {
                if (!u[i][j]) continue;
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("row", i + 1);
                e.put("col", j + 1);
                e.put("log10_weight", Softmax.log10Weight(r.scores()[i], r.mask()[i], r.tau(), j));
                out.add(e);
            }
        }
        return out;
    }

    private static String kindName(AttentionResult.Scored.Kind k) {
        return switch (k) {
            case L1 -> "L1";
            case CROSS_ENTROPY -> "cross-entropy";
            case NEXT_TOKEN -> "next-token cross-entropy";
        };
    }

    private static List<Integer> oneBasedList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) out.add(x + 1);
        return out;
    }

    private static List<String> names(AttentionResult.Input in, int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) out.add(in.vocab().get(id));
        return out;
    }

    // ---- actions ----

    /** Largest T·d_k for which the current Q, K, V are offered to the ridge-attention lab (the settings are text). */
    static final int RIDGE_HANDOFF_MAX = 8192;

    private static boolean withinRidgeCaps(double[][] m) {
        if (m.length == 0 || m.length > glassbox.core.ridge.RidgeInputs.MAX_N || m[0].length > glassbox.core.ridge.RidgeInputs.MAX_D) return false;
        for (double[] row : m) for (double x : row) if (!(Math.abs(x) <= glassbox.core.ridge.RidgeInputs.MAX_ABS)) return false;
        return true;
    }

    @Override
    public List<glassbox.render.LabAction> actions(Values v, AttentionResult r) {
        if (r instanceof AttentionResult.CopyRun && v.b("causal") && r.tau() <= 100) {
            // The hand-set solution as the training lab's starting point (docs/LABS.md §9): the course's shapes, this M and τ.
            Map<String, String> t = Map.of("task", "copy", "model", "attention", "positions", "one-hot", "d_k", "1", "heads", "1", "wo", "false",
                    "init", "course", "M", Fmt.num(v.d("M")), "tau", Fmt.num(r.tau()), "steps", "500");
            return List.of(glassbox.render.LabAction.open("Train from these weights", "Opens the training lab started at this W_Q, W_K, W_V (M = "
                    + Fmt.num(v.d("M")) + ", τ = " + Fmt.num(r.tau()) + ") and trains 500 steps.", "training", t));
        }
        if (!(r instanceof AttentionResult.LayerRun l)) return List.of();
        List<glassbox.render.LabAction> out = new ArrayList<>();
        if (l.reference() != null && l.reference().stackedWo() != null) {
            double[][] stacked = l.reference().stackedWo();
            out.add(glassbox.render.LabAction.open("Use W_O = (1/" + l.core().heads().length + ")·[W_O,ref; …]",
                    "The W_O that makes the identical heads reproduce the one-head model exactly.", id(), Map.of("WO", MatrixLiteral.format(stacked))));
        }
        Attention.Head h = l.shown();
        if ((long) h.q().length * h.q()[0].length > RIDGE_HANDOFF_MAX) return out;
        // Offer it only within the ridge lab's caps, never a button that fails; checked from the sizes and
        // entries here, because this runs on every frame and a ridge computation would cost as much as this lab's.
        if (!withinRidgeCaps(h.q()) || !withinRidgeCaps(h.k()) || !withinRidgeCaps(h.v())) return out;
        boolean causal = l.spec().mask().kind() == AttentionSpec.MaskKind.CAUSAL;
        int head = l.head();
        // The matrices are written as text only when the button is used (a third of a default frame otherwise).
        out.add(glassbox.render.LabAction.openLazily("Open this head's Q, K, V in ridge attention",
                "The same queries, keys and values (head " + (head + 1) + ") as in-context ridge regression: weights K(λI + KᵀK)⁻¹q beside softmax.",
                "ridge-attention", () -> {
                    Map<String, String> settings = new LinkedHashMap<>();
                    settings.put("Q", MatrixLiteral.format(h.q()));
                    settings.put("K", MatrixLiteral.format(h.k()));
                    settings.put("V", MatrixLiteral.format(h.v()));
                    settings.put("causal", Boolean.toString(causal));
                    return settings;
                }));
        return out;
    }

    // ---- live formulas ----

    @Override
    public List<String> liveFormulas(Values v, AttentionResult r) {
        List<String> out = new ArrayList<>();
        double tau = r.tau();
        if (r instanceof AttentionResult.TemperatureRun) {
            // Row 1 is z, row 2 is (a, …, a).
            out.add(weight(r, 0, 1, false, false));
            double h = r.entropy()[0];
            int n = r.weights()[0].length;
            out.add("H = -\\sum_j P_{1j} \\log P_{1j} = " + tex(h) + " \\le \\log " + n + " = " + tex(Math.log(n)));
            out.add("P_{2j} = \\frac{e^{a/\\tau}}{" + n + "\\, e^{a/\\tau}} = \\frac{1}{" + n + "} = " + tex(1.0 / n) + "\\quad \\text{for every } \\tau");
            return out;
        }
        Attention.Result c = r instanceof AttentionResult.LayerRun l ? l.core() : ((AttentionResult.CopyRun) r).core();
        Attention.Head h = r instanceof AttentionResult.LayerRun l ? l.shown() : c.heads()[0];
        int dk = Mat.cols(h.q());
        boolean linear = c.mode() == Attention.Mode.LINEAR;
        boolean causal = !glassbox.core.attention.Masks.seesAhead(r.mask());
        int i = r instanceof AttentionResult.LayerRun l ? l.row() : ((AttentionResult.CopyRun) r).row();
        if (!linear) {
            String std = "\\sqrt{d_k} = \\sqrt{" + dk + "} = " + tex(Math.sqrt(dk));
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
        if (r instanceof AttentionResult.LayerRun l && l.loss() != null) {
            AttentionResult.Scored s = l.loss();
            String lhs = switch (s.kind()) {
                case CROSS_ENTROPY -> "L = \\sum_{i \\in \\{" + positions(s.positions()) + "\\}} -\\log \\mathrm{softmax}(\\ell_i)_{x_i} = ";
                case NEXT_TOKEN -> "L = \\sum_{i \\in \\{" + positions(s.positions()) + "\\}} -\\log \\mathrm{softmax}(\\ell_i)_{x_{i+1}} = ";
                case L1 -> "L = \\sum_i |o_i - y_i| = ";
            };
            StringBuilder lb = new StringBuilder(lhs);
            double[] per = s.perPosition();
            for (int k = 0; k < per.length && k < 4; k++) lb.append(k > 0 ? " + " : "").append(tex(per[k]));
            if (per.length > 4) lb.append(" + \\cdots");
            if (per.length == 0) lb.append("0");
            out.add(lb.append(" = ").append(tex(s.total())).toString());
        } else if (r instanceof AttentionResult.CopyRun cr) {
            double[] e = cr.expectedPerPosition();
            out.add("E\\,L = " + tex(e[0]) + " + " + tex(e[1]) + " + " + tex(e[2]) + " + " + tex(e[3]) + " = " + tex(cr.expected()) + " \\ge \\tfrac14 + \\tfrac14 + 0 + 0");
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
