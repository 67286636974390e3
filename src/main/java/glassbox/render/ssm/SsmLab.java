package glassbox.render.ssm;

import static glassbox.render.FormulaFigure.tex;
import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.MatrixLiteral;
import glassbox.core.Param;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.ssm.CriticalPath;
import glassbox.core.ssm.Forward;
import glassbox.core.ssm.MultiChannel;
import glassbox.core.ssm.Ssm;
import glassbox.core.ssm.SsmResult;
import glassbox.core.ssm.SsmSpec;
import glassbox.core.ssm.StateSpace;
import glassbox.render.Figure;
import glassbox.render.Lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docs/LABS.md §2: a state-space model's impulse kernel, its fast computations, and recurrent versus convolutional forward passes. */
public final class SsmLab implements Lab<SsmResult> {
    /** Holds the lab's memos (random draw, kernels, eigenvalues, transforms): one per lab, never static. */
    private final Ssm engine = new Ssm();

    public static final int MAX_L = 1 << 20;

    private static final List<Param> PARAMS = List.of(
            Param.choice("structure", "Structure of A", List.of("matrix", "random", "diagonal", "dplr", "companion"), "matrix",
                    "matrix: A as typed (n×n; n = 1 is the scalar SSM). random: dense A of size n rescaled to spectral radius 'radius', with"
                            + " random B and C (seeded). diagonal: A from eigenvalues 'eig' (complex ones as 2×2 blocks [[a, −b], [b, a]])."
                            + " dplr: A = diag(lambda) + p qᵀ (I + p pᵀ by default). companion: the companion matrix of 'poly'.").in("System"),
            Param.matrix("A", "A (n×n)", "0.7,0.1;0.2,0.6", "The state matrix, row by row: entries separated by ',', rows by ';'.").in("System"),
            Param.matrix("B", "B (n×1)", "1;0", "The input column: n entries separated by ';'. Not used with structure = random.").in("System"),
            Param.matrix("C", "C (1×n)", "1,0", "The output row: n entries separated by ','. Not used with structure = random.").in("System"),
            Param.matrix("D", "D", "0", "The direct feed-through, one number: K_0 = D.").in("System"),
            Param.integer("n", "State size n (random)", 1, StateSpace.MAX_N, 8, "Size of the random dense A.").in("System"),
            Param.real("radius", "Spectral radius (random)", 0, 1.5, 0.95, "The random A is rescaled so that max |λ| equals this; above 1 the kernel grows.").in("System"),
            Param.matrix("eig", "Eigenvalues (diagonal)", "0.8,0.5", "Rows 're' or 're,im'; a complex eigenvalue brings its conjugate (a 2×2 block), e.g. 0.9,0;0.6,0.5.").in("System"),
            Param.text("p", "p (dplr)", "", "A = diag(lambda) + p qᵀ; with structure = matrix a given p builds A = I + p pᵀ. Empty: not used.").in("System"),
            Param.text("q", "q (dplr)", "", "The right factor of the low-rank part; empty means q = p.").in("System"),
            Param.text("lambda", "lambda (dplr)", "", "The diagonal of Λ in A = Λ + p qᵀ; empty means all ones (A = I + p qᵀ).").in("System"),
            Param.matrix("poly", "Polynomial a₁…a_n (companion)", "-1.5,0.7", "A is the companion matrix of z^n + a₁ z^{n−1} + … + a_n (first row −a, ones below the diagonal).").in("System"),
            Param.integer("seed", "Random seed", 0, Integer.MAX_VALUE, 1, "Seeds the random A, B, C and the noise input.").in("System"),
            Param.integer("L", "Kernel length L", 1, MAX_L, 32, "The kernel K_0 … K_L and the input u_0 … u_L (L + 1 samples).").in("Kernel"),
            Param.choice("method", "Kernel method", List.of("sequential", "doubling", "diagonal", "dplr"), "sequential",
                    "sequential v ← A v; doubling X_{2m} = [X_m, A^m X_m]; diagonal (Vandermonde, diagonal A only); dplr (closed form for I + p pᵀ).").in("Kernel"),
            Param.choice("scale", "Kernel plot", List.of("linear", "log"), "linear", "Stems of K_l and the signals, or |K_l| and |u|, |y| on a logarithmic axis.").in("Kernel"),
            Param.choice("input", "Input u", List.of("impulse", "step", "sine", "noise", "drawn"), "step",
                    "impulse u_0 = 1; step u_k = 1; sine sin(2πk/period); noise N(0, 1) from the seed; drawn: the samples in 'u'"
                            + " (press and drag on the input plot to draw; that switches to drawn).").in("Forward pass"),
            Param.text("u", "Drawn input u", "", "The drawn samples u_0 … u_L, separated by ','; set by drawing on the input plot."
                    + " Empty: zeros. A list of another length than L + 1 is resampled linearly onto L + 1 samples"
                    + " (one number: a constant).").in("Forward pass"),
            Param.real("period", "Sine period", 2, 100000, 16, "Samples per period of the sine input.").in("Forward pass"),
            Param.choice("conv", "Convolution", List.of("auto", "direct", "fft"), "auto",
                    "How y = K * u is computed: direct O(L²), FFT O(L log L), or auto (FFT from " + SsmSpec.FFT_FROM + " samples).").in("Forward pass"),
            Param.bool("depth", "Critical path", false,
                    "The depth of the computation graph against L: recurrence O(L) against kernel-by-doubling then convolve O(log L) "
                            + "(a multiplication one step, a sum of m terms ⌈log₂ m⌉ steps).").in("Kernel"),
            Param.bool("timing", "Multi-channel timing", false,
                    "Times recurrent O(T·H²) against kernel-then-convolve, dense and diagonal W, against T and H (takes a second or two).").in("Multi-channel")
    );

