package glassbox.core;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FmtTest {
    /** The formatting as first written, with regular expressions: the reference for the hand-written trim. */
    private static String numByRegex(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            String s = String.format(Locale.ROOT, "%.6g", v);
            if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            return s;
        }
        return String.format(Locale.ROOT, "%.4e", v);
    }

    private static String sigByRegex(double v, int digits) {
        if (!Double.isFinite(v)) return numByRegex(v);
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(Math.max(1, digits))).toPlainString();
            if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            return s;
        }
        return String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", v);
    }

    @Test
    void numbersReadAsBefore() {
        SplittableRandom rnd = new SplittableRandom(2);
        double[] fixed = {0, -0.0, 1, 10, 100, 0.5, 0.25, 1.5, 2.000001, 1e-5, 123456.7, 999999.9, 1e6, 0.001, 0.0999, 3.14159265, -42.1, 1e300, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2};
        for (double v : fixed) check(v);
        for (int k = 0; k < 20_000; k++) {
            double v = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble(-8, 8)) * (rnd.nextInt(4) == 0 ? 1 : rnd.nextDouble());
            if (rnd.nextInt(5) == 0) v = Math.round(v * 100) / 100.0; // short decimals, whose zeros get trimmed
            check(v);
        }
        assertEquals("1.25", Fmt.trimZeros("1.2500"));
        assertEquals("3", Fmt.trimZeros("3.000"));
        assertEquals("100", Fmt.trimZeros("100."));
    }

    private static void check(double v) {
        assertEquals(numByRegex(v), Fmt.num(v), "num " + v);
        for (int d = 1; d <= 6; d++) assertEquals(sigByRegex(v, d), Fmt.sig(v, d), "sig " + v + " to " + d);
    }
}
