package glassbox.render.ridge;

import static glassbox.render.FormulaFigure.tex;
import static glassbox.render.FormulaFigure.par;
import static glassbox.render.FormulaFigure.vec;
import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Param;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.ridge.RidgeAttention;
import glassbox.core.ridge.RidgeGradients;
import glassbox.core.ridge.RidgeInputs;
import glassbox.core.ridge.RidgeLimits;
import glassbox.core.ridge.RidgeResult;
import glassbox.core.ridge.RidgeSpec;
import glassbox.core.ridge.RidgeTiming;
import glassbox.render.Figure;
import glassbox.render.Lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docs/LABS.md §5: attention as in-context ridge regression, its (possibly negative) weights and the O(n·d²) recursion. */
public final class RidgeAttentionLab implements Lab<RidgeResult> {
    /** Holds the lab's memos (inputs, scores, timing): one per lab, never static. */
    private final RidgeAttention engine = new RidgeAttention();
    /** The softmax weights' shown blocks (figures are made per frame; this outlives them). */
    private final glassbox.core.Memo<double[][], RidgeFigures.ShownSoftmax> softmaxShown = new glassbox.core.Memo<>();

    private static final List<Param> PARAMS = List.of(
            Param.integer("n", "Positions n", 1, RidgeInputs.MAX_N, 16,
                    "Number of (key, value) pairs and queries, one per position; at most " + RidgeInputs.MAX_N
                            + ". Ignored when K, V or Q is typed.").in("Inputs"),
            Param.integer("d", "Key dimension d", 1, RidgeInputs.MAX_D, 4,
                    "Dimension of keys and queries (and of generated values); at most " + RidgeInputs.MAX_D
                            + ". Ignored when K or Q is typed.").in("Inputs"),
            Param.integer("seed", "Random seed", 0, Integer.MAX_VALUE, 1,
                    "Seeds the generated K, V, Q (standard normal entries) and the running-mean stream.").in("Inputs"),
            Param.text("K", "Keys K (n×d)", "",
                    "Matrix literal, one key per row (e.g. 1,0;0,1;1,1). Empty: generated from n, d and the seed.").in("Inputs"),
            Param.text("V", "Values V (n×d_v)", "",
                    "Matrix literal, one value per row. Empty: generated (d_v = d).").in("Inputs"),
            Param.text("Q", "Queries Q (n×d)", "",
                    "Matrix literal, one query per row (query t reads position t). Empty: generated.").in("Inputs"),
            Param.logReal("lambda", "Ridge λ", 1e-4, 1e4, 1, RidgeAttention.LAMBDA_WHY
                    + ". Small λ: least squares (or minimum-norm interpolation); large λ: weights → K q/λ.").in("Ridge"),
            Param.bool("causal", "Causal", false, "Query t sees pairs 1…t only (weights beyond t are zero, drawn hatched).").in("Ridge"),
            Param.choice("method", "Method", List.of("sherman-morrison", "solve"), "sherman-morrison",
                    "sherman-morrison: the O(n·d²) rank-one recursion of M_t⁻¹; solve: a fresh Cholesky solve of "
                            + "λI + K_tᵀK_t at every t. The other one is computed as a check.").in("Ridge"),
            Param.bool("timing", "Time both methods", false,
                    "Measure both causal methods and the non-causal computation against n (prefixes of the inputs); takes up to a few seconds at large n·d.").in("Timing"),
            Param.bool("gradients", "Gradients of one output", false,
                    "∂L/∂λ, ∂L/∂K, ∂L/∂V, ∂L/∂q of L = Σ_c o_c, the output of query grad_query: does back-propagation pass through each? "
                            + "In closed form, checked by finite differences.").in("Gradients"),
            Param.integer("grad_query", "Query for the gradients", 1, RidgeInputs.MAX_N, 16,
                    "Which query's output (1-based). Not set by you, it follows n.").in("Gradients")
    );

    @Override public String id() { return "ridge-attention"; }

    @Override public String title() { return "Ridge attention"; }

