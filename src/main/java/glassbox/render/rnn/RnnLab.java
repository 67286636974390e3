package glassbox.render.rnn;

import static glassbox.render.FormulaFigure.tex;
import static glassbox.render.FormulaFigure.par;
import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.MatrixLiteral;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.rnn.Activation;
import glassbox.core.rnn.FloatPacking;
import glassbox.core.rnn.ForwardCost;
import glassbox.core.rnn.LinearMemory;
import glassbox.core.rnn.Rnn;
import glassbox.core.rnn.ScalarRnn;
import glassbox.render.Figure;
import glassbox.render.Lab;
import glassbox.render.XYFigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docs/LABS.md §6: recurrent networks — memory (spectral radius), BPTT, forward cost, one float32. */
public final class RnnLab implements Lab<Rnn.Result> {
    /** Holds the lab's memo (the collision grid): one per lab, never static. */
    private final Rnn engine = new Rnn();

    public static final String MEMORY_TITLE = "Contribution of each past input to y_T";
    public static final String COST_TITLE = "Cost of one forward pass against T";

    private static final List<Param> PARAMS = List.of(
            Param.choice("part", "Emphasise", List.of("all", "memory", "bptt", "cost", "float32"), "all",
                    "all: the four parts side by side; otherwise that part's figure large and the others beside it.").in("View"),
            Param.integer("T", "Sequence length T", 1, 4096, 10, "Number of time steps (shared by parts 1–3).").in("Sequence"),
            Param.text("x", "Inputs x_1..x_T", "",
                    "Comma-separated: exactly T numbers, one number (a constant input), or empty for x_t ~ N(0, 1) from the seed.").in("Sequence"),
            Param.integer("seed", "Random seed", 0, Integer.MAX_VALUE, 1, "Seeds random inputs x and the random packing grid.").in("Sequence"),
            Param.real("radius", "Spectral radius ρ of W_h", 0, 2, 0.9,
                    "Largest |eigenvalue| of W_h: below 1 the past fades as ρ^ℓ, above 1 it explodes.").in("1 · Linear RNN memory"),
            Param.real("angle", "Rotation angle θ (degrees)", 0, 180, 30, "W_h = ρ·R(θ) when W_h is a rotation.").in("1 · Linear RNN memory"),
            Param.choice("wh", "W_h is", List.of("rotation", "scaled", "exact"), "rotation",
                    "rotation: ρ·R(θ); scaled: the matrix below rescaled to spectral radius ρ; exact: the matrix below as typed.").in("1 · Linear RNN memory"),
            Param.matrix("Wh", "Matrix for W_h (2×2)", "0.5,1;0,0.8",
                    "A 2×2 matrix literal (rows by ';'); used when W_h is scaled or exact. Non-normal matrices grow before they fade.").in("1 · Linear RNN memory"),
            Param.choice("activation", "Activation g", List.of("identity", "tanh", "sigmoid", "relu"), "tanh",
                    "h_t = g(z_t). ReLU′(0) is taken as 0.").in("2 · BPTT (scalar RNN)"),
            Param.real("w", "Recurrent weight w", -3, 3, 0.9, "z_t = w·h_{t−1} + a·x_t").in("2 · BPTT (scalar RNN)"),
            Param.real("a", "Input weight a", -3, 3, 0.6, "z_t = w·h_{t−1} + a·x_t").in("2 · BPTT (scalar RNN)"),
            Param.real("h0", "Initial state h_0", -5, 5, 0, "The exam's closed form needs h_0 = 0.").in("2 · BPTT (scalar RNN)"),
            Param.real("y", "Target y", -10, 10, 0.5, "L = ½(h_T − y)²").in("2 · BPTT (scalar RNN)"),
            Param.real("lr", "Learning rate η", 0, 10, 0.5, "One SGD step: w ← w − η ∂L/∂w, a ← a − η ∂L/∂a.").in("2 · BPTT (scalar RNN)"),
            Param.integer("d", "Width d", 1, 4096, 64, "Hidden size of the RNN = model width of self-attention.").in("3 · Cost vs T"),
            Param.choice("scheme", "Packing scheme", List.of("sum", "bits", "interleave"), "sum",
                    "sum: u₁ + 2^−k u₂ in float32; bits: k bits of u₁ then 32 − k of u₂; interleave: 16 bits each, alternating.").in("4 · One float32"),
            Param.integer("k", "Shift k", 0, 40, 6, "sum: u₂ is scaled by 2^−k; bits: u₁ gets k of the 32 bits (at most 32).").in("4 · One float32"),
            Param.real("u1", "u₁", 0, 1, 0.3, "First number to store (rounded to float32).").in("4 · One float32"),
            Param.real("u2", "u₂", 0, 1, 0.7, "Second number to store (rounded to float32).").in("4 · One float32"),
            Param.integer("grid", "Grid n (n × n pairs)", 2, 1024, 64, "Collisions are counted over all n² pairs of n values of u.").in("4 · One float32"),
            Param.choice("values", "Grid values", List.of("regular", "random"), "regular",
                    "regular: u = i/n; random: n random float32 in [0, 1) from the seed (24 significant bits each).").in("4 · One float32")
    );

