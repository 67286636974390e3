package glassbox.render;

import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Typesetting with jlatexmath: inline formulas as images (captions of lesson steps) and formula icons. */
public final class Latex {
    private Latex() {}

    /**
     * A formula typeset at a size and colour; one that does not parse is shown as its source rather
     * than dropped. One thread at a time: jlatexmath keeps shared, lazily filled tables (the window's
     * captions and the compute thread's formula strip typeset at once otherwise).
     */
    public static synchronized TeXIcon icon(String tex, int style, float size, Color ink) {
        tex = numbers(tex);
        TeXIcon icon;
        try {
            icon = new TeXFormula(tex).createTeXIcon(style, size);
        } catch (RuntimeException e) {
            icon = new TeXFormula("\\text{" + tex.replaceAll("[\\\\{}$^_]", " ") + "}").createTeXIcon(style, size);
        }
        icon.setForeground(ink);
        return icon;
    }

    private static final java.util.regex.Pattern E_NOTATION = java.util.regex.Pattern.compile("(?<![A-Za-z\\\\_^.\\d])(\\d+(?:\\.\\d+)?)[eE]([-+]?)0*(\\d+)(?![A-Za-z\\d])");

    /**
     * Numbers in e-notation as the figures write them (9.617·10⁻⁴): jlatexmath would set 9.617e-04
     * as "9.617e − 04", a subtraction.
     */
    static String numbers(String tex) {
        if (tex.indexOf('e') < 0 && tex.indexOf('E') < 0) return tex;
        java.util.regex.Matcher m = E_NOTATION.matcher(tex);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String exp = (m.group(2).equals("-") ? "-" : "") + m.group(3);
            String r = m.group(1).equals("1") ? "10^{" + exp + "}" : m.group(1) + " \\cdot 10^{" + exp + "}";
            m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }

    public static BufferedImage image(String tex, float size, Color ink) {
        TeXIcon icon = icon(tex, TeXConstants.STYLE_TEXT, size, ink);
        BufferedImage img = new BufferedImage(Math.max(1, icon.getIconWidth()), Math.max(1, icon.getIconHeight()), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        icon.paintIcon(null, g, 0, 0);
        g.dispose();
        return img;
    }
}
