package glassbox.render.cnnshapes;

import glassbox.core.Fmt;
import glassbox.core.cnnshapes.Stack;
import glassbox.render.Draw;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Style;
import glassbox.render.XYFigure;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack as a table: layer, output shape, parameters (without bias), receptive field (jump)
 * and multiply-adds; the first mismatching layer is marked and its reason and fix written below.
 * Long stacks show as many rows as fit, always including the error row.
 */
final class LayerTableFigure implements Figure {
    private final Stack.Result r;
    private final String barsTitle;
    private static final String[] HEAD = {"#", "layer", "output shape", "params (no bias)", "RF (jump)", "multiply-adds"};

    LayerTableFigure(Stack.Result r, String barsTitle) {
        this.r = r;
        this.barsTitle = barsTitle;
    }

    @Override public String title() { return "Layers: shapes, parameters, receptive fields"; }

    @Override public double weight() { return 1.6; }

    static String rf(Stack.Row row) {
        if (row.outShape() == null) return "—";
        if (row.rfWhole()) return "whole input";
        return glassbox.core.cnnshapes.Layer.Kind.FLATTEN == row.layer().kind() ? "—"
                : pair(row.rfH(), row.rfW()) + " (" + pair(row.jumpH(), row.jumpW()) + ")";
    }

    private static String pair(int a, int b) {
        return a == b ? a + "×" + b : a + "×" + b;
    }

    String[] cells(Stack.Row row) {
        String params = row.params() == 0 ? "0" : Fmt.count(row.params()) + " (" + Fmt.count(row.paramsNoBias()) + ")";
        return new String[]{Integer.toString(row.layer().index() + 1), row.layer().label(), Stack.shapeText(row.outShape()), params, rf(row),
                row.macs() == 0 ? "0" : Fmt.count(row.macs())};
    }

    /** Column edges, each row's top (header first, then the shown rows, then the bottom edge), the shown rows and where the messages start. */
    private record Geo(double[] colX, double[] rowY, int y0, List<Integer> shown, int msgY) {
        double rowH(int k) { return rowY[k + 1] - rowY[k]; }
    }

    private String subtitle() {
        return "input " + Stack.shapeText(r.input()) + " → output " + Stack.shapeText(r.output())
                + ";  total " + Fmt.count(r.totalParams()) + " parameters (" + Fmt.count(r.totalParamsNoBias()) + " without bias), "
                + Fmt.count(r.totalMacs()) + " multiply-adds";
    }

    /** The widest word of a cell: a column never gets narrower than that, so a cell wraps but is never cut. */
    private static int widestWord(FontMetrics fm, String t) {
        int w = 0;
        for (String word : t.split(" ")) w = Math.max(w, Draw.width(fm, word));
        return w;
    }

    /**
     * Column widths: each column's natural width (header and cells on one line) when they fit;
     * otherwise the room above each column's widest word is shared in proportion to what it would
     * need, and cells wrap.
     */
    private double[] columns(FontMetrics fm, FontMetrics bm, List<Integer> shown, double room) {
        int n = HEAD.length;
        double[] nat = new double[n], min = new double[n];
        for (int c = 0; c < n; c++) {
            nat[c] = Draw.width(bm, HEAD[c]) + PAD;
            min[c] = widestWord(bm, HEAD[c]) + PAD;
        }
        for (int i : shown) {
            String[] cells = cells(r.rows().get(i));
            for (int c = 0; c < n; c++) {
                nat[c] = Math.max(nat[c], Draw.width(fm, cells[c]) + PAD);
                min[c] = Math.max(min[c], widestWord(fm, cells[c]) + PAD);
            }
        }
        double natTotal = 0, minTotal = 0;
        for (int c = 0; c < n; c++) { natTotal += nat[c]; minTotal += min[c]; }
        if (natTotal <= room || minTotal >= natTotal) return nat;
        double share = Math.max(0, room - minTotal) / (natTotal - minTotal);
        double[] w = new double[n];
        for (int c = 0; c < n; c++) w[c] = min[c] + (nat[c] - min[c]) * Math.min(1, share);
        return w;
    }

    private static final int PAD = 12;

    private int lines(FontMetrics fm, String t, double colW) {
        return Draw.wrap(t, fm, (int) (colW - PAD)).size();
    }