    private static final String DEFAULT_A = Values.defaults(PARAMS).text("A");

    @Override public String id() { return "ssm"; }

    @Override public String title() { return "State-space model kernel"; }

    @Override public String summary() {
        return "x_{k+1} = A x_k + B u_k, y_k = C x_k + D u_k as a convolution with K = (D, CB, CAB, …): four ways to the kernel, recurrence versus convolution.";
    }

    @Override public String formulas() {
        return """
                x_{k+1} = A x_k + B u_k,  y_k = C x_k + D u_k,  x_0 = 0
                y_k = Σ_{l=0..k} K_l u_{k−l},  K_0 = D,  K_l = C A^{l−1} B (l ≥ 1); the kernel up to L is K_0 … K_L
                sequential: v ← A v, K_l = C v  (O(L n²))
                doubling: X_{2m} = [X_m, A^m X_m], A^{2m} = A^m A^m, X_m = [B, AB, …, A^{m−1}B]
                diagonal: K_l = Σ_i C_i λ_i^{l−1} B_i (a conjugate pair a ± ib is the block [[a, −b], [b, a]])
                I + p pᵀ: (p pᵀ)^j = v^{j−1} p pᵀ, v = ‖p‖², so A^l = I + ((1+v)^l − 1)/v · p pᵀ
                  (for c·I + p qᵀ, v = qᵀp: A^l = c^l I + ((c+v)^l − c^l)/v · p qᵀ)
                FFT convolution: zero-pad K and u to a power of two ≥ 2L+1, multiply spectra, keep y_0 … y_L
                Multi-channel: h_{t+1} = W h_t + x_t + b (H channels, T steps): recurrent O(T H²); kernel W^{l−1} then H² convolutions;
                  diagonal W: per-channel kernels w^{l−1}, a depthwise convolution
                Indices are 0-based in time; matrix entries are written 1-based as A(i,j).
                Values beyond the double range are shown as ±∞ (overflow), never as NaN.""";
    }

    /** n and the spectral radius shape only the random A (structure = random). */
    @Override public Map<String, String> inactive(Values v) {
        if (v.s("structure").equals("random")) return Map.of();
        String why = " is used only by the random A: A is given (structure = " + v.s("structure") + "). Set Structure of A to random to use it.";
        return Map.of("n", "State size n" + why, "radius", "The spectral radius" + why);
    }

    @Override public List<Param> params() { return PARAMS; }

    /** The settings as the core's spec (parsing the optional vectors). */
    public static SsmSpec spec(Values v) {
        return new SsmSpec(StateSpace.Structure.valueOf(v.s("structure").toUpperCase(Locale.ROOT)), v.m("A"), !v.text("A").equals(DEFAULT_A),
                v.i("n"), v.d("radius"), v.seed("seed"), v.m("eig"), optional(v, "lambda"), optional(v, "p"), optional(v, "q"),
                MatrixLiteral.vector("poly", v.m("poly")), v.m("B"), v.m("C"), v.m("D"), v.i("L"),
                SsmSpec.Method.valueOf(v.s("method").toUpperCase(Locale.ROOT)),
                Forward.Input.valueOf(v.s("input").toUpperCase(Locale.ROOT)), v.d("period"),
                Forward.parseSamples("u", v.s("u"), MAX_L + 1),
                SsmSpec.Conv.valueOf(v.s("conv").toUpperCase(Locale.ROOT)), v.b("timing"));
    }

