package glassbox.render.conv;

import glassbox.render.Draw;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Style;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Several small grids side by side: the channels of an image, the output channels, or the
 * c_o x c_i kernels. Signed values on the diverging map, one colour scale for all planes.
 */
final class PlanesFigure implements Figure {

    /** Writes plane p's values, row-major (rows × cols), into out: one call per plane, a tight loop inside. */
    interface Planes { void fill(int plane, double[] out); }

    interface HoverAt { Hover at(int plane, int r, int c); }

    /** A rectangle of cells (inclusive) to outline on a plane; plane -1 means every plane. */
    record Box(int plane, int r0, int c0, int r1, int c1) {}

    interface Marks { List<Box> boxes(Object highlight); }

    private final String title;
    private final String subtitle;
    private final int planes, shown, rows, cols, gridCols;
    private final double[][] data;
    private final List<String> planeLabels;
    private final List<String> shortLabels;
    private final HoverAt hover;
    private final Marks marks;
    private final double scale;
    private final double weight;
    /** The first plane shown (a page of filters), and the smallest side a shown plane may get (0: any). */
    private final int first, minTile;
    /** Colours by cell instead of by value (plane, row-major cell index → RGB), or null: the kernel as the key of "colour A by weight". */
    private final java.util.function.IntBinaryOperator cellColour;

    PlanesFigure(String title, String subtitle, int planes, int maxShown, int gridCols, int rows, int cols, Planes values,
                 List<String> planeLabels, List<String> shortLabels, HoverAt hover, Marks marks, double weight) {
        this(title, subtitle, planes, 0, maxShown, gridCols, rows, cols, values, planeLabels, shortLabels, hover, marks, weight, 0, null);
    }

    /**
     * Planes first … first + maxShown − 1 (fewer at the end); the subtitle is the caller's, which says
     * which are shown when not all are.
     */
    PlanesFigure(String title, String subtitle, int planes, int first, int maxShown, int gridCols, int rows, int cols, Planes values,
                 List<String> planeLabels, List<String> shortLabels, HoverAt hover, Marks marks, double weight, int minTile,
                 java.util.function.IntBinaryOperator cellColour) {
        this.cellColour = cellColour;
        this.title = title;
        this.planes = planes;
        this.first = first;
        this.minTile = minTile;
        this.shown = Math.max(0, Math.min(planes - first, maxShown));
        this.subtitle = minTile == 0 && shown < planes ? subtitle + " (first " + shown + " of " + planes + " shown)" : subtitle;
        this.rows = rows;
        this.cols = cols;
        this.gridCols = Math.max(1, Math.min(gridCols, shown));
        this.data = new double[shown][rows * cols];
        this.planeLabels = planeLabels;
        this.shortLabels = shortLabels;
        this.hover = hover;
        this.marks = marks;
        this.weight = weight;
        double m = 0;
        for (int p = 0; p < shown; p++) {
            values.fill(first + p, data[p]);
            for (double x : data[p]) m = Math.max(m, Math.abs(x));
        }
        this.scale = m == 0 ? 1 : m;
    }

    @Override public String title() { return title; }

    @Override public double weight() { return weight; }

    /** Layout: cell size and the top-left of each shown plane. */
    private record Layout(double cell, double[] px, double[] py, int labelH) {}