    private Geo geo(Graphics2D g, Rectangle area, Style s) {
        Rectangle body = Draw.title(g, area, title(), subtitle(), s);
        g.setFont(Draw.bold(s.small()));
        FontMetrics bm = g.getFontMetrics();
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        int msgLines = r.error() == null ? 2 : 6;
        int n = r.rows().size();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(i);
        double[] w = columns(fm, bm, all, body.width - 8);
        int head = 1;
        for (int c = 0; c < HEAD.length; c++) head = Math.max(head, lines(bm, HEAD[c], w[c]));
        double lineH = fm.getHeight();
        double pad = 5;
        // Rows get more air when the stack is short, leaving room for the code below.
        int codeLines = n + 2;
        double air = Math.max(0, Math.min(lineH * 0.7,
                (body.height - (msgLines + codeLines) * (lineH + 2) - 20) / (double) (n + 1) - lineH - pad));
        double[] rowH = new double[n];
        for (int i = 0; i < n; i++) {
            String[] cells = cells(r.rows().get(i));
            int l = 1;
            for (int c = 0; c < cells.length; c++) l = Math.max(l, lines(fm, cells[c], w[c]));
            rowH[i] = l * lineH + pad + air;
        }
        double headH = head * lineH + pad + air;
        double availH = body.height - headH - msgLines * (lineH + 2) - 10;
        List<Integer> shown = new ArrayList<>();
        double used = 0;
        for (int i = 0; i < n; i++) used += rowH[i];
        if (used <= availH) {
            shown.addAll(all);
        } else {
            // As many rows as fit, centred on the error row when there is one.
            int err = r.error() == null ? -1 : r.error().layer();
            int keep = 0;
            double h = 0;
            double typical = used / Math.max(1, n);
            keep = Math.max(3, (int) ((availH - lineH) / typical));
            int start = err < 0 ? 0 : Math.max(0, Math.min(err - keep / 2, n - keep));
            for (int i = start; i < start + keep && i < n; i++) { shown.add(i); h += rowH[i]; }
        }
        double[] colX = new double[HEAD.length + 1];
        colX[0] = body.x + 4;
        for (int c = 0; c < HEAD.length; c++) colX[c + 1] = colX[c] + w[c];
        int y0 = body.y + 2;
        double[] rowY = new double[shown.size() + 2];
        rowY[0] = y0;
        rowY[1] = y0 + headH;
        for (int k = 0; k < shown.size(); k++) rowY[k + 2] = rowY[k + 1] + rowH[shown.get(k)];
        int msgY = (int) (rowY[rowY.length - 1] + 8 + fm.getAscent());
        return new Geo(colX, rowY, y0, shown, msgY);
    }

