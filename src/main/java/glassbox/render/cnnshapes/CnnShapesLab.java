package glassbox.render.cnnshapes;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.cnnshapes.Layer;
import glassbox.core.cnnshapes.Stack;
import glassbox.core.conv.ConvSpec;
import glassbox.render.Figure;
import glassbox.render.Lab;
import glassbox.render.LabAction;
import glassbox.render.Labs;
import glassbox.render.Style;
import glassbox.render.XYFigure;
import glassbox.render.conv.ConvLab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docs/LABS.md §7: a CNN layer stack's shapes, parameters, receptive fields and multiply-adds. */
public final class CnnShapesLab implements Lab<Stack.Result> {

    public static final String BARS_TITLE = "Parameters and multiply-adds per layer";
    public static final String SVHN = "conv 1 8 5 1 0; avgpool 4 4 0; relu; conv 8 16 4 1 1; avgpool 2 2 0; relu; flatten; linear 120 10";

    private static final List<Param> PARAMS = List.of(
            Param.text("input", "Input C,H,W", "1,32,32", "Channels, height and width of one input image, e.g. 1,32,32.").in("Network"),
            Param.list("layers", "Layers (input first)", SVHN,
                    "One layer per item, input first (on the command line: ';' between layers). "
                            + "conv in out k [stride] [padding] (k, stride, padding may be AxB, e.g. 3x5); avgpool|maxpool k [stride] [padding] "
                            + "(stride defaults to k); relu; tanh; sigmoid; flatten; linear in out").in("Network")
    );

    @Override public String id() { return "cnn-shapes"; }

    @Override public String title() { return "CNN shapes and parameters"; }

    @Override public String summary() {
        return "Output shape, parameters, receptive field and multiply-adds of every layer; the first layer that does not fit, with the fix.";
    }

    @Override public String formulas() {
        return """
                Output size per axis: n' = floor((n + 2p − k)/s) + 1 (Conv2d, AvgPool2d, MaxPool2d; pooling stride defaults to k).
                Conv2d(in, out, k_h×k_w): parameters out·in·k_h·k_w + out (bias); multiply-adds out·H'·W'·in·k_h·k_w.
                Linear(in, out): parameters in·out + out; multiply-adds in·out. Pooling and activations: no parameters.
                Flatten: C·H·W. Receptive field per axis: r ← r + (k − 1)·j, jump j ← j·s, from r = j = 1; after Linear: the whole input.
                Layers are numbered from 0.""";
    }

    @Override public List<Param> params() { return PARAMS; }

    @Override
    public void check(Values v) {
        compute(v, Backend.PLAIN); // a few dozen integer formulas: the check is the computation
    }

    @Override
    public Stack.Result compute(Values v, Backend backend) {
        // A few dozen integer formulas: plain Java on every backend.
        return Stack.compute(Stack.parseInput(v.s("input")), Layer.parseAll(v.s("layers")));
    }

    @Override
    public List<Readout> readouts(Values v, Stack.Result r) {
        List<Readout> out = new ArrayList<>();
        out.add(Readout.of("Output shape", Stack.shapeText(r.output()), "Shape after the last layer (C×H×W or a vector)."));
        out.add(Readout.of("Parameters", Fmt.count(r.totalParams()), "Weights and biases of every layer as declared."));
        out.add(Readout.of("Parameters without bias", Fmt.count(r.totalParamsNoBias()), "Weights only."));
        out.add(Readout.of("Multiply-adds", Fmt.count(r.totalMacs()), "For one image: Σ conv out·H'·W'·in·k_h·k_w + Σ linear in·out."));
        if (r.error() != null) {
            Stack.Mismatch m = r.error();
            out.add(Readout.warn("First mismatch", "layer " + (m.layer() + 1) + ": " + m.message(), "The first layer whose input does not fit."));
            out.add(Readout.warn("Suggested fix", m.fix() + (m.fixedLayers() != null ? "  →  " + m.fixedLayers() : ""),
                    m.fixedLayers() != null ? "\"Apply the fix\" sets the layers to this stack." : "No stack can be made mechanically: edit the layers."));
            String refused = fixRefusal(v, r);
            if (refused != null) {
                out.add(Readout.warn("Fix not offered", refused, "The fixed stack itself does not compute, so there is no \"Apply the fix\" button."));
            }
        } else {
            out.add(Readout.of("Mismatches", "none", "Every layer fits its input."));
        }
        List<String> notOpened = new ArrayList<>();
        List<String> afterMismatch = new ArrayList<>();
        for (ConvLayer c : convLayers(r)) {
            if (c.settings() != null) continue;
            if (c.afterMismatch()) afterMismatch.add(Integer.toString(c.index() + 1));
            else notOpened.add(c.name() + ": " + c.refusal());
        }
        if (!afterMismatch.isEmpty()) {
            notOpened.add((afterMismatch.size() == 1 ? "conv layer " : "conv layers ") + String.join(", ", afterMismatch)
                    + ": at or after the first mismatch (layer " + (r.error().layer() + 1) + "); apply the fix first");
        }
        if (!notOpened.isEmpty()) {
            out.add(Readout.of("Not offered in the conv lab", String.join("\n", notOpened),
                    "The conv lab keeps x, y and the weights in memory and caps sizes: h, w ≤ 1024, c_i ≤ 512, c_o ≤ 1024, "
                            + "kernel, stride and padding ≤ 64, input and output ≤ " + Fmt.count(ConvSpec.MAX_VECTOR) + " entries, weights ≤ "
                            + Fmt.count(ConvSpec.MAX_WEIGHTS) + ". Layers from the first mismatch on have no consistent input to open."));
        }
        out.add(Readout.of("framework code", r.code(), "The stack as PyTorch nn.Sequential(...)."));
        return out;
    }