    @Override public String id() { return "rnn"; }

    @Override public String title() { return "Recurrent networks: memory and gradients"; }

    @Override public String summary() {
        return "How far back an RNN remembers (ρ of W_h), BPTT on the unrolled graph, RNN vs attention cost, and what one float32 can hold.";
    }

    @Override public String formulas() {
        return """
                1. Linear RNN: h_t = W_h h_{t−1} + W_x x_t, h_0 = 0, y_T = W_y h_T with W_x = (1, 0)ᵀ, W_y = I.
                   y_T = Σ_{t=1..T} W_h^{T−t} W_x x_t; the input at lag ℓ = T − t contributes ‖W_h^ℓ W_x x_{T−ℓ}‖ (index = lag).
                   W_h = ρ·R(θ) has ‖W_h^ℓ W_x‖ = ρ^ℓ: vanishing for ρ < 1, exploding for ρ > 1.
                2. Scalar RNN: z_t = w h_{t−1} + a x_t, h_t = g(z_t), ŷ = h_T, L = ½(ŷ − y)².
                   ∂L/∂h_T = h_T − y; ∂L/∂z_t = ∂L/∂h_t · g′(z_t); ∂L/∂h_{t−1} = ∂L/∂z_t · w;
                   ∂L/∂w = Σ_t ∂L/∂z_t · h_{t−1}; ∂L/∂a = Σ_t ∂L/∂z_t · x_t. Check: central differences (L(θ+ε) − L(θ−ε))/2ε.
                   T = 2, h_0 = 0: ∂L/∂w = (h_2 − y) g′(z_2) h_1. SGD: θ ← θ − η ∂L/∂θ.
                3. Multiply-adds: RNN 2Td²; self-attention 3Td² + 2T²d. Critical path with unlimited parallel hardware
                   (sums as binary trees): RNN T(⌈log₂d⌉ + 3); attention 2(⌈log₂d⌉ + 1) + 3 + 2⌈log₂T⌉.
                4. One float32 = 32 bits = 2³² codes; a pair of float32 needs 2⁶⁴. sum: s = fl32(u₁ + 2^−k u₂),
                   û₁ = ⌊s·2^k⌋/2^k, û₂ = (s − û₁)·2^k; bits: k bits of u₁ then 32 − k bits of u₂; interleave: 16 + 16 bits.
                   Pairs collide when they share a code; counted exactly over the n × n grid.
                h has T + 1 entries h_0..h_T; x, z, ∂L/∂z are indexed t = 1..T.""";
    }

    @Override public List<Param> params() { return PARAMS; }

