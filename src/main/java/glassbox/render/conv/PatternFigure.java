package glassbox.render.conv;

import glassbox.core.Fmt;
import glassbox.core.Memo;
import glassbox.core.conv.ConvMatrix;
import glassbox.core.conv.ConvResult;
import glassbox.core.conv.ConvSpec;
import glassbox.core.conv.Pattern;
import glassbox.render.Draw;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Style;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * The matrix A: exact layers cell by cell (coloured by the weight's value, or by which weight it is —
 * weight sharing made visible), large layers as a density summary of blocks, zeros left blank.
 */
final class PatternFigure implements Figure {
    private final ConvResult r;
    private final boolean byWeight;
    private final Memo<SummaryKey, Summary> summaries;

    /** summaries: the lab's memo of the last density summary drawn (a seed change keeps A's pattern). */
    PatternFigure(ConvResult r, boolean byWeight, Memo<SummaryKey, Summary> summaries) {
        this.r = r;
        this.byWeight = byWeight;
        this.summaries = summaries;
    }

    @Override public String title() {
        ConvSpec s = r.spec();
        return "A  (" + Fmt.count(s.dOut()) + " × " + Fmt.count(s.dIn()) + ", " + s.order() + " order)";
    }

    @Override public double weight() { return 1.6; }

    private String subtitle() {
        Pattern p = r.pattern();
        if (p.exact()) return byWeight ? "each non-zero coloured by which weight W[o,c,a,b] it is (Kernel W in the same colours is the key); blank = 0"
                : "each non-zero coloured by its weight value; blank = 0";
        long br = (p.dOut() + p.rows() - 1) / p.rows(), bc = (p.dIn() + p.cols() - 1) / p.cols();
        return "each pixel summarises a block of ≈" + Fmt.count(br) + " × " + Fmt.count(bc) + " entries: colour = fraction of non-zeros";
    }

