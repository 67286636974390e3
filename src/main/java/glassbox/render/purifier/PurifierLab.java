package glassbox.render.purifier;

import static glassbox.render.FormulaFigure.tex;
import static glassbox.render.FormulaFigure.par;
import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Matrix;
import glassbox.core.MatrixLiteral;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.purifier.Candidate;
import glassbox.core.purifier.Data;
import glassbox.core.purifier.DataSpec;
import glassbox.core.purifier.Purifier;
import glassbox.core.purifier.PurifierResult;
import glassbox.core.purifier.Ridge;
import glassbox.core.purifier.Svd;
import glassbox.render.Figure;
import glassbox.render.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docs/LABS.md §3: the ridge purifier Ŵ = U diag(σ²/(σ²+λ)) Uᵀ, its feasible λ interval and candidate encoders. */
public final class PurifierLab implements Lab<PurifierResult> {

    public static final List<String> INPUTS = List.of("auto", "sigmas", "power-law", "low-rank+noise", "X", "random", "csv");

    private static final List<Param> PARAMS = List.of(
            Param.choice("input", "Input", INPUTS, "auto",
                    "auto: the CSV file if one is named, else X if given, else the σ list. sigmas / power-law / low-rank+noise give singular values"
                            + " directly (data in its principal basis, U = I); X, random, csv give a data matrix whose SVD the lab computes.").in("Input"),
            Param.matrix("sigmas", "Singular values σ", "10,8,4,1,0.5,0.36,0.16,0.01",
                    "Comma list of singular values ≥ 0, any order (sorted descending).").in("Input"),
            Param.text("X", "Data X (m×n)", "",
                    "Matrix literal: rows are the m dimensions, columns the n ≥ m data points (rows by ';', entries by ',').").in("Input"),
            Param.text("csv", "CSV file", "",
                    "Path of a CSV file: one data point per line, one column per dimension (X is its transpose); a text header line and # comments are skipped.").in("Input"),
            Param.integer("m", "Dimensions m", 2, Data.MAX_SIGMAS, 8, "Number of singular values of a profile (2 … " + Data.MAX_SIGMAS + "), or rows of random X (2 … " + Svd.MAX_M + ", the SVD's limit).").in("Generate"),
            Param.integer("n", "Points n", 2, 16384, 64, "Data points (columns) of random X; at least m.").in("Generate"),
            Param.integer("rank", "Signal rank r", 1, 1024, 3, "Directions carrying signal in low-rank+noise and random X.").in("Generate"),
            Param.real("noise", "Noise level ν", 0, 100, 0.3, "low-rank+noise: the σ noise floor; random X: standard deviation of the added Gaussian noise.").in("Generate"),
            Param.logReal("scale", "Scale", 1e-3, 1e3, 10, "power-law: σ_1; low-rank+noise: the largest signal σ; random X: spread of the signal along its first direction.").in("Generate"),
            Param.real("alpha", "Power-law exponent α", 0, 4, 1, "power-law profile σ_i = scale·i^(−α).").in("Generate"),
            Param.integer("seed", "Random seed", 0, Integer.MAX_VALUE, 1, "Seeds random X.").in("Generate"),
            Param.logReal("lambda", "λ (weight decay)", 1e-4, 1e4, 1, "Weight decay of L(W) = ‖X − W X‖² + λ‖W‖²; f_i = σ_i²/(σ_i² + λ), ½ at σ = √λ.").in("Regularisation"),
            Param.integer("keep_top", "Keep the top k", 1, Data.MAX_SIGMAS - 1, 3, "k: the directions 1…k to keep (1 ≤ k ≤ m − 1).").in("Constraint"),
            Param.real("keep_min", "… each at least p_keep", 0, 1, 0.8, "Keep f_i ≥ p_keep for i ≤ k (0 < p_keep < 1).").in("Constraint"),
            Param.real("atten_max", "Attenuate the rest to ≤ p_att", 0, 1, 0.5, "Attenuate f_i ≤ p_att for i > k (0 < p_att < 1).").in("Constraint"),
            Param.text("candidates", "Candidate encoders", "identity=I|zero=0",
                    "name=W items separated by '|'; W is I, 0, diag(a,b,…) or an m×m matrix literal (in the principal basis when σ are given directly).").in("Candidates")
    );

