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
        return new String[]{Integer.toString(row.layer().index()), row.layer().label(), Stack.shapeText(row.outShape()), params, rf(row),
                row.macs() == 0 ? "0" : Fmt.count(row.macs())};
    }

    private record Geo(double[] colX, double rowH, int y0, List<Integer> shown, int msgY) {}

    private Geo geo(Graphics2D g, Rectangle area, Style s) {
        Rectangle body = Draw.title(g, area, title(), "input " + Stack.shapeText(r.input()) + " → output " + Stack.shapeText(r.output())
                + ";  total " + Fmt.count(r.totalParams()) + " parameters (" + Fmt.count(r.totalParamsNoBias()) + " without bias), "
                + Fmt.count(r.totalMacs()) + " multiply-adds", s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        int msgLines = r.error() == null ? 2 : 6;
        // Rows get more air when the stack is short, leaving room for the code below.
        int codeLines = r.rows().size() + 2;
        double rowH = Math.max(fm.getHeight() + 5, Math.min(fm.getHeight() * 1.7,
                (body.height - (msgLines + codeLines) * (fm.getHeight() + 2) - 20) / (double) (r.rows().size() + 1)));
        int avail = (int) ((body.height - rowH - msgLines * (fm.getHeight() + 2) - 10) / rowH);
        int n = r.rows().size();
        List<Integer> shown = new ArrayList<>();
        if (n <= avail) {
            for (int i = 0; i < n; i++) shown.add(i);
        } else {
            int err = r.error() == null ? -1 : r.error().layer();
            int keep = Math.max(3, avail - 1);
            int start = err < 0 ? 0 : Math.max(0, Math.min(err - keep / 2, n - keep));
            for (int i = start; i < start + keep && i < n; i++) shown.add(i);
        }
        // Column widths from the content.
        double[] w = new double[HEAD.length];
        for (int c = 0; c < HEAD.length; c++) w[c] = fm.stringWidth(HEAD[c]) + 18;
        for (int i : shown) {
            String[] cells = cells(r.rows().get(i));
            for (int c = 0; c < cells.length; c++) w[c] = Math.max(w[c], fm.stringWidth(cells[c]) + 18);
        }
        double total = 0;
        for (double x : w) total += x;
        double scale = total > body.width - 8 ? (body.width - 8) / total : 1;
        double[] colX = new double[HEAD.length + 1];
        colX[0] = body.x + 4;
        for (int c = 0; c < HEAD.length; c++) colX[c + 1] = colX[c] + w[c] * scale;
        int y0 = body.y + 2;
        int msgY = (int) (y0 + rowH * (shown.size() + 1) + 8 + fm.getAscent());
        return new Geo(colX, rowH, y0, shown, msgY);
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Geo geo = geo(g, area, s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        double[] cx = geo.colX();
        double width = cx[cx.length - 1] - cx[0];
        int hl = highlight instanceof XYFigure.Point p && p.figure().equals(barsTitle) ? p.index() : -1;
        g.setColor(s.grid());
        g.fill(new Rectangle2D.Double(cx[0], geo.y0(), width, geo.rowH()));
        g.setFont(Draw.bold(s.small()));
        g.setColor(s.foreground());
        FontMetrics bm = g.getFontMetrics();
        for (int c = 0; c < HEAD.length; c++) {
            g.drawString(Draw.ellipsize(HEAD[c], bm, (int) (cx[c + 1] - cx[c] - 6)), (float) (cx[c] + 5), (float) (geo.y0() + fm.getAscent() + 2));
        }
        g.setFont(s.small());
        int errRow = r.error() == null ? -1 : r.error().layer();
        int n = r.rows().size();
        for (int k = 0; k < geo.shown().size(); k++) {
            int i = geo.shown().get(k);
            Stack.Row row = r.rows().get(i);
            double y = geo.y0() + geo.rowH() * (k + 1);
            Rectangle2D band = new Rectangle2D.Double(cx[0], y, width, geo.rowH());
            if (i == errRow) {
                g.setColor(Draw.withAlpha(s.highlight(), 45));
                g.fill(band);
            } else if (k % 2 == 1) {
                g.setColor(Draw.withAlpha(s.grid(), 120));
                g.fill(band);
            }
            if (i == hl) {
                g.setColor(s.highlight());
                g.setStroke(new BasicStroke(1.5f));
                g.draw(band);
            }
            String[] cells = cells(row);
            for (int c = 0; c < cells.length; c++) {
                g.setColor(i == errRow && c <= 1 ? s.highlight() : row.afterError() ? s.muted() : s.foreground());
                if (i == errRow && c == 1) g.setFont(Draw.bold(s.small()));
                String t = Draw.ellipsize(cells[c], fm, (int) (cx[c + 1] - cx[c] - 8));
                g.drawString(t, (float) (cx[c] + 5), (float) (y + fm.getAscent() + 2));
                g.setFont(s.small());
            }
        }
        int y = geo.msgY();
        if (geo.shown().size() < n) {
            g.setColor(s.muted());
            g.drawString("showing rows " + geo.shown().get(0) + "–" + geo.shown().get(geo.shown().size() - 1) + " of " + n
                    + " (point at the bars for the others)", (float) cx[0], y);
            y += fm.getHeight() + 2;
        }
        if (r.error() == null) {
            g.setColor(s.series(2).darker());
            g.drawString("Every layer fits its input.", (float) cx[0], y);
            y += fm.getHeight() + 2;
            // Short stacks (the exam's one layer): the size formula with its numbers.
            if (n <= 3) {
                g.setColor(s.foreground());
                for (Stack.Row row : r.rows()) {
                    if (row.shapeFormula().isEmpty()) continue;
                    g.drawString(Draw.ellipsize("layer " + row.layer().index() + ": " + row.shapeFormula(), fm, (int) Math.max(width, area.width - 12)), (float) cx[0], y);
                    y += fm.getHeight() + 2;
                }
            }
        } else {
            Stack.Mismatch m = r.error();
            g.setColor(s.highlight());
            g.setFont(Draw.bold(s.small()));
            List<String> lines = new ArrayList<>();
            lines.addAll(Draw.wrap("✗ layer " + m.layer() + " (" + r.rows().get(m.layer()).layer().text() + "): " + m.message() + ": " + m.fix(), fm, (int) width));
            for (String line : lines) {
                g.drawString(line, (float) cx[0], y);
                y += fm.getHeight() + 2;
            }
            g.setFont(s.small());
            g.setColor(s.muted());
            if (m.fixedLayers() != null) {
                for (String line : Draw.wrap("fixed stack: " + m.fixedLayers(), fm, (int) width)) {
                    g.drawString(line, (float) cx[0], y);
                    y += fm.getHeight() + 2;
                }
            }
        }
        // The framework code, as long as it fits.
        y += 6;
        g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, s.size(11)));
        FontMetrics mm = g.getFontMetrics();
        g.setColor(s.foreground());
        String[] code = r.code().split("\n");
        int bottom = area.y + area.height - 2;
        for (int i = 0; i < code.length; i++) {
            if (y + mm.getHeight() > bottom && i < code.length - 1) {
                g.setColor(s.muted());
                g.drawString("    … " + (code.length - 1 - i) + " more lines (\"Copy as PyTorch code\" copies them all)", (float) cx[0], y);
                break;
            }
            g.drawString(Draw.ellipsize(code[i], mm, (int) Math.max(width, area.width - 12)), (float) cx[0], y);
            y += mm.getHeight();
        }
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        return Draw.measuring(g -> {
            Geo geo = geo(g, area, s);
            int k = (int) Math.floor((y - geo.y0()) / geo.rowH()) - 1;
            if (k < 0 || k >= geo.shown().size() || x < geo.colX()[0] || x > geo.colX()[geo.colX().length - 1]) return null;
            int i = geo.shown().get(k);
            return new Hover(describe(r.rows().get(i)), new XYFigure.Point(barsTitle, 0, i));
        });
    }

    static String describe(Stack.Row row) {
        var l = row.layer();
        StringBuilder b = new StringBuilder("layer " + l.index() + ": " + l.code() + "  in " + Stack.shapeText(row.inShape()) + " → out " + Stack.shapeText(row.outShape()));
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
