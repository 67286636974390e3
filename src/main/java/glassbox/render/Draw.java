package glassbox.render;

import glassbox.core.Fmt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Small drawing helpers shared by every figure: titles, text, ticks, colour bars. */
public final class Draw {
    private Draw() {}

    /** Device pixels per logical pixel of g (at least 1): the resolution a raster needs for an export at 2× or 3×. */
    public static double deviceScale(Graphics2D g) {
        return Math.max(1, Math.max(Math.abs(g.getTransform().getScaleX()), Math.abs(g.getTransform().getScaleY())));
    }

    /**
     * For a raster of {@code pixels} showing {@code cells} cells (pixels ≤ cells): the cell at each
     * pixel's centre, as nearest-neighbour scaling would pick it; the identity when they are equal.
     */
    public static int nearestCell(int pixel, int pixels, int cells) {
        return pixels == cells ? pixel : (int) Math.min(cells - 1, (long) ((pixel + 0.5) * cells / pixels));
    }

    /**
     * Draws the title (and subtitle) at the top of the area, wrapped onto as many lines as they
     * need (never cut), and returns the rest of the area.
     */
    public static Rectangle title(Graphics2D g, Rectangle area, String title, String subtitle, Style s) {
        g.setFont(s.title());
        g.setColor(s.foreground());
        int used = Text.wrapped(g, title, area.x + 2, area.y + 2, area.width - 4, false) + 4;
        if (subtitle != null && !subtitle.isEmpty()) {
            g.setFont(s.small());
            g.setColor(s.muted());
            used += Text.wrapped(g, subtitle, area.x + 2, area.y + used, area.width - 4, false) + 2;
        }
        return new Rectangle(area.x, area.y + used, area.width, Math.max(1, area.height - used));
    }

    /** The height {@link #title} takes at a width. */
    public static int titleHeight(FontMetrics title, FontMetrics small, String text, String subtitle, int width) {
        int h = Text.wrappedHeight(title, text, width - 4) + 6;
        if (subtitle != null && !subtitle.isEmpty()) h += Text.wrappedHeight(small, subtitle, width - 4) + 2;
        return h;
    }

    /** Draws s with its baseline at (x, baseline) through the text path; returns its width. */
    public static double text(Graphics2D g, String s, double x, double baseline) {
        return Text.draw(g, s, x, baseline);
    }

    /** The drawn width of s (inline mathematics set). */
    public static int width(FontMetrics fm, String s) {
        return Text.width(fm, s);
    }

    public static void centered(Graphics2D g, String text, double cx, double baseline) {
        Text.centered(g, text, cx, baseline);
    }

    public static void right(Graphics2D g, String text, double rx, double baseline) {
        Text.right(g, text, rx, baseline);
    }

    /** Text rotated 90° counter-clockwise, centred on (cx, cy): a y-axis label. */
    public static void vertical(Graphics2D g, String text, double cx, double cy) {
        Text.vertical(g, text, cx, cy);
    }

    /** A message centred in the area (an empty figure, or a reason why nothing is drawn). */
    public static void message(Graphics2D g, Rectangle area, String text, Style s) {
        g.setFont(s.font());
        g.setColor(s.muted());
        FontMetrics fm = g.getFontMetrics();
        int h = Text.wrappedHeight(fm, text, area.width - 20);
        Text.wrapped(g, text, area.x + 10, area.y + area.height / 2.0 - h / 2.0, area.width - 20, true);
    }

    public static List<String> wrap(String text, FontMetrics fm, int width) {
        return Text.wrap(text, fm, width);
    }

    /**
     * About n "nice" tick values covering [lo, hi], at least two of them: [4, 478] asked for 2 has a step of 250 and
     * only 250 inside (an axis with one number cannot be read), so a finer step is taken.
     */
    public static double[] ticks(double lo, double hi, int n) {
        double[] t = niceTicks(lo, hi, n);
        for (int k = n + 1; t.length < 2 && k <= n + 8 && hi > lo; k++) t = niceTicks(lo, hi, k);
        return t;
    }