    @Override public String summary() {
        return "Attention as in-context ridge regression: weights K(λI + KᵀK)⁻¹q can be negative; the causal O(n·d²) recursion.";
    }

    @Override public String formulas() {
        return """
                Pairs (k_j, v_j), j = 1…n; K, V, Q have one row per position.
                Ridge solution: W* = (λI + KᵀK)⁻¹ KᵀV;  output for q: W*ᵀ q
                Weights of q over the values: K (λI + KᵀK)⁻¹ q = (λI_n + K Kᵀ)⁻¹ K q  (they can be negative)
                Weight shown at (t, j): w_tj = ⟨q_t, (λI + K_tᵀK_t)⁻¹ k_j⟩; non-causal K_t = K
                Causal (query t sees pairs 1…t), Sherman–Morrison in O(n·d²):
                  M_0⁻¹ = I/λ,  u = M_{t−1}⁻¹ k_t,  M_t⁻¹ = M_{t−1}⁻¹ − u uᵀ/(1 + k_tᵀ u)
                  J_0 = 0,  J_t = J_{t−1} + k_t v_tᵀ,  output_t = J_tᵀ (M_t⁻¹ q_t)
                Check: a fresh Cholesky solve of λI + K_tᵀK_t at every t (O(n·d³)); largest difference shown.
                Limits: λ → ∞: λ·w → K q (unnormalised dot products); λ → 0: W* → K⁺V (least squares when
                  rank K = d, minimum-norm interpolation when n < d).
                Softmax attention beside it: softmax_j(q_t·k_j/√d) over the visible j.
                Running mean (d = 1, k_t = 1, λ → 0): m_t = m_{t−1} + (x_t − m_{t−1})/t.
                Positions are numbered 1…n on screen; JSON arrays are in the same order (row t−1 = position t).""";
    }

    @Override public List<Param> params() { return PARAMS; }

    public static RidgeSpec spec(Values v) {
        return new RidgeSpec(v.s("K"), v.s("V"), v.s("Q"), v.i("n"), v.i("d"), v.seed("seed"), v.d("lambda"),
                v.b("causal"), RidgeSpec.Method.of(v.s("method")), v.b("timing"), v.b("gradients"), v.i("grad_query") - 1);
    }

    /**
     * Typed K, V, Q the user did not set follow the ones the user did (docs/LABS.md: defaults never reject the user's
     * input): one that no longer has the user's n rows (or, for K and Q, the user's d columns) is cleared, so it is
     * generated at the right size.
     */
    @Override
    public Values resolve(Values v) {
        try {
            Integer n = null, d = null;
            for (String key : List.of("K", "V", "Q")) {
                if (!v.isSet(key) || v.s(key).isBlank()) continue;
                double[][] m = glassbox.core.MatrixLiteral.parse(key, v.s(key));
                if (n == null) n = m.length;
                if (d == null && !key.equals("V")) d = m[0].length;
            }
            if (n == null) return followQuery(v, typedRows(v));
            for (String key : List.of("K", "V", "Q")) {
                if (v.isSet(key) || v.s(key).isBlank()) continue;
                double[][] m = glassbox.core.MatrixLiteral.parse(key, v.s(key));
                if (m.length != n || (d != null && !key.equals("V") && m[0].length != d)) v = v.follow(key, "");
            }
            if (!v.isSet("n") && v.i("n") != n) v = v.follow("n", Integer.toString(n));
            if (d != null && !v.isSet("d") && v.i("d") != d) v = v.follow("d", Integer.toString(d));
            return followQuery(v, n);
        } catch (IllegalArgumentException e) {
            return v; // text that does not parse: compute names it
        }
    }

    /** Rows of the first typed matrix (K, V, Q), else n. */
    private static int typedRows(Values v) {
        for (String key : List.of("K", "V", "Q")) if (!v.s(key).isBlank()) return glassbox.core.MatrixLiteral.parse(key, v.s(key)).length;
        return v.i("n");
    }

