package glassbox.render.conv;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Param;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.conv.Conv;
import glassbox.core.conv.ConvMatrix;
import glassbox.core.conv.ConvResult;
import glassbox.core.conv.ConvSpec;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docs/LABS.md §1: a convolution layer as the sparse matrix A with y = A x. */
public final class ConvLab implements Lab<ConvResult> {
    /** Holds the lab's memos (the pattern of A): one per lab, never static. */
    private final Conv engine = new Conv();
    /** The last density summary of A drawn (figures are made per frame; this outlives them). */
    private final glassbox.core.Memo<PatternFigure.SummaryKey, PatternFigure.Summary> summaries = new glassbox.core.Memo<>();

    /** What is pointed at: a row of A (output index), a column (input index), a weight; -1 for none. */
    public record Highlight(int row, int col, int weight) {}

    /** Above this many entries of A the JSON leaves out the list of non-zeros. */
    public static final long JSON_MATRIX_LIMIT = 10_000_000L;

    private static final List<Param> PARAMS = List.of(
            Param.integer("h", "Input height h", 1, 1024, 8, "Rows of the input image.").in("Input"),
            Param.integer("w", "Input width w", 1, 1024, 8, "Columns of the input image.").in("Input"),
            Param.integer("ci", "Input channels c_i", 1, 512, 2, "Channels of the input image.").in("Input"),
            Param.integer("co", "Filters c_o", 1, 1024, 3, "Output channels: the number of filters.").in("Layer"),
            Param.integer("kh", "Kernel height k_h", 1, 64, 3, "Rows of each filter; at most h + 2·p_h.").in("Layer"),
            Param.integer("kw", "Kernel width k_w", 1, 64, 3, "Columns of each filter; at most w + 2·p_w.").in("Layer"),
            Param.integer("sh", "Stride s_h", 1, 64, 1, "Step between windows along rows.").in("Layer"),
            Param.integer("sw", "Stride s_w", 1, 64, 1, "Step between windows along columns.").in("Layer"),
            Param.integer("ph", "Padding p_h", 0, 64, 0, "Zero rows added above and below the input.").in("Layer"),
            Param.integer("pw", "Padding p_w", 0, 64, 0, "Zero columns added left and right of the input.").in("Layer"),
            Param.bool("bias", "Bias", false, "Adds c_o trainable parameters; the bias is not part of the linear map A.").in("Layer"),
            Param.choice("order", "Flattening", List.of("hwc", "chw", "patch"), "hwc",
                    "How x and y are flattened: hwc (i·w + j)·c_i + c; chw c·h·w + i·w + j (torch.flatten of NCHW); patch: x patch by patch "
                            + "(a ViT's patch embedding; needs k = s dividing h and w, no padding), where non-overlapping patches make A block-diagonal.").in("View"),
            Param.choice("colour", "Colour A by", List.of("value", "weight"), "value",
                    "value: each non-zero by its weight on a diverging scale; weight: by which weight it is (sharing).").in("View"),
            Param.integer("seed", "Random seed", 0, Integer.MAX_VALUE, 1, "Seeds the random weights W and input x.").in("View"),
            Param.integer("kfirst", "First filter shown", 0, 1023, 0, "Kernel W shows a page of filters from this one (0-based; moved to the last filter when beyond c_o).").in("View")
    );

    @Override public String id() { return "conv"; }

    @Override public String title() { return "Convolution as a sparse matrix"; }

    @Override public String summary() { return "A conv layer is a linear map y = A x: see A's sparsity and weight sharing."; }

    @Override public String formulas() {
        return """
                Output size: h' = floor((h + 2p_h − k_h)/s_h) + 1, w' = floor((w + 2p_w − k_w)/s_w) + 1
                Flattening HWC: input (i·w + j)·c_i + c, output (u·w' + v)·c_o + o
                Flattening CHW: input c·h·w + i·w + j, output o·h'·w' + u·w' + v
                Flattening patch (k = s, tiling the image): input ((i div k_h)·(w/k_w) + j div k_w)·k_h·k_w·c_i + ((i mod k_h)·k_w + j mod k_w)·c_i + c, output as HWC;
                  A is then block-diagonal (one c_o × k_h·k_w·c_i block per patch); in HWC or CHW order the same A is a staircase
                Entries: A[(u,v,o), (u·s_h + a − p_h, v·s_w + b − p_w, c)] = W[o, c, a, b] when that input position is inside the image; 0 otherwise
                d_in = h·w·c_i, d_out = h'·w'·c_o, density = nnz/(d_in·d_out); without padding density = k_h·k_w/(h·w)
                Parameters: c_o·c_i·k_h·k_w (+ c_o with bias)
                Indices are 0-based.""";
    }

