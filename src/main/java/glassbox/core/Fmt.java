package glassbox.core;

import java.util.Locale;

/** Number formatting shared by readouts, figures and literals: short, locale-independent. */
public final class Fmt {
    private Fmt() {}

    /** Shortest faithful-enough text: integers without ".0", otherwise up to 6 significant digits. */
    public static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            String s = String.format(Locale.ROOT, "%.6g", v);
            if (s.indexOf('.') >= 0 && s.indexOf('e') < 0) s = trimZeros(s);
            return s;
        }
        return String.format(Locale.ROOT, "%.4e", v);
    }

    /** Fixed number of significant digits, for on-screen labels. */
    public static String sig(double v, int digits) {
        if (!Double.isFinite(v)) return num(v);
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            // Plain digits (Java's %g would write 100 to 2 digits as 1.0e+02).
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(Math.max(1, digits))).toPlainString();
            if (s.indexOf('.') >= 0) s = trimZeros(s);
            return s;
        }
        return String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", v);
    }

    /** "1.2500" → "1.25", "3.000" → "3": trailing zeros, then a trailing point (labels are formatted per frame: no regex). */
    static String trimZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') end--;
        if (end > 0 && s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    /** Integers with thousands separators: 150,528. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    /**
     * Text as one line: control characters escaped (a newline as \n), so a message stays one line whatever
     * the user typed or a file held.
     */
    public static String oneLine(String s) {
        if (s == null) return "null";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                    : Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? String.format(Locale.ROOT, "\\u%04x", (int) c) : null;
            if (esc != null && b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (b != null) {
                if (esc != null) b.append(esc);
                else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** A value quoted for a message: one line, and at most max characters of it with how many more there are. */
    public static String quote(String s, int max) {
        String t = oneLine(s);
        if (t.length() > max) t = t.substring(0, max) + "\" and " + count(t.length() - max) + " more characters";
        else t = t + "\"";
        return "\"" + t;
    }
}