    /** The gradients' query, not set by the user, is the last position n. */
    private static Values followQuery(Values v, int n) {
        return !v.isSet("grad_query") && v.i("grad_query") != n ? v.follow("grad_query", Integer.toString(n)) : v;
    }

    @Override
    public void check(Values v) {
        spec(v);
    }

    @Override
    public RidgeResult compute(Values v, Backend backend) {
        // Plain Java on every backend: d ≤ 256, where ND4J's per-call overhead exceeds the arithmetic.
        return engine.compute(spec(v));
    }

    @Override
    public List<Readout> readouts(Values v, RidgeResult r) {
        List<Readout> out = new ArrayList<>();
        RidgeInputs in = r.inputs();
        out.add(Readout.of("n, d, d_v", r.n() + ", " + r.d() + ", " + r.dv(), "Positions, key dimension, value dimension. " + source(in, v)));
        RidgeLimits lim = r.limits();
        out.add(Readout.of("Eigenvalues of KᵀK", Fmt.sig(lim.sigmaMin(), 3) + " … " + Fmt.sig(lim.sigmaMax(), 3)
                        + (lim.rank() < r.d() ? " (rank " + lim.rank() + " < d)" : ""),
                "λ well below the smallest: close to least squares; λ well above the largest: weights ≈ K q/λ."));
        out.add(Readout.of("Negative weights", Fmt.count(r.negative()) + " of " + Fmt.count(r.visible()) + " (min " + Fmt.sig(r.minWeight(), 3) + ", max " + Fmt.sig(r.maxWeight(), 3) + ")",
                "Ridge weights are not a probability distribution: unlike softmax they can be negative and need not sum to 1."));
        out.add(Readout.of("Weights vs K q/λ (large λ)", Fmt.sig(r.largeRel(), 3),
                "max |w_tj − k_jᵀq_t/λ| / max |k_jᵀq_t/λ| over the visible weights; → 0 as λ → ∞."));
        out.add(Readout.of(lim.leastSquares() ? "Outputs vs least squares (small λ)" : "Outputs vs min-norm interpolation (small λ)",
                Fmt.sig(r.smallRel(), 3),
                "‖Q W*(λ) − Q K⁺V‖_F / ‖Q K⁺V‖_F with all n pairs; → 0 as λ → 0. "
                        + (lim.leastSquares() ? "rank K = d: K⁺V is the least-squares fit." : "rank K < d: K⁺V is the minimum-norm solution (it interpolates the pairs when n ≤ d).")));
        String check = r.sampled() ? " (at " + r.checked().length + " of " + r.n() + " positions; the export checks all)" : "";
        String other = r.method() == RidgeSpec.Method.SHERMAN_MORRISON ? "fresh solves" : "the recursion";
        double scale = 0;
        for (double[] row : r.output()) for (double x : row) scale = Math.max(scale, Math.abs(x));
        boolean bad = !(r.maxDifference() <= 1e-6 * Math.max(1, scale));
        String diffText = Fmt.sig(r.maxDifference(), 3) + check;
        String diffHelp = "Largest |difference| of outputs and weights between the Sherman–Morrison recursion and a fresh Cholesky solve at every t.";
        out.add(bad ? Readout.warn("Max difference vs " + other, diffText, diffHelp + " Large: λ is small against KᵀK and the recursion, started from I/λ, loses digits.")
                : Readout.of("Max difference vs " + other, diffText, diffHelp));
        out.add(Readout.of("Time (" + r.method().key() + ")", Fmt.ms(r.methodMs()), "Outputs and the n×n weights, plain Java."));
        out.add(Readout.of("Time (check)", Fmt.ms(r.otherMs()), "The other method" + check + "."));
        out.add(Readout.of("Running mean: max |O(1) − recomputed|", Fmt.sig(r.runningMean().maxDifference(), 3),
                "m_t = m_{t−1} + (x_t − m_{t−1})/t against Σx/t over " + r.runningMean().x().length + " points."));
        if (!Double.isNaN(r.conditionBound())) {
            out.add(Readout.warn("Conditioning", "cond(λI + KᵀK) up to " + Fmt.sig(r.conditionBound(), 3) + ": solved by QR",
                    "λ is tiny beside KᵀK, so Cholesky of λI + KᵀK would lose its digits; the solves went through the QR factorisation of [K; √λ·I]."
                            + " W* and the outputs are accurate; a single weight moves by up to ε·‖K‖‖q‖/λ when K is rounded, so weights can differ between methods. Raise λ or scale K down."));
        }
        if (r.breakdown() >= 0) {
            out.add(Readout.warn("Breakdown", "at position " + (r.breakdown() + 1),
                    "λI + K_tᵀK_t could not be factored in double precision (not positive definite after rounding): raise λ or scale K down."));
        }
        if (r.nonFinite()) {
            out.add(Readout.warn("Overflow", "some weights or outputs are not finite", "Numbers beyond double range: scale the inputs down or raise λ."));
        }
        if (r.gradients() != null) {
            RidgeGradients g = r.gradients();
            out.add(Readout.of("∂L/∂λ at query " + (g.query() + 1), Fmt.sig(g.dLambda(), 4) + " (finite differences " + Fmt.sig(g.fdLambda(), 4) + ")",
                    "L = Σ_c o_c of query " + (g.query() + 1) + " (" + g.seen() + " pairs seen); ∂L/∂λ = −bᵀa with a = M⁻¹q, b = M⁻¹Kᵀ(V·1)."));
            out.add(Readout.of("‖∂L/∂K‖, ‖∂L/∂V‖, ‖∂L/∂q‖", Fmt.sig(RidgeGradients.norm(g.dK()), 4) + ", " + Fmt.sig(RidgeGradients.norm(g.dV()), 4) + ", "
                    + Fmt.sig(RidgeGradients.norm(g.dQ()), 4), "Frobenius norms. ∂L/∂V_ic = w_i, ∂L/∂q = b, ∂L/∂K_i = ((V·1)_i − (K b)_i) a − w_i b."));
            boolean all = g.dLambda() != 0 && RidgeGradients.norm(g.dK()) > 0 && RidgeGradients.norm(g.dV()) > 0 && RidgeGradients.norm(g.dQ()) > 0;
            out.add(Readout.of("Back-propagation passes through", all ? "λ, K, V and q (all non-zero)" : "not all: see the norms",
                    "The output is a smooth function of λ, the keys, the values and the query: a ridge-attention layer can be trained end to end."));
            out.add(Readout.of("max |closed form − finite differences|", Fmt.sig(g.maxRelDiff(), 3) + " (relative)",
                    "Central differences with h = 1e-6·max(1, |θ|) on λ, every entry of q and " + g.checkedK().length + " entries each of K and V."));
        }
        return out;
    }