    private static double[] niceTicks(double lo, double hi, int n) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) return new double[]{lo};
        double raw = (hi - lo) / Math.max(1, n);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) { step = m * mag; break; }
        }
        double start = Math.ceil(lo / step - 1e-9) * step;
        List<Double> t = new ArrayList<>();
        for (double v = start; v <= hi + step * 1e-9; v += step) t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Integer ticks for an index axis of n cells. */
    public static int[] indexTicks(int n, int maxTicks) {
        if (n <= 0) return new int[0];
        int step = 1;
        int[] nice = {1, 2, 5};
        outer:
        for (int mag = 1; ; mag *= 10) {
            for (int m : nice) {
                step = m * mag;
                if (n / step < maxTicks) break outer;
            }
        }
        int count = (n - 1) / step + 1;
        int[] t = new int[count];
        for (int i = 0; i < count; i++) t[i] = i * step;
        return t;
    }

    /**
     * A vertical colour bar from lo (bottom) to hi (top) with tick labels, for magnitude or
     * signed (diverging, centred on zero) palettes.
     */
    public static void colourBar(Graphics2D g, Rectangle r, Palette p, double lo, double hi, String label, Style s) {
        BufferedImage bar = new BufferedImage(1, 256, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < 256; i++) bar.setRGB(0, 255 - i, p.argb(i / 255.0));
        g.drawImage(bar, r.x, r.y, r.width, r.height, null);
        g.setColor(s.muted());
        g.setStroke(new BasicStroke(1f));
        g.drawRect(r.x, r.y, r.width, r.height);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        double[] ticks = barTicks(lo, hi, r.height, fm.getHeight());
        g.setColor(s.foreground());
        for (double t : ticks) {
            double y = hi > lo ? r.y + r.height * (hi - t) / (hi - lo) : r.y + r.height / 2.0;
            g.draw(new Line2D.Double(r.x + r.width, y, r.x + r.width + 3, y));
            text(g, Fmt.sig(t, 3), r.x + r.width + 5, y + fm.getAscent() / 2.0 - 1);
        }
        Text.bar(g, r, ticks.length);
        if (label != null && !label.isEmpty()) {
            g.setColor(s.muted());
            vertical(g, label, r.x - fm.getHeight() / 2.0 - 2, r.getCenterY());
        }
    }

    /**
     * A colour bar's ticks: nice values when at least three fall on it, otherwise its two ends and
     * its middle (so a bar never reads "0" alone); as many as fit one label in two label heights.
     */
    public static double[] barTicks(double lo, double hi, int height, int labelH) {
        if (!(hi > lo)) return new double[]{lo};
        int room = Math.max(3, height / Math.max(1, labelH * 2));
        double[] t = ticks(lo, hi, room);
        // Labels must not touch: at most one per label height and a half.
        if (t.length >= 3 && t.length <= Math.max(3, height / Math.max(1, (int) (labelH * 1.3)))) return t;
        return new double[]{lo, (lo + hi) / 2, hi};
    }

    /** Width of the widest colour-bar label for a range. */
    public static int barLabelWidth(FontMetrics fm, double lo, double hi, int height) {
        // The bar's height is not known yet where room is measured: the widest over the heights it may get.
        int w = Text.width(fm, "-0.000");
        for (int k = 4; k <= 64; k *= 2) {
            for (double t : barTicks(lo, hi, Math.max(height, k * fm.getHeight()), fm.getHeight())) w = Math.max(w, width(fm, Fmt.sig(t, 3)));
        }
        return w;
    }

    /**
     * Runs a layout computation that needs font metrics but draws nothing (hit-testing a hover):
     * on a scratch graphics, disposed afterwards.
     */
    public static <T> T measuring(java.util.function.Function<Graphics2D, T> f) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        try {
            return f.apply(g);
        } finally {
            g.dispose();
        }
    }

    /**
     * A highlight outline that stands out on every palette: a dark edge under the highlight colour,
     * both thicker with the type. Drawn over the figure, it never moves anything.
     */
    public static void outline(Graphics2D g, Style s, java.awt.Shape shape) {
        g.setColor(s.highlightEdge());
        g.setStroke(new BasicStroke(4f * s.lineScale()));
        g.draw(shape);
        g.setColor(s.highlight());
        g.setStroke(new BasicStroke(2f * s.lineScale()));
        g.draw(shape);
    }

    public static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** Black or white, whichever reads better on the given ARGB colour. */
    public static Color contrast(int argb) {
        int r = (argb >> 16) & 255, gr = (argb >> 8) & 255, b = argb & 255;
        double lum = 0.2126 * r + 0.7152 * gr + 0.0722 * b;
        return lum > 140 ? Color.BLACK : Color.WHITE;
    }

    public static Font bold(Font f) {
        return f.deriveFont(Font.BOLD);
    }
}
