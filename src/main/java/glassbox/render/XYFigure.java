package glassbox.render;

import glassbox.core.Fmt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A plot of series against x: lines, stems or points, on linear or logarithmic y (and x), with
 * optional shaded x intervals, vertical markers, a unit circle and equal aspect (for the complex
 * plane). Shared by every lab. Non-finite values are skipped and counted in the subtitle, never drawn as garbage.
 */
public final class XYFigure implements Figure {

    public enum Kind { LINE, STEM, POINTS, DASHED }

    public record Series(String name, double[] x, double[] y, Kind kind, int colour) {}

    public record Marker(double x, String label) {}

    public record Band(double x0, double x1, String label) {}

    /** A text label at a data point (left-aligned, baseline at y), kept inside the plot area; strong notes use the highlight colour. */
    public record Note(double x, double y, String text, boolean strong) {}

    /** A pointed-at sample: series index and sample index. */
    public record Point(String figure, int series, int index) {}

    public interface PointText {
        String text(int series, int index);
    }

    private final String title;
    private final String subtitle;
    private final List<Series> series;
    private final String xLabel, yLabel;
    private final boolean logX, logY, equalAspect, unitCircle;
    private final List<Marker> markers;
    private final List<Band> bands;
    private final List<Note> notes;
    private final PointText hoverText;
    private final double weight;
    private final Double yMin, yMax, xMin, xMax;
    private final boolean legend;

    private XYFigure(Builder b) {
        title = b.title; subtitle = b.subtitle; series = List.copyOf(b.series); xLabel = b.xLabel; yLabel = b.yLabel;
        logX = b.logX; logY = b.logY; equalAspect = b.equalAspect; unitCircle = b.unitCircle; markers = List.copyOf(b.markers);
        bands = List.copyOf(b.bands); notes = List.copyOf(b.notes); hoverText = b.hoverText; weight = b.weight; yMin = b.yMin; yMax = b.yMax;
        xMin = b.xMin; xMax = b.xMax; legend = b.legend;
    }

    public static Builder builder(String title) { return new Builder(title); }

    @Override public String title() { return title; }

    @Override public double weight() { return weight; }

    private double tx(double x) { return logX ? Math.log10(x) : x; }

    private double ty(double y) { return logY ? Math.log10(y) : y; }

    private boolean ok(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
    }