    private static String source(RidgeInputs in, Values v) {
        List<String> typed = new ArrayList<>(), gen = new ArrayList<>();
        (in.typedK() ? typed : gen).add("K");
        (in.typedV() ? typed : gen).add("V");
        (in.typedQ() ? typed : gen).add("Q");
        String s = "";
        if (!typed.isEmpty()) s += String.join(", ", typed) + " typed. ";
        if (!gen.isEmpty()) s += String.join(", ", gen) + " generated (standard normal, seed " + v.text("seed") + ").";
        return s.trim();
    }

    @Override
    public Map<String, Object> json(Values v, RidgeResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", id());
        m.put("parameters", v.asText());
        m.put("n", r.n());
        m.put("d", r.d());
        m.put("d_v", r.dv());
        m.put("lambda", r.lambda());
        m.put("causal", r.causal());
        m.put("method", r.method().key());
        m.put("K", r.inputs().K());
        m.put("V", r.inputs().V());
        m.put("Q", r.inputs().Q());
        m.put("weights", r.weights());
        m.put("output", r.output());
        m.put("softmax_weights", r.softmax());
        // The window may check sampled positions; an export always compares the methods everywhere.
        double[] full = r.sampled() ? RidgeAttention.fullCheck(r) : new double[]{r.maxDiffOutput(), r.maxDiffWeights()};
        m.put("max_difference", Math.max(full[0], full[1]));
        m.put("max_difference_output", full[0]);
        m.put("max_difference_weights", full[1]);
        m.put("negative_weights", r.negative());
        m.put("visible_weights", r.visible());
        m.put("ridge_solution", r.ridgeSolution());
        RidgeLimits lim = r.limits();
        m.put("eigenvalues_KtK", lim.sigma());
        m.put("large_lambda_relative_difference", r.largeRel());
        m.put("small_lambda_relative_difference", r.smallRel());
        m.put("small_lambda_limit", lim.leastSquares() ? "least-squares" : "min-norm");
        double[] grid = RidgeAttention.lambdaGrid();
        double[] sm = new double[grid.length], lg = new double[grid.length];
        for (int i = 0; i < grid.length; i++) { sm[i] = lim.small(grid[i]); lg[i] = lim.large(grid[i]); }
        Map<String, Object> curve = new LinkedHashMap<>();
        curve.put("lambda", grid);
        curve.put("small_lambda_relative_difference", sm);
        curve.put("large_lambda_relative_difference", lg);
        m.put("limit_curve", curve);
        Map<String, Object> mean = new LinkedHashMap<>();
        mean.put("x", r.runningMean().x());
        mean.put("running", r.runningMean().running());
        mean.put("recomputed", r.runningMean().recomputed());
        mean.put("max_difference", r.runningMean().maxDifference());
        m.put("running_mean", mean);
        if (r.timing() != null) {
            RidgeTiming t = r.timing();
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("n", t.n());
            tm.put("sherman_morrison_ms", t.shermanMorrisonMs());
            tm.put("non_causal_ms", t.nonCausalMs());
            // A size a solve skips is null with the reason beside it, never NaN.
            timed(tm, "solve", t.solveMs(), RidgeTiming.SOLVE_BUDGET, "n·d³/3");
            timed(tm, "from_scratch", t.scratchMs(), RidgeTiming.SCRATCH_BUDGET, "n²(d² + d·d_v)/2");
            m.put("timing", tm);
        }
        if (r.breakdown() >= 0) m.put("breakdown_position", r.breakdown() + 1);
        if (!Double.isNaN(r.conditionBound())) m.put("condition_bound", r.conditionBound());
        if (r.gradients() != null) {
            RidgeGradients g = r.gradients();
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("query", g.query() + 1);
            gm.put("loss", g.loss());
            gm.put("dL_dlambda", g.dLambda());
            gm.put("dL_dq", g.dQ());
            gm.put("dL_dK", g.dK());
            gm.put("dL_dV", g.dV());
            gm.put("dL_dlambda_numeric", g.fdLambda());
            gm.put("dL_dq_numeric", g.fdQ());
            List<Object> ck = new ArrayList<>(), cv = new ArrayList<>();
            for (int e = 0; e < g.checkedK().length; e++) ck.add(List.of(g.checkedK()[e][0] + 1, g.checkedK()[e][1] + 1, g.fdK()[e]));
            for (int e = 0; e < g.checkedV().length; e++) cv.add(List.of(g.checkedV()[e][0] + 1, g.checkedV()[e][1] + 1, g.fdV()[e]));
            gm.put("dL_dK_numeric_checked", ck);
            gm.put("dL_dV_numeric_checked", cv);
            gm.put("max_relative_difference", g.maxRelDiff());
            m.put("gradients", gm);
        }
        return m;
    }

