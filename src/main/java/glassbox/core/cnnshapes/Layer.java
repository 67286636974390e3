package glassbox.core.cnnshapes;

import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One layer of the stack as typed: "conv in out k [stride [padding]]" (k, stride, padding may be
 * AxB for rows x columns), "avgpool k [stride [padding]]", "maxpool …" (stride defaults to k, as
 * in PyTorch), "relu", "tanh", "sigmoid", "flatten", "linear in out".
 */
public record Layer(Kind kind, int index, String text, int in, int out, int kh, int kw, int sh, int sw, int ph, int pw) {

    public enum Kind {
        CONV("Conv2d"), AVGPOOL("AvgPool2d"), MAXPOOL("MaxPool2d"), RELU("ReLU"), TANH("Tanh"), SIGMOID("Sigmoid"),
        FLATTEN("Flatten"), LINEAR("Linear");

        public final String framework;

        Kind(String framework) { this.framework = framework; }

        public boolean spatial() { return this == CONV || this == AVGPOOL || this == MAXPOOL; }

        public boolean pool() { return this == AVGPOOL || this == MAXPOOL; }

        public boolean elementwise() { return this == RELU || this == TANH || this == SIGMOID; }
    }

    public static final int MAX_LAYERS = 200;
    public static final int MAX_SIZE = 1_000_000;
    /** Inputs of a Linear layer: a flattened feature map can be large. */
    public static final int MAX_FEATURES = 1_000_000_000;