    private static double[] optional(Values v, String key) {
        String t = v.s(key);
        if (t.isBlank()) return null;
        return MatrixLiteral.vector(key, MatrixLiteral.parse(key, t));
    }

    /**
     * Values the user did not set follow the system's state size n (docs/LABS.md: defaults never reject the user's
     * input): B and C keep their first entries and are cut or padded with zeros to n × 1 and 1 × n; q and lambda of a
     * dplr A are cleared when they no longer match p (q = p, λ = 1); L is capped where n·L would exceed the doubling
     * block; a kernel method that does not apply to this A (diagonal, dplr) becomes sequential.
     */
    @Override
    public Values resolve(Values v) {
        try {
            StateSpace.Structure st = StateSpace.Structure.valueOf(v.s("structure").toUpperCase(Locale.ROOT));
            if (st == StateSpace.Structure.RANDOM) return v;
            double[] p = optional(v, "p");
            boolean viaP = st == StateSpace.Structure.DPLR || (st == StateSpace.Structure.MATRIX && p != null);
            if (viaP && p != null) {
                for (String key : List.of("q", "lambda")) {
                    double[] x = optional(v, key);
                    if (x != null && x.length != p.length && !v.isSet(key)) v = v.follow(key, "");
                }
            }
            int n = switch (st) {
                case DIAGONAL -> {
                    int k = 0;
                    for (double[] e : v.m("eig")) k += (e.length == 2 && e[1] != 0) ? 2 : 1;
                    yield k;
                }
                case COMPANION -> MatrixLiteral.vector("poly", v.m("poly")).length;
                case DPLR -> p == null ? 0 : p.length;
                default -> viaP ? p.length : v.m("A").length;
            };
            if (n < 1 || n > StateSpace.MAX_N) return v;
            if (!v.isSet("B")) {
                double[] b = flat(v.m("B"));
                if (v.m("B").length != n || v.m("B")[0].length != 1) v = v.follow("B", MatrixLiteral.format(column(resized(b, n))));
            }
            if (!v.isSet("C")) {
                double[] c = flat(v.m("C"));
                if (v.m("C").length != 1 || v.m("C")[0].length != n) v = v.follow("C", MatrixLiteral.format(new double[][]{resized(c, n)}));
            }
            if (!v.isSet("L") && (long) n * v.i("L") > SsmSpec.MAX_BLOCK) v = v.follow("L", Long.toString(SsmSpec.MAX_BLOCK / n));
            if (!v.isSet("method") && (v.s("method").equals("diagonal") || v.s("method").equals("dplr"))) {
                StateSpace s = engine.system(spec(v));
                boolean fits = v.s("method").equals("diagonal") ? StateSpace.notDiagonal(s.a()) == null
                        : s.dplr() != null || StateSpace.recoverIdentityPlusPpt(s.a()) != null;
                if (!fits) v = v.follow("method", "sequential");
            }
            return v;
        } catch (IllegalArgumentException e) {
            return v; // something the user typed (a ParamException is one) does not parse or fit: compute names it
        }
    }

    private static double[] flat(double[][] m) {
        int k = 0;
        double[] out = new double[m.length * m[0].length];
        for (double[] r : m) for (double x : r) out[k++] = x;
        return out;
    }

    private static double[] resized(double[] x, int n) {
        double[] out = new double[n];
        System.arraycopy(x, 0, out, 0, Math.min(n, x.length));
        return out;
    }

    private static double[][] column(double[] x) {
        double[][] out = new double[x.length][1];
        for (int i = 0; i < x.length; i++) out[i][0] = x[i];
        return out;
    }

    @Override
    public void check(Values v) {
        spec(v);
    }

    @Override
    public SsmResult compute(Values v, Backend backend) {
        return engine.compute(spec(v), backend);
    }

