package glassbox.render;

import glassbox.core.Fmt;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A matrix drawn as coloured cells with labelled axes and a colour bar: magnitudes on a
 * perceptually uniform map, signed values on a diverging map centred on zero, masked cells grey and
 * hatched (not drawn as zeros). Cells large enough show their value. Shared by every lab.
 */
public final class HeatmapFigure implements Figure {

    /** A pointed-at cell, the default highlight of a heatmap. */
    public record Cell(String figure, int row, int col) {}

    /** What to outline for a highlight: whole rows, whole columns, single cells (each int[]{row, col}). */
    public record Marks(List<Integer> rows, List<Integer> cols, List<int[]> cells) {
        public static final Marks NONE = new Marks(List.of(), List.of(), List.of());
    }

    public interface CellText {
        String text(int row, int col);
    }

    public interface CellHighlight {
        Object highlight(int row, int col);
    }

    private final String title;
    private final String subtitle;
    private final double[][] data;
    private final boolean[][] mask;
    private final List<String> rowLabels;
    private final List<String> colLabels;
    private final boolean signed;
    private final double lo;
    private final double hi;
    private final String xLabel;
    private final String yLabel;
    private final String barLabel;
    private final CellText hoverText;
    private final CellHighlight hoverHighlight;
    private final Function<Object, Marks> marks;
    private final double weight;
    private final boolean showValues;
    private final CellText cellText;
    private final int rows;
    private final int cols;

    private HeatmapFigure(Builder b) {
        this.title = b.title;
        this.subtitle = b.subtitle;
        this.data = b.data;
        this.mask = b.mask;
        this.rowLabels = b.rowLabels;
        this.colLabels = b.colLabels;
        this.signed = b.signed;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.barLabel = b.barLabel;
        this.weight = b.weight;
        this.showValues = b.showValues;
        this.cellText = b.cellText != null ? b.cellText : (r, c) -> Fmt.sig(data[r][c], 2);
        this.rows = data.length;
        this.cols = rows == 0 ? 0 : data[0].length;
        double mn, mx;
        if (b.lo != null) {
            mn = b.lo;
            mx = b.hi;
        } else {
            double[] r = visibleRange(data, mask);
            mn = r[0];
            mx = r[1];
        }
        if (signed) {
            double a = Math.max(Math.abs(mn), Math.abs(mx));
            if (a == 0) a = 1;
            mn = -a;
            mx = a;
        } else if (mx == mn) {
            mx = mn + 1;
        }
        this.lo = mn;
        this.hi = mx;
        String id = title;
        this.hoverText = b.hoverText != null ? b.hoverText
                : (r, c) -> label(rowLabels, r) + ", " + label(colLabels, c) + ": " + Fmt.num(data[r][c]);
        this.hoverHighlight = b.hoverHighlight != null ? b.hoverHighlight : (r, c) -> new Cell(id, r, c);
        this.marks = b.marks != null ? b.marks : h -> h instanceof Cell cell && cell.figure().equals(id)
                ? new Marks(List.of(), List.of(), List.<int[]>of(new int[]{cell.row(), cell.col()})) : Marks.NONE;
    }

    /**
     * {min, max} of the visible finite values, {0, 1} when there are none. T×T = 10⁶ entries per
     * heatmap in the large labs, so blocks of rows on both cores (min and max combine exactly).
     */
    public static double[] visibleRange(double[][] data, boolean[][] mask) {
        int rows = data.length, cols = rows == 0 ? 0 : data[0].length;
        int blocks = (long) rows * cols >= 1 << 18 ? 8 : 1;
        double[][] part = new double[blocks][];
        java.util.stream.IntStream ids = java.util.stream.IntStream.range(0, blocks);
        (blocks > 1 ? ids.parallel() : ids).forEach(k -> part[k] = range(data, mask, k * rows / blocks, (k + 1) * rows / blocks, cols));
        double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
        for (double[] q : part) {
            mn = Math.min(mn, q[0]);
            mx = Math.max(mx, q[1]);
        }
        return mn > mx ? new double[]{0, 1} : new double[]{mn, mx};
    }

    /** {min, max} of the visible finite values in rows [r0, r1). Plain comparisons skip NaN by themselves. */
    private static double[] range(double[][] data, boolean[][] mask, int r0, int r1, int cols) {
        double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
        for (int r = r0; r < r1; r++) {
            double[] row = data[r];
            boolean[] m = mask == null ? null : mask[r];
            for (int c = 0; c < cols; c++) {
                double v = row[c];
                if (m != null && m[c]) continue;
                if (v < mn && v != Double.NEGATIVE_INFINITY) mn = v;
                if (v > mx && v != Double.POSITIVE_INFINITY) mx = v;
            }
        }
        return new double[]{mn, mx};
    }