    private Rectangle2D plot(Graphics2D g, Rectangle area, Style s) {
        Rectangle body = Draw.title(g, area, title(), subtitle(), s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        int left = Draw.width(fm, "000000") + fm.getHeight() + 12, bottom = 2 * fm.getHeight() + fm.getHeight() / 2 + 8;
        // The colour bar, its labels and the word under it; its top label reaches half a line above the plot.
        int right = Math.max(14 + 12 + 5 + Draw.width(fm, "-0.00000") + 6, 14 + Draw.width(fm, "density") + 4);
        int top = fm.getHeight() / 2 + 2;
        double w = body.width - left - right, h = body.height - bottom - top;
        Pattern p = r.pattern();
        if (p.exact()) {
            double cell = Math.min(w / p.cols(), h / p.rows());
            if (cell * p.cols() > 0.3 * w && cell * p.rows() > 0.3 * h) { w = cell * p.cols(); h = cell * p.rows(); }
        }
        return new Rectangle2D.Double(body.x + left, body.y + top, Math.max(1, w), Math.max(1, h - 2));
    }

    /** The matrix at least twice the style's plot minimum, with its axes, labels and colour bar. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        return Draw.measuring(g -> {
            g.setFont(s.small());
            FontMetrics fm = g.getFontMetrics();
            int left = Draw.width(fm, "000000") + fm.getHeight() + 12;
            int right = Math.max(14 + 12 + 5 + Draw.width(fm, "-0.00000") + 6, 14 + Draw.width(fm, "density") + 4);
            int w = left + right + 2 * s.minPlot();
            int h = s.size(15) * 2 + 10 + Draw.wrap(subtitle(), fm, w - 4).size() * fm.getHeight() + 3 * fm.getHeight() + 8 + 2 * s.minPlot();
            return new java.awt.Dimension(Math.max(w, s.size(320)), h);
        });
    }

    static int weightColour(int wi) {
        // Golden-ratio hue steps give neighbouring weights clearly different colours.
        float hue = (float) ((wi * 0.6180339887) % 1.0);
        return Color.HSBtoRGB(hue, 0.65f, 0.92f);
    }

    /** A density summary's image: it only changes with the layer's shape (the pattern) and the palette, not with the seed. */
    record Summary(BufferedImage image, float dmax) {}

    /** The pattern (compared by identity: the engine's memo hands out the same one) and the palette. */
    record SummaryKey(Pattern pattern, String style) {}

    private static String key(Style s) {
        return s.magnitudePalette() + "/" + s.background().getRGB();
    }

    private float maxDensity() {
        float m = 0;
        for (float d : r.pattern().density()) m = Math.max(m, d);
        return m == 0 ? 1 : m;
    }

    private Summary image(Pattern pat, Style s, double wmax) {
        int blank = s.background().getRGB();
        float dmax = pat.exact() ? 1 : maxDensity();
        BufferedImage img = new BufferedImage(pat.cols(), pat.rows(), BufferedImage.TYPE_INT_RGB); // opaque: blits faster than ARGB
        int[] px = glassbox.render.Board.pixels(img);
        glassbox.render.Palette signed = s.signed(), magnitude = s.magnitude();
        for (int k = 0; k < px.length; k++) {
            if (pat.exact()) {
                int wi = pat.weightAt()[k];
                px[k] = wi < 0 ? blank : byWeight ? 0xFF000000 | weightColour(wi) : signed.argb(0.5 + 0.5 * r.weights()[wi] / wmax);
            } else {
                float d = pat.density()[k];
                px[k] = d == 0 ? blank : magnitude.argb(0.15 + 0.85 * d / dmax);
            }
        }
        return new Summary(img, dmax);
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Rectangle2D p = plot(g, area, s);
        Pattern pat = r.pattern();
        int rows = pat.rows(), cols = pat.cols();
        int blank = s.background().getRGB();
        double wmax = 0;
        for (double w : r.weights()) wmax = Math.max(wmax, Math.abs(w));
        if (wmax == 0) wmax = 1;
        final double wm = wmax;
        Summary summary = pat.exact() ? image(pat, s, wm) : summaries.get(new SummaryKey(pat, key(s)), k -> image(pat, s, wm));
        float dmax = summary.dmax();
        BufferedImage img = summary.image();
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, (int) Math.round(p.getX()), (int) Math.round(p.getY()), (int) Math.round(p.getWidth()), (int) Math.round(p.getHeight()), null);
        if (old != null) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        g.setColor(s.muted());
        g.setStroke(new BasicStroke(1f));
        g.draw(p);
        // Axes: index ticks.
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        g.setColor(s.foreground());
        long dOut = r.spec().dOut(), dIn = r.spec().dIn();
        // Tick labels spaced by their own width; none reaches past the plot's right edge (the colour bar's column).
        int labelW = Draw.width(fm, Fmt.num(dIn)) + 24;
        for (double t : Draw.ticks(0, dIn, Math.max(2, (int) (p.getWidth() / labelW)))) {
            if (t >= dIn) continue;
            double x = p.getX() + t / dIn * p.getWidth();
            g.draw(new Line2D.Double(x, p.getMaxY(), x, p.getMaxY() + 3));
            // Half a label lower than the plot's edge: the lowest row label reaches that far.
            if (x + Draw.width(fm, Fmt.num(t)) / 2.0 <= p.getMaxX() + 4) Draw.centered(g, Fmt.num(t), x, p.getMaxY() + fm.getHeight() / 2.0 + fm.getAscent() + 3);
        }
        for (double t : Draw.ticks(0, dOut, Math.max(2, (int) (p.getHeight() / (2.5 * fm.getHeight()))))) {
            if (t >= dOut) continue;
            double y = p.getY() + t / dOut * p.getHeight();
            g.draw(new Line2D.Double(p.getX() - 3, y, p.getX(), y));
            Draw.right(g, Fmt.num(t), p.getX() - 5, y + fm.getAscent() / 2.0 - 1);
        }
        g.setColor(s.muted());
        String colLabel = "column = input index of x " + switch (r.spec().order()) {
            case HWC -> "(i·w + j)·c_i + c";
            case CHW -> "c·h·w + i·w + j";
            case PATCH -> "patch·k_h·k_w·c_i + (a·k_w + b)·c_i + c";
        };
        // The formula when it fits under the plot, the words alone otherwise (like the row label).
        if (Draw.width(fm, colLabel) > p.getWidth()) colLabel = "column = input index of x";
        if (Draw.width(fm, colLabel) <= p.getWidth()) Draw.centered(g, colLabel, p.getCenterX(), p.getMaxY() + fm.getHeight() * 1.5 + fm.getAscent() + 4);
        String rowLabel = "row = output index of y " + (r.spec().order().outputChannelsLast() ? "(u·w' + v)·c_o + o" : "o·h'·w' + u·w' + v");
        if (Draw.width(fm, rowLabel) > p.getHeight()) rowLabel = "row = output index";
        if (Draw.width(fm, rowLabel) <= p.getHeight()) Draw.vertical(g, rowLabel, area.x + fm.getHeight() / 2.0 + 1, p.getCenterY());
        drawHighlight(g, p, s, highlight);
        Rectangle bar = new Rectangle((int) p.getMaxX() + 14, (int) p.getY(), 12, (int) Math.max(4 * fm.getHeight(), Math.min(p.getHeight() - fm.getHeight() * 2.5, 220 * s.fontScale())));
        if (!pat.exact()) {
            Draw.colourBar(g, bar, s.magnitude(), 0, dmax, null, s);
            g.setColor(s.muted());
            Draw.text(g, "density", bar.x - 4, bar.y + bar.height + fm.getHeight() * 1.5 + 2);
        } else if (!byWeight) {
            Draw.colourBar(g, bar, s.signed(), -wmax, wmax, null, s);
            g.setColor(s.muted());
            Draw.text(g, "weight", bar.x - 4, bar.y + bar.height + fm.getHeight() * 1.5 + 2);
        }
    }

