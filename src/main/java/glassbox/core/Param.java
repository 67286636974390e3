package glassbox.core;

import java.util.List;
import java.util.Locale;

/**
 * One parameter of a lab: its key (as on the command line and in preset files), its label and
 * help (tooltips), its kind and range, and its default. The window builds its controls from these,
 * the command line validates {@code --set key=value} with them, and presets and sessions are
 * checked against them, so every entry point gives the same message for the same mistake.
 */
public record Param(String key, String label, String help, Kind kind, double min, double max,
                    List<String> choices, String defaultText, String group) {

    public enum Kind { INT, DOUBLE, LOG_DOUBLE, CHOICE, BOOL, MATRIX, TEXT, LIST }

    public static Param integer(String key, String label, int min, int max, int def, String help) {
        return new Param(key, label, help, Kind.INT, min, max, List.of(), Integer.toString(def), "");
    }

    public static Param real(String key, String label, double min, double max, double def, String help) {
        return new Param(key, label, help, Kind.DOUBLE, min, max, List.of(), Fmt.num(def), "");
    }

    /** A positive number best moved on a logarithmic slider (λ from 1e-4 to 1e4, say). */
    public static Param logReal(String key, String label, double min, double max, double def, String help) {
        if (min <= 0) throw new IllegalArgumentException("log parameter needs min > 0");
        return new Param(key, label, help, Kind.LOG_DOUBLE, min, max, List.of(), Fmt.num(def), "");
    }

    public static Param choice(String key, String label, List<String> choices, String def, String help) {
        return new Param(key, label, help, Kind.CHOICE, 0, 0, List.copyOf(choices), def, "");
    }

    public static Param bool(String key, String label, boolean def, String help) {
        return new Param(key, label, help, Kind.BOOL, 0, 0, List.of("true", "false"), Boolean.toString(def), "");
    }

    public static Param matrix(String key, String label, String def, String help) {
        return new Param(key, label, help, Kind.MATRIX, 0, 0, List.of(), def, "");
    }

    /**
     * An ordered list of items separated by ';' (a stack of layers, say): the window edits it as a
     * list with add, remove and reorder; its value is the text.
     */
    public static Param list(String key, String label, String def, String help) {
        return new Param(key, label, help, Kind.LIST, 0, 0, List.of(), def, "");
    }

    public static Param text(String key, String label, String def, String help) {
        return new Param(key, label, help, Kind.TEXT, 0, 0, List.of(), def, "");
    }

    /** The same parameter shown under a heading in the window's control panel. */
    public Param in(String group) {
        return new Param(key, label, help, kind, min, max, choices, defaultText, group);
    }

    /** What is allowed, in words, for messages and tooltips. */
    public String allowed() {
        return switch (kind) {
            case INT -> "an integer from " + Fmt.num(min) + " to " + Fmt.num(max);
            case DOUBLE, LOG_DOUBLE -> "a number from " + Fmt.num(min) + " to " + Fmt.num(max);
            case CHOICE -> "one of " + String.join(", ", choices);
            case BOOL -> "true or false";
            case MATRIX -> "a matrix literal: entries separated by ',', rows by ';' (e.g. 1,2;3,4)";
            case TEXT -> "text";
            case LIST -> "items separated by ';'";
        };
    }

    /** Parses and validates text into the parameter's value: Integer, Double, String, Boolean or double[][]. */
    public Object parse(String text) {
        String t = text == null ? "" : text.trim();
        switch (kind) {
            case INT -> {
                long v;
                try {
                    // Long.parseLong takes any script's digits (h=１２ would read 12): only ASCII ones are numbers here.
                    if (!t.chars().allMatch(c -> c < 128)) throw new NumberFormatException();
                    v = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw new ParamException(key, quote(text), "expected " + allowed());
                }
                if (v < min || v > max) throw new ParamException(key, t, "expected " + allowed());
                return (int) v;
            }
            case DOUBLE, LOG_DOUBLE -> {
                double v = parseDouble(t);
                if (!(v >= min && v <= max)) {
                    // A logarithmic parameter given zero or less: say why it must be positive (its help does).
                    String why = kind == Kind.LOG_DOUBLE && v <= 0 && !help.isEmpty() ? " — " + help : "";
                    throw new ParamException(key, t, "expected " + allowed() + why);
                }
                return v;
            }
            case CHOICE -> {
                String v = t.toLowerCase(Locale.ROOT);
                for (String c : choices) if (c.equalsIgnoreCase(v)) return c;
                throw new ParamException(key, quote(text), "expected " + allowed());
            }
            case BOOL -> {
                if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
                if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
                throw new ParamException(key, quote(text), "expected " + allowed());
            }
            case MATRIX -> {
                return MatrixLiteral.parse(key, t);
            }
            default -> {
                return t;
            }
        }
    }

    private double parseDouble(String t) {
        String s = t.toLowerCase(Locale.ROOT);
        if (s.equals("inf") || s.equals("infinity") || s.equals("∞")) return Double.POSITIVE_INFINITY;
        try {
            double v = Double.parseDouble(t);
            if (Double.isNaN(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ParamException(key, quote(t), "expected " + allowed());
        }
    }

    /** Canonical text of a parsed value (so equal settings compare equal). */
    public String format(Object value) {
        if (value instanceof double[][] m) return MatrixLiteral.format(m);
        if (value instanceof Double d) return Double.isInfinite(d) ? "inf" : Fmt.num(d);
        return String.valueOf(value);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