    private static String label(List<String> labels, int i) {
        return labels != null && i < labels.size() ? labels.get(i) : Integer.toString(i + 1);
    }

    public static Builder builder(String title, double[][] data) {
        return new Builder(title, data);
    }

    @Override public String title() { return title; }

    @Override public double weight() { return weight; }

    public double lo() { return lo; }

    public double hi() { return hi; }

    /** The ARGB colour of a cell under a style (masked cells get the masked colour). */
    public int colour(int r, int c, Style s) {
        if (mask != null && mask[r][c]) return s.masked().getRGB();
        double v = data[r][c];
        if (Double.isNaN(v)) return 0xFF808080;
        return (signed ? s.signed() : s.magnitude()).argb((v - lo) / (hi - lo));
    }

    /** The cells as a rows x cols ARGB raster. */
    public int[] raster(Style s) {
        return sampled(s, cols, rows);
    }

    /**
     * A w x h raster of the cells, each pixel the colour of the cell at its centre (nearest cell):
     * the full raster when w = cols and h = rows. The palette and masked colour are looked up once,
     * not per cell (a 1024 x 1024 heatmap has a million cells).
     */
    private int[] sampled(Style s, int w, int h) {
        int[] px = new int[w * h];
        Palette pal = signed ? s.signed() : s.magnitude();
        int masked = s.masked().getRGB();
        double span = hi - lo;
        int[] cs = new int[w];
        for (int x = 0; x < w; x++) cs[x] = Draw.nearestCell(x, w, cols);
        for (int y = 0; y < h; y++) {
            int r = Draw.nearestCell(y, h, rows);
            double[] row = data[r];
            boolean[] m = mask == null ? null : mask[r];
            for (int x = 0; x < w; x++) {
                int c = cs[x];
                double v = row[c];
                px[y * w + x] = m != null && m[c] ? masked : Double.isNaN(v) ? 0xFF808080 : pal.argb((v - lo) / span);
            }
        }
        return px;
    }

    /** Room right of the plot: the colour bar, its gap and its widest tick label. */
    private int barRoom(FontMetrics fm, int plotH) {
        int labels = 14 + 12 + 5 + Draw.barLabelWidth(fm, lo, hi, Math.max(plotH, barMin(fm))) + 6;
        return Math.max(labels, barLabel == null ? 0 : 14 + Draw.width(fm, barLabel) + 6);
    }

    /** A colour bar is never shorter than four label heights: room for three ticks that do not touch. */
    private static int barMin(FontMetrics fm) {
        return 4 * fm.getHeight();
    }

    private int maxColLabel(FontMetrics fm) {
        return colLabels == null ? 0 : colLabels.stream().mapToInt(t -> Draw.width(fm, t)).max().orElse(0);
    }

    /**
     * The subtitle as drawn: with more cells than device pixels the raster shows one cell per pixel (the nearest),
     * and the subtitle says so, so a reader knows some rows or columns are not on screen (issue 16).
     */
    private String shownSubtitle(Graphics2D g, Rectangle area, Style s) {
        Rectangle2D p = plotArea(g, area, s, subtitle);
        double scale = Draw.deviceScale(g);
        int devW = Math.max(1, (int) Math.ceil(p.getWidth() * scale)), devH = Math.max(1, (int) Math.ceil(p.getHeight() * scale));
        if (cols <= devW && rows <= devH) return subtitle;
        String note = cols + "×" + rows + " cells on " + Math.min(cols, devW) + "×" + Math.min(rows, devH) + " px: each pixel its nearest cell";
        return subtitle == null || subtitle.isEmpty() ? note : subtitle + "; " + note;
    }

    private Rectangle2D plotArea(Graphics2D g, Rectangle area, Style s) {
        return plotArea(g, area, s, shownSubtitle(g, area, s));
    }