    public static Rnn.Spec spec(Values v) {
        int T = v.i("T");
        double[] xs = Rnn.inputs(v.s("x"), T, v.seed("seed"));
        double[][] m = v.m("Wh");
        if (m.length != 2 || m[0].length != 2) {
            throw new ParamException("Wh", MatrixLiteral.format(m), "expected a 2×2 matrix such as 0.5,1;0,0.8 (W_x = (1, 0)ᵀ is 2-dimensional)");
        }
        return new Rnn.Spec(T, xs, v.d("radius"), v.d("angle"), Rnn.WhMode.valueOf(v.s("wh").toUpperCase(Locale.ROOT)), m,
                Activation.parse(v.s("activation")), v.d("w"), v.d("a"), v.d("h0"), v.d("y"), v.d("lr"), v.i("d"),
                FloatPacking.Scheme.parse(v.s("scheme")), v.i("k"), (float) v.d("u1"), (float) v.d("u2"), v.i("grid"),
                v.s("values").equals("random"), v.seed("seed"));
    }

    /**
     * Values the user did not set follow the ones the user did (docs/LABS.md: defaults never reject the user's input):
     * T follows a typed x's length; a preset's x follows a typed T (cut, or padded with zero inputs); the bits scheme's
     * k is capped at 32.
     */
    @Override
    public Values resolve(Values v) {
        String[] parts = v.s("x").isBlank() ? new String[0] : v.s("x").trim().split("\\s*,\\s*");
        if (parts.length > 1 && parts.length != v.i("T")) {
            if (v.isSet("x") && !v.isSet("T") && parts.length <= 4096) v = v.follow("T", Integer.toString(parts.length));
            else if (!v.isSet("x") && v.isSet("T")) {
                StringBuilder b = new StringBuilder();
                for (int t = 0; t < v.i("T"); t++) b.append(t > 0 ? "," : "").append(t < parts.length ? parts[t] : "0");
                v = v.follow("x", b.toString());
            }
        }
        if (!v.isSet("k") && v.s("scheme").equals("bits") && v.i("k") > 32) v = v.follow("k", "32");
        return v;
    }

    @Override
    public void check(Values v) {
        spec(v);
    }

    @Override
    public Rnn.Result compute(Values v, Backend backend) {
        // Every part is O(T) or a 2×2 product per step: plain Java on every backend.
        return engine.compute(spec(v));
    }

    static String regime(double rho) {
        if (rho < 1 - 1e-9) return "vanishing";
        if (rho > 1 + 1e-9) return "exploding";
        return "on the edge (ρ = 1)";
    }

    /** 10^e as text, also beyond double range (1e1233). */
    static String pow10(double e) {
        if (e == Double.NEGATIVE_INFINITY) return "0";
        if (Math.abs(e) < 300) return Fmt.sig(Math.pow(10, e), 3);
        double ip = Math.floor(e);
        return Fmt.sig(Math.pow(10, e - ip), 3) + "e" + (long) ip;
    }