    private final Purifier engine = new Purifier();

    @Override public String id() { return "purifier"; }

    @Override public String title() { return "Ridge purifier spectrum"; }

    @Override public String summary() { return "Weight decay on a linear autoencoder keeps each singular direction by σ²/(σ²+λ): choose λ, see what survives."; }

    @Override public String formulas() {
        return """
                Loss: L(W) = ‖X − W X‖_F² + λ ‖W‖_F²,  X = U Σ Vᵀ (m×n, points as columns, n ≥ m)
                Minimiser: Ŵ = U diag(f) Uᵀ = X Xᵀ (X Xᵀ + λI)⁻¹,  f_i = σ_i²/(σ_i² + λ)  (f = ½ at σ = √λ)
                Keep the top k: f_k ≥ p_keep ⇔ λ ≤ σ_k² (1 − p_keep)/p_keep
                Attenuate the rest: f_{k+1} ≤ p_att ⇔ λ ≥ σ_{k+1}² (1 − p_att)/p_att
                Feasible λ: [σ_{k+1}²(1 − p_att)/p_att, σ_k²(1 − p_keep)/p_keep], empty when the left end is larger
                Candidate W: total(λ) = ‖X − W X‖_F² + λ ‖W‖_F², a line in λ; the best changes where two lines cross
                Optimum: L(Ŵ) = Σ λσ_i²/(σ_i² + λ)
                σ given directly: X is taken in its principal basis (U = I, X Xᵀ = diag(σ²)).
                Indices: σ_1 ≥ σ_2 ≥ … ≥ σ_m, 1-based.""";
    }

    @Override public List<Param> params() { return PARAMS; }

    /** What each input reads (as dataSpec does): every other input parameter has no effect. */
    private static final Map<String, List<String>> READS = Map.of(
            "sigmas", List.of("sigmas"),
            "power-law", List.of("m", "scale", "alpha"),
            "low-rank+noise", List.of("m", "rank", "noise", "scale"),
            "X", List.of("X"),
            "random", List.of("m", "n", "rank", "noise", "scale", "seed"),
            "csv", List.of("csv"));

