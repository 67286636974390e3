package glassbox.core.cnnshapes;

import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.List;

/**
 * docs/LABS.md §7: shapes, parameters, receptive fields and multiply-adds through a stack of layers.
 * Output size per axis: floor((n + 2p − k)/s) + 1. Receptive field (per axis, forward
 * recurrence): r ← r + (k − 1)·j, j ← j·s, starting from r = j = 1 at the input; a Linear layer
 * sees the whole input. Multiply-adds: Conv2d out·H'·W'·in·k_h·k_w, Linear in·out; pooling and
 * activations have none.
 */
public final class Stack {
    private Stack() {}

    /**
     * One row of the table. shape is {C, H, W} or {N} (a flat vector); null after a structural
     * mismatch (nothing can be said about later shapes).
     */
    public record Row(Layer layer, int[] inShape, int[] outShape, long params, long paramsNoBias, int rfH, int rfW, int jumpH, int jumpW,
                      boolean rfWhole, long macs, String shapeFormula, boolean afterError) {}

    /** The first layer that does not fit: its index, the reason in numbers, the fix in words and as a layer (or null). */
    public record Mismatch(int layer, String message, String fix, String fixedLayers) {}

    public record Result(int[] input, List<Row> rows, long totalParams, long totalParamsNoBias, long totalMacs, Mismatch error, String code) {
        public int[] output() {
            for (int i = rows.size() - 1; i >= 0; i--) if (rows.get(i).outShape() != null) return rows.get(i).outShape();
            return input;
        }
    }

