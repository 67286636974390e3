package glassbox.render;

import org.junit.jupiter.api.Test;

import java.awt.Font;
import java.awt.FontMetrics;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The text path: inline mathematics, one notation for numbers, wrapping that never cuts. */
class TextTest {

    @Test
    void subAndSuperscriptsAreSetAndWordsWithUnderscoresStayWords() {
        assertEquals(List.of(new Text.Run("h", 0), new Text.Run("t−1", -1)), Text.parse("h_{t−1}"));
        assertEquals(List.of(new Text.Run("x", 0), new Text.Run("2", 1), new Text.Run(" + y", 0)), Text.parse("x^2 + y"));
        assertEquals(List.of(new Text.Run("2", 0), new Text.Run("−16", 1)), Text.parse("2^−16"));
        assertEquals(List.of(new Text.Run("W", 0), new Text.Run("h", -1), new Text.Run("ℓ", 1)), Text.parse("W_h^ℓ"));
        assertEquals(List.of(new Text.Run("loss_positions", 0)), Text.parse("loss_positions"));
        assertEquals(List.of(new Text.Run("P", 0), new Text.Run("ij", -1), new Text.Run(" = d", 0), new Text.Run("in", -1)), Text.parse("P_ij = d_in"));
        assertEquals(List.of(new Text.Run("x_column", 0)), Text.parse("x_column"), "a long word after one letter is not a subscript");
        assertEquals(List.of(new Text.Run("a _b", 0)), Text.parse("a _b"), "a lone underscore after a space is text");
    }

    @Test
    void numbersInENotationAreWrittenAsPowersOfTen() {
        assertEquals("9.617·10^{−4}", Text.numbers("9.617e-04"));
        assertEquals("10^{3}", Text.numbers("1e3"));
        assertEquals("x = 2.5·10^{12}, y", Text.numbers("x = 2.5e+12, y"));
        assertEquals("seed1e5 and e2e", Text.numbers("seed1e5 and e2e"), "identifiers are not numbers");
        assertEquals("9.617·10^−4", Text.display("9.617e-04"));
        assertEquals("9.617 \\cdot 10^{-4}", Latex.numbers("9.617e-04"));
        assertEquals("\\frac{15}{16\\,384} = 9.155 \\cdot 10^{-4}", Latex.numbers("\\frac{15}{16\\,384} = 9.155e-04"));
        assertEquals("10^{5} + x_1e2", Latex.numbers("1e5 + x_1e2"), "a subscript's digits are not a mantissa");
    }

    @Test
    void wrappingKeepsEveryCharacterAndEachLineFits() {
        FontMetrics fm = Draw.measuring(g -> g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        String text = "Text is cut short with an ellipsis all over: lesson step titles, table headers and cells, legends, subtitles";
        for (int width : new int[]{40, 90, 200, 2000}) {
            List<String> lines = Text.wrap(text, fm, width);
            assertEquals(text.replace(" ", ""), String.join("", lines).replace(" ", ""), "nothing lost at width " + width);
            for (String line : lines) assertTrue(Text.width(fm, line) <= width || !line.contains(" "), line + " at " + width);
        }
        List<String> broken = Text.wrap("abcdefghijklmnopqrstuvwxyz", fm, 30);
        assertTrue(broken.size() > 1);
        for (String line : broken) assertTrue(Text.width(fm, line) <= 30, "a word longer than a line is broken: " + line);
    }

    @Test
    void scriptsAreNarrowerThanTheSameCharactersInline() {
        FontMetrics fm = Draw.measuring(g -> g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 20)));
        assertTrue(Text.width(fm, "h_{t−1}") < fm.stringWidth("ht−1"));
        assertTrue(Text.width(fm, "h_{t−1}") > fm.stringWidth("h"));
    }

    @Test
    void theDarkThemesSignedMapIsDarkAtZeroAndBrightAtBothEnds() {
        Palette dark = Style.DEFAULT.withDark(true).signed(), light = Style.DEFAULT.signed();
        assertEquals("diverging-dark", dark.name());
        assertEquals("diverging", light.name());
        double mid = luminance(dark.argb(0.5)), lo = luminance(dark.argb(0)), hi = luminance(dark.argb(1));
        double fg = luminance(Style.DEFAULT.withDark(true).foreground().getRGB()), bg = luminance(Style.DEFAULT.withDark(true).background().getRGB());
        assertTrue(mid < lo && mid < hi && mid < fg, "zero is darker than either end and than the text");
        assertTrue(mid > bg, "but still distinguishable from the background");
        // Lightness grows monotonically away from zero on both sides.
        for (int i = 129; i < 256; i++) assertTrue(luminance(dark.argb(i / 255.0)) >= luminance(dark.argb((i - 1) / 255.0)) - 1e-9, "entry " + i);
        for (int i = 126; i >= 0; i--) assertTrue(luminance(dark.argb(i / 255.0)) >= luminance(dark.argb((i + 1) / 255.0)) - 1e-9, "entry " + i);
    }

    /** Relative luminance (sRGB, ITU-R BT.709 weights on linear light). */
    private static double luminance(int argb) {
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            double v = ((argb >> (16 - 8 * k)) & 255) / 255.0;
            c[k] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