    @Override public Map<String, String> inactive(Values v) {
        String src = source(v);
        List<String> reads = READS.getOrDefault(src, List.of());
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var e : READS.entrySet()) {
            for (String key : e.getValue()) {
                if (reads.contains(key) || out.containsKey(key)) continue;
                List<String> users = READS.entrySet().stream().filter(x -> x.getValue().contains(key)).map(Map.Entry::getKey).sorted().toList();
                out.put(key, "No effect with input " + src + ": only " + String.join(", ", users) + " read" + (users.size() == 1 ? "s" : "")
                        + " it. Choose Input " + String.join(" or ", users) + " to use it.");
            }
        }
        return out;
    }

    /** Which input the settings select (auto resolved). */
    public static String source(Values v) {
        String in = v.s("input");
        if (!in.equals("auto")) return in;
        if (!v.s("csv").isBlank()) return "csv";
        if (!v.s("X").isBlank()) return "X";
        return "sigmas";
    }

    /** The typed spec of the data: the source and only the parameters it reads (the data memo's key). */
    public static DataSpec dataSpec(Values v) {
        String src = source(v);
        return switch (src) {
            case "sigmas" -> new DataSpec(DataSpec.Source.SIGMAS, Matrix.of(v.m("sigmas")), null, null, null, 0, 0, 0, 0, 0, 0, 0);
            case "power-law" -> new DataSpec(DataSpec.Source.POWER_LAW, null, null, null, null, v.i("m"), 0, 0, 0, v.d("scale"), v.d("alpha"), 0);
            case "low-rank+noise" -> new DataSpec(DataSpec.Source.LOW_RANK_NOISE, null, null, null, null, v.i("m"), 0, v.i("rank"), v.d("noise"), v.d("scale"), 0, 0);
            case "X" -> new DataSpec(DataSpec.Source.X, null, v.s("X").isBlank() ? null : Matrix.of(MatrixLiteral.parse("X", v.s("X"))), null, null, 0, 0, 0, 0, 0, 0, 0);
            case "random" -> new DataSpec(DataSpec.Source.RANDOM, null, null, null, null, v.i("m"), v.i("n"), v.i("rank"), v.d("noise"), v.d("scale"), 0, v.seed("seed"));
            case "csv" -> {
                Path p = csvPath(v);
                yield new DataSpec(DataSpec.Source.CSV, null, null, p.toString(), fileStamp(p), 0, 0, 0, 0, 0, 0, 0);
            }
            default -> throw new ParamException("input", src, "expected " + String.join(", ", INPUTS));
        };
    }

    private static Path csvPath(Values v) {
        String p = v.s("csv");
        if (p.isBlank()) throw new ParamException("csv", "\"\"", "input = csv needs the path of a CSV file");
        try {
            return Path.of(p).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ParamException("csv", "\"" + p + "\"", "not a valid path: " + e.getReason());
        }
    }

    /** Size and modification time, so an edited file is read again while an unchanged one is not. */
    private static String fileStamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "missing"; // Csv.readPoints names the problem
        }
    }

    /**
     * Values the user did not set follow the data's dimension m: keep_top to at most m − 1, the rank of generated data
     * below m, n of random X to at least m, and candidate encoders that do not fit m are dropped (docs/LABS.md: defaults
     * never reject the user's input). m is read from the σ list, X's rows or the m parameter (a CSV file is not read here).
     */
    @Override
    public Values resolve(Values v) {
        try {
            String src = source(v);
            int m = switch (src) {
                case "sigmas" -> MatrixLiteral.vector("sigmas", v.m("sigmas")).length;
                case "X" -> v.s("X").isBlank() ? 0 : MatrixLiteral.parse("X", v.s("X")).length;
                case "power-law", "low-rank+noise", "random" -> v.i("m");
                default -> 0;
            };
            if (m < 2) return v;
            if (!v.isSet("keep_top") && v.i("keep_top") > m - 1) v = v.follow("keep_top", Integer.toString(m - 1));
            if (src.equals("low-rank+noise") && !v.isSet("rank") && v.i("rank") >= m) v = v.follow("rank", Integer.toString(m - 1));
            if (src.equals("random")) {
                if (!v.isSet("rank") && v.i("rank") > m) v = v.follow("rank", Integer.toString(m));
                if (!v.isSet("n") && v.i("n") < m) v = v.follow("n", Integer.toString(m));
            }
            if (!v.isSet("candidates")) {
                StringBuilder kept = new StringBuilder();
                for (String item : v.s("candidates").split("\\|")) {
                    if (item.isBlank()) continue;
                    try {
                        Candidate.parse("candidates", item, m);
                        kept.append(kept.length() > 0 ? "|" : "").append(item.trim());
                    } catch (ParamException e) {
                        // does not fit this m: left out
                    }
                }
                if (!kept.toString().equals(v.s("candidates").trim())) v = v.follow("candidates", kept.toString());
            }
            return v;
        } catch (ParamException e) {
            return v; // text that does not parse: compute names it
        }
    }

    @Override
    public void check(Values v) {
        dataSpec(v);
    }

    @Override
    public PurifierResult compute(Values v, Backend backend) {
        // Small matrices (m ≤ 256): plain Java on every backend; the SVD is a memo, so λ never recomputes it.
        return engine.compute(dataSpec(v), v.d("lambda"), v.i("keep_top"), v.d("keep_min"), v.d("atten_max"), v.s("candidates"));
    }

    static String listOrRange(double[] a, int digits) {
        if (a.length <= 10) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ", ").append(Fmt.sig(a[i], digits));
            return sb.toString();
        }
        return Fmt.sig(a[0], digits) + " … " + Fmt.sig(a[a.length - 1], digits) + " (" + a.length + " values)";
    }

    static String interval(Ridge.Interval iv) {
        return "[" + Fmt.sig(iv.lo(), 4) + ", " + Fmt.sig(iv.hi(), 4) + "]";
    }

    @Override
    public List<Readout> readouts(Values v, PurifierResult r) {
        Data d = r.data();
        Ridge.Interval iv = r.interval();
        double lambda = r.lambda();
        List<Readout> out = new ArrayList<>();
        out.add(Readout.of("Input", d.description(), d.hasX() ? "X is m×n with points as columns; its SVD was computed once (cached while only λ, the constraint or candidates change)."
                : "Singular values given directly: the data is taken in its principal basis, U = I."));
        if (d.hasX()) out.add(Readout.of("SVD time (last data change)", Fmt.ms(d.svdMs()), "Jacobi eigen-decomposition of X Xᵀ (" + d.m() + "×" + d.m() + "), plain Java."));
        out.add(Readout.of("σ (descending)", listOrRange(d.sigma(), 4), "σ_1 ≥ … ≥ σ_m."));
        out.add(Readout.of("λ, √λ", Fmt.sig(lambda, 4) + ", " + Fmt.sig(Math.sqrt(lambda), 4), "Directions with σ = √λ are kept by exactly ½."));
        out.add(Readout.of("f_i = σ_i²/(σ_i²+λ)", listOrRange(r.filter(), 3), "Filter factor of each singular direction."));
        out.add(Readout.of("Critical σ_k, σ_{k+1}", "σ_" + iv.k() + " = " + Fmt.sig(iv.sigmaK(), 4) + ", σ_" + (iv.k() + 1) + " = " + Fmt.sig(iv.sigmaK1(), 4),
                "f is increasing in σ: keeping σ_k keeps all above it, attenuating σ_{k+1} attenuates all below."));
        if (iv.feasible()) {
            out.add(Readout.of("Feasible λ", interval(iv), "σ_{k+1}²(1 − p_att)/p_att ≤ λ ≤ σ_k²(1 − p_keep)/p_keep = "
                    + Fmt.sig(iv.sigmaK1(), 4) + "²·" + Fmt.sig((1 - iv.pAtt()) / iv.pAtt(), 4) + " ≤ λ ≤ " + Fmt.sig(iv.sigmaK(), 4) + "²·" + Fmt.sig((1 - iv.pKeep()) / iv.pKeep(), 4)));
            out.add(iv.contains(lambda) ? Readout.of("Current λ", "satisfies both", "f_k ≥ p_keep and f_{k+1} ≤ p_att.")
                    : Readout.warn("Current λ", "outside the feasible interval", lambda < iv.lo() ? "λ too small: σ_{k+1} is not attenuated enough." : "λ too large: σ_k is not kept enough."));
            if (!Double.isFinite(iv.hi())) out.add(Readout.warn("Overflow", "σ_k² overflows", "The upper end is beyond double precision."));
        } else {
            out.add(Readout.warn("Feasible λ", "no λ satisfies both", iv.reason()));
        }
        Ridge.Optimum o = r.optimum();
        out.add(Readout.of("Optimum Ŵ: ‖X−ŴX‖² + λ‖Ŵ‖²", Fmt.sig(o.reconstruction(), 4) + " + " + Fmt.sig(lambda, 4) + "·" + Fmt.sig(o.regularization(), 4)
                + " = " + Fmt.sig(o.total(), 4), "The least loss any W reaches at this λ: Σ λσ_i²/(σ_i²+λ)."));
        for (Candidate c : r.candidates()) {
            double t = c.total(lambda);
            String text = Fmt.sig(c.reconstruction(), 4) + " + " + Fmt.sig(lambda, 4) + "·" + Fmt.sig(c.regularization(), 4) + " = " + Fmt.sig(t, 4);
            String help = "‖X − W X‖_F² + λ‖W‖_F² for W = " + c.name() + ": reconstruction " + Fmt.sig(c.reconstruction(), 6)
                    + ", regularisation ‖W‖² " + Fmt.sig(c.regularization(), 6) + ", total " + Fmt.sig(t, 6);
            out.add(Double.isFinite(t) ? Readout.of("Candidate " + c.name(), text, help) : Readout.warn("Candidate " + c.name(), "overflow", help));
        }
        Candidate best = r.best();
        if (best != null && r.candidates().size() > 1) {
            out.add(Readout.of("Best at this λ", best.name(), "The candidate with the least total loss."));
            if (r.crossovers().isEmpty()) {
                out.add(Readout.of("Crossover λ", "none", "The same candidate is best for every λ > 0."));
            } else {
                StringBuilder sb = new StringBuilder();
                for (Candidate.Crossover x : r.crossovers()) {
                    if (sb.length() > 0) sb.append("; ");
                    sb.append(Fmt.sig(x.lambda(), 4)).append(" (").append(x.from()).append(" → ").append(x.to()).append(')');
                }
                out.add(Readout.of("Crossover λ", sb.toString(), "Where two candidates' totals are equal: λ = (r_b − r_a)/(g_a − g_b)."));
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> json(Values v, PurifierResult r) {
        Data d = r.data();
        Ridge.Interval iv = r.interval();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", id());
        m.put("parameters", v.asText());
        m.put("input", d.source());
        m.put("m", d.m());
        if (d.hasX()) {
            m.put("n", d.n());
            m.put("X", d.x());
        }
        m.put("sigmas", d.sigma());
        m.put("filter", r.filter());
        m.put("lambda", r.lambda());
        m.put("lambda_interval", iv.feasible() ? new double[]{iv.lo(), iv.hi()} : null);
        if (!iv.feasible()) m.put("lambda_interval_reason", iv.reason());
        m.put("keep_top", iv.k());
        m.put("critical_sigmas", new double[]{iv.sigmaK(), iv.sigmaK1()});
        if (d.hasX()) {
            m.put("W", r.w());
            m.put("U", d.svd().u());
        }
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Candidate c : r.candidates()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("W", c.w());
            e.put("reconstruction", c.reconstruction());
            e.put("regularization", c.regularization());
            e.put("total", c.total(r.lambda()));
            cs.add(e);
        }
        m.put("candidates", cs);
        Candidate best = r.best();
        m.put("best", best == null ? null : best.name());
        m.put("crossover_lambda", r.crossoverLambda());
        List<Map<String, Object>> xs = new ArrayList<>();
        for (Candidate.Crossover x : r.crossovers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("lambda", x.lambda());
            e.put("from", x.from());
            e.put("to", x.to());
            xs.add(e);
        }
        m.put("crossovers", xs);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("reconstruction", r.optimum().reconstruction());
        o.put("regularization", r.optimum().regularization());
        o.put("total", r.optimum().total());
        m.put("optimum", o);
        return m;
    }

    @Override
    public List<String> liveFormulas(Values v, PurifierResult r) {
        double[] sigma = r.data().sigma();
        double lambda = r.lambda();
        Ridge.Interval iv = r.interval();
        int k = iv.k();
        List<String> out = new ArrayList<>();
        // The two directions the constraint hinges on: the smallest kept (k) and the largest attenuated (k + 1).
        out.add(filter(k, sigma[k - 1], lambda, r.filter()[k - 1], true, "p_{\\text{keep}}", iv.pKeep()));
        out.add(filter(k + 1, sigma[k], lambda, r.filter()[k], false, "p_{\\text{att}}", iv.pAtt()));
        String bounds = "\\lambda \\in \\left[\\sigma_{" + (k + 1) + "}^2 \\tfrac{1-p_{\\text{att}}}{p_{\\text{att}}},\\ \\sigma_{" + k + "}^2 \\tfrac{1-p_{\\text{keep}}}{p_{\\text{keep}}}\\right] = ["
                + sq(iv.sigmaK1()) + " \\cdot " + tex((1 - iv.pAtt()) / iv.pAtt()) + ",\\ " + sq(iv.sigmaK()) + " \\cdot " + tex((1 - iv.pKeep()) / iv.pKeep()) + "]";
        out.add(bounds + (iv.feasible() ? " = [" + tex(iv.lo()) + ",\\ " + tex(iv.hi()) + "]"
                : " = [" + tex(iv.lo()) + ",\\ " + tex(iv.hi()) + "] = \\emptyset"));
        out.add("\\hat W = X X^\\top (X X^\\top + \\lambda I)^{-1},\\quad L(\\hat W) = \\sum_i \\frac{\\lambda \\sigma_i^2}{\\sigma_i^2 + \\lambda} = "
                + tex(r.optimum().total()));
        Candidate best = r.best();
        if (best != null) {
            out.add("L(W_{\\text{" + texText(best.name()) + "}}) = \\|X - W X\\|_F^2 + \\lambda \\|W\\|_F^2 = " + tex(best.reconstruction())
                    + (best.regularization() == 0 ? " + 0" : " + " + tex(lambda) + " \\cdot " + par(best.regularization())) + " = " + tex(best.total(lambda)));
        }
        return out;
    }

    /** f_i = σ_i²/(σ_i² + λ) with the numbers, and how it compares with its bound. */
    private static String filter(int i, double s, double lambda, double f, boolean atLeast, String boundName, double bound) {
        String rel = atLeast ? (f >= bound ? "\\ge" : "<") : (f <= bound ? "\\le" : ">");
        return "f_{" + i + "} = \\frac{\\sigma_{" + i + "}^2}{\\sigma_{" + i + "}^2 + \\lambda} = \\frac{" + sq(s) + "}{" + sq(s) + " + " + tex(lambda) + "} = "
                + tex(f) + " " + rel + " " + boundName + " = " + tex(bound);
    }

    /** x² as typeset: 4^2, or (1.2 \\cdot 10^{-5})^2. */
    private static String sq(double x) {
        String t = tex(x);
        return (t.matches("[0-9.]+") ? t : "(" + t + ")") + "^2";
    }

    /** A user's name inside \\text{}: characters that LaTeX treats specially are escaped. */
    private static String texText(String s) {
        return s.replace("\\", "").replace("_", "\\_").replace("{", "").replace("}", "").replace("$", "").replace("^", "").replace("&", "\\&").replace("%", "\\%").replace("#", "\\#");
    }

    @Override
    public List<Figure> figures(Values v, PurifierResult r) {
        return PurifierFigures.all(r);
    }

    @Override
    public List<Values> benchSweep(String size) {
        Values base = defaults();
        if (size.equals("large")) {
            base = base.with(Map.of("input", "random", "m", "256", "n", "1024", "rank", "8", "scale", "4", "noise", "0.1",
                    "keep_top", "8", "keep_min", "0.6", "atten_max", "0.4", "candidates", "identity=I|zero=0"));
        }
        // A user dragging the λ slider across its range and back: the data (and its SVD) stays put.
        List<Values> out = new ArrayList<>();
        for (int k = 0; k < 120; k++) {
            double t = k < 60 ? k / 59.0 : (119 - k) / 59.0;
            double lambda = Math.pow(10, -4 + 8 * t);
            out.add(base.with("lambda", String.format(Locale.ROOT, "%.6g", lambda)));
        }
        return out;
    }
}
