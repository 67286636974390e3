package glassbox.render.ssm;

import glassbox.core.Fmt;
import glassbox.render.Draw;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * The input u_0 … u_L on a fixed, symmetric y range [−M, M] (M = max(1.5, max |u_k|)), editable:
 * pressing or dragging at a point sets the sample nearest its x to the value at its y and switches
 * the input to drawn. The range does not depend on the drawn values as long as they stay inside it
 * (they always do: a drag is clamped to it), so the curve holds still under the mouse.
 * Figures are immutable: each drag event sets one sample; a smooth stroke comes from many events.
 */
final class InputFigure implements Figure {
    static final String TITLE = "Input u";
    /** How far outside the plot frame (pixels) a press still draws (clamped to the frame). */
    static final int SLACK = 10;

    private final XYFigure plot;
    private final String title, subtitle;
    private final double[] u;
    private final double x0, x1, m;

    InputFigure(double[] u, String input) {
        this.u = u;
        int len = u.length - 1;
        double max = 0;
        for (double v : u) max = Math.max(max, Math.abs(v));
        m = Math.max(1.5, max);
        boolean stems = u.length <= 81;
        // Stems get half a step of room at the ends; either way the x range is set, so drag can invert it exactly.
        x0 = stems ? -0.5 : 0;
        x1 = stems ? len + 0.5 : len;
        double[] xs = new double[u.length];
        for (int k = 0; k < xs.length; k++) xs[k] = k;
        title = TITLE + "ₖ,  k = 0 … " + len;
        // How to draw is said where drawing is possible (the window's hover line), not in an export's subtitle.
        subtitle = input.equals("drawn") ? "drawn by hand" : input + "  (input = drawn: draw your own)";
        plot = XYFigure.builder(title).subtitle(subtitle).xLabel("time step k").yLabel("uₖ")
                .series("u", xs, u, stems ? XYFigure.Kind.STEM : XYFigure.Kind.LINE, Style.DEFAULT.series(2)).legend(false)
                .xRange(x0, x1).yRange(-m, m)
                .hoverText((si, i) -> "k = " + i + ":  u" + SsmLab.sub(i) + " = " + Fmt.sig(u[i], 6) + "   (press and drag to draw)")
                .build();
    }

    @Override public String title() { return title; }

    @Override public void draw(Graphics2D g, Rectangle area, Style style, Object highlight) {
        plot.draw(g, area, style, highlight);
    }

    @Override public Hover hover(Rectangle area, Style style, double x, double y) {
        return plot.hover(area, style, x, y);
    }

    /** The y range half-width M. */
    double range() {
        return m;
    }

    /**
     * The plot frame inside {@code area}: XYFigure's own layout (both ranges given, so no padding),
     * checked against the drawn pixels by a test.
     */
    Rectangle2D frame(Rectangle area, Style s) {
        return plot.plotRect(area, s);
    }

    /** Pixel position of sample k at value v (for tests and the drag inverse). */
    double[] pixel(Rectangle area, Style s, double k, double v) {
        Rectangle2D p = frame(area, s);
        return new double[]{p.getX() + (k - x0) / (x1 - x0) * p.getWidth(), p.getMaxY() - (v + m) / (2 * m) * p.getHeight()};
    }

    @Override
    public Map<String, String> drag(Rectangle area, Style style, double x, double y) {
        Rectangle2D p = frame(area, style);
        if (x < p.getX() - SLACK || x > p.getMaxX() + SLACK || y < p.getY() - SLACK || y > p.getMaxY() + SLACK) return null;
        int len = u.length - 1;
        double t = x0 + (x - p.getX()) / p.getWidth() * (x1 - x0);
        int k = (int) Math.max(0, Math.min(len, Math.round(t)));
        double v = -m + (p.getMaxY() - y) / p.getHeight() * 2 * m;
        v = Math.max(-m, Math.min(m, v));
        double[] w = u.clone();
        w[k] = v;
        return Map.of("input", "drawn", "u", samplesText(w, decimals(m)));
    }

    /** Decimals kept for drawn samples: about four significant digits of the range (3 for M < 10). */
    static int decimals(double m) {
        return 3 - (int) Math.floor(Math.log10(m));
    }

    /** The samples as "0,0.25,-1.5,…", each rounded to the given decimals (trailing zeros dropped). */
    static String samplesText(double[] w, int decimals) {
        StringBuilder sb = new StringBuilder(w.length * 6);
        for (int i = 0; i < w.length; i++) {
            if (i > 0) sb.append(',');
            appendRounded(sb, w[i], decimals);
        }
        return sb.toString();
    }

    static void appendRounded(StringBuilder sb, double v, int decimals) {
        if (decimals <= 0) {
            long scale = (long) Math.pow(10, -decimals);
            sb.append(Math.round(v / scale) * scale);
            return;
        }
        long scale = (long) Math.pow(10, decimals);
        long r = Math.round(v * scale);
        if (r == 0) { sb.append('0'); return; }
        if (r < 0) { sb.append('-'); r = -r; }
        sb.append(r / scale);
        long frac = r % scale;
        if (frac == 0) return;
        sb.append('.');
        String f = Long.toString(frac);
        for (int i = f.length(); i < decimals; i++) sb.append('0');
        int end = f.length();
        while (f.charAt(end - 1) == '0') end--;
        sb.append(f, 0, end);
    }
}