    /** A cell's text wrapped to its column, from the top y. */
    private static void cell(Graphics2D g, String t, double x, double y, double colW) {
        glassbox.render.Text.wrapped(g, t, x + 5, y + 2, (int) (colW - PAD), false);
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Geo geo = geo(g, area, s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        double[] cx = geo.colX();
        double width = cx[cx.length - 1] - cx[0];
        double textW = Math.max(width, area.width - 12);
        int hl = highlight instanceof XYFigure.Point p && p.figure().equals(barsTitle) ? p.index() : -1;
        g.setColor(s.grid());
        g.fill(new Rectangle2D.Double(cx[0], geo.rowY()[0], width, geo.rowH(0)));
        g.setFont(Draw.bold(s.small()));
        g.setColor(s.foreground());
        for (int c = 0; c < HEAD.length; c++) cell(g, HEAD[c], cx[c], geo.rowY()[0], cx[c + 1] - cx[c]);
        g.setFont(s.small());
        int errRow = r.error() == null ? -1 : r.error().layer();
        int n = r.rows().size();
        for (int k = 0; k < geo.shown().size(); k++) {
            int i = geo.shown().get(k);
            Stack.Row row = r.rows().get(i);
            double y = geo.rowY()[k + 1];
            Rectangle2D band = new Rectangle2D.Double(cx[0], y, width, geo.rowH(k + 1));
            if (i == errRow) {
                g.setColor(Draw.withAlpha(s.highlight(), 45));
                g.fill(band);
            } else if (k % 2 == 1) {
                g.setColor(Draw.withAlpha(s.grid(), 120));
                g.fill(band);
            }
            if (i == hl) {
                g.setColor(s.highlight());
                g.setStroke(new BasicStroke(2f * (float) Math.max(1, s.lineScale())));
                g.draw(band);
            }
            String[] cells = cells(row);
            for (int c = 0; c < cells.length; c++) {
                g.setColor(i == errRow && c <= 1 ? s.highlight() : row.afterError() ? s.muted() : s.foreground());
                // The error row's layer name in bold only when bold still fits its column (bold never reflows the table).
                if (i == errRow && c == 1 && Draw.width(g.getFontMetrics(Draw.bold(s.small())), cells[c]) <= cx[c + 1] - cx[c] - PAD) g.setFont(Draw.bold(s.small()));
                cell(g, cells[c], cx[c], y, cx[c + 1] - cx[c]);
                g.setFont(s.small());
            }
        }
        int y = geo.msgY();
        if (geo.shown().size() < n) {
            g.setColor(s.muted());
            y += glassbox.render.Text.wrapped(g, "showing rows " + (geo.shown().get(0) + 1) + "–" + (geo.shown().get(geo.shown().size() - 1) + 1) + " of " + n
                    + " (point at the bars for the others)", cx[0], y - fm.getAscent(), (int) textW, false) + 2;
        }
        if (r.error() == null) {
            g.setColor(s.series(2).darker());
            Draw.text(g, "Every layer fits its input.", (float) cx[0], y);
            y += fm.getHeight() + 2;
            // Short stacks (the exam's one layer): the size formula with its numbers.
            if (n <= 3) {
                g.setColor(s.foreground());
                for (Stack.Row row : r.rows()) {
                    if (row.shapeFormula().isEmpty()) continue;
                    y += glassbox.render.Text.wrapped(g, "layer " + (row.layer().index() + 1) + ": " + row.shapeFormula(), cx[0], y - fm.getAscent(), (int) textW, false) + 2;
                }
            }
        } else {
            Stack.Mismatch m = r.error();
            g.setColor(s.highlight());
            g.setFont(Draw.bold(s.small()));
            List<String> lines = new ArrayList<>();
            lines.addAll(Draw.wrap("✗ layer " + (m.layer() + 1) + " (" + r.rows().get(m.layer()).layer().text() + "): " + m.message() + ": " + m.fix(), g.getFontMetrics(), (int) textW));
            for (String line : lines) {
                Draw.text(g, line, (float) cx[0], y);
                y += fm.getHeight() + 2;
            }
            g.setFont(s.small());
            g.setColor(s.muted());
            if (m.fixedLayers() != null) {
                for (String line : Draw.wrap("fixed stack: " + m.fixedLayers(), fm, (int) textW)) {
                    Draw.text(g, line, (float) cx[0], y);
                    y += fm.getHeight() + 2;
                }
            }
        }
        // The framework code, as long as it fits; a long line continues on the next.
        y += 6;
        g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, s.size(11)));
        FontMetrics mm = g.getFontMetrics();
        g.setColor(s.foreground());
        String[] code = r.code().split("\n");
        int bottom = area.y + area.height - 2;
        for (int i = 0; i < code.length; i++) {
            List<String> parts = Draw.wrap(code[i], mm, (int) textW);
            boolean last = i == code.length - 1;
            if (y + mm.getHeight() * (parts.size() + (last ? 0 : 1)) - mm.getAscent() > bottom) {
                String more = (code.length - i) + " more lines (\"Copy as PyTorch code\" copies them all)";
                g.setFont(s.small());
                g.setColor(s.muted());
                if (y + g.getFontMetrics().getDescent() <= bottom) Draw.text(g, more, (float) cx[0], y);
                break;
            }
            for (String part : parts) {
                Draw.text(g, part, (float) cx[0], y);
                y += mm.getHeight();
            }
        }
    }

    /** Narrow enough for every column's widest word, tall enough for the header, a few rows and the message. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        return Draw.measuring(g -> {
            g.setFont(Draw.bold(s.small()));
            FontMetrics bm = g.getFontMetrics();
            g.setFont(s.small());
            FontMetrics fm = g.getFontMetrics();
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < r.rows().size(); i++) all.add(i);
            double[] w = columns(fm, bm, all, 0);
            double total = 16;
            for (double x : w) total += x;
            return new java.awt.Dimension((int) Math.ceil(total), s.size(15) * 3 + fm.getHeight() * 14);
        });
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        return Draw.measuring(g -> {
            Geo geo = geo(g, area, s);
            int k = -1;
            for (int j = 1; j + 1 < geo.rowY().length; j++) if (y >= geo.rowY()[j] && y < geo.rowY()[j + 1]) k = j - 1;
            if (k < 0 || k >= geo.shown().size() || x < geo.colX()[0] || x > geo.colX()[geo.colX().length - 1]) return null;
            int i = geo.shown().get(k);
            return new Hover(describe(r.rows().get(i)), new XYFigure.Point(barsTitle, 0, i));
        });
    }

    static String describe(Stack.Row row) {
        var l = row.layer();
        StringBuilder b = new StringBuilder("layer " + (l.index() + 1) + ": " + l.code() + "  in " + Stack.shapeText(row.inShape()) + " → out " + Stack.shapeText(row.outShape()));
        if (!row.shapeFormula().isEmpty()) b.append(";  ").append(row.shapeFormula());
        switch (l.kind()) {
            case CONV -> b.append(";  params = out·in·k_h·k_w + out = ").append(l.out()).append("·").append(l.in()).append("·").append(l.kh()).append("·")
                    .append(l.kw()).append(" + ").append(l.out()).append(" = ").append(Fmt.count(row.params()))
                    .append(";  multiply-adds = out·H'·W'·in·k_h·k_w = ").append(Fmt.count(row.macs()));
            case LINEAR -> b.append(";  params = in·out + out = ").append(l.in()).append("·").append(l.out()).append(" + ").append(l.out()).append(" = ")
                    .append(Fmt.count(row.params())).append(";  multiply-adds = in·out = ").append(Fmt.count(row.macs()));
            default -> b.append(";  no parameters");
        }
        if (l.kind().spatial() && row.outShape() != null) {
            b.append(";  RF r ← r + (k − 1)·j = ").append(row.rfH()).append("×").append(row.rfW()).append(", jump j ← j·s = ").append(row.jumpH()).append("×").append(row.jumpW());
        }
        return b.toString();
    }
}
