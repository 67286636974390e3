package glassbox.render;

import glassbox.core.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * SVG export of a board: the same drawing code as the window and the PNG, into a vector
 * Graphics2D. Text stays text (searchable, editable), lines stay lines; heatmap rasters are embedded images.
 */
public final class Svg {
    private Svg() {}

    public static String board(List<Figure> figures, int width, int height, Style style, Object highlight) {
        SVGGraphics2D g = new SVGGraphics2D(width, Board.arrange(figures, width, height, style).height());
        g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
        Board.draw(g, figures, width, height, style, highlight);
        return g.getSVGDocument();
    }

    public static void write(Path file, String svg) throws IOException {
        AtomicFiles.write(file, out -> out.write(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
