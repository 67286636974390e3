package glassbox.render;

import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** One inline formula typeset to a transparent image (captions of lesson steps). */
public final class Latex {
    private Latex() {}

    public static BufferedImage image(String tex, float size, Color ink) {
        TeXIcon icon;
        try {
            icon = new TeXFormula(tex).createTeXIcon(TeXConstants.STYLE_TEXT, size);
        } catch (RuntimeException e) {
            icon = new TeXFormula("\\text{" + tex.replaceAll("[\\\\{}$^_]", " ") + "}").createTeXIcon(TeXConstants.STYLE_TEXT, size);
        }
        icon.setForeground(ink);
        BufferedImage img = new BufferedImage(Math.max(1, icon.getIconWidth()), Math.max(1, icon.getIconHeight()), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        icon.paintIcon(null, g, 0, 0);
        g.dispose();
        return img;
    }
}
