package glassbox.render.purifier;

import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Style;

import java.awt.Graphics2D;
import java.awt.Rectangle;

/** Two figures sharing one board cell, one above the other (σ_i on a log axis above f_i per index). */
final class StackedFigure implements Figure {
    private final String title;
    private final Figure top, bottom;
    private final double topShare;

    StackedFigure(String title, Figure top, Figure bottom, double topShare) {
        this.title = title;
        this.top = top;
        this.bottom = bottom;
        this.topShare = topShare;
    }

    Figure top() { return top; }

    Figure bottom() { return bottom; }

    @Override public String title() { return title; }

    /** Both parts at their minimums, one above the other. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        java.awt.Dimension a = top.minimum(s), b = bottom.minimum(s);
        return new java.awt.Dimension(Math.max(a.width, b.width), a.height + b.height + 8);
    }

    @Override public double weight() { return Math.max(top.weight(), bottom.weight()); }

    private Rectangle[] split(Rectangle a) {
        int h = (int) Math.round(a.height * topShare);
        return new Rectangle[]{new Rectangle(a.x, a.y, a.width, h - 4), new Rectangle(a.x, a.y + h + 4, a.width, a.height - h - 4)};
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style style, Object highlight) {
        Rectangle[] r = split(area);
        java.awt.Shape clip = g.getClip();
        g.clipRect(r[0].x, r[0].y, r[0].width, r[0].height);
        top.draw(g, r[0], style, highlight);
        g.setClip(clip);
        g.clipRect(r[1].x, r[1].y, r[1].width, r[1].height);
        bottom.draw(g, r[1], style, highlight);
        g.setClip(clip);
    }

    @Override
    public Hover hover(Rectangle area, Style style, double x, double y) {
        Rectangle[] r = split(area);
        if (r[0].contains(x, y)) return top.hover(r[0], style, x, y);
        if (r[1].contains(x, y)) return bottom.hover(r[1], style, x, y);
        return null;
    }
}