    @Override
    public List<String> liveFormulas(Values v, RidgeResult r) {
        List<String> out = new ArrayList<>();
        RidgeInputs in = r.inputs();
        double lambda = r.lambda();
        double[][] w = r.ridgeSolution();
        out.add("W^* = (\\lambda I + K^\\top K)^{-1} K^\\top V" + (w == null ? "\\ \\text{(not factorable)}" : ",\\quad W^*_{11} = " + tex(w[0][0])));
        // One weight: the most negative one (ridge weights are not probabilities), else the last query's largest.
        int t = r.n() - 1, j = -1;
        if (r.minWeight() < 0) {
            t = r.minAt()[0];
            j = r.minAt()[1];
        } else {
            j = 0;
            for (int b = 1; b < r.n(); b++) if (!r.masked(t, b) && r.weights()[t][b] > r.weights()[t][j]) j = b;
        }
        String tt = Integer.toString(t + 1), jj = Integer.toString(j + 1);
        String kt = r.causal() ? "K_{" + tt + "}" : "K";
        boolean small = r.d() <= 3;
        out.add("w_{" + tt + "," + jj + "} = \\langle q_{" + tt + "}, (\\lambda I + " + kt + "^\\top " + kt + ")^{-1} k_{" + jj + "} \\rangle = "
                + (small ? "\\langle " + vec(in.Q()[t]) + ", (" + tex(lambda) + " I + " + kt + "^\\top " + kt + ")^{-1} " + vec(in.K()[j]) + " \\rangle = " : "")
                + tex(r.weights()[t][j]));
        double dot = 0;
        for (int c = 0; c < r.d(); c++) dot += in.Q()[t][c] * in.K()[j][c];
        out.add("\\lambda\\, w_{" + tt + "," + jj + "} = " + tex(lambda) + " \\cdot " + par(r.weights()[t][j]) + " = " + tex(lambda * r.weights()[t][j])
                + "\\ \\xrightarrow{\\lambda \\to \\infty}\\ q_{" + tt + "} \\cdot k_{" + jj + "} = " + tex(dot));
        if (r.causal()) {
            out.add("M_t^{-1} = M_{t-1}^{-1} - \\frac{u u^\\top}{1 + k_t^\\top u},\\quad u = M_{t-1}^{-1} k_t,\\quad M_0^{-1} = I/" + tex(lambda));
        }
        String other = r.method() == RidgeSpec.Method.SHERMAN_MORRISON ? "\\text{solve}" : "\\text{SM}";
        String mine = r.method() == RidgeSpec.Method.SHERMAN_MORRISON ? "\\text{SM}" : "\\text{solve}";
        out.add("\\max |o^{" + mine + "} - o^{" + other + "}| = " + tex(r.maxDifference()) + (r.sampled() ? "\\ (" + r.checked().length + "\\ \\text{positions})" : ""));
        return out;
    }