    /** The plot's rectangle below the title and the given subtitle (measured, not drawn). */
    private Rectangle2D plotArea(Graphics2D g, Rectangle area, Style s, String sub) {
        int used = Draw.titleHeight(g.getFontMetrics(s.title()), g.getFontMetrics(s.small()), title, sub, area.width);
        Rectangle body = new Rectangle(area.x, area.y + used, area.width, Math.max(1, area.height - used));
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        int labelW = 0;
        if (rowLabels != null) for (String l : rowLabels) labelW = Math.max(labelW, Draw.width(fm, l));
        else labelW = Draw.width(fm, Integer.toString(rows));
        int left = labelW + 8 + (yLabel != null ? fm.getHeight() + 4 : 0);
        // The colour bar's top label reaches half a label above the plot; its own label a whole line.
        int top = fm.getHeight() / 2 + 1 + (barLabel != null ? fm.getHeight() + 2 : 0);
        int right = barRoom(fm, body.height);
        int maxColW = maxColLabel(fm);
        boolean rotate = colLabels != null && cellWidth(body.width - left - right) < maxColW + 4;
        double w = 0, h = 0;
        for (int pass = 0; pass < 2; pass++) {
            int bottom = (rotate ? maxColW + 6 : fm.getHeight() + 4) + (xLabel != null ? fm.getHeight() + 4 : 0) + fm.getHeight() / 2;
            w = body.width - left - right;
            h = body.height - bottom - top;
            // Square cells when there is room, so a square matrix looks square.
            if (rows > 0 && cols > 0) {
                double cell = Math.min(w / cols, h / rows);
                if (cell * cols > 0.25 * w && cell * rows > 0.25 * h) {
                    w = cell * cols;
                    h = cell * rows;
                }
            }
            // Square cells may be narrower than the labels: then they are turned, and need the room below.
            if (rotate || colLabels == null || cols == 0 || w / cols >= maxColW + 4) break;
            rotate = true;
        }
        return new Rectangle2D.Double(body.x + left, body.y + top, Math.max(1, w), Math.max(1, h));
    }