    @Override
    public Map<String, Object> json(Values v, Stack.Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("lab", id());
        j.put("parameters", v.asText());
        j.put("input", r.input());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Stack.Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", row.layer().index());
            m.put("name", row.layer().kind().framework);
            m.put("text", row.layer().text());
            m.put("in_shape", row.inShape());
            m.put("out_shape", row.outShape());
            m.put("params", row.params());
            m.put("params_no_bias", row.paramsNoBias());
            boolean known = row.outShape() != null && row.layer().kind() != Layer.Kind.FLATTEN && !row.rfWhole();
            m.put("receptive_field", known ? new int[]{row.rfH(), row.rfW()} : null);
            m.put("jump", known ? new int[]{row.jumpH(), row.jumpW()} : null);
            m.put("receptive_field_whole_input", row.rfWhole());
            m.put("macs", row.macs());
            layers.add(m);
        }
        j.put("layers", layers);
        j.put("output_shape", r.output());
        j.put("total_params", r.totalParams());
        j.put("total_params_no_bias", r.totalParamsNoBias());
        j.put("total_macs", r.totalMacs());
        if (r.error() == null) {
            j.put("error", null);
        } else {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("layer", r.error().layer());
            e.put("message", r.error().message());
            e.put("fix", r.error().fix());
            e.put("fixed_layers", r.error().fixedLayers());
            j.put("error", e);
        }
        j.put("code", r.code());
        return j;
    }

    /**
     * A convolution layer as the conv lab would open it: the settings (its input H, W and every size
     * of the layer), or why it is not offered (a mismatch at or before it, or the conv lab's caps).
     */
    public record ConvLayer(int index, String name, Map<String, String> settings, String refusal, boolean afterMismatch) {}

    /** Every convolution layer of the stack, in order. */
    public static List<ConvLayer> convLayers(Stack.Result r) {
        List<ConvLayer> out = new ArrayList<>();
        int firstError = r.error() == null ? Integer.MAX_VALUE : r.error().layer();
        for (Stack.Row row : r.rows()) {
            Layer l = row.layer();
            if (l.kind() != Layer.Kind.CONV) continue;
            String name = "layer " + (l.index() + 1) + " (Conv " + l.in() + "→" + l.out() + ", " + l.kh() + "×" + l.kw() + ")";
            if (l.index() >= firstError || row.inShape() == null) {
                out.add(new ConvLayer(l.index(), name, null, l.index() == firstError
                        ? "it is the first mismatch; apply the fix first" : "after the first mismatch (layer " + (firstError + 1) + "); apply the fix first", true));
                continue;
            }
            Map<String, String> s = new LinkedHashMap<>();
            s.put("h", Integer.toString(row.inShape()[1]));
            s.put("w", Integer.toString(row.inShape()[2]));
            s.put("ci", Integer.toString(l.in()));
            s.put("co", Integer.toString(l.out()));
            s.put("kh", Integer.toString(l.kh()));
            s.put("kw", Integer.toString(l.kw()));
            s.put("sh", Integer.toString(l.sh()));
            s.put("sw", Integer.toString(l.sw()));
            s.put("ph", Integer.toString(l.ph()));
            s.put("pw", Integer.toString(l.pw()));
            // nn.Conv2d has a bias by default and the table counts it: the conv lab then shows the same parameter count.
            s.put("bias", "true");
            String refusal = null;
            try {
                // The conv lab's own checks: its parameter ranges, then ConvSpec's memory caps.
                ConvLab.spec(Values.of(Labs.get("conv").params(), s));
            } catch (ParamException e) {
                refusal = "the conv lab refuses it: " + e.getMessage();
            }
            out.add(new ConvLayer(l.index(), name, refusal == null ? Map.copyOf(s) : null, refusal, false));
        }
        return out;
    }

    /** Why the suggested fixed stack cannot be offered (it does not compute), or null. */
    private static String fixRefusal(Values v, Stack.Result r) {
        if (r.error() == null || r.error().fixedLayers() == null) return null;
        try {
            Stack.compute(r.input(), Layer.parseAll(r.error().fixedLayers()));
            return null;
        } catch (ParamException e) {
            return e.getMessage();
        }
    }

    @Override
    public List<LabAction> actions(Values v, Stack.Result r) {
        List<LabAction> out = new ArrayList<>();
        Stack.Mismatch m = r.error();
        if (m != null && m.fixedLayers() != null && fixRefusal(v, r) == null) {
            out.add(LabAction.open("Apply the fix", m.fix() + ": the layers become " + m.fixedLayers(), id(),
                    Map.of("input", v.text("input"), "layers", m.fixedLayers())));
        }
        // Before the (possibly many) conv buttons, so that it stays in view.
        out.add(LabAction.copy("Copy as PyTorch code", "Copies the stack as nn.Sequential(...) (import torch.nn as nn).", r.code()));
        for (ConvLayer c : convLayers(r)) {
            if (c.settings() == null) continue;
            Stack.Row row = r.rows().get(c.index());
            Layer l = row.layer();
            out.add(LabAction.open("Open " + c.name() + " in the conv lab",
                    "The conv lab with this layer's sizes: input " + Stack.shapeText(row.inShape()) + " → output " + Stack.shapeText(row.outShape())
                            + ", kernel " + l.kh() + "×" + l.kw() + ", stride " + l.sh() + "×" + l.sw() + ", padding " + l.ph() + "×" + l.pw()
                            + ": see it as the sparse matrix A with y = A x.", "conv", c.settings()));
        }
        return out;
    }

    @Override
    public List<String> liveFormulas(Values v, Stack.Result r) {
        List<String> out = new ArrayList<>();
        // The first convolution whose input is known: the output size, its parameters and multiply-adds.
        Stack.Row conv = null;
        for (Stack.Row row : r.rows()) {
            if (row.layer().kind() == Layer.Kind.CONV && row.inShape() != null && row.inShape().length == 3 && row.outShape() != null) { conv = row; break; }
        }
        if (conv != null) {
            Layer l = conv.layer();
            int[] in = conv.inShape(), o = conv.outShape();
            String n = "\\text{layer " + (l.index() + 1) + ": }";
            boolean same = in[1] == in[2] && l.kh() == l.kw() && l.sh() == l.sw() && l.ph() == l.pw();
            out.add(n + (same ? "H' = W'" : "H'") + " = \\left\\lfloor \\frac{" + in[1] + " + 2 \\cdot " + l.ph() + " - " + l.kh() + "}{" + l.sh()
                    + "} \\right\\rfloor + 1 = " + o[1]);
            if (!same) {
                out.add("W' = \\left\\lfloor \\frac{" + in[2] + " + 2 \\cdot " + l.pw() + " - " + l.kw() + "}{" + l.sw() + "} \\right\\rfloor + 1 = " + o[2]);
            }
            out.add("\\text{params} = c_o c_i k_h k_w + c_o = " + l.out() + " \\cdot " + l.in() + " \\cdot " + l.kh() + " \\cdot " + l.kw() + " + " + l.out()
                    + " = " + count(conv.params()));
            if (r.error() == null) {
                out.add("\\text{MACs} = c_o H' W' c_i k_h k_w = " + l.out() + " \\cdot " + o[1] + " \\cdot " + o[2] + " \\cdot " + l.in() + " \\cdot " + l.kh()
                        + " \\cdot " + l.kw() + " = " + count(conv.macs()));
            }
        } else {
            for (Stack.Row row : r.rows()) {
                if (row.layer().kind() != Layer.Kind.LINEAR) continue;
                Layer l = row.layer();
                out.add("\\text{layer " + (l.index() + 1) + ": params} = d_{in} d_{out} + d_{out} = " + l.in() + " \\cdot " + l.out() + " + " + l.out() + " = " + count(row.params()));
                break;
            }
        }
        out.add("\\text{total params} = " + count(r.totalParams()) + ",\\quad \\text{multiply-adds} = " + count(r.totalMacs()));
        if (r.error() != null) out.add(mismatch(r));
        return out;
    }

    /** The first mismatch in numbers: what the layer expects against what it gets. */
    private static String mismatch(Stack.Result r) {
        int i = r.error().layer();
        Stack.Row row = r.rows().get(i);
        Layer l = row.layer();
        int[] in = row.inShape();
        String at = "\\text{layer " + (i + 1) + " (first mismatch): }";
        if (in != null && l.kind() == Layer.Kind.LINEAR && in.length == 1) {
            Stack.Row prev = i > 0 ? r.rows().get(i - 1) : null;
            if (prev != null && prev.layer().kind() == Layer.Kind.FLATTEN && prev.inShape() != null && prev.inShape().length == 3) {
                int[] s3 = prev.inShape();
                return at + "C\\,H\\,W = " + s3[0] + " \\cdot " + s3[1] + " \\cdot " + s3[2] + " = " + count(in[0]) + " \\ne d_{in} = " + count(l.in());
            }
            return at + count(in[0]) + "\\ \\text{inputs} \\ne d_{in} = " + count(l.in());
        }
        if (in != null && l.kind() == Layer.Kind.LINEAR && in.length == 3) {
            return at + "\\text{Linear gets } " + in[0] + " \\times " + in[1] + " \\times " + in[2] + ":\\ \\text{Flatten gives } " + in[0] + " \\cdot " + in[1]
                    + " \\cdot " + in[2] + " = " + count((long) in[0] * in[1] * in[2]);
        }
        if (in != null && l.kind() == Layer.Kind.CONV && in.length == 3 && l.in() != in[0]) {
            return at + "c_i = " + l.in() + " \\ne C = " + in[0];
        }
        if (in != null && l.kind().pool() && in.length == 3) {
            return at + "2p = " + pair(2 * l.ph(), 2 * l.pw()) + " > k = " + pair(l.kh(), l.kw());
        }
        if (in != null && in.length == 1) {
            return at + "\\text{" + l.kind().framework + " needs } C \\times H \\times W,\\ \\text{gets a vector of } " + count(in[0]);
        }
        return at + "\\text{see the table}";
    }

    private static String count(long n) {
        return Fmt.count(n).replace(",", "\\,");
    }

    private static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : a + " \\times " + b;
    }

    @Override
    public List<Figure> figures(Values v, Stack.Result r) {
        int n = r.rows().size();
        double[] xp = new double[n], xm = new double[n], p = new double[n], m = new double[n];
        for (int i = 0; i < n; i++) {
            xp[i] = i + 1 - 0.12; // layers count from 1, as in the table and the messages
            xm[i] = i + 1 + 0.12;
            p[i] = r.rows().get(i).params();
            m[i] = r.rows().get(i).macs();
        }
        XYFigure bars = XYFigure.builder(BARS_TITLE)
                .subtitle("log scale; layers without parameters or multiply-adds (pooling, activations, flatten) have no bar")
                .xLabel("layer # (as in the table)")
                .yLabel("count")
                .logY(true)
                .xRange(0.4, n + 0.6)
                .series("parameters (with bias)", xp, p, XYFigure.Kind.STEM, Style.DEFAULT.series(0))
                .series("multiply-adds", xm, m, XYFigure.Kind.STEM, Style.DEFAULT.series(1))
                .hoverText((s, i) -> LayerTableFigure.describe(r.rows().get(i)))
                .build();
        return List.of(new LayerTableFigure(r, BARS_TITLE), bars);
    }

    @Override
    public List<Values> benchSweep(String size) {
        List<Values> out = new ArrayList<>();
        Values base = defaults();
        if (size.equals("large")) base = base.with(Map.of("input", "3,224,224", "layers", deepStack(50)));
        // A user editing: input size up and down (as if typing), which reshapes every layer.
        for (int i = 0; i < 120; i++) {
            int[] in = Stack.parseInput(base.s("input"));
            int h = in[1] + (i % 9);
            out.add(base.with("input", in[0] + "," + h + "," + (in[2] + (i % 5))));
        }
        return out;
    }

    /** A VGG-like stack of n layers on 3×224×224: conv 3×3/relu pairs, a 2×2 max-pool now and then, flatten, linear. */
    public static String deepStack(int n) {
        List<String> s = new ArrayList<>();
        int c = 3, hw = 224;
        while (s.size() < n - 2) {
            if (s.size() % 10 == 9 && hw >= 14) {
                s.add("maxpool 2 2 0");
                hw /= 2;
            } else if (s.size() % 2 == 0) {
                int o = c == 3 ? 64 : Math.min(512, s.size() % 10 == 0 ? 2 * c : c);
                s.add("conv " + c + " " + o + " 3 1 1");
                c = o;
            } else {
                s.add("relu");
            }
        }
        s.add("flatten");
        s.add("linear " + ((long) c * hw * hw) + " 1000");
        return String.join("; ", s);
    }
}