    /** Data bounds in transformed coordinates: {x0, x1, y0, y1}. */
    private double[] bounds() {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!ok(s.x()[i], s.y()[i])) continue;
                x0 = Math.min(x0, tx(s.x()[i])); x1 = Math.max(x1, tx(s.x()[i]));
                y0 = Math.min(y0, ty(s.y()[i])); y1 = Math.max(y1, ty(s.y()[i]));
            }
            if (s.kind() == Kind.STEM && !logY) { y0 = Math.min(y0, 0); y1 = Math.max(y1, 0); }
        }
        for (Marker m : markers) if (!logX || m.x() > 0) { x0 = Math.min(x0, tx(m.x())); x1 = Math.max(x1, tx(m.x())); }
        if (unitCircle) { x0 = Math.min(x0, -1.1); x1 = Math.max(x1, 1.1); y0 = Math.min(y0, -1.1); y1 = Math.max(y1, 1.1); }
        if (xMin != null) x0 = tx(xMin);
        if (xMax != null) x1 = tx(xMax);
        if (yMin != null) y0 = ty(yMin);
        if (yMax != null) y1 = ty(yMax);
        if (!(x0 <= x1)) { x0 = 0; x1 = 1; }
        if (!(y0 <= y1)) { y0 = 0; y1 = 1; }
        if (x1 == x0) { x0 -= 0.5; x1 += 0.5; }
        if (y1 == y0) { double d = Math.max(0.5, Math.abs(y0) * 0.1); y0 -= d; y1 += d; }
        if (equalAspect) {
            // Equal scales on a nearly flat cloud would give a plot a few pixels tall: pad the short range.
            double dx = x1 - x0, dy = y1 - y0;
            if (dy < dx / 3) { double c = (y0 + y1) / 2; y0 = c - dx / 6; y1 = c + dx / 6; }
            else if (dx < dy / 3) { double c = (x0 + x1) / 2; x0 = c - dy / 6; x1 = c + dy / 6; }
        }
        double py = (y1 - y0) * 0.06;
        if (yMin == null) y0 -= py;
        if (yMax == null) y1 += py;
        double px = (series.stream().anyMatch(s -> s.kind() == Kind.STEM || s.kind() == Kind.POINTS)) ? (x1 - x0) * 0.03 : 0;
        if (xMin == null) x0 -= px;
        if (xMax == null) x1 += px;
        return new double[]{x0, x1, y0, y1};
    }

    /** The legend's entries flowed into rows of at most width: each row a list of series indices. */
    private List<List<Integer>> legendRows(FontMetrics fm, double width) {
        List<List<Integer>> rows = new ArrayList<>();
        if (!legend || series.size() <= 1) return rows;
        List<Integer> row = new ArrayList<>();
        double x = 0;
        for (int k = 0; k < series.size(); k++) {
            if (series.get(k).name().isEmpty()) continue; // a second line of a band, named once
            double w = 28 + Draw.width(fm, series.get(k).name());
            if (!row.isEmpty() && x + w > width) { rows.add(row); row = new ArrayList<>(); x = 0; }
            row.add(k);
            x += w;
        }
        if (!row.isEmpty()) rows.add(row);
        return rows;
    }

    /** A y label longer than the plot is tall is written above the plot instead of beside it. */
    private boolean yLabelAbove(FontMetrics fm, double plotH) {
        return yLabel != null && Draw.width(fm, yLabel) > plotH - 4;
    }

    private record Geo(Rectangle2D plot, List<List<Integer>> legend, boolean yAbove, double legendTop) {}

    private Geo geo(Graphics2D g, Rectangle area, Style s) {
        Rectangle body = Draw.title(g, area, title, subtitle, s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        int tick = Draw.width(fm, "-0.000·10^{-00}");
        int left = Math.min(tick, Draw.width(fm, "-0.000e+00")) + 6 + (yLabel != null ? fm.getHeight() + 2 : 0);
        // x tick labels sit half a label lower than the y axis' lowest label reaches; the last one is centred on the right edge.
        int bottom = fm.getHeight() * 3 / 2 + 6 + (xLabel != null ? fm.getHeight() + 2 : 0);
        int right = Math.max(12, Draw.width(fm, "-00.00") / 2 + 6);
        List<List<Integer>> legendRows = legendRows(fm, body.width - left - right);
        int legendH = legendRows.size() * (fm.getHeight() + 2) + (legendRows.isEmpty() ? 0 : 2);
        int top = legendH + fm.getHeight() / 2 + 2;
        double h0 = body.height - bottom - top;
        boolean above = yLabelAbove(fm, h0);
        if (above) {
            left -= fm.getHeight() + 2;
            top += fm.getHeight() + 2;
        }
        double w = body.width - left - right, h = body.height - bottom - top;
        Rectangle2D p = new Rectangle2D.Double(body.x + left, body.y + top, Math.max(1, w), Math.max(1, h));
        if (equalAspect) {
            double[] b = bounds();
            double sx = p.getWidth() / (b[1] - b[0]), sy = p.getHeight() / (b[3] - b[2]);
            double sc = Math.min(sx, sy);
            double nw = sc * (b[1] - b[0]), nh = sc * (b[3] - b[2]);
            p = new Rectangle2D.Double(p.getX() + (p.getWidth() - nw) / 2, p.getY() + (p.getHeight() - nh) / 2, nw, nh);
        }
        return new Geo(p, legendRows, above, body.y + 2);
    }

    private Rectangle2D plotArea(Graphics2D g, Rectangle area, Style s) {
        return geo(g, area, s).plot();
    }

    /** The plot frame inside area under a style: where the data is drawn (an editable figure inverts it). */
    public Rectangle2D plotRect(Rectangle area, Style s) {
        return Draw.measuring(g -> plotArea(g, area, s));
    }

    /** Title, a legend row, tick labels and a plot of the style's minimum. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        return Draw.measuring(g -> {
            g.setFont(s.small());
            FontMetrics fm = g.getFontMetrics();
            int w = Draw.width(fm, "-0.000e+00") + 6 + fm.getHeight() + 2 + s.minPlot() + 40;
            // Notes on one line each (wrapped notes in a short plot would have no room to stay apart).
            g.setFont(Draw.bold(s.small()));
            for (Note n : notes) w = Math.max(w, Draw.width(g.getFontMetrics(), n.text()) + Draw.width(fm, "-0.000e+00") + fm.getHeight() + 40);
            g.setFont(s.small());
            // The subtitle and the legend as they wrap at this minimum width.
            int width = Math.max(w, s.size(240));
            int subLines = subtitle == null || subtitle.isEmpty() ? 0 : Draw.wrap(subtitle, fm, width - 4).size();
            int legendLines = legendRows(fm, width - Draw.width(fm, "-0.000e+00") - fm.getHeight() - 30).size();
            int h = s.size(15) * 2 + 10 + fm.getHeight() * subLines + (fm.getHeight() + 2) * legendLines
                    + fm.getHeight() * 3 + (xLabel != null ? fm.getHeight() : 0) + s.minPlot();
            return new java.awt.Dimension(Math.max(w, s.size(240)), h);
        });
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Geo geo = geo(g, area, s);
        Rectangle2D p = geo.plot();
        Text.plot(g, p);
        double[] b = bounds();
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        // Bands and grid first, data on top.
        for (Band band : bands) {
            double a = X(p, b, band.x0()), c = X(p, b, band.x1());
            double lo = Math.max(p.getX(), Math.min(a, c)), hi = Math.min(p.getMaxX(), Math.max(a, c));
            if (hi > lo) {
                g.setColor(Draw.withAlpha(s.series(2), 60));
                g.fill(new Rectangle2D.Double(lo, p.getY(), hi - lo, p.getHeight()));
                if (band.label() != null) {
                    g.setColor(s.series(2).darker());
                    Draw.centered(g, band.label(), (lo + hi) / 2, p.getY() + fm.getAscent() + 2);
                }
            }
        }
        g.setStroke(new BasicStroke(1f));
        double[] xt = Draw.ticks(b[0], b[1], Math.max(2, (int) (p.getWidth() / 90)));
        double[] yt = Draw.ticks(b[2], b[3], Math.max(2, (int) (p.getHeight() / 45)));
        // Log axes: whole decades only (1e3, not 1e3.25) whenever at least two fall in range.
        if (logX) xt = decades(xt, b[0], b[1]);
        if (logY) yt = decades(yt, b[2], b[3]);
        // A tick label that would touch the previous one is left out (its grid line stays).
        double lastRight = Double.NEGATIVE_INFINITY;
        for (double t : xt) {
            double x = X(p, b, logX ? Math.pow(10, t) : t);
            if (x < p.getX() - 0.5 || x > p.getMaxX() + 0.5) continue;
            g.setColor(s.grid());
            g.draw(new Line2D.Double(x, p.getY(), x, p.getMaxY()));
            g.setColor(s.foreground());
            String label = logX ? logLabel(t) : Fmt.sig(t, 4);
            double lw = Draw.width(fm, label);
            if (x - lw / 2 < lastRight + 6) continue;
            Draw.centered(g, label, x, p.getMaxY() + fm.getHeight() / 2.0 + fm.getAscent() + 3);
            lastRight = x + lw / 2;
        }
        double lastTop = Double.POSITIVE_INFINITY;
        for (double t : yt) {
            double y = Y(p, b, logY ? Math.pow(10, t) : t);
            if (y < p.getY() - 0.5 || y > p.getMaxY() + 0.5) continue;
            g.setColor(s.grid());
            g.draw(new Line2D.Double(p.getX(), y, p.getMaxX(), y));
            g.setColor(s.foreground());
            if (y + fm.getHeight() / 2.0 > lastTop - 1) continue;
            Draw.right(g, logY ? logLabel(t) : Fmt.sig(t, 4), p.getX() - 4, y + fm.getAscent() / 2.0 - 1);
            lastTop = y - fm.getHeight() / 2.0;
        }
        if (!logY && b[2] < 0 && b[3] > 0) {
            g.setColor(s.muted());
            double y = Y(p, b, 0);
            g.draw(new Line2D.Double(p.getX(), y, p.getMaxX(), y));
        }
        if (unitCircle) {
            g.setColor(s.muted());
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{5, 4}, 0));
            double cx = X(p, b, 0), cy = Y(p, b, 0), rx = X(p, b, 1) - cx, ry = cy - Y(p, b, 1);
            g.draw(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry));
            g.draw(new Line2D.Double(cx, p.getY(), cx, p.getMaxY()));
        }
        java.awt.Shape clip = g.getClip();
        g.clip(new Rectangle2D.Double(p.getX() - 4, p.getY() - 4, p.getWidth() + 8, p.getHeight() + 8));
        for (int k = 0; k < series.size(); k++) drawSeries(g, p, b, series.get(k), s);
        if (highlight instanceof Point pt && pt.figure().equals(title) && pt.series() < series.size()) {
            Series se = series.get(pt.series());
            if (pt.index() < se.x().length && ok(se.x()[pt.index()], se.y()[pt.index()])) {
                double x = X(p, b, se.x()[pt.index()]), y = Y(p, b, se.y()[pt.index()]);
                double hr = 6 * s.lineScale();
                Draw.outline(g, s, new Ellipse2D.Double(x - hr, y - hr, 2 * hr, 2 * hr));
            }
        }
        g.setClip(clip);
        // Marker labels below the band labels' line; one that would sit on an earlier one goes a line lower.
        List<Rectangle2D> placed = new ArrayList<>();
        for (Marker m : markers) {
            double x = X(p, b, m.x());
            g.setColor(s.highlight());
            g.setStroke(new BasicStroke(1.5f * s.lineScale(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
            g.draw(new Line2D.Double(x, p.getY(), x, p.getMaxY()));
            if (m.label() != null) {
                g.setFont(s.small());
                double lw = Draw.width(fm, m.label());
                double lx = Math.max(p.getX() + 2, Math.min(x + 3, p.getMaxX() - lw - 2));
                double base = p.getY() + fm.getHeight() + fm.getAscent() + 4;
                Rectangle2D box = new Rectangle2D.Double(lx - 2, base - fm.getAscent(), lw + 4, fm.getHeight());
                for (int k = 0; k < placed.size(); k++) {
                    if (placed.get(k).intersects(box)) {
                        base += fm.getHeight();
                        box = new Rectangle2D.Double(lx - 2, base - fm.getAscent(), lw + 4, fm.getHeight());
                        k = -1;
                    }
                }
                placed.add(box);
                Draw.text(g, m.label(), (float) lx, (float) base);
            }
        }
        g.setFont(s.small());
        for (Note n : notes) {
            if (!ok(n.x(), n.y())) continue;
            g.setFont(n.strong() ? Draw.bold(s.small()) : s.small());
            FontMetrics nm = g.getFontMetrics();
            // A note wider than the plot wraps onto lines inside it.
            List<String> lines = Draw.wrap(n.text(), nm, (int) Math.max(20, p.getWidth() - 6));
            int lw = 0;
            for (String line : lines) lw = Math.max(lw, Draw.width(nm, line));
            double x = Math.max(p.getX() + 3, Math.min(X(p, b, n.x()), p.getMaxX() - lw - 3));
            double yMax = p.getMaxY() - nm.getDescent() - 2 - (lines.size() - 1) * nm.getHeight();
            double y = Math.max(p.getY() + nm.getAscent() + 2, Math.min(Y(p, b, n.y()), yMax));
            // Clear of the labels already placed: a line lower each time (or higher, at the bottom).
            double step = nm.getHeight(), y0 = y, yMin = p.getY() + nm.getAscent() + 2;
            for (int tries = 0; tries < 80; tries++) {
                Rectangle2D box = new Rectangle2D.Double(x - 1, y - nm.getAscent(), lw + 2, lines.size() * nm.getHeight());
                boolean hit = false;
                for (Rectangle2D r : placed) hit |= r.intersects(box);
                if (!hit) { placed.add(box); break; }
                if (step > 0 && y + step > yMax) { step = -step; y = y0; }
                if (step < 0 && y + step < yMin) break;
                y += step;
            }
            g.setColor(n.strong() ? s.highlight() : s.muted());
            for (String line : lines) {
                Draw.text(g, line, (float) x, (float) y);
                y += nm.getHeight();
            }
        }
        g.setFont(s.small());
        g.setStroke(new BasicStroke(1f));
        g.setColor(s.muted());
        g.draw(p);
        g.setFont(s.small());
        if (xLabel != null) Draw.centered(g, xLabel, p.getCenterX(), p.getMaxY() + fm.getHeight() * 1.5 + fm.getAscent() + 4);
        if (yLabel != null && geo.yAbove()) Draw.text(g, yLabel, area.x + 4, p.getY() - fm.getHeight() / 2.0 - fm.getDescent() - 3);
        else if (yLabel != null) Draw.vertical(g, yLabel, area.x + fm.getHeight() / 2.0 + 1, p.getCenterY());
        double ly = geo.legendTop() + 0;
        for (List<Integer> row : geo.legend()) {
            double x = p.getX();
            double y = p.getY() - fm.getHeight() / 2.0 - 2 - (geo.yAbove() ? fm.getHeight() + 2 : 0)
                    - (geo.legend().size() - 1 - geo.legend().indexOf(row)) * (fm.getHeight() + 2.0) - fm.getDescent();
            for (int k : row) {
                Series se = series.get(k);
                g.setColor(new Color(se.colour(), true));
                if (se.kind() == Kind.DASHED) {
                    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[]{4, 3}, 0));
                    g.draw(new Line2D.Double(x, y - fm.getAscent() / 2.0 + 1, x + 14, y - fm.getAscent() / 2.0 + 1));
                } else {
                    g.fill(new Rectangle2D.Double(x, y - fm.getAscent() / 2.0 - 1, 14, 4));
                }
                g.setColor(s.foreground());
                Draw.text(g, se.name(), (float) (x + 18), (float) y);
                x += 28 + Draw.width(fm, se.name());
            }
        }
    }

    private void drawSeries(Graphics2D g, Rectangle2D p, double[] b, Series se, Style s) {
        Color c = new Color(se.colour(), true);
        g.setColor(c);
        int n = se.x().length;
        switch (se.kind()) {
            case LINE, DASHED -> {
                float lw = 2f * s.lineScale(); // thicker with the type: presentation mode's lines read on a projector
                g.setStroke(se.kind() == Kind.DASHED
                        ? new BasicStroke(lw, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[]{7 * s.lineScale(), 5 * s.lineScale()}, 0)
                        : new BasicStroke(lw, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                if (n > p.getWidth() * 2) {
                    // Long series: per pixel column, the range of its samples, so every peak is drawn (skipping
                    // samples would hide exactly the values that set the axis). The columns are filled as one
                    // outline (a solid line) or their edges dashed (a dashed line over a solid one stays visible):
                    // stroking a zigzag through every column measured ~9x slower than filling its outline.
                    Envelope e = envelope(p, b, se, null);
                    if (se.kind() == Kind.LINE) g.fill(e.padded(s.lineScale()).steps(p));
                    else g.draw(e.edges(p));
                } else {
                    Path2D path = new Path2D.Double();
                    boolean pen = false;
                    for (int i = 0; i < n; i++) {
                        if (!ok(se.x()[i], se.y()[i])) { pen = false; continue; }
                        double x = X(p, b, se.x()[i]), y = clampY(p, Y(p, b, se.y()[i]));
                        if (pen) path.lineTo(x, y); else path.moveTo(x, y);
                        pen = true;
                    }
                    g.draw(path);
                }
            }
            case STEM -> {
                g.setStroke(new BasicStroke(1.5f * s.lineScale()));
                double base = logY ? p.getMaxY() : clampY(p, Y(p, b, 0));
                double r = n > 80 ? 0 : 3.5 * s.lineScale();
                if (n > p.getWidth()) {
                    // Many stems: per pixel column, the span from the base to every stem in it (no peak lost),
                    // filled as one shape, column by column.
                    g.fill(envelope(p, b, se, base).steps(p));
                } else {
                    for (int i = 0; i < n; i++) {
                        if (!ok(se.x()[i], se.y()[i])) continue;
                        double x = X(p, b, se.x()[i]), y = clampY(p, Y(p, b, se.y()[i]));
                        g.draw(new Line2D.Double(x, base, x, y));
                        if (r > 0) g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
                    }
                }
            }
            case POINTS -> {
                double r = (n > 500 ? 1.5 : 4) * s.lineScale();
                for (int i = 0; i < n; i++) {
                    if (!ok(se.x()[i], se.y()[i])) continue;
                    double x = X(p, b, se.x()[i]), y = Y(p, b, se.y()[i]);
                    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
                }
            }
        }
    }

    /**
     * A long series reduced to pixel columns: column c spans screen y from top[c] to bottom[c]
     * (every sample in it, and the base when given); columns without a drawable sample are empty.
     */
    private record Envelope(double[] top, double[] bottom, boolean[] any) {
        /** The same columns, each widened by pad pixels above and below (a line's half width). */
        Envelope padded(double pad) {
            double[] t = top.clone(), bt = bottom.clone();
            for (int c = 0; c < t.length; c++) {
                t[c] -= pad;
                bt[c] += pad;
            }
            return new Envelope(t, bt, any);
        }

        /** The band's upper and lower edges as two open lines per run of columns. */
        Path2D edges(Rectangle2D p) {
            Path2D path = new Path2D.Double();
            int cols = any.length;
            for (double[] edge : new double[][]{top, bottom}) {
                boolean pen = false;
                for (int c = 0; c < cols; c++) {
                    if (!any[c]) { pen = false; continue; }
                    if (pen) path.lineTo(p.getX() + c + 0.5, edge[c]); else path.moveTo(p.getX() + c + 0.5, edge[c]);
                    pen = true;
                }
            }
            return path;
        }

        /** Each column as a one-pixel-wide bar, the bars of a run joined into one outline. */
        Path2D steps(Rectangle2D p) {
            Path2D path = new Path2D.Double();
            int cols = any.length;
            for (int c0 = 0; c0 < cols; ) {
                if (!any[c0]) { c0++; continue; }
                int c1 = c0;
                while (c1 + 1 < cols && any[c1 + 1]) c1++;
                path.moveTo(p.getX() + c0, top[c0]);
                for (int c = c0; c <= c1; c++) {
                    path.lineTo(p.getX() + c, top[c]);
                    path.lineTo(p.getX() + c + 1, top[c]);
                }
                for (int c = c1; c >= c0; c--) {
                    path.lineTo(p.getX() + c + 1, bottom[c]);
                    path.lineTo(p.getX() + c, bottom[c]);
                }
                path.closePath();
                c0 = c1 + 1;
            }
            return path;
        }
    }

    /**
     * The per-pixel-column extent of a series (screen coordinates): with base (stems), from the
     * base to every sample in the column; without (lines), every sample in the column and the
     * previous sample it is joined to, so consecutive columns overlap as the joining segment does.
     */
    private Envelope envelope(Rectangle2D p, double[] b, Series se, Double base) {
        int cols = (int) Math.max(1, p.getWidth());
        double[] top = new double[cols], bottom = new double[cols];
        boolean[] any = new boolean[cols];
        if (base != null) {
            java.util.Arrays.fill(top, base);
            java.util.Arrays.fill(bottom, base);
        }
        double[] xs = se.x(), ys = se.y();
        int prevC = -1;
        double prevY = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!ok(xs[i], ys[i])) {
                prevC = -1; // a gap: the line is not joined across it
                continue;
            }
            int c = (int) Math.max(0, Math.min(cols - 1, X(p, b, xs[i]) - p.getX()));
            double y = clampY(p, Y(p, b, ys[i]));
            widen(top, bottom, any, c, y, base == null);
            if (base == null && prevC >= 0 && prevC != c) {
                // The segment from the previous sample: its end here, and any columns it crosses.
                widen(top, bottom, any, c, prevY, false);
                for (int k = Math.min(prevC, c) + 1; k < Math.max(prevC, c); k++) {
                    widen(top, bottom, any, k, prevY, true);
                    widen(top, bottom, any, k, y, false);
                }
            }
            prevC = c;
            prevY = y;
        }
        return new Envelope(top, bottom, any);
    }

    /** Column c's extent grows to include y (first, when the column is empty and has no base, it becomes y). */
    private static void widen(double[] top, double[] bottom, boolean[] any, int c, double y, boolean startsEmpty) {
        if (!any[c] && startsEmpty) {
            top[c] = y;
            bottom[c] = y;
        } else {
            top[c] = Math.min(top[c], y);
            bottom[c] = Math.max(bottom[c], y);
        }
        any[c] = true;
    }

    /**
     * Log-axis ticks (as exponents): whole decades when at least two fall in range; otherwise the
     * 1-2-5 values inside the range, so a narrow axis never reads "1e2.5".
     */
    private static double[] decades(double[] ticks, double lo, double hi) {
        double a = Math.ceil(lo - 1e-9), z = Math.floor(hi + 1e-9);
        java.util.List<Double> t = new ArrayList<>();
        if (z - a >= 1) {
            double step = Math.max(1, Math.ceil((z - a + 1) / Math.max(2, ticks.length)));
            for (double v = a; v <= z + 1e-9; v += step) t.add(v);
        } else {
            for (double e = Math.floor(lo) - 1; e <= Math.ceil(hi) + 1; e++) {
                for (double m : new double[]{1, 2, 5}) {
                    double v = e + Math.log10(m);
                    if (v >= lo - 1e-9 && v <= hi + 1e-9) t.add(v);
                }
            }
            if (t.size() < 2) return new double[]{lo, hi};
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A log tick's label: 1e3 for whole decades, the plain number (0.2, 50) otherwise. */
    private static String logLabel(double exponent) {
        if (Math.abs(exponent - Math.rint(exponent)) < 1e-9) return "1e" + Fmt.num(Math.rint(exponent));
        return Fmt.sig(Math.pow(10, exponent), 2);
    }

    private static double clampY(Rectangle2D p, double y) {
        return Math.max(p.getY() - 3, Math.min(p.getMaxY() + 3, y));
    }

    private double X(Rectangle2D p, double[] b, double x) {
        return p.getX() + (tx(x) - b[0]) / (b[1] - b[0]) * p.getWidth();
    }

    private double Y(Rectangle2D p, double[] b, double y) {
        return p.getMaxY() - (ty(y) - b[2]) / (b[3] - b[2]) * p.getHeight();
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        return Draw.measuring(g -> {
            Rectangle2D p = plotArea(g, area, s);
            if (!p.contains(x, y)) return null;
            double[] b = bounds();
            int bs = -1, bi = -1;
            double best = 12 * 12;
            for (int k = 0; k < series.size(); k++) {
                Series se = series.get(k);
                for (int i = 0; i < se.x().length; i++) {
                    if (!ok(se.x()[i], se.y()[i])) continue;
                    double dx = X(p, b, se.x()[i]) - x, dy = Y(p, b, se.y()[i]) - y;
                    double d = dx * dx + (se.kind() == Kind.STEM ? 0 : dy * dy);
                    if (d < best) { best = d; bs = k; bi = i; }
                }
            }
            if (bs < 0) return null;
            Series se = series.get(bs);
            String text = hoverText != null ? hoverText.text(bs, bi)
                    : se.name() + ": x = " + Fmt.num(se.x()[bi]) + ", y = " + Fmt.num(se.y()[bi]);
            return new Hover(text, new Point(title, bs, bi));
        });
    }

    public static final class Builder {
        private final String title;
        private String subtitle;
        private final List<Series> series = new ArrayList<>();
        private String xLabel, yLabel;
        private boolean logX, logY, equalAspect, unitCircle, legend = true;
        private final List<Marker> markers = new ArrayList<>();
        private final List<Band> bands = new ArrayList<>();
        private final List<Note> notes = new ArrayList<>();
        private PointText hoverText;
        private double weight = 1;
        private Double yMin, yMax, xMin, xMax;

        private Builder(String title) { this.title = title; }

        public Builder subtitle(String s) { subtitle = s; return this; }
        public Builder series(String name, double[] x, double[] y, Kind kind, Color c) {
            series.add(new Series(name, x, y, kind, c.getRGB()));
            return this;
        }
        public Builder xLabel(String l) { xLabel = l; return this; }
        public Builder yLabel(String l) { yLabel = l; return this; }
        public Builder logX(boolean v) { logX = v; return this; }
        public Builder logY(boolean v) { logY = v; return this; }
        public Builder equalAspect(boolean v) { equalAspect = v; return this; }
        public Builder unitCircle(boolean v) { unitCircle = v; return this; }
        public Builder legend(boolean v) { legend = v; return this; }
        public Builder marker(double x, String label) { markers.add(new Marker(x, label)); return this; }
        public Builder band(double x0, double x1, String label) { bands.add(new Band(x0, x1, label)); return this; }
        public Builder note(double x, double y, String text, boolean strong) { notes.add(new Note(x, y, text, strong)); return this; }
        public Builder hoverText(PointText t) { hoverText = t; return this; }
        public Builder weight(double w) { weight = w; return this; }
        public Builder yRange(Double lo, Double hi) { yMin = lo; yMax = hi; return this; }
        public Builder xRange(Double lo, Double hi) { xMin = lo; xMax = hi; return this; }
        public XYFigure build() { return new XYFigure(this); }
    }
}