    @Override
    public List<Readout> readouts(Values v, SsmResult r) {
        StateSpace s = r.system();
        List<Readout> out = new ArrayList<>();
        out.add(Readout.of("State size n", Integer.toString(s.n()), "A is n×n, B n×1, C 1×n."));
        out.add(Readout.of("Structure", structureText(r), "How A was built; the fast methods need their structure."));
        String rho = Fmt.sig(r.spectralRadius(), 6);
        if (r.spectralRadius() > 1) {
            out.add(Readout.warn("Spectral radius ρ(A)", rho + " > 1: unstable, K_l grows like ρ^l",
                    "The largest |λ|: outside the unit circle the kernel and the outputs grow without bound."));
        } else {
            out.add(Readout.of("Spectral radius ρ(A)", rho + (r.spectralRadius() < 1 ? " < 1: the kernel decays" : " = 1: marginal"),
                    "The largest |λ| of A; inside the unit circle K_l → 0 like ρ^l."));
        }
        if (s.n() <= 4) out.add(Readout.of("Eigenvalues", eigText(r.eigenvalues()), "Hessenberg reduction + Francis double-shift QR."));
        out.add(Readout.of("K_L = " + kName(r.len()), value(r.kernel()[r.len()]), "The last tap of the kernel (" + r.method().id() + ")."));
        for (SsmResult.Run run : r.runs().values()) {
            String name = run.method().id() + (run.method() == r.method() ? " (shown)" : "");
            if (!run.available()) {
                out.add(Readout.of(name, "n/a: " + run.unavailable(), "This method needs its structure of A."));
                continue;
            }
            String diff = run.method() == SsmSpec.Method.SEQUENTIAL ? "the definition" : "max |Δ| = " + Fmt.sig(run.diff().maxAbs(), 3)
                    + (run.diff().mismatched() > 0 ? ", " + run.diff().mismatched() + " overflow mismatches" : "");
            out.add(Readout.of(name, Fmt.ms(run.ms()) + "  ·  " + diff, "Time on " + run.where() + "; difference from the sequential kernel over taps finite in both."));
        }
        SsmResult.Diff kd = r.runs().get(r.method()).diff();
        out.add(Readout.of("max |K − K_sequential|", Fmt.sig(kd.maxAbs(), 3) + " (relative " + Fmt.sig(kd.maxRel(), 3) + ")",
                "The chosen method against the definition v ← A v."));
        int kOver = SsmResult.firstOverflow(r.kernel());
        if (kOver >= 0) {
            out.add(Readout.warn("Kernel overflow", "|K_l| > 1.8e308 from l = " + kOver + ": shown as ±∞",
                    "The taps exceed the double range; the plot marks them as overflow."));
        }
        out.add(Readout.of("Recurrence time", Fmt.ms(r.recurrentMs()), "x ← A x + B u, L + 1 steps, plain Java (O(L n²))."));
        out.add(Readout.of("Convolution time", Fmt.ms(r.convolutionMs()) + (r.fft() ? " (FFT)" : " (direct)"),
                r.fft() ? "Zero-padded real FFT (JTransforms), O(L log L)." : "Direct sum, O(L²)."));
        if (r.fft()) {
            // The FFT's error is relative to the largest term: over many decades the small outputs drown.
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (double k : r.kernel()) if (Double.isFinite(k) && k != 0) { lo = Math.min(lo, Math.abs(k)); hi = Math.max(hi, Math.abs(k)); }
            if (hi > 0 && hi / lo > 1e12) {
                out.add(Readout.warn("FFT dynamic range", "|K| spans " + Fmt.sig(Math.log10(hi / lo), 3) + " decades",
                        "FFT convolution errors are relative to the largest |K|·|u| (about 1e-16 of it): small outputs lose their digits. Use conv = direct to see them exactly."));
            }
        }
        SsmResult.Diff yd = r.yDiff();
        out.add(Readout.of("max |y_rec − y_conv|", Fmt.sig(yd.maxAbs(), 3) + " (relative " + Fmt.sig(yd.maxRel(), 3) + ")",
                "Recurrence against convolution with the " + r.method().id() + " kernel, over samples finite in both."));
        int yOver = SsmResult.firstOverflow(r.yRecurrent());
        if (yOver >= 0 || yd.mismatched() > 0) {
            out.add(Readout.warn("Output overflow", (yOver >= 0 ? "|y_k| > 1.8e308 from k = " + yOver : "")
                    + (yd.mismatched() > 0 ? (yOver >= 0 ? "; " : "") + yd.mismatched() + " samples overflow in one output only" : ""),
                    "Shown as ±∞ (overflow) in the plot and as \"Infinity\"/\"overflow\" in the export."));
        }
        if (v.b("depth")) {
            int n = r.system().n(), len = v.i("L");
            out.add(Readout.of("Critical path at L = " + len + ", n = " + n, "recurrence " + Fmt.count(CriticalPath.recurrence(len, n))
                            + "; doubling " + CriticalPath.doublingKernel(len, n) + " + convolution " + CriticalPath.convolution(len) + " = " + CriticalPath.kernelThenConvolve(len, n),
                    "Steps one after another with unlimited parallel hardware: the recurrence (L + 1)(1 + ⌈log₂(n + 1)⌉), O(L); the kernel by doubling "
                            + "(⌈log₂ L⌉ + 1)(1 + ⌈log₂ n⌉), then the convolution 1 + ⌈log₂(L + 1)⌉: O(log L). Sequentially the kernel takes "
                            + Fmt.count(CriticalPath.sequentialKernel(len, n)) + "."));
        }
        MultiChannel.Timing t = r.timing();
        if (t != null) {
            out.add(Readout.of("Multi-channel check", "max |Δ| dense " + Fmt.sig(t.maxDiffDense(), 3) + ", diagonal " + Fmt.sig(t.maxDiffDiagonal(), 3),
                    "The four multi-channel methods compute the same outputs; these are their largest differences."));
        }
        return out;
    }