    public static int[] parseInput(String text) {
        String t = text == null ? "" : text.trim();
        String[] p = t.split("[,x×\\s]+");
        if (p.length != 3) throw new ParamException("input", "\"" + text + "\"", "expected C,H,W: three whole numbers, e.g. 1,32,32");
        int[] s = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                long v = Long.parseLong(p[i]);
                if (v < 1 || v > Layer.MAX_SIZE) throw new NumberFormatException();
                s[i] = (int) v;
            } catch (NumberFormatException e) {
                throw new ParamException("input", "\"" + text + "\"", "expected C,H,W with each a whole number from 1 to " + Layer.MAX_SIZE + " (e.g. 1,32,32)");
            }
        }
        // An input no framework can index (its counts would overflow in the layers after it): refused as the input's problem.
        long volume = (long) s[0] * s[1] * s[2];
        if (volume > Integer.MAX_VALUE) {
            throw new ParamException("input", "\"" + text + "\"", "C·H·W = " + glassbox.core.Fmt.count(volume) + " values; at most "
                    + glassbox.core.Fmt.count(Integer.MAX_VALUE) + " (a tensor's 32-bit index)");
        }
        return s;
    }

    public static String shapeText(int[] s) {
        if (s == null) return "?";
        if (s.length == 1) return Integer.toString(s[0]);
        return s[0] + "×" + s[1] + "×" + s[2];
    }

    static long mul(Layer l, long... f) {
        long p = 1;
        try {
            for (long x : f) p = Math.multiplyExact(p, x);
        } catch (ArithmeticException e) {
            throw new ParamException("layers", "layers: layer " + (l.index() + 1) + " (" + l.text() + "): counts exceed 9.2e18; use smaller sizes");
        }
        return p;
    }

    /** floor((n + 2p − k)/s) + 1, or −1 when the kernel is larger than the padded input (see {@link #tooSmall}). */
    static int outSize(int n, int k, int s, int p) {
        long num = (long) n + 2L * p - k;
        if (num < 0) return -1;
        return (int) (Math.floorDiv(num, s) + 1);
    }

    /** Why a layer's kernel does not fit its input along one axis, in numbers. */
    static String tooSmall(Layer l, String axis, int n, int k, int s, int p) {
        return "layer " + (l.index() + 1) + " (" + l.text() + ") gets " + axis + " " + n + ": floor((" + n + " + 2·" + p + " − " + k + ")/"
                + s + ") + 1 ≤ 0 — the kernel " + k + " is larger than the padded input " + (n + 2L * p);
    }

    public static Result compute(int[] input, List<Layer> layers) {
        List<Row> rows = new ArrayList<>();
        int[] shape = input.clone();
        int rfH = 1, rfW = 1, jH = 1, jW = 1;
        boolean whole = false;
        Mismatch err = null;
        boolean lost = false; // a structural mismatch: later shapes are unknown
        long tp = 0, tpnb = 0, tm = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            int[] in = lost ? null : shape;
            int[] out = null;
            long params = 0, nb = 0, macs = 0;
            String formula = "";
            if (!lost) {
                switch (l.kind()) {
                    case CONV, AVGPOOL, MAXPOOL -> {
                        String fw = l.kind().framework;
                        if (shape.length == 1) {
                            if (err == null) err = flatMismatch(layers, i, fw, shape[0]);
                            lost = true;
                            break;
                        }
                        int C = shape[0], H = shape[1], W = shape[2];
                        int hOut = outSize(H, l.kh(), l.sh(), l.ph());
                        int wOut = outSize(W, l.kw(), l.sw(), l.pw());
                        if (hOut < 1 || wOut < 1) {
                            // The first layer that does not fit is marked (docs/LABS.md §7); later shapes are unknown.
                            if (err == null) {
                                err = new Mismatch(i, hOut < 1 ? tooSmall(l, "height", H, l.kh(), l.sh(), l.ph()) : tooSmall(l, "width", W, l.kw(), l.sw(), l.pw()),
                                        "use a smaller kernel, padding, a larger input or an earlier layer with less shrinking", null);
                            }
                            lost = true;
                            break;
                        }
                        formula = "H' = ⌊(" + H + " + 2·" + l.ph() + " − " + l.kh() + ")/" + l.sh() + "⌋ + 1 = " + hOut
                                + ",  W' = ⌊(" + W + " + 2·" + l.pw() + " − " + l.kw() + ")/" + l.sw() + "⌋ + 1 = " + wOut;
                        if (l.kind() == Layer.Kind.CONV) {
                            if (l.in() != C && err == null) {
                                Layer fixed = l.withIn(C);
                                err = new Mismatch(i, "Conv2d expects " + l.in() + " input channel" + (l.in() == 1 ? "" : "s") + " but gets " + C
                                        + " (" + shapeText(shape) + ")", "use " + fixed.code().replace("nn.", ""), replace(layers, i, fixed));
                            }
                            nb = mul(l, l.out(), l.in(), l.kh(), l.kw());
                            params = nb + l.out();
                            macs = mul(l, l.out(), hOut, wOut, l.in(), l.kh(), l.kw());
                            out = new int[]{l.out(), hOut, wOut};
                        } else {
                            if ((2 * l.ph() > l.kh() || 2 * l.pw() > l.kw()) && err == null) {
                                Layer fixed = l.withPadding(Math.min(l.ph(), l.kh() / 2), Math.min(l.pw(), l.kw() / 2));
                                err = new Mismatch(i, l.kind().framework + " padding " + Layer.pair(l.ph(), l.pw(), "×") + " is more than half the kernel "
                                        + Layer.pair(l.kh(), l.kw(), "×") + " (frameworks refuse it)", "use padding ≤ " + Layer.pair(l.kh() / 2, l.kw() / 2, "×"),
                                        replace(layers, i, fixed));
                            }
                            out = new int[]{C, hOut, wOut};
                        }
                        if (!whole) {
                            rfH += (l.kh() - 1) * jH;
                            rfW += (l.kw() - 1) * jW;
                            jH = (int) Math.min(Integer.MAX_VALUE, (long) jH * l.sh());
                            jW = (int) Math.min(Integer.MAX_VALUE, (long) jW * l.sw());
                        }
                    }
                    case RELU, TANH, SIGMOID -> out = shape.clone();
                    case FLATTEN -> {
                        long flat = shape.length == 1 ? shape[0] : mul(l, shape[0], shape[1], shape[2]);
                        if (flat > Integer.MAX_VALUE) {
                            throw new ParamException("layers", "layers: layer " + (l.index() + 1) + " (" + l.text() + ") gets " + shapeText(shape) + ": "
                                    + shape[0] + "·" + shape[1] + "·" + shape[2] + " = " + flat + " values, more than 2,147,483,647; shrink the map before Flatten");
                        }
                        out = new int[]{(int) flat};
                        if (shape.length == 3) formula = shape[0] + "·" + shape[1] + "·" + shape[2] + " = " + out[0];
                    }
                    case LINEAR -> {
                        if (shape.length == 3) {
                            long flat = mul(l, shape[0], shape[1], shape[2]);
                            if (err == null) {
                                String extra = l.in() == flat ? "" : ", then use Linear(" + flat + ", " + l.out() + ")";
                                err = new Mismatch(i, "Linear gets a " + shapeText(shape) + " feature map, not a vector",
                                        "insert Flatten before it (it gives " + shape[0] + "·" + shape[1] + "·" + shape[2] + " = " + flat + ")" + extra,
                                        insertFlatten(layers, i, flat));
                            }
                        } else if (l.in() != shape[0] && err == null) {
                            int pf = i > 0 && layers.get(i - 1).kind() == Layer.Kind.FLATTEN ? i - 1 : -1;
                            String from;
                            if (pf >= 0 && rows.get(pf).inShape() != null && rows.get(pf).inShape().length == 3) {
                                int[] s3 = rows.get(pf).inShape();
                                from = "Flatten gives " + s3[0] + "·" + s3[1] + "·" + s3[2] + " = " + shape[0];
                            } else {
                                from = (i == 0 ? "the input gives " : "layer " + i + " (" + layers.get(i - 1).text() + ") gives ") + shape[0];
                            }
                            Layer fixed = l.withIn(shape[0]);
                            err = new Mismatch(i, "Linear expects " + l.in() + " inputs but " + from, "use Linear(" + shape[0] + ", " + l.out() + ")",
                                    shape[0] <= Layer.MAX_FEATURES ? replace(layers, i, fixed) : null);
                        }
                        nb = mul(l, l.in(), l.out());
                        params = nb + l.out();
                        macs = nb;
                        out = new int[]{l.out()};
                        whole = true;
                    }
                }
            } else {
                // After a structural mismatch only the parameters of the layer as declared can be counted.
                if (l.kind() == Layer.Kind.CONV) { nb = mul(l, l.out(), l.in(), l.kh(), l.kw()); params = nb + l.out(); }
                if (l.kind() == Layer.Kind.LINEAR) { nb = mul(l, l.in(), l.out()); params = nb + l.out(); }
            }
            boolean after = err != null && err.layer() < i;
            rows.add(new Row(l, in, out, params, nb, rfH, rfW, jH, jW, whole, macs, formula, after));
            if (out != null) shape = out;
            tp += params;
            tpnb += nb;
            try {
                tm = Math.addExact(tm, macs);
            } catch (ArithmeticException e) {
                throw new ParamException("layers", "layers: the total multiply-adds exceed 9.2e18; use smaller sizes");
            }
        }
        return new Result(input.clone(), rows, tp, tpnb, tm, err, code(layers));
    }

    private static int prevFlatten(List<Layer> layers, int i) {
        for (int k = i - 1; k >= 0; k--) if (layers.get(k).kind() == Layer.Kind.FLATTEN) return k;
        return -1;
    }

    /**
     * A convolution or pooling layer that gets a flat vector. When the vector comes straight from a
     * Flatten (only activations between), the fix moves that Flatten to just after the last
     * convolution or pooling layer (or drops it when a later Flatten already follows that layer);
     * a vector made by a Linear layer has no mechanical fix.
     */
    private static Mismatch flatMismatch(List<Layer> layers, int i, String fw, int n) {
        int pf = prevFlatten(layers, i);
        String message = fw + " needs a C×H×W feature map but gets a flat vector of " + n + (pf >= 0 ? " (after Flatten at layer " + (pf + 1) + ")" : "");
        boolean direct = pf >= 0;
        for (int k = pf + 1; direct && k < i; k++) direct = layers.get(k).kind().elementwise();
        if (!direct) return new Mismatch(i, message, "move Flatten after the last convolution or pooling layer", null);
        int last = i;
        for (int k = i; k < layers.size(); k++) if (layers.get(k).kind().spatial()) last = k;
        boolean laterFlatten = false;
        for (int k = last + 1; k < layers.size(); k++) laterFlatten |= layers.get(k).kind() == Layer.Kind.FLATTEN;
        List<String> s = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            if (k != pf) s.add(layers.get(k).text());
            if (k == last && !laterFlatten) s.add("flatten");
        }
        String fix = laterFlatten
                ? "remove Flatten at layer " + (pf + 1) + " (a later Flatten already follows the last convolution or pooling layer)"
                : "move Flatten from layer " + (pf + 1) + " to after layer " + (last + 1) + " (the last convolution or pooling layer)";
        return new Mismatch(i, message, fix, String.join("; ", s));
    }

    /** The stack with layer i replaced; other layers keep the text the user typed. */
    private static String replace(List<Layer> layers, int i, Layer fixed) {
        List<String> s = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) s.add(k == i ? fixed.syntax() : layers.get(k).text());
        return String.join("; ", s);
    }

    private static String insertFlatten(List<Layer> layers, int i, long flat) {
        if (flat > Layer.MAX_FEATURES) return null; // no Linear layer can take it
        List<String> s = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            if (k == i) {
                s.add("flatten");
                Layer l = layers.get(k);
                s.add(l.in() == flat ? l.text() : l.withIn((int) flat).syntax());
            } else {
                s.add(layers.get(k).text());
            }
        }
        return String.join("; ", s);
    }

    /** The stack as framework code. */
    public static String code(List<Layer> layers) {
        StringBuilder b = new StringBuilder("nn.Sequential(\n");
        for (Layer l : layers) b.append("    ").append(l.code()).append(",\n");
        return b.append(")").toString();
    }
}
