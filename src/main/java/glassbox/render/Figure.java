package glassbox.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;

/**
 * One figure of a lab, drawn with Java2D into a rectangle. The same code draws the window and the
 * exported PNG. A figure is built from an immutable result and keeps no mutable state.
 */
public interface Figure {
    String title();

    /** Draws the whole figure (title, axes, labels, colour bar) inside {@code area}. */
    void draw(Graphics2D g, Rectangle area, Style style, Object highlight);

    /** What the point (x, y) inside {@code area} means, or null for nothing. */
    default Hover hover(Rectangle area, Style style, double x, double y) {
        return null;
    }

    /**
     * Editing by mouse: pressing or dragging at (x, y) inside {@code area} changes these parameters
     * (drawing an input signal, say), or null when the figure is not editable there.
     */
    default java.util.Map<String, String> drag(Rectangle area, Style style, double x, double y) {
        return null;
    }

    /**
     * The smallest rectangle in which this figure, under the style, draws every text at its size and
     * its plot at {@link Style#minPlot()}: the board never gives a figure less (it rearranges, or
     * grows and scrolls, instead). The default: the title on at most two lines and a plot area.
     */
    default java.awt.Dimension minimum(Style s) {
        return new java.awt.Dimension(s.size(240), s.size(15) * 2 + s.size(13) * 3 + s.minPlot());
    }

    /** Relative share of the board this figure should get (the first figure of a lab is usually the largest). */
    default double weight() {
        return 1;
    }
}