    /** Room for the title, labels and colour bar around a plot of at least the style's minimum. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        return Draw.measuring(g -> {
            g.setFont(s.small());
            FontMetrics fm = g.getFontMetrics();
            int labelW = rowLabels != null ? rowLabels.stream().mapToInt(t -> Draw.width(fm, t)).max().orElse(0) : Draw.width(fm, Integer.toString(rows));
            int w = labelW + 8 + (yLabel != null ? fm.getHeight() + 4 : 0) + barRoom(fm, 0) + s.minPlot() + 8;
            int plotH = Math.max(s.minPlot(), barMin(fm));
            int colH = colLabels != null ? Math.min(maxColLabel(fm), 120) : fm.getHeight();
            int h = s.size(15) * 2 + 10 + fm.getHeight() * 2 + colH + (xLabel != null ? fm.getHeight() : 0) + plotH + fm.getHeight() * 2;
            // More cells than a minimum plot has pixels: room for the subtitle's note on how they are shown (two lines).
            if (cols > s.minPlot() || rows > s.minPlot()) h += 3 * fm.getHeight();
            return new java.awt.Dimension(Math.max(w, s.size(240)), h);
        });
    }

    private double cellWidth(int w) {
        return cols == 0 ? 0 : (double) w / cols;
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        if (rows == 0 || cols == 0) {
            Draw.title(g, area, title, subtitle, s);
            Draw.message(g, area, "(empty)", s);
            return;
        }
        String sub = shownSubtitle(g, area, s);
        Draw.title(g, area, title, sub, s);
        Rectangle2D p = plotArea(g, area, s, sub);
        Text.plot(g, p);
        // More cells than device pixels: colour one nearest cell per pixel instead of every cell
        // (what nearest-neighbour scaling shows anyway, at a fraction of the cost for 1024 x 1024).
        double scale = Draw.deviceScale(g);
        int devW = Math.max(1, (int) Math.ceil(p.getWidth() * scale));
        int devH = Math.max(1, (int) Math.ceil(p.getHeight() * scale));
        int iw = Math.min(cols, devW), ih = Math.min(rows, devH);
        // Opaque pixels: an RGB image blits several times faster than ARGB (no blending).
        BufferedImage img = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_RGB);
        // Straight into the image's int buffer: setRGB converts pixel by pixel.
        int[] px = sampled(s, iw, ih);
        System.arraycopy(px, 0, ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData(), 0, px.length);
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, (int) Math.round(p.getX()), (int) Math.round(p.getY()),
                (int) Math.round(p.getWidth()), (int) Math.round(p.getHeight()), null);
        if (old != null) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        double cw = p.getWidth() / cols, ch = p.getHeight() / rows;
        // Hatching marks masked cells as "not part of the computation", distinct from a zero.
        if (mask != null && cw >= 5 && ch >= 5) {
            g.setColor(s.hatch());
            g.setStroke(new BasicStroke(1f));
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (!mask[r][c]) continue;
                    double x0 = p.getX() + c * cw, y0 = p.getY() + r * ch;
                    double step = Math.max(4, Math.min(cw, ch) / 3);
                    for (double t = step; t < cw + ch; t += step) {
                        double ax = x0 + Math.min(t, cw), ay = y0 + Math.max(0, t - cw);
                        double bx = x0 + Math.max(0, t - ch), by = y0 + Math.min(t, ch);
                        g.draw(new Line2D.Double(ax, ay, bx, by));
                    }
                }
            }
        }
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        if (showValues && cw >= Draw.width(fm, "-0.00") + 4 && ch >= fm.getHeight()) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (mask != null && mask[r][c]) continue;
                    String t = cellText.text(r, c);
                    if (Draw.width(fm, t) > cw - 2) continue;
                    g.setColor(Draw.contrast(colour(r, c, s)));
                    Draw.centered(g, t, p.getX() + (c + 0.5) * cw, p.getY() + (r + 0.5) * ch + fm.getAscent() / 2.0 - 1);
                }
            }
        }
        g.setColor(s.muted());
        g.setStroke(new BasicStroke(1f));
        g.draw(p);
        drawAxes(g, area, p, s, fm);
        drawMarks(g, p, s, marks.apply(highlight));
        int barX = (int) (p.getMaxX() + 14);
        Rectangle bar = new Rectangle(barX, (int) p.getY(), 12, (int) Math.max(barMin(fm), p.getHeight()));
        Draw.colourBar(g, bar, signed ? s.signed() : s.magnitude(), lo, hi, null, s);
        if (barLabel != null) {
            g.setFont(s.small());
            g.setColor(s.muted());
            Draw.text(g, barLabel, barX, p.getY() - fm.getHeight() / 2.0 - fm.getDescent() - 2);
        }
    }

    private void drawAxes(Graphics2D g, Rectangle area, Rectangle2D p, Style s, FontMetrics fm) {
        double cw = p.getWidth() / cols, ch = p.getHeight() / rows;
        g.setColor(s.foreground());
        // Row labels (or indices) on the left.
        if (rowLabels != null && ch >= fm.getAscent() + fm.getDescent()) {
            for (int r = 0; r < rows; r++) {
                Draw.right(g, label(rowLabels, r), p.getX() - 4, p.getY() + (r + 0.5) * ch + fm.getAscent() / 2.0 - 1);
            }
        } else {
            // Every row when each holds a label, otherwise ticks spaced by a label and a half.
            int[] ticks = rowLabels == null && ch >= fm.getHeight() ? Draw.indexTicks(rows, rows + 1)
                    : Draw.indexTicks(rows, Math.max(2, (int) (p.getHeight() / (fm.getHeight() * 1.5))));
            for (int r : ticks) {
                Draw.right(g, rowLabels != null ? label(rowLabels, r) : Integer.toString(r + 1), p.getX() - 4,
                        p.getY() + (r + 0.5) * ch + fm.getAscent() / 2.0 - 1);
            }
        }
        int maxColW = maxColLabel(fm);
        boolean rotate = colLabels != null && cw < maxColW + 4;
        // Half a label lower than the plot's edge: the lowest row label reaches that far.
        double base = p.getMaxY() + fm.getHeight() / 2.0 + fm.getAscent() + 2;
        if (colLabels != null && (rotate ? cw >= fm.getAscent() + fm.getDescent() : true)) {
            for (int c = 0; c < cols; c++) {
                String t = label(colLabels, c);
                double cx = p.getX() + (c + 0.5) * cw;
                if (rotate) {
                    java.awt.geom.AffineTransform tr = g.getTransform();
                    g.translate(cx + fm.getAscent() / 2.0 - 1, p.getMaxY() + 4);
                    g.rotate(Math.PI / 2);
                    Draw.text(g, t, 0, 0);
                    g.setTransform(tr);
                } else {
                    Draw.centered(g, t, cx, base);
                }
            }
        } else {
            int unit = Math.max(Draw.width(fm, "0000"), maxColW) + 8;
            int[] ticks = colLabels == null && cw >= Draw.width(fm, Integer.toString(cols)) + 8 ? Draw.indexTicks(cols, cols + 1)
                    : Draw.indexTicks(cols, Math.max(2, (int) (p.getWidth() / (unit * 1.5))));
            for (int c : ticks) {
                Draw.centered(g, colLabels != null ? label(colLabels, c) : Integer.toString(c + 1), p.getX() + (c + 0.5) * cw, base);
            }
        }
        g.setColor(s.muted());
        int labelsH = (rotate ? maxColW + 6 : fm.getHeight() + 4) + fm.getHeight() / 2;
        if (xLabel != null) {
            // Centred under the plot, but kept inside the figure: a narrow grid (decoding's 475 tokens) would push it
            // past the figure's edge, where the figure's clip cuts it.
            double half = Draw.width(fm, xLabel) / 2.0 + 2;
            double cx = Math.max(area.getX() + half, Math.min(area.getMaxX() - half, p.getCenterX()));
            Draw.centered(g, xLabel, cx, p.getMaxY() + labelsH + fm.getAscent());
        }
        if (yLabel != null) {
            int lw = rowLabels != null ? rowLabels.stream().mapToInt(t -> Draw.width(fm, t)).max().orElse(0) : Draw.width(fm, Integer.toString(rows));
            Draw.vertical(g, yLabel, p.getX() - lw - 8 - fm.getHeight() / 2.0, p.getCenterY());
        }
    }

    private void drawMarks(Graphics2D g, Rectangle2D p, Style s, Marks m) {
        if (m == null) return;
        double cw = p.getWidth() / cols, ch = p.getHeight() / rows;
        for (int r : m.rows()) {
            if (r >= 0 && r < rows) Draw.outline(g, s, new Rectangle2D.Double(p.getX(), p.getY() + r * ch, p.getWidth(), Math.max(1, ch)));
        }
        for (int c : m.cols()) {
            if (c >= 0 && c < cols) Draw.outline(g, s, new Rectangle2D.Double(p.getX() + c * cw, p.getY(), Math.max(1, cw), p.getHeight()));
        }
        for (int[] rc : m.cells()) {
            if (rc[0] >= 0 && rc[0] < rows && rc[1] >= 0 && rc[1] < cols) {
                Draw.outline(g, s, new Rectangle2D.Double(p.getX() + rc[1] * cw, p.getY() + rc[0] * ch, Math.max(2, cw), Math.max(2, ch)));
            }
        }
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        if (rows == 0 || cols == 0) return null;
        return Draw.measuring(g -> {
            Rectangle2D p = plotArea(g, area, s);
            if (!p.contains(x, y)) return null;
            int c = (int) Math.min(cols - 1, Math.floor((x - p.getX()) / p.getWidth() * cols));
            int r = (int) Math.min(rows - 1, Math.floor((y - p.getY()) / p.getHeight() * rows));
            if (mask != null && mask[r][c]) {
                return new Hover(label(rowLabels, r) + ", " + label(colLabels, c) + ": masked (not visible to this row)", hoverHighlight.highlight(r, c));
            }
            return new Hover(hoverText.text(r, c), hoverHighlight.highlight(r, c));
        });
    }

    public static final class Builder {
        private final String title;
        private final double[][] data;
        private String subtitle;
        private boolean[][] mask;
        private List<String> rowLabels;
        private List<String> colLabels;
        private boolean signed;
        private Double lo, hi;
        private String xLabel, yLabel, barLabel;
        private CellText hoverText;
        private CellHighlight hoverHighlight;
        private Function<Object, Marks> marks;
        private double weight = 1;
        private boolean showValues = true;
        private CellText cellText;

        private Builder(String title, double[][] data) {
            this.title = title;
            this.data = data;
        }

        public Builder subtitle(String s) { subtitle = s; return this; }
        public Builder mask(boolean[][] m) { mask = m; return this; }
        public Builder rowLabels(List<String> l) { rowLabels = l == null ? null : new ArrayList<>(l); return this; }
        public Builder colLabels(List<String> l) { colLabels = l == null ? null : new ArrayList<>(l); return this; }
        /** Signed values: diverging palette, symmetric range centred on zero. */
        public Builder signed(boolean s) { signed = s; return this; }
        public Builder range(double lo, double hi) { this.lo = lo; this.hi = hi; return this; }
        public Builder xLabel(String l) { xLabel = l; return this; }
        public Builder yLabel(String l) { yLabel = l; return this; }
        public Builder barLabel(String l) { barLabel = l; return this; }
        public Builder hoverText(CellText t) { hoverText = t; return this; }
        public Builder hoverHighlight(CellHighlight h) { hoverHighlight = h; return this; }
        public Builder marks(Function<Object, Marks> m) { marks = m; return this; }
        public Builder weight(double w) { weight = w; return this; }
        public Builder showValues(boolean v) { showValues = v; return this; }
        /** The text written in a cell when values are shown (default: the value to 2 significant digits). */
        public Builder cellText(CellText t) { cellText = t; return this; }
        public HeatmapFigure build() { return new HeatmapFigure(this); }
    }
}