    @Override
    public List<Readout> readouts(Values v, Rnn.Result r) {
        List<Readout> out = new ArrayList<>();
        LinearMemory.Result m = r.memory();
        int T = r.spec().T();
        out.add(Readout.of("W_h", MatrixLiteral.format(round(m.wh())), "The 2×2 recurrent matrix used (" + v.s("wh") + ")."));
        out.add(Readout.of("ρ(W_h)", Fmt.sig(m.radius(), 6) + " → " + regime(m.radius()), "Spectral radius: the largest |eigenvalue|."));
        out.add(Readout.of("‖W_h^{T−1} W_x‖ (x_1 → y_T)", pow10(m.gainLog10()[T - 1]),
                "How strongly the first input reaches the last output: W_y W_h^{T−1} W_x."));
        if (m.overflow()) {
            out.add(Readout.warn("Overflow", "contributions beyond 1.8e308 at lag ≥ " + firstOverflow(m),
                    "Beyond double range: JSON holds Infinity there; contributions_log10 keeps the exact exponent."));
        }
        ScalarRnn.Result b = r.bptt();
        out.add(Readout.of("L = ½(h_T − y)²", Fmt.sig(b.loss(), 6), "Loss of the scalar RNN."));
        out.add(Readout.of("∂L/∂w (BPTT | numeric)", Fmt.sig(b.gradW(), 6) + " | " + Fmt.sig(b.numW(), 6),
                "Back-propagation through time against the central difference (L(w+ε) − L(w−ε))/2ε."));
        out.add(Readout.of("∂L/∂a (BPTT | numeric)", Fmt.sig(b.gradA(), 6) + " | " + Fmt.sig(b.numA(), 6),
                "Back-propagation through time against the central difference."));
        out.add(Readout.of("SGD step", "w → " + Fmt.sig(b.w1(), 5) + ", a → " + Fmt.sig(b.a1(), 5) + ", L → " + Fmt.sig(b.loss1(), 5),
                "One step of gradient descent with learning rate η = " + Fmt.num(b.lr()) + "."));
        if (b.firstNonFinite() > 0) {
            out.add(Readout.warn("Overflow in h", "h_t is not finite from t = " + b.firstNonFinite(),
                    "|w|·|g′| > 1 for many steps: the forward pass exceeds double range; gradients are not meaningful."));
        } else if (!Double.isFinite(b.loss()) || !Double.isFinite(b.gradW()) || !Double.isFinite(b.gradA())) {
            out.add(Readout.warn("Overflow", "h stays in range, but the loss or its gradient exceeds double range (shown as ±∞)",
                    "|h_T| ≈ " + Fmt.sig(Math.abs(b.h()[b.T()]), 3) + ": its square, or ∂L/∂h_t = (h_T − y)·w^{T−t}, is past 1.8·10³⁰⁸; computed exactly and rounded, so the signs are right."));
        }
        long d = r.spec().d();
        out.add(Readout.of("RNN: multiply-adds | critical path", Fmt.count((long) ForwardCost.rnnOps(T, d)) + " | " + Fmt.count(ForwardCost.rnnDepth(T, d)),
                "2Td² multiply-adds; T dependent steps."));
        out.add(Readout.of("Attention: multiply-adds | critical path", Fmt.count((long) ForwardCost.attentionOps(T, d)) + " | "
                + Fmt.count(ForwardCost.attentionDepth(T, d)), "3Td² + 2T²d multiply-adds; depth grows only with log₂ T."));
        Rnn.Pair p = r.pair();
        out.add(Readout.of("float32 code", String.format(Locale.ROOT, "0x%08X", p.code()), "The 32 bits holding (u₁, u₂)."));
        out.add(Readout.of("decoded (û₁, û₂)", Fmt.sig(p.decoded()[0], 8) + ", " + Fmt.sig(p.decoded()[1], 8), "Read back from the 32 bits."));
        String errText = Fmt.sig(p.err1(), 3) + ", " + Fmt.sig(p.err2(), 3);
        Readout err = p.err1() > 0 || p.err2() > 0
                ? Readout.warn("decoding error", errText, "|û − u|: information lost in packing.")
                : Readout.of("decoding error", errText, "|û − u|: this pair survives packing exactly.");
        out.add(err);
        var c = r.collisions();
        out.add(Readout.of("grid pairs | distinct codes", Fmt.count(c.pairs()) + " | " + Fmt.count(c.distinct()), "Over all pairs of the n grid values."));
        out.add(c.colliding() > 0
                ? Readout.warn("colliding pairs", Fmt.count(c.colliding()) + " (up to " + c.largestGroup() + " on one code)", "Distinct pairs that share a code: they cannot be told apart.")
                : Readout.of("colliding pairs", "0", "Every pair of the grid has its own code."));
        return out;
    }

    private static int firstOverflow(LinearMemory.Result m) {
        for (int i = 0; i < m.contributions().length; i++) if (m.contributions()[i] == Double.POSITIVE_INFINITY) return i;
        return -1;
    }