    static String structureText(SsmResult r) {
        StateSpace s = r.system();
        StateSpace.Dplr f = r.runs().get(SsmSpec.Method.DPLR).available() ? dplrOf(r) : null;
        String base = switch (s.structure()) {
            case MATRIX -> s.n() == 1 ? "scalar" : (StateSpace.notDiagonal(s.a()) == null ? "diagonal (as typed)" : "dense (as typed)");
            case RANDOM -> "dense random, ρ rescaled";
            case DIAGONAL -> "diagonal (conjugate pairs as 2×2 blocks)";
            case DPLR -> "diag(λ) + p qᵀ";
            case COMPANION -> "companion";
        };
        if (f != null && f.identityPlusPpt()) base += "; = I + p pᵀ, p = " + vec(f.p()) + ", v = ‖p‖² = " + Fmt.sig(dot(f.p(), f.p()), 4);
        else if (f != null) base += "; = " + Fmt.sig(f.c(), 4) + "·I + p qᵀ";
        return base;
    }

    /** The p the closed form used: as built, or recovered from A. */
    static StateSpace.Dplr dplrOf(SsmResult r) {
        if (r.system().dplr() != null) return r.system().dplr();
        double[] p = StateSpace.recoverIdentityPlusPpt(r.system().a());
        return p == null ? null : new StateSpace.Dplr(1, p, p);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static String vec(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(", ");
            if (i >= 6) { sb.append("…"); break; }
            sb.append(Fmt.sig(v[i], 4));
        }
        return sb.append(")").toString();
    }