    /** Short text for tables: "conv 1→8 5×5 s1 p0". */
    public String label() {
        return switch (kind) {
            case CONV -> "conv " + in + "→" + out + " " + pair(kh, kw, "×") + " s" + pair(sh, sw, "×") + " p" + pair(ph, pw, "×");
            case AVGPOOL, MAXPOOL -> (kind == Kind.AVGPOOL ? "avgpool " : "maxpool ") + pair(kh, kw, "×") + " s" + pair(sh, sw, "×") + " p" + pair(ph, pw, "×");
            case LINEAR -> "linear " + in + "→" + out;
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    static String pair(int a, int b, String sep) {
        return a == b ? Integer.toString(a) : a + sep + b;
    }

    private static String py(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }

    /** The layer as PyTorch code: nn.Conv2d(1, 8, kernel_size=5, stride=1, padding=0). */
    public String code() {
        return switch (kind) {
            case CONV -> "nn.Conv2d(" + in + ", " + out + ", kernel_size=" + py(kh, kw) + ", stride=" + py(sh, sw) + ", padding=" + py(ph, pw) + ")";
            case AVGPOOL, MAXPOOL -> "nn." + kind.framework + "(kernel_size=" + py(kh, kw) + ", stride=" + py(sh, sw) + ", padding=" + py(ph, pw) + ")";
            case LINEAR -> "nn.Linear(" + in + ", " + out + ")";
            default -> "nn." + kind.framework + "()";
        };
    }

    /** The layer in the `layers` syntax, so a suggested fix can be pasted back. */
    public String syntax() {
        return switch (kind) {
            case CONV -> "conv " + in + " " + out + " " + pair(kh, kw, "x") + " " + pair(sh, sw, "x") + " " + pair(ph, pw, "x");
            case AVGPOOL, MAXPOOL -> kind.name().toLowerCase(Locale.ROOT) + " " + pair(kh, kw, "x") + " " + pair(sh, sw, "x") + " " + pair(ph, pw, "x");
            case LINEAR -> "linear " + in + " " + out;
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    public Layer withIn(int newIn) {
        return new Layer(kind, index, text, newIn, out, kh, kw, sh, sw, ph, pw);
    }

    public Layer withPadding(int newPh, int newPw) {
        return new Layer(kind, index, text, in, out, kh, kw, sh, sw, newPh, newPw);
    }

    /** Parses the `layers` text: one layer per ';' (empty entries are ignored). */
    public static List<Layer> parseAll(String text) {
        List<Layer> out = new ArrayList<>();
        if (text == null || text.isBlank()) throw new ParamException("layers", "\"\"", "expected at least one layer, e.g. conv 1 8 5 1 0; relu; flatten; linear 4608 10");
        for (String part : text.split(";")) {
            if (part.isBlank()) continue;
            if (out.size() >= MAX_LAYERS) throw new ParamException("layers", "layers: more than " + MAX_LAYERS + " layers: at most " + MAX_LAYERS + " are allowed");
            out.add(parse(part.trim(), out.size()));
        }
        if (out.isEmpty()) throw new ParamException("layers", "\"" + text + "\"", "expected at least one layer");
        return out;
    }

    static Layer parse(String text, int index) {
        String[] tok = text.trim().split("\\s+");
        String name = tok[0].toLowerCase(Locale.ROOT);
        int n = tok.length - 1;
        String where = "layer " + (index + 1) + " (" + text + ")";
        switch (name) {
            case "conv", "conv2d" -> {
                if (n < 3 || n > 5) throw wrong(where, "conv", "3 to 5 arguments: in out k [stride] [padding] (k, stride, padding may be AxB, e.g. 3x5)", n);
                int in = positive(where, "in", tok[1]), o = positive(where, "out", tok[2]);
                int[] k = pair(where, "k", tok[3], 1);
                int[] s = n >= 4 ? pair(where, "stride", tok[4], 1) : new int[]{1, 1};
                int[] p = n >= 5 ? pair(where, "padding", tok[5], 0) : new int[]{0, 0};
                return new Layer(Kind.CONV, index, text, in, o, k[0], k[1], s[0], s[1], p[0], p[1]);
            }
            case "avgpool", "avgpool2d", "maxpool", "maxpool2d" -> {
                Kind kind = name.startsWith("avg") ? Kind.AVGPOOL : Kind.MAXPOOL;
                String nm = kind == Kind.AVGPOOL ? "avgpool" : "maxpool";
                if (n < 1 || n > 3) throw wrong(where, nm, "1 to 3 arguments: k [stride] [padding] (stride defaults to k; each may be AxB)", n);
                int[] k = pair(where, "k", tok[1], 1);
                int[] s = n >= 2 ? pair(where, "stride", tok[2], 1) : k.clone();
                int[] p = n >= 3 ? pair(where, "padding", tok[3], 0) : new int[]{0, 0};
                return new Layer(kind, index, text, 0, 0, k[0], k[1], s[0], s[1], p[0], p[1]);
            }
            case "relu", "tanh", "sigmoid", "flatten" -> {
                if (n != 0) throw wrong(where, name, "no arguments", n);
                return new Layer(Kind.valueOf(name.toUpperCase(Locale.ROOT)), index, text, 0, 0, 1, 1, 1, 1, 0, 0);
            }
            case "linear", "fc", "dense" -> {
                if (n != 2) throw wrong(where, "linear", "2 arguments: in out", n);
                // A Linear layer may take a huge flattened map (64·224·224 = 3,211,264): showing that cost is the point.
                return new Layer(Kind.LINEAR, index, text, number(where, "in", tok[1], 1, MAX_FEATURES), positive(where, "out", tok[2]), 1, 1, 1, 1, 0, 0);
            }
            default -> throw new ParamException("layers", "layers: " + where + ": unknown layer '" + tok[0]
                    + "'; allowed: conv, avgpool, maxpool, relu, tanh, sigmoid, flatten, linear");
        }
    }

    private static ParamException wrong(String where, String name, String expects, int got) {
        return new ParamException("layers", "layers: " + where + ": " + name + " expects " + expects + ", got " + got);
    }

    private static int number(String where, String what, String t, int min) {
        return number(where, what, t, min, MAX_SIZE);
    }

    private static int number(String where, String what, String t, int min, int max) {
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ParamException("layers", "layers: " + where + ": " + what + " '" + t + "' is not a whole number");
        }
        if (v < min || v > max) throw new ParamException("layers", "layers: " + where + ": " + what + " = " + t + ", expected " + min + " to " + max);
        return (int) v;
    }

    private static int positive(String where, String what, String t) {
        return number(where, what, t, 1);
    }

    /** "5" → {5, 5}; "3x5" (or 3×5) → {3, 5}: rows × columns. */
    private static int[] pair(String where, String what, String t, int min) {
        String[] p = t.toLowerCase(Locale.ROOT).split("[x×]", -1);
        if (p.length == 1) {
            int v = number(where, what, p[0], min);
            return new int[]{v, v};
        }
        if (p.length != 2) throw new ParamException("layers", "layers: " + where + ": " + what + " '" + t + "' should be a number or AxB (rows x columns)");
        return new int[]{number(where, what, p[0], min), number(where, what, p[1], min)};
    }
}
