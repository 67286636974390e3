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

    /** Relative share of the board this figure should get (the first figure of a lab is usually the largest). */
    default double weight() {
        return 1;
    }
}