    static String eigText(double[][] e) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e[0].length; i++) {
            if (i > 0) sb.append(",  ");
            sb.append(complex(e[0][i], e[1][i]));
        }
        return sb.toString();
    }

    static String complex(double re, double im) {
        if (im == 0) return Fmt.sig(re, 4);
        return Fmt.sig(re, 4) + (im < 0 ? " − " : " + ") + Fmt.sig(Math.abs(im), 4) + "i";
    }

    private static final String SUB = "₀₁₂₃₄₅₆₇₈₉", SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    static String sub(int k) {
        StringBuilder sb = new StringBuilder();
        for (char ch : Integer.toString(k).toCharArray()) sb.append(SUB.charAt(ch - '0'));
        return sb.toString();
    }

    static String sup(int k) {
        StringBuilder sb = new StringBuilder();
        for (char ch : Integer.toString(k).toCharArray()) sb.append(SUP.charAt(ch - '0'));
        return sb.toString();
    }

    /** "K₃" */
    static String kName(int l) {
        return "K" + sub(l);
    }

    /** "C A² B" for l = 3, "C B" for l = 1, "D" for l = 0. */
    static String kFormula(int l) {
        if (l == 0) return "D";
        if (l == 1) return "C B";
        if (l == 2) return "C A B";
        return "C A" + sup(l - 1) + " B";
    }

    /** Text for a value that may have overflowed. */
    static String value(double x) {
        if (Double.isNaN(x)) return "±∞ (overflow, sign lost)";
        if (Double.isInfinite(x)) return (x > 0 ? "+∞" : "−∞") + " (overflow, beyond 1.8e308)";
        return Fmt.sig(x, 6);
    }

    /** What pointing at tap l shows: "K₃ = C A² B = 1.5 · 0.8² · 1 = 0.96". */
    public static String tapText(SsmResult r, int l) {
        StringBuilder sb = new StringBuilder(kName(l)).append(" = ").append(kFormula(l)).append(" = ");
        StateSpace s = r.system();
        if (s.n() == 1 && l >= 1) {
            sb.append(Fmt.num(s.c()[0])).append(" · ").append(Fmt.num(s.a()[0][0]));
            if (l - 1 != 1) sb.append(sup(l - 1));
            sb.append(" · ").append(Fmt.num(s.b()[0])).append(" = ");
        } else if (l == 0) {
            // K₀ = D = value
        }
        sb.append(value(r.kernel()[l]));
        if (r.method() != SsmSpec.Method.SEQUENTIAL) {
            double d = r.kernel()[l] - r.sequential()[l];
            sb.append("   (").append(r.method().id()).append("; sequential ").append(value(r.sequential()[l]));
            if (Double.isFinite(d)) sb.append(", Δ = ").append(Fmt.sig(d, 2));
            sb.append(")");
        }
        return sb.toString();
    }

    @Override
    public Map<String, Object> json(Values v, SsmResult r) {
        StateSpace s = r.system();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", id());
        m.put("parameters", v.asText());
        m.put("method", r.method().id());
        m.put("n", s.n());
        m.put("L", r.len());
        m.put("A", s.a());
        m.put("B", s.b());
        m.put("C", s.c());
        m.put("D", s.d());
        StateSpace.Dplr f = r.runs().get(SsmSpec.Method.DPLR).available() ? dplrOf(r) : null;
        if (f != null) {
            m.put("p", f.p());
            m.put("q", f.q());
            m.put("c", f.c());
        }
        m.put("kernel", series(r.kernel()));
        m.put("kernel_sequential", series(r.sequential()));
        m.put("kernel_max_difference", r.runs().get(r.method()).diff().maxAbs());
        Map<String, Object> methods = new LinkedHashMap<>();
        for (SsmResult.Run run : r.runs().values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("available", run.available());
            if (run.available()) {
                e.put("ms", run.ms());
                e.put("max_difference", run.diff().maxAbs());
                e.put("overflow_mismatches", run.diff().mismatched());
                e.put("backend", run.where());
            } else {
                e.put("reason", run.unavailable());
            }
            methods.put(run.method().id(), e);
        }
        m.put("methods", methods);
        m.put("kernel_overflow_from", SsmResult.firstOverflow(r.kernel()));
        m.put("u", series(r.u()));
        m.put("y_recurrent", series(r.yRecurrent()));
        m.put("y_convolution", series(r.yConvolution()));
        m.put("convolution", r.fft() ? "fft" : "direct");
        m.put("y_max_difference", r.yDiff().maxAbs());
        m.put("y_max_relative_difference", r.yDiff().maxRel());
        List<double[]> eig = new ArrayList<>();
        for (int i = 0; i < s.n(); i++) eig.add(new double[]{r.eigenvalues()[0][i], r.eigenvalues()[1][i]});
        m.put("eigenvalues", eig);
        m.put("spectral_radius", r.spectralRadius());
        m.put("recurrent_ms", r.recurrentMs());
        m.put("convolution_ms", r.convolutionMs());
        MultiChannel.Timing t = r.timing();
        if (t != null) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("backend", t.backend().label());
            tm.put("methods", MultiChannel.METHODS);
            tm.put("method_backends", t.how());
            tm.put("T", t.tValues());
            tm.put("H_at_T", t.hFixed());
            tm.put("ms_vs_T", t.msVsT());
            tm.put("H", t.hValues());
            tm.put("T_at_H", t.tFixed());
            tm.put("ms_vs_H", t.msVsH());
            tm.put("max_difference_dense", t.maxDiffDense());
            tm.put("max_difference_diagonal", t.maxDiffDiagonal());
            m.put("timing", tm);
        }
        if (v.b("depth")) {
            CriticalPath.Curve c = CriticalPath.curve(r.system().n(), v.i("L"));
            Map<String, Object> cp = new LinkedHashMap<>();
            cp.put("n", c.n());
            cp.put("L", c.len());
            cp.put("recurrence", c.recurrence());
            cp.put("sequential_kernel", c.sequentialKernel());
            cp.put("doubling_kernel", c.doublingKernel());
            cp.put("convolution", c.convolution());
            cp.put("kernel_then_convolve", c.kernelThenConvolve());
            m.put("critical_path", cp);
        }
        return m;
    }

    /** A series for JSON: numbers, with overflow as "Infinity", "-Infinity" or "overflow" (sign lost), never NaN. */
    static Object series(double[] x) {
        boolean finite = true;
        for (double d : x) finite &= Double.isFinite(d);
        if (finite) return x;
        List<Object> out = new ArrayList<>(x.length);
        for (double d : x) {
            if (Double.isFinite(d)) out.add(d);
            else if (Double.isNaN(d)) out.add("overflow");
            else out.add(d > 0 ? "Infinity" : "-Infinity");
        }
        return out;
    }

    @Override
    public List<Figure> figures(Values v, SsmResult r) {
        List<Figure> f = new ArrayList<>(SsmFigures.all(r, v.s("scale").equals("log"), v.s("input"), v.b("depth")));
        if (v.b("depth")) f.add(SsmFigures.criticalPath(CriticalPath.curve(r.system().n(), v.i("L")), v.i("L")));
        return f;
    }

    @Override
    public List<String> liveFormulas(Values v, SsmResult r) {
        double[] k = r.kernel();
        List<String> f = new java.util.ArrayList<>();
        f.add("K_0 = D = " + tex(k[0]) + ", \\quad K_1 = C B = " + tex(k.length > 1 ? k[1] : Double.NaN));
        int l = Math.min(3, k.length - 1);
        if (l >= 2) {
            String power = l - 1 == 1 ? "A" : "A^{" + (l - 1) + "}";
            String scalar = r.system().n() == 1 ? " = " + glassbox.core.Fmt.sig(r.system().c()[0], 4) + " \\cdot " + glassbox.core.Fmt.sig(r.system().a()[0][0], 4)
                    + "^{" + (l - 1) + "} \\cdot " + glassbox.core.Fmt.sig(r.system().b()[0], 4) : "";
            f.add("K_" + l + " = C " + power + " B" + scalar + " = " + tex(k[l]));
        }
        int last = r.yConvolution().length - 1;
        f.add("y_{" + last + "} = \\sum_{l=0}^{" + last + "} K_l\\, u_{" + last + "-l} = " + tex(r.yConvolution()[last])
                + " \\quad (\\text{recurrence: } " + tex(r.yRecurrent()[last]) + ")");
        f.add("\\rho(A) = " + tex(r.spectralRadius()) + (r.spectralRadius() < 1 ? " < 1: \\text{the kernel decays}"
                : r.spectralRadius() > 1 ? " > 1: \\text{the kernel grows}" : ": \\text{on the unit circle}"));
        return f;
    }

    @Override
    public List<Values> benchSweep(String size) {
        List<Values> out = new ArrayList<>();
        Values base = defaults().with(Map.of("L", "64"));
        if (size.equals("large")) {
            base = defaults().with(Map.of("structure", "random", "n", "64", "L", "16384", "method", "doubling", "conv", "fft", "radius", "0.99"));
        }
        String[] inputs = {"impulse", "step", "sine", "noise"};
        // A user at the controls: input and sine period most often, the seed now and then, the spectral radius
        // (large) or L (default) slider occasionally.
        for (int k = 0; k < 120; k++) {
            Values v = base.with(Map.of("input", inputs[k % 4], "period", Integer.toString(8 + k % 17)));
            if (k % 10 == 5) v = v.with("seed", Integer.toString(1 + k / 10));
            if (size.equals("large")) {
                if (k % 20 == 9) v = v.with("radius", Fmt.num(0.9 + 0.005 * (k / 20)));
            } else {
                if (k % 9 == 4) v = v.with("L", Integer.toString(65 + k % 4));
                if (k % 7 == 3) v = v.with("method", "doubling");
                if (k % 11 == 4) v = v.with("scale", "log");
            }
            out.add(v);
        }
        return out;
    }
}