    @Override public List<Param> params() { return PARAMS; }

    public static ConvSpec spec(Values v) {
        return new ConvSpec(v.i("h"), v.i("w"), v.i("ci"), v.i("co"), v.i("kh"), v.i("kw"), v.i("sh"), v.i("sw"),
                v.i("ph"), v.i("pw"), ConvSpec.Order.valueOf(v.s("order").toUpperCase(java.util.Locale.ROOT)), v.b("bias"));
    }

    /**
     * Values the user did not set follow the image (docs/LABS.md: defaults never reject the user's input): a kernel
     * larger than the padded input shrinks to it, and the patch order falls back to hwc where the patches no longer
     * tile the image.
     */
    @Override
    public Values resolve(Values v) {
        if (!v.isSet("kh") && v.i("kh") > v.i("h") + 2 * v.i("ph")) v = v.follow("kh", Integer.toString(v.i("h") + 2 * v.i("ph")));
        if (!v.isSet("kw") && v.i("kw") > v.i("w") + 2 * v.i("pw")) v = v.follow("kw", Integer.toString(v.i("w") + 2 * v.i("pw")));
        if (!v.isSet("order") && v.s("order").equals("patch")) {
            if (!ConvSpec.tiles(v.i("h"), v.i("w"), v.i("kh"), v.i("kw"), v.i("sh"), v.i("sw"), v.i("ph"), v.i("pw"))) v = v.follow("order", "hwc");
        }
        return v;
    }

    @Override
    public void check(Values v) {
        spec(v);
    }

    @Override
    public ConvResult compute(Values v, Backend backend) {
        return engine.compute(spec(v), v.seed("seed"), backend, false);
    }

    @Override
    public List<Readout> readouts(Values v, ConvResult r) {
        ConvSpec s = r.spec();
        List<Readout> out = new ArrayList<>();
        out.add(Readout.of("Output size h' × w' × c_o", s.hOut() + " × " + s.wOut() + " × " + s.co(), "h' = floor((h + 2p_h − k_h)/s_h) + 1"));
        out.add(Readout.of("d_in = h·w·c_i", Fmt.count(s.dIn()), "Length of the flattened input x."));
        out.add(Readout.of("d_out = h'·w'·c_o", Fmt.count(s.dOut()), "Length of the flattened output y."));
        out.add(Readout.of("Entries of A", Fmt.count(s.dIn() * s.dOut()), "d_in · d_out"));
        out.add(Readout.of("Non-zeros of A", Fmt.count(s.nnz()), "Counted exactly, padding included."));
        out.add(Readout.of("Density", Fmt.sig(s.density(), 4), "nnz / (d_in · d_out)"));
        out.add(Readout.of("Sparsity", Fmt.sig(1 - s.density(), 6), "1 − density: the fraction of zeros."));
        boolean noPad = s.ph() == 0 && s.pw() == 0;
        out.add(Readout.of("k_h·k_w/(h·w)", s.kh() + "·" + s.kw() + "/(" + s.h() + "·" + s.w() + ") = " + Fmt.sig(s.densityFormula(), 4)
                + (noPad ? "" : " (formula without padding)"), "Without padding the density equals this exactly."));
        out.add(Readout.of("Columns row 0 spans", spans(s) + " (" + Fmt.count(ConvMatrix.rowNonZeros(s, 0)) + " non-zeros)",
                "From the first to the last non-zero of row 0 of A, in each flattening order. In patch order (non-overlapping patches only) a window's "
                        + "k_h·k_w·c_i inputs are consecutive columns, so A is block-diagonal; in hwc or chw order the window's rows lie apart (a staircase)."));
        out.add(Readout.of("Trainable parameters", Fmt.count(s.trainableParams()),
                "c_o·c_i·k_h·k_w = " + Fmt.count(s.weightCount()) + (s.bias() ? " + c_o = " + s.co() + " biases" : "")));
        long minRep = Long.MAX_VALUE, maxRep = 0;
        for (int a = 0; a < s.kh(); a++) {
            for (int b = 0; b < s.kw(); b++) {
                long rep = (long) s.rowsReading(a) * s.colsReading(b);
                minRep = Math.min(minRep, rep);
                maxRep = Math.max(maxRep, rep);
            }
        }
        out.add(Readout.of("Each weight appears in A", minRep == maxRep ? Fmt.count(minRep) + " times" : Fmt.count(minRep) + " to " + Fmt.count(maxRep) + " times",
                "Weight sharing: W[o,c,a,b] sits in every row (u,v,o) whose window puts (a,b) inside the image."));
        String check = r.sampled() ? " (on " + Fmt.count(r.checkedRows().length) + " sampled rows of " + Fmt.count(s.dOut()) + ")" : "";
        out.add(Readout.of("max |A·x − conv(x)|", Fmt.sig(r.maxDiff(), 3) + check + (r.backend().nd4j() ? " (conv in float32)" : ""),
                "A·x by sparse multiplication (double) against direct convolution (" + r.backend().label()
                        + (r.backend().nd4j() ? ", float32 as frameworks compute it: differences of about 1e-6 are rounding" : ", double") + ")."));
        String part = r.directChannels() < s.co() ? "; " + r.directChannels() + " of " + s.co() + " channels + checked rows" : "";
        out.add(Readout.of("Direct conv time", Fmt.ms(r.directMs()) + " (" + r.backend().label() + part + ")",
                "Layers under " + Fmt.count(Conv.ND4J_MIN_MACS) + " multiply-adds run in plain Java on every backend: ND4J's per-call overhead would dominate."
                        + (part.isEmpty() ? "" : " For a layer this large the window convolves only the " + r.directChannels()
                        + " output channels it draws and the sampled rows it checks; an export computes every channel.")));
        out.add(Readout.of("Sparse A·x time", Fmt.ms(r.sparseMs()), "Row by row from the index formula, never storing A."));
        if (s.unreadInputRows() > 0 || s.unreadInputCols() > 0) {
            out.add(Readout.warn("Never read", unreadText(s),
                    "(h + 2p_h − k_h) is not a multiple of s_h: frameworks floor silently, and the last rows/columns are skipped."));
        }
        return out;
    }

