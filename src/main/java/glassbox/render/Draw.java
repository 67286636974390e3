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

    /** Draws the title at the top of the area and returns the rest of the area. */
    public static Rectangle title(Graphics2D g, Rectangle area, String title, String subtitle, Style s) {
        g.setFont(s.title());
        g.setColor(s.foreground());
        FontMetrics fm = g.getFontMetrics();
        int y = area.y + fm.getAscent() + 2;
        g.drawString(ellipsize(title, fm, area.width - 4), area.x + 2, y);
        int used = fm.getHeight() + 4;
        if (subtitle != null && !subtitle.isEmpty()) {
            g.setFont(s.small());
            g.setColor(s.muted());
            FontMetrics sm = g.getFontMetrics();
            g.drawString(ellipsize(subtitle, sm, area.width - 4), area.x + 2, area.y + used + sm.getAscent());
            used += sm.getHeight() + 2;
        }
        return new Rectangle(area.x, area.y + used, area.width, Math.max(1, area.height - used));
    }

    public static String ellipsize(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) return text;
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    public static void centered(Graphics2D g, String text, double cx, double baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0), (float) baseline);
    }

    public static void right(Graphics2D g, String text, double rx, double baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (rx - fm.stringWidth(text)), (float) baseline);
    }

    /** Text rotated 90° counter-clockwise, centred on (cx, cy): a y-axis label. */
    public static void vertical(Graphics2D g, String text, double cx, double cy) {
        AffineTransform t = g.getTransform();
        g.translate(cx, cy);
        g.rotate(-Math.PI / 2);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, -fm.stringWidth(text) / 2f, fm.getAscent() / 2f - 1);
        g.setTransform(t);
    }

    /** A message centred in the area (an empty figure, or a reason why nothing is drawn). */
    public static void message(Graphics2D g, Rectangle area, String text, Style s) {
        g.setFont(s.font());
        g.setColor(s.muted());
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = wrap(text, fm, area.width - 20);
        int y = area.y + area.height / 2 - lines.size() * fm.getHeight() / 2 + fm.getAscent();
        for (String line : lines) {
            centered(g, line, area.getCenterX(), y);
            y += fm.getHeight();
        }
    }

    public static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) line.append(' ');
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** About n "nice" tick values covering [lo, hi]. */
    public static double[] ticks(double lo, double hi, int n) {
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
        double[] ticks = (hi > lo) ? ticks(lo, hi, Math.max(2, r.height / (fm.getHeight() * 2))) : new double[]{lo};
        g.setColor(s.foreground());
        for (double t : ticks) {
            double y = hi > lo ? r.y + r.height * (hi - t) / (hi - lo) : r.y + r.height / 2.0;
            g.draw(new Line2D.Double(r.x + r.width, y, r.x + r.width + 3, y));
            g.drawString(Fmt.sig(t, 3), r.x + r.width + 5, (float) (y + fm.getAscent() / 2.0 - 1));
        }
        if (label != null && !label.isEmpty()) {
            g.setColor(s.muted());
            vertical(g, label, r.x - fm.getHeight() / 2.0 - 2, r.getCenterY());
        }
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
