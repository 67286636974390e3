package glassbox.render;

import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A formula strip too short for its formulas leaves whole rows out and says so; it never cuts one. */
class FormulaFigureTest {
    static final List<String> CONV = List.of(
            "h' = \\left\\lfloor\\frac{h + 2p_h - k_h}{s_h}\\right\\rfloor + 1 = \\left\\lfloor\\frac{8 + 0 - 3}{1}\\right\\rfloor + 1 = 6",
            "\\mathrm{density} = \\frac{\\mathrm{nnz}}{d_{in} d_{out}} = \\frac{1944}{128 \\cdot 108} = 0.1406",
            "\\mathrm{params} = c_o c_i k_h k_w = 3 \\cdot 2 \\cdot 3 \\cdot 3 = 54");

    @Test
    void aShortStripDrawsWholeRowsAndNamesWhatItLeftOut() {
        FormulaFigure f = new FormulaFigure(CONV);
        Style presenting = Style.DEFAULT.withFontScale(1.8);
        int width = 320;
        int need = f.height(width - 8, presenting);
        // Even shrunk (to 0.6 of the font) the three rows need more than 80 px.
        assertTrue(f.height(width - 8, Style.DEFAULT.withFontScale(0.6)) > 80);
        Rectangle area = new Rectangle(0, 0, width, 80);
        BufferedImage img = new BufferedImage(width, need * 2, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        Text.Recorder rec = new Text.Recorder();
        g.setRenderingHint(Text.RECORDER, rec);
        f.draw(g, area, presenting, null);
        g.dispose();
        for (int y = area.height; y < img.getHeight(); y++) {
            for (int x = 0; x < width; x++) assertEquals(0, img.getRGB(x, y) >>> 24, "painted below the strip at " + x + "," + y);
        }
        assertTrue(rec.boxes().stream().anyMatch(b -> b.text().matches("… \\d+ more formulas?: F1 shows all of this lab's formulas")),
                rec.boxes().toString());
    }

    @Test
    void aStripWithRoomDrawsEveryFormulaAndNoNote() {
        FormulaFigure f = new FormulaFigure(CONV);
        int need = f.height(1200 - 8, Style.DEFAULT);
        BufferedImage img = new BufferedImage(1200, need, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        Text.Recorder rec = new Text.Recorder();
        g.setRenderingHint(Text.RECORDER, rec);
        f.draw(g, new Rectangle(0, 0, 1200, need), Style.DEFAULT, null);
        g.dispose();
        assertTrue(rec.boxes().stream().noneMatch(b -> b.text().contains("more formula")), rec.boxes().toString());
    }
}