    /** Row 0's column span in the current order first, then in the others that apply. */
    static String spans(ConvSpec s) {
        List<String> parts = new ArrayList<>();
        parts.add(Fmt.count(ConvMatrix.rowSpan(s, 0)) + " (" + s.order().name().toLowerCase(java.util.Locale.ROOT) + ")");
        for (ConvSpec.Order o : ConvSpec.Order.values()) {
            if (o == s.order() || o == ConvSpec.Order.PATCH && !s.tilesIntoPatches()) continue;
            parts.add(Fmt.count(ConvMatrix.rowSpan(s.withOrder(o), 0)) + " (" + o.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return String.join(", ", parts);
    }

    static String unreadText(ConvSpec s) {
        List<String> parts = new ArrayList<>();
        if (s.unreadInputRows() > 0) parts.add("last " + s.unreadInputRows() + " input row(s)");
        if (s.unreadInputCols() > 0) parts.add("last " + s.unreadInputCols() + " input column(s)");
        return String.join(", ", parts);
    }

    @Override
    public Map<String, Object> json(Values v, ConvResult r) {
        ConvSpec s = r.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", id());
        m.put("parameters", v.asText());
        m.put("h_out", s.hOut());
        m.put("w_out", s.wOut());
        m.put("d_in", s.dIn());
        m.put("d_out", s.dOut());
        m.put("nnz", s.nnz());
        m.put("density", s.density());
        m.put("density_formula_no_padding", s.densityFormula());
        m.put("trainable_params", s.trainableParams());
        m.put("order", s.order().name().toLowerCase(java.util.Locale.ROOT));
        m.put("row0_column_span", ConvMatrix.rowSpan(s, 0));
        m.put("weights", r.weights());
        m.put("x", r.x());
        // The window may check A·x on sampled rows and convolve only the channels it draws; an export
        // always holds the full product and the full direct convolution.
        ConvResult full = r.sampled() ? engine.compute(s, v.seed("seed"), r.backend(), true) : r;
        double[] y = full.y();
        double diff = 0;
        for (int k = 0; k < y.length; k++) diff = Math.max(diff, Math.abs(y[k] - full.yDirect()[k]));
        m.put("y", y);
        m.put("y_direct", full.yDirect());
        m.put("max_difference", diff);
        m.put("unread_input_rows", s.unreadInputRows());
        m.put("unread_input_cols", s.unreadInputCols());
        if ((double) s.dIn() * s.dOut() <= JSON_MATRIX_LIMIT) {
            ConvMatrix.Coo coo = ConvMatrix.coo(s, r.weights());
            Map<String, Object> mat = new LinkedHashMap<>();
            mat.put("rows", coo.rows());
            mat.put("cols", coo.cols());
            mat.put("vals", coo.vals());
            m.put("matrix", mat);
        }
        return m;
    }

    @Override
    public List<Figure> figures(Values v, ConvResult r) {
        ConvSpec s = r.spec();
        List<Figure> f = new ArrayList<>();
        boolean byWeight = v.s("colour").equals("weight");
        f.add(new PatternFigure(r, byWeight, summaries));
        boolean weightKey = byWeight && r.pattern().exact(); // a density summary has no weight colours to key
        // Plain locals in the per-plane lambdas (one tight loop per plane).
        final double[] img = r.image(), yd = r.yDirect(), wts = r.weights();
        final int w = s.w(), ci = s.ci(), co = s.co(), ho = s.hOut(), wo = s.wOut(), kh = s.kh(), kw = s.kw();
        final boolean hwc = s.order().outputChannelsLast();
        List<String> inLabels = new ArrayList<>(), inShort = new ArrayList<>();
        for (int c = 0; c < s.ci(); c++) { inLabels.add("x, c = " + c); inShort.add("c=" + c); }
        f.add(new PlanesFigure("Input x  (" + s.h() + " × " + s.w() + " × " + s.ci() + ")", "random, seed " + v.text("seed")
                + (s.ph() + s.pw() > 0 ? "; zero padding (" + s.ph() + ", " + s.pw() + ") not drawn" : ""),
                s.ci(), 8, 8, s.h(), s.w(), (p, out) -> { for (int k = 0; k < out.length; k++) out[k] = img[k * ci + p]; }, inLabels, inShort,
                (p, i, j) -> new Hover("x[i=" + i + ", j=" + j + ", c=" + p + "] = " + Fmt.sig(r.image()[(i * s.w() + j) * s.ci() + p], 4)
                        + "   → column " + s.inIndex(i, j, p) + " of A", new Highlight(-1, s.inIndex(i, j, p), -1)),
                h -> inputBoxes(s, h), 1));
        List<String> kLabels = new ArrayList<>(), kShort = new ArrayList<>();
        for (int o = 0; o < s.co(); o++) for (int c = 0; c < s.ci(); c++) { kLabels.add("o=" + o + " c=" + c); kShort.add(o + "," + c); }
        // A page of filters, each plane a legible tile: at most 8 filters and 24 tiles, all their channels
        // (the first 8 of more); "First filter shown" pages through the rest in the window and in exports.
        int chans = Math.min(s.ci(), 8);
        int perPage = Math.max(1, Math.min(8, 24 / chans));
        int fFirst = Math.max(0, Math.min(v.i("kfirst"), s.co() - 1));
        int fShown = Math.min(perPage, s.co() - fFirst);
        int perRow = chans >= 4 ? 1 : Math.max(1, Math.min(fShown, 8 / chans));
        String page = fShown < s.co() ? "filters " + (fFirst + 1) + "–" + (fFirst + fShown) + " of " + s.co() + " (First filter shown: " + fFirst + ")" : "every filter";
        String chanText = chans < s.ci() ? ", input channels 1–" + chans + " of " + s.ci() : "";
        f.add(new PlanesFigure("Kernel W  (" + s.co() + " × " + s.ci() + " × " + s.kh() + " × " + s.kw() + ")",
                (weightKey ? "colours: which weight (the key to A's colours); " : "") + page + chanText + "; " + (perRow > 1 ? perRow + " filters per row" : "one row per filter o") + ", one column per input channel c",
                s.co() * s.ci(), fFirst * s.ci(), fShown * s.ci(), perRow * s.ci(), s.kh(), s.kw(),
                (p, out) -> System.arraycopy(wts, p * kh * kw, out, 0, kh * kw), kLabels, kShort,
                (p, a, b) -> {
                    int o = p / s.ci(), c = p % s.ci(), wi = s.weightIndex(o, c, a, b);
                    long rep = (long) s.rowsReading(a) * s.colsReading(b);
                    return new Hover("W[o=" + o + ", c=" + c + ", a=" + a + ", b=" + b + "] = " + Fmt.sig(r.weights()[wi], 4)
                            + "   appears " + Fmt.count(rep) + " times in A", new Highlight(-1, -1, wi));
                },
                h -> kernelBoxes(s, h), 1, 18, weightKey ? (p, cell) -> PatternFigure.weightColour(s.weightIndex(p / s.ci(), p % s.ci(), cell / kw, cell % kw)) : null));
        List<String> outLabels = new ArrayList<>(), outShort = new ArrayList<>();
        for (int o = 0; o < s.co(); o++) { outLabels.add("y, o = " + o); outShort.add(Integer.toString(o)); }
        f.add(new PlanesFigure("Output y = A x  (" + s.hOut() + " × " + s.wOut() + " × " + s.co() + ")",
                "max |A·x − direct conv| = " + Fmt.sig(r.maxDiff(), 3) + (r.sampled() ? " (" + Fmt.count(r.checkedRows().length) + " sampled rows)" : ""),
                s.co(), Conv.SHOWN_CHANNELS, 8, s.hOut(), s.wOut(), (p, out) -> {
                    if (hwc) for (int k = 0; k < out.length; k++) out[k] = yd[k * co + p];
                    else System.arraycopy(yd, p * ho * wo, out, 0, ho * wo);
                }, outLabels, outShort,
                (p, u, vv) -> {
                    int row = s.outIndex(u, vv, p);
                    double axRow = r.ax(row);
                    String ax = Double.isNaN(axRow) && r.sampled() ? "" : ",  (A·x) = " + Fmt.sig(axRow, 6);
                    return new Hover("y[u=" + u + ", v=" + vv + ", o=" + p + "] = " + Fmt.sig(r.yDirect()[row], 6) + " (direct)" + ax
                            + "   → row " + row + " of A", new Highlight(row, -1, -1));
                },
                h -> outputBoxes(s, h), 1));
        return f;
    }

    private static List<PlanesFigure.Box> inputBoxes(ConvSpec s, Object h) {
        List<PlanesFigure.Box> b = new ArrayList<>();
        if (!(h instanceof Highlight hl)) return b;
        if (hl.row() >= 0) {
            int[] uvo = s.outPosition(hl.row());
            int i0 = uvo[0] * s.sh() - s.ph(), j0 = uvo[1] * s.sw() - s.pw();
            b.add(new PlanesFigure.Box(-1, i0, j0, i0 + s.kh() - 1, j0 + s.kw() - 1));
        }
        if (hl.col() >= 0) {
            int[] ijc = s.inPosition(hl.col());
            b.add(new PlanesFigure.Box(ijc[2], ijc[0], ijc[1], ijc[0], ijc[1]));
        }
        if (hl.weight() >= 0 && hl.row() < 0) {
            // A weight alone: every input position it ever multiplies is the whole (shifted) image; mark nothing.
        }
        return b;
    }

    private static List<PlanesFigure.Box> kernelBoxes(ConvSpec s, Object h) {
        List<PlanesFigure.Box> b = new ArrayList<>();
        if (!(h instanceof Highlight hl)) return b;
        if (hl.weight() >= 0) {
            int[] ocab = s.weightPosition(hl.weight());
            b.add(new PlanesFigure.Box(ocab[0] * s.ci() + ocab[1], ocab[2], ocab[3], ocab[2], ocab[3]));
        } else if (hl.row() >= 0) {
            int o = s.outPosition(hl.row())[2];
            for (int c = 0; c < s.ci(); c++) b.add(new PlanesFigure.Box(o * s.ci() + c, 0, 0, s.kh() - 1, s.kw() - 1));
        }
        return b;
    }

    private static List<PlanesFigure.Box> outputBoxes(ConvSpec s, Object h) {
        List<PlanesFigure.Box> b = new ArrayList<>();
        if (!(h instanceof Highlight hl)) return b;
        if (hl.row() >= 0) {
            int[] uvo = s.outPosition(hl.row());
            b.add(new PlanesFigure.Box(uvo[2], uvo[0], uvo[1], uvo[0], uvo[1]));
        } else if (hl.col() >= 0) {
            // An input pixel: the outputs whose windows read it.
            int[] ijc = s.inPosition(hl.col());
            for (int u = 0; u < s.hOut(); u++) {
                int a = ijc[0] - u * s.sh() + s.ph();
                if (a < 0 || a >= s.kh()) continue;
                for (int v = 0; v < s.wOut(); v++) {
                    int bb = ijc[1] - v * s.sw() + s.pw();
                    if (bb < 0 || bb >= s.kw()) continue;
                    b.add(new PlanesFigure.Box(-1, u, v, u, v));
                }
            }
        }
        return b;
    }

    /** The text shown when pointing at A[row, col]: positions, weight and value. */
    static String describeEntry(ConvResult r, long row, long col, int wi) {
        ConvSpec s = r.spec();
        int[] uvo = s.outPosition(row), ijc = s.inPosition(col);
        String where = "A[" + row + ", " + col + "]: output (u=" + uvo[0] + ", v=" + uvo[1] + ", o=" + uvo[2] + "), input (i="
                + ijc[0] + ", j=" + ijc[1] + ", c=" + ijc[2] + ")";
        if (wi < 0) return where + " = 0 (outside the window)";
        int[] ocab = s.weightPosition(wi);
        return where + " = W[o=" + ocab[0] + ", c=" + ocab[1] + ", a=" + ocab[2] + ", b=" + ocab[3] + "] = " + Fmt.sig(r.weights()[wi], 4);
    }

    @Override
    public List<String> liveFormulas(Values v, ConvResult r) {
        ConvSpec s = r.spec();
        List<String> f = new ArrayList<>();
        f.add("h' = \\left\\lfloor \\frac{h + 2p_h - k_h}{s_h} \\right\\rfloor + 1 = \\left\\lfloor \\frac{" + s.h() + " + " + 2 * s.ph() + " - " + s.kh()
                + "}{" + s.sh() + "} \\right\\rfloor + 1 = " + s.hOut());
        f.add("w' = \\left\\lfloor \\frac{" + s.w() + " + " + 2 * s.pw() + " - " + s.kw() + "}{" + s.sw() + "} \\right\\rfloor + 1 = " + s.wOut());
        f.add("\\text{density} = \\frac{\\text{nnz}}{d_{in}\\,d_{out}} = \\frac{" + tex(s.nnz()) + "}{" + tex(s.dIn()) + " \\cdot " + tex(s.dOut()) + "} = " + Fmt.sig(s.density(), 4));
        f.add((s.ph() == 0 && s.pw() == 0 ? "" : "\\text{(no padding) }") + "\\frac{k_h k_w}{h w} = \\frac{" + s.kh() * s.kw() + "}{" + tex((long) s.h() * s.w()) + "} = " + Fmt.sig(s.densityFormula(), 4));
        f.add("\\text{params} = c_o c_i k_h k_w" + (s.bias() ? " + c_o" : "") + " = " + s.co() + " \\cdot " + s.ci() + " \\cdot " + s.kh() + " \\cdot " + s.kw()
                + (s.bias() ? " + " + s.co() : "") + " = " + tex(s.trainableParams()));
        return f;
    }

    /** Thousands separated by thin spaces, as typeset numbers should be. */
    private static String tex(long n) {
        return Fmt.count(n).replace(",", "\\,");
    }

    @Override
    public List<Values> benchSweep(String size) {
        List<Values> out = new ArrayList<>();
        Values base = defaults();
        if (size.equals("large")) {
            base = base.with(Map.of("h", "224", "w", "224", "ci", "3", "co", "64", "kh", "7", "kw", "7", "sh", "2", "sw", "2", "ph", "3", "pw", "3"));
        }
        // A user dragging: seeds, padding, stride and order changes, over and over.
        for (int k = 0; k < 120; k++) {
            Values v = base.with("seed", Integer.toString(k + 1));
            if (k % 10 == 3) v = v.with("order", "chw");
            if (k % 10 == 7) v = v.with("pw", Integer.toString(Integer.parseInt(base.text("pw")) + 1));
            if (k % 10 == 9) v = v.with("sh", Integer.toString(Integer.parseInt(base.text("sh")) + 1));
            out.add(v);
        }
        return out;
    }
}