    private Layout layout(Graphics2D g, Rectangle area, Style s) {
        Rectangle body = Draw.title(g, area, title, subtitle, s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        int labelH = fm.getHeight();
        int gr = (shown + gridCols - 1) / gridCols;
        int gap = 10;
        int barW = barRoom(fm);
        double cw = (body.width - barW - gap * (gridCols - 1)) / (double) (gridCols * cols);
        double ch = (body.height - gr * labelH - gap * (gr - 1)) / (double) (gr * rows);
        double cell = Math.max(0.05, Math.min(cw, ch));
        double[] px = new double[shown], py = new double[shown];
        for (int p = 0; p < shown; p++) {
            int gx = p % gridCols, gy = p / gridCols;
            px[p] = body.x + gx * (cols * cell + gap);
            py[p] = body.y + labelH + gy * (rows * cell + gap + labelH);
        }
        return new Layout(cell, px, py, labelH);
    }

    /** The full plane labels if every shown one fits a plane w wide (with a gap to the next), else the short ones, else null. */
    private List<String> labelsThatFit(FontMetrics fm, double w) {
        for (List<String> labels : List.of(planeLabels, shortLabels)) {
            boolean all = true;
            for (int p = 0; p < shown && all; p++) all = Draw.width(fm, labels.get(first + p)) <= w + 4;
            if (all) return labels;
        }
        return null;
    }

    /** The colour bar, its gap and its widest label. */
    private int barRoom(FontMetrics fm) {
        return 10 + 10 + 5 + Draw.barLabelWidth(fm, -scale, scale, 4 * fm.getHeight()) + 6;
    }

    /** Every shown plane at least minTile (scaled with the type) on its shorter side, with its label. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        return Draw.measuring(g -> {
            g.setFont(s.small());
            FontMetrics fm = g.getFontMetrics();
            double cell = s.size(Math.max(minTile, 24)) / (double) Math.max(1, Math.min(rows, cols));
            int gr = (shown + gridCols - 1) / Math.max(1, gridCols);
            int w = (int) Math.ceil(gridCols * cols * cell + 10 * (gridCols - 1) + barRoom(fm)) + 8;
            int width = Math.max(w, s.size(240));
            int head = s.size(15) * 2 + 10 + Draw.wrap(subtitle, fm, width - 4).size() * fm.getHeight() + fm.getHeight();
            int h = (int) Math.ceil(gr * (rows * cell + fm.getHeight()) + 10 * (gr - 1)) + head;
            // The colour bar needs four label heights below the first plane's top.
            return new java.awt.Dimension(width, Math.max(h, head + 5 * fm.getHeight()));
        });
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Layout l = layout(g, area, s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        // A plane larger than its place on the device is coloured at device resolution, one nearest
        // cell per pixel: what nearest-neighbour scaling shows anyway, without colouring every cell.
        double device = Draw.deviceScale(g);
        glassbox.render.Palette pal = s.signed();
        double half = 0.5 / scale;
        for (int p = 0; p < shown; p++) {
            double w = cols * l.cell(), h = rows * l.cell();
            int iw = (int) Math.min(cols, Math.max(1, Math.ceil(w * device))), ih = (int) Math.min(rows, Math.max(1, Math.ceil(h * device)));
            BufferedImage img = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_RGB); // opaque: blits faster than ARGB
            int[] px = glassbox.render.Board.pixels(img);
            int[] cs = new int[iw];
            for (int x = 0; x < iw; x++) cs[x] = Draw.nearestCell(x, iw, cols);
            for (int y = 0; y < ih; y++) {
                int r = Draw.nearestCell(y, ih, rows);
                double[] plane = data[p];
                int base = r * cols;
                if (cellColour != null) for (int x = 0; x < iw; x++) px[y * iw + x] = 0xFF000000 | cellColour.applyAsInt(first + p, base + cs[x]);
                else for (int x = 0; x < iw; x++) px[y * iw + x] = pal.argb(0.5 + half * plane[base + cs[x]]);
            }
            g.drawImage(img, (int) Math.round(l.px()[p]), (int) Math.round(l.py()[p]), (int) Math.max(1, Math.round(w)), (int) Math.max(1, Math.round(h)), null);
            g.setColor(s.muted());
            g.setStroke(new BasicStroke(1f));
            g.draw(new Rectangle2D.Double(l.px()[p], l.py()[p], w, h));
            if (l.cell() >= 8) {
                g.setColor(Draw.withAlpha(s.muted(), 90));
                for (int r = 1; r < rows; r++) g.draw(new java.awt.geom.Line2D.Double(l.px()[p], l.py()[p] + r * l.cell(), l.px()[p] + w, l.py()[p] + r * l.cell()));
                for (int c = 1; c < cols; c++) g.draw(new java.awt.geom.Line2D.Double(l.px()[p] + c * l.cell(), l.py()[p], l.px()[p] + c * l.cell(), l.py()[p] + h));
            }
            g.setColor(s.foreground());
            // The full labels when every one fits above its plane, else the short ones, else none: one kind for all planes.
            List<String> labels = labelsThatFit(fm, w);
            if (labels != null) Draw.text(g, labels.get(first + p), (float) l.px()[p], (float) (l.py()[p] - 3));
        }
        if (old != null) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        for (Box b : marks.boxes(highlight)) {
            for (int p = 0; p < shown; p++) {
                if (b.plane() != -1 && b.plane() != first + p) continue;
                int r0 = Math.max(0, b.r0()), c0 = Math.max(0, b.c0()), r1 = Math.min(rows - 1, b.r1()), c1 = Math.min(cols - 1, b.c1());
                if (r1 < r0 || c1 < c0) continue;
                Draw.outline(g, s, new Rectangle2D.Double(l.px()[p] + c0 * l.cell() - 1, l.py()[p] + r0 * l.cell() - 1,
                        Math.max(3, (c1 - c0 + 1) * l.cell() + 2), Math.max(3, (r1 - r0 + 1) * l.cell() + 2)));
            }
        }
        // One colour scale for every plane (none when the colours name weights instead of values).
        if (cellColour != null) return;
        int barH = (int) Math.max(4 * fm.getHeight(), Math.min(area.getMaxY() - l.py()[0] - fm.getHeight(), 140 * s.fontScale()));
        Rectangle bar = new Rectangle(area.x + area.width - barRoom(fm) + 10, (int) l.py()[0], 10, barH);
        Draw.colourBar(g, bar, s.signed(), -scale, scale, null, s);
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        return Draw.measuring(g -> {
            Layout l = layout(g, area, s);
            for (int p = 0; p < shown; p++) {
                double w = cols * l.cell(), h = rows * l.cell();
                if (x >= l.px()[p] && x < l.px()[p] + w && y >= l.py()[p] && y < l.py()[p] + h) {
                    int c = (int) Math.min(cols - 1, (x - l.px()[p]) / l.cell());
                    int r = (int) Math.min(rows - 1, (y - l.py()[p]) / l.cell());
                    return hover.at(first + p, r, c);
                }
            }
            return null;
        });
    }
}