    private void drawHighlight(Graphics2D g, Rectangle2D p, Style s, Object highlight) {
        if (!(highlight instanceof ConvLab.Highlight h)) return;
        long dOut = r.spec().dOut(), dIn = r.spec().dIn();
        double rh = Math.max(1.5, p.getHeight() / dOut), cw = Math.max(1.5, p.getWidth() / dIn);
        if (h.row() >= 0) Draw.outline(g, s, new Rectangle2D.Double(p.getX(), p.getY() + h.row() * p.getHeight() / dOut, p.getWidth(), rh));
        if (h.col() >= 0) Draw.outline(g, s, new Rectangle2D.Double(p.getX() + h.col() * p.getWidth() / dIn, p.getY(), cw, p.getHeight()));
        if (h.weight() >= 0 && r.pattern().exact()) {
            int[] at = r.pattern().weightAt();
            int cols = r.pattern().cols();
            for (int k = 0; k < at.length; k++) {
                if (at[k] != h.weight()) continue;
                Draw.outline(g, s, new Rectangle2D.Double(p.getX() + (k % cols) * p.getWidth() / dIn - 1, p.getY() + (k / cols) * p.getHeight() / dOut - 1, cw + 2, rh + 2));
            }
        }
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        return Draw.measuring(g -> {
            Rectangle2D p = plot(g, area, s);
            if (!p.contains(x, y)) return null;
            ConvSpec sp = r.spec();
            long row = Math.min(sp.dOut() - 1, (long) ((y - p.getY()) / p.getHeight() * sp.dOut()));
            long col = Math.min(sp.dIn() - 1, (long) ((x - p.getX()) / p.getWidth() * sp.dIn()));
            int wi = ConvMatrix.entry(sp, row, col);
            return new Hover(ConvLab.describeEntry(r, row, col, wi), new ConvLab.Highlight((int) row, (int) col, wi));
        });
    }
}