    @Override
    public List<Figure> figures(Values v, RidgeResult r) {
        return RidgeFigures.all(r, softmaxShown);
    }

    @Override
    public List<Values> benchSweep(String size) {
        Values base = defaults();
        List<Values> out = new ArrayList<>();
        if (size.equals("large")) {
            base = base.with(Map.of("n", "1024", "d", "64", "causal", "true"));
        } else {
            base = base.with(Map.of("n", "16", "d", "4"));
        }
        // λ dragged across its log slider and back, then the causal box toggled.
        for (int i = 0; i <= 100; i++) out.add(base.with("lambda", Fmt.num(Math.pow(10, -4 + 8.0 * i / 100))));
        for (int i = 0; i <= 20; i++) out.add(base.with("lambda", Fmt.num(Math.pow(10, 4 - 8.0 * i / 20))));
        boolean causal = base.b("causal");
        for (int i = 0; i < 4; i++) out.add(base.with("causal", Boolean.toString(i % 2 == 0 != causal)));
        return out;
    }

    /** A method's times as key_ms, null where it was skipped, with key_skipped saying why. */
    private static void timed(Map<String, Object> tm, String key, double[] ms, double budget, String cost) {
        List<Double> out = new ArrayList<>();
        boolean skipped = false;
        for (double v : ms) {
            out.add(Double.isNaN(v) ? null : v);
            skipped |= Double.isNaN(v);
        }
        tm.put(key + "_ms", out);
        if (skipped) {
            tm.put(key + "_skipped", "null where one run would exceed " + Fmt.count((long) budget) + " multiply-adds (" + cost
                    + "); the O(n·d²) methods are timed at every n");
        }
    }
}
