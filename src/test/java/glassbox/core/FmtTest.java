package glassbox.core;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FmtTest {
    @Test
    void trimmingMatchesTheRegularExpressionsItReplaced() {
        // The texts Fmt trims: %.6g and BigDecimal's plain strings of random values, compared with the
        // two regular expressions (trailing zeros, then a trailing point) the hand-written trim replaced.
        SplittableRandom rnd = new SplittableRandom(2);
        for (int k = 0; k < 20_000; k++) {
            double v = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble(-4, 6)) * (rnd.nextInt(4) == 0 ? 1 : rnd.nextDouble());
            if (rnd.nextInt(5) == 0) v = Math.round(v * 100) / 100.0; // short decimals: many zeros to trim
            for (String s : new String[]{String.format(Locale.ROOT, "%.6g", v),
                    new java.math.BigDecimal(v).round(new java.math.MathContext(1 + rnd.nextInt(6))).toPlainString()}) {
                if (s.indexOf('.') < 0 || s.indexOf('e') >= 0) continue;
                assertEquals(s.replaceAll("0+$", "").replaceAll("\\.$", ""), Fmt.trimZeros(s), s);
            }
        }
    }

    @Test
    void workedExamples() {
        assertEquals("0.3", Fmt.num(0.1 + 0.2));
        assertEquals("2.5", Fmt.num(2.5));
        assertEquals("100", Fmt.num(100));
        assertEquals("0.0001", Fmt.num(1e-4));
        assertEquals("1230", Fmt.sig(1234.5678, 3));
        assertEquals("0.125", Fmt.sig(0.125, 5));
        assertEquals("3", Fmt.sig(3.0004, 2));
        assertEquals("1.5e-05", Fmt.sig(1.5e-5, 2));
    }
}