    private static double[][] round(double[][] m) {
        double[][] o = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            o[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) o[i][j] = Double.parseDouble(Fmt.sig(m[i][j], 4));
        }
        return o;
    }

    @Override
    public Map<String, Object> json(Values v, Rnn.Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("lab", id());
        j.put("parameters", v.asText());
        LinearMemory.Result m = r.memory();
        j.put("x", r.spec().xs());
        j.put("W_h", m.wh());
        j.put("W_x", m.wx());
        j.put("spectral_radius", m.radius());
        j.put("regime", regime(m.radius()));
        j.put("contributions", m.contributions());
        j.put("contributions_log10", m.contribLog10());
        j.put("gain_log10", m.gainLog10());
        j.put("overflow", m.overflow());
        ScalarRnn.Result b = r.bptt();
        j.put("h", b.h());
        j.put("z", tail(b.z()));
        j.put("dL_dh", b.dh());
        j.put("dL_dz", tail(b.dz()));
        j.put("loss", b.loss());
        j.put("grad_w", b.gradW());
        j.put("grad_a", b.gradA());
        j.put("grad_w_numeric", b.numW());
        j.put("grad_a_numeric", b.numA());
        j.put("grad_w_per_step", tail(b.termsW()));
        Map<String, Object> sgd = new LinkedHashMap<>();
        sgd.put("w", b.w1());
        sgd.put("a", b.a1());
        sgd.put("loss", b.loss1());
        j.put("sgd_step", sgd);
        j.put("h_overflow_at", b.firstNonFinite());
        int T = r.spec().T();
        long d = r.spec().d();
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("rnn_ops", ForwardCost.rnnOps(T, d));
        cost.put("attention_ops", ForwardCost.attentionOps(T, d));
        cost.put("rnn_depth", ForwardCost.rnnDepth(T, d));
        cost.put("attention_depth", ForwardCost.attentionDepth(T, d));
        cost.put("T_series", r.cost().Ts());
        cost.put("rnn_ops_series", r.cost().rnnOps());
        cost.put("attention_ops_series", r.cost().attnOps());
        cost.put("rnn_depth_series", r.cost().rnnDepth());
        cost.put("attention_depth_series", r.cost().attnDepth());
        j.put("cost", cost);
        Rnn.Pair p = r.pair();
        var c = r.collisions();
        Map<String, Object> pack = new LinkedHashMap<>();
        pack.put("scheme", r.spec().scheme().key());
        pack.put("k", r.spec().k());
        pack.put("u1", (double) p.u1());
        pack.put("u2", (double) p.u2());
        pack.put("code", Integer.toUnsignedLong(p.code()));
        pack.put("code_hex", String.format(Locale.ROOT, "0x%08X", p.code()));
        pack.put("decoded", p.decoded());
        pack.put("error", new double[]{p.err1(), p.err2()});
        pack.put("grid_values", c.values().length);
        pack.put("pairs", c.pairs());
        pack.put("distinct_codes", c.distinct());
        pack.put("colliding_pairs", c.colliding());
        pack.put("largest_group", c.largestGroup());
        pack.put("max_decoding_error", c.maxError());
        j.put("packing", pack);
        return j;
    }

    /** Entries 1..T of a t-indexed array whose index 0 is unused. */
    private static double[] tail(double[] a) {
        return java.util.Arrays.copyOfRange(a, 1, a.length);
    }

    @Override
    public List<String> liveFormulas(Values v, Rnn.Result r) {
        String part = v.s("part");
        boolean all = part.equals("all");
        List<String> out = new ArrayList<>();
        int T = r.spec().T();
        if (all || part.equals("memory")) {
            LinearMemory.Result m = r.memory();
            int l = T - 1;
            double rho = m.radius();
            out.add("\\|W_h^{" + l + "} W_x\\| = " + pow10Tex(m.gainLog10()[l]) + ",\\quad \\rho^{" + l + "} = " + tex(rho) + "^{" + l + "} = "
                    + pow10Tex(l == 0 ? 0 : l * Math.log10(rho)));
            if (!all) {
                out.add("y_T = \\sum_{\\ell=0}^{T-1} W_h^{\\ell} W_x\\, x_{T-\\ell},\\quad \\rho(W_h) = " + tex(rho)
                        + (rho < 1 - 1e-9 ? " < 1:\\ \\text{vanishing}" : rho > 1 + 1e-9 ? " > 1:\\ \\text{exploding}" : " = 1"));
                out.add("\\|y_T \\text{ from } x_1\\| = \\|W_h^{" + l + "} W_x\\, x_1\\| = " + pow10Tex(m.contribLog10()[l]));
            }
        }
        if (all || part.equals("bptt")) {
            ScalarRnn.Result b = r.bptt();
            double[] h = b.h(), z = b.z();
            Activation g = b.g();
            if (!all) out.add("L = \\tfrac12 (h_{" + T + "} - y)^2 = \\tfrac12 (" + tex(h[T]) + " - " + par(b.y()) + ")^2 = " + tex(b.loss()));
            if (T == 2 && r.spec().h0() == 0) {
                // The exam's closed form: with h_0 = 0 only the last step carries ∂L/∂w.
                out.add("\\frac{\\partial L}{\\partial w} = (h_2 - y)\\, g'(z_2)\\, h_1 = (" + tex(h[2]) + " - " + par(b.y()) + ") \\cdot " + par(g.dg(z[2]))
                        + " \\cdot " + par(h[1]) + " = " + tex(b.gradW()));
            } else {
                if (!all) out.add("\\frac{\\partial L}{\\partial z_{" + T + "}} = (h_{" + T + "} - y)\\, g'(z_{" + T + "}) = (" + tex(h[T]) + " - " + par(b.y()) + ") \\cdot "
                        + par(g.dg(z[T])) + " = " + tex(b.dz()[T]));
                out.add("\\frac{\\partial L}{\\partial w} = \\sum_t \\frac{\\partial L}{\\partial z_t} h_{t-1} = " + tex(b.gradW()) + "\\ (\\text{numeric } " + tex(b.numW()) + ")");
            }
            if (!all) out.add("w \\leftarrow w - \\eta \\frac{\\partial L}{\\partial w} = " + tex(b.w()) + " - " + tex(b.lr()) + " \\cdot " + par(b.gradW()) + " = " + tex(b.w1()));
        }
        if (all || part.equals("cost")) {
            long d = r.spec().d();
            out.add("\\text{RNN: } 2Td^2 = 2 \\cdot " + T + " \\cdot " + d + "^2 = " + count((long) ForwardCost.rnnOps(T, d)) + ",\\quad \\text{attention: } 3Td^2 + 2T^2 d = "
                    + count((long) ForwardCost.attentionOps(T, d)));
            int ld = ForwardCost.clog2(d), lt = ForwardCost.clog2(T);
            out.add("\\text{depth: } T(\\lceil \\log_2 d \\rceil + 3) = " + T + " \\cdot " + (ld + 3) + " = " + count(ForwardCost.rnnDepth(T, d))
                    + "\\ \\text{vs}\\ 2(" + ld + " + 1) + 3 + 2 \\cdot " + lt + " = " + count(ForwardCost.attentionDepth(T, d)));
        }
        if (all || part.equals("float32")) {
            Rnn.Pair p = r.pair();
            int k = r.spec().k();
            switch (r.spec().scheme()) {
                case SUM -> {
                    out.add("s = \\mathrm{fl}_{32}(u_1 + 2^{-" + k + "} u_2) = \\mathrm{fl}_{32}(" + tex(p.u1()) + " + 2^{-" + k + "} \\cdot " + tex(p.u2()) + ") = "
                            + texSig(Float.intBitsToFloat(p.code()), 8));
                    if (!all) out.add("\\hat u_1 = \\lfloor s\\, 2^{" + k + "} \\rfloor / 2^{" + k + "} = " + texSig(p.decoded()[0], 8) + ",\\quad \\hat u_2 = (s - \\hat u_1)\\, 2^{" + k + "} = "
                            + texSig(p.decoded()[1], 8));
                }
                case BITS -> out.add("\\text{code} = \\lfloor u_1 2^{" + k + "} \\rfloor 2^{" + (32 - k) + "} + \\lfloor u_2 2^{" + (32 - k) + "} \\rfloor:\\ \\hat u = ("
                        + texSig(p.decoded()[0], 8) + ", " + texSig(p.decoded()[1], 8) + ")");
                case INTERLEAVE -> out.add("\\text{16 bits each, alternating}:\\ \\hat u = (" + texSig(p.decoded()[0], 8) + ", " + texSig(p.decoded()[1], 8) + ")");
            }
            if (!all) {
                var c = r.collisions();
                out.add("n^2 = " + c.values().length + "^2 = " + count(c.pairs()) + "\\ \\text{pairs} \\to " + count(c.distinct()) + "\\ \\text{codes},\\ "
                        + count(c.colliding()) + "\\ \\text{colliding}");
            }
        }
        return out;
    }

    /** 10^e as LaTeX, also beyond double range: 1.3 \cdot 10^{-3}, 2.1 \cdot 10^{1233}. */
    static String pow10Tex(double e) {
        if (e == Double.NEGATIVE_INFINITY) return "0";
        if (Double.isNaN(e)) return "\\text{NaN}";
        if (Math.abs(e) < 300) return tex(Math.pow(10, e));
        double ip = Math.floor(e);
        return Fmt.sig(Math.pow(10, e - ip), 4) + " \\cdot 10^{" + (long) ip + "}";
    }

    private static String count(long n) {
        return Fmt.count(n).replace(",", "\\,");
    }

    /** Fmt.sig(x, digits) as LaTeX: 1.234e-05 becomes 1.234 \cdot 10^{-5}, ∞ becomes \infty. */
    static String texSig(double x, int digits) {
        if (Double.isNaN(x)) return "\\text{NaN}";
        if (Double.isInfinite(x)) return x > 0 ? "\\infty" : "-\\infty";
        String s = Fmt.sig(x, digits);
        int e = s.indexOf('e');
        if (e < 0) return s;
        return s.substring(0, e) + " \\cdot 10^{" + Integer.parseInt(s.substring(e + 1)) + "}";
    }

    @Override
    public List<Figure> figures(Values v, Rnn.Result r) {
        String part = v.s("part");
        double big = part.equals("all") ? 1 : 2.2;
        Figure mem = memoryFigure(r, part.equals("memory") ? big : 1);
        Figure bptt = new BpttFigure(r.bptt(), r.spec().h0(), part.equals("bptt") ? big : 1);
        Figure cost = costFigure(r, part.equals("cost") ? big : 1);
        Figure pack = new PackingFigure(r, part.equals("float32") ? big : 1);
        return switch (part) {
            case "memory" -> List.of(mem, bptt, cost, pack);
            case "bptt" -> List.of(bptt, mem, cost, pack);
            case "cost" -> List.of(cost, mem, bptt, pack);
            case "float32" -> List.of(pack, mem, bptt, cost);
            default -> List.of(mem, bptt, cost, pack);
        };
    }

    static Figure memoryFigure(Rnn.Result r, double weight) {
        LinearMemory.Result m = r.memory();
        int T = r.spec().T();
        double[] lag = new double[T], ref = new double[T], one = new double[T];
        double lo = -1, hi = 1;
        for (int l = 0; l < T; l++) {
            lag[l] = l;
            ref[l] = l * Math.log10(Math.max(m.radius(), 1e-300));
            one[l] = 0;
            for (double y : new double[]{m.gainLog10()[l], m.contribLog10()[l]}) {
                if (Double.isFinite(y)) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
            }
        }
        String reg = regime(m.radius());
        double rho = m.radius();
        String sub = "y_T = Σ_ℓ W_h^ℓ W_x x_{T−ℓ};  ρ(W_h) = " + Fmt.sig(rho, 4) + " → " + reg + ";  x₁ (lag " + (T - 1) + ") reaches y_T scaled by "
                + pow10(m.gainLog10()[T - 1]);
        XYFigure.Builder b = XYFigure.builder(MEMORY_TITLE)
                .subtitle(sub)
                .xLabel("lag ℓ = T − t (steps back from T)")
                .yLabel("log₁₀ size of the contribution")
                .weight(weight)
                .yRange(lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo))
                .series("gain ‖W_h^ℓ W_x‖", lag, m.gainLog10(), XYFigure.Kind.LINE, sty(0))
                .series("contribution ‖W_h^ℓ W_x x_{T−ℓ}‖", lag, m.contribLog10(), T > 512 ? XYFigure.Kind.LINE : T > 64 ? XYFigure.Kind.POINTS : XYFigure.Kind.STEM, sty(1))
                .series("ρ^ℓ", lag, ref, XYFigure.Kind.DASHED, sty(2))
                .series("ρ = 1", lag, one, XYFigure.Kind.DASHED, sty(7))
                .note(0, hi, "exploding: ρ > 1, the past grows like ρ^ℓ", rho > 1 + 1e-9)
                .note(0, lo, "vanishing: ρ < 1, the past fades like ρ^ℓ", rho < 1 - 1e-9)
                .hoverText((s, i) -> {
                    String xs = "x_" + (T - i) + " = " + Fmt.sig(r.spec().xs()[T - 1 - i], 4);
                    return "lag ℓ = " + i + " (" + xs + "): ‖W_h^" + i + " W_x‖ = " + pow10(m.gainLog10()[i]) + ", contribution = "
                            + pow10(m.contribLog10()[i]) + ", ρ^ℓ = " + pow10(ref[i]);
                });
        return b.build();
    }

    private static java.awt.Color sty(int i) {
        return glassbox.render.Style.DEFAULT.series(i);
    }

    static Figure costFigure(Rnn.Result r, double weight) {
        Rnn.Cost c = r.cost();
        int T = r.spec().T();
        return XYFigure.builder(COST_TITLE + " (d = " + r.spec().d() + ")")
                .subtitle("solid: multiply-adds (RNN 2Td², attention 3Td² + 2T²d);  dashed: critical path with unlimited parallel hardware")
                .xLabel("sequence length T")
                .yLabel("count")
                .logX(true).logY(true)
                .weight(weight)
                .series("RNN ops", c.Ts(), c.rnnOps(), XYFigure.Kind.LINE, sty(0))
                .series("attention ops", c.Ts(), c.attnOps(), XYFigure.Kind.LINE, sty(1))
                .series("RNN depth O(T)", c.Ts(), c.rnnDepth(), XYFigure.Kind.DASHED, sty(0))
                .series("attention depth O(log T)", c.Ts(), c.attnDepth(), XYFigure.Kind.DASHED, sty(1))
                .marker(T, "T = " + T)
                .hoverText((s, i) -> {
                    long t = (long) c.Ts()[i];
                    return switch (s) {
                        case 0 -> "RNN, T = " + t + ": 2Td² = " + Fmt.count((long) c.rnnOps()[i]) + " multiply-adds";
                        case 1 -> "attention, T = " + t + ": 3Td² + 2T²d = " + Fmt.count((long) c.attnOps()[i]) + " multiply-adds";
                        case 2 -> "RNN, T = " + t + ": T·(⌈log₂d⌉ + 3) = " + Fmt.count((long) c.rnnDepth()[i]) + " sequential steps";
                        default -> "attention, T = " + t + ": 2(⌈log₂d⌉ + 1) + 3 + 2⌈log₂T⌉ = " + Fmt.count((long) c.attnDepth()[i]) + " sequential steps";
                    };
                })
                .build();
    }

    @Override
    public List<Values> benchSweep(String size) {
        List<Values> out = new ArrayList<>();
        Values base = defaults();
        if (size.equals("large")) base = base.with(Map.of("T", "4096", "grid", "1024", "k", "10"));
        // A user dragging ρ through 1, then w, then the pair to pack; k now and then (recounts the grid).
        for (int i = 0; i < 120; i++) {
            Values v = base.with("radius", Fmt.num(0.8 + 0.4 * i / 119.0));
            if (i % 3 == 1) v = v.with("w", Fmt.num(-1 + 2.0 * i / 119));
            if (i % 3 == 2) v = v.with(Map.of("u1", Fmt.num(i / 120.0), "u2", Fmt.num(1 - i / 120.0)));
            if (i % 40 == 39) v = v.with("k", Integer.toString(Integer.parseInt(base.text("k")) + 1));
            if (i % 30 == 15) v = v.with("activation", "relu");
            out.add(v);
        }
        return out;
    }
}
