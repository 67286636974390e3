package glassbox.render;

import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXIcon;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab's key formulas typeset with jlatexmath, the current numbers substituted. Drawn as a strip
 * under the figures (Board), so it exports with them when shown.
 */
public final class FormulaFigure implements Figure {
    private final List<String> latex;

    public FormulaFigure(List<String> latex) {
        this.latex = List.copyOf(latex);
    }

    public List<String> latex() { return latex; }

    @Override public String title() { return "Formulas"; }

    /** A number for a formula: Fmt.sig(x, 4), with 1.234e-05 as 1.234 \\cdot 10^{-5} and ∞ as \\infty (never NaN). */
    public static String tex(double x) {
        if (Double.isNaN(x)) return "\\text{n/a}";
        if (Double.isInfinite(x)) return x > 0 ? "\\infty" : "-\\infty";
        String s = glassbox.core.Fmt.sig(x, 4);
        int e = s.indexOf('e');
        if (e < 0) return s;
        return s.substring(0, e) + " \\cdot 10^{" + Integer.parseInt(s.substring(e + 1)) + "}";
    }

    /** A vector for a formula: (x_1, x_2, …) with each entry as {@link #tex}. */
    public static String vec(double[] x) {
        StringBuilder b = new StringBuilder("(");
        for (int k = 0; k < x.length; k++) b.append(k > 0 ? ", " : "").append(tex(x[k]));
        return b.append(")").toString();
    }

    /** The same number in parentheses when negative or in scientific notation, so it can stand as a factor. */
    public static String par(double x) {
        String t = tex(x);
        return !t.isEmpty() && t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')) ? t : "(" + t + ")";
    }

    private static float size(Style s) { return (float) (17 * s.fontScale()); }

    /**
     * Typesetting is the slow part (milliseconds per formula) and most formulas do not change when a
     * slider moves (a new seed, say): keep recent icons by text, size and colour.
     */
    private static final java.util.Map<String, TeXIcon> CACHE = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override protected boolean removeEldestEntry(java.util.Map.Entry<String, TeXIcon> e) { return size() > 256; }
            });

    private List<TeXIcon> icons(Style s) {
        List<TeXIcon> out = new ArrayList<>();
        for (String f : latex) {
            String key = s.fontScale() + "|" + s.foreground().getRGB() + "|" + f;
            TeXIcon icon = CACHE.get(key);
            if (icon == null) {
                icon = typeset(f, s);
                CACHE.put(key, icon);
            }
            out.add(icon);
        }
        return out;
    }

    private static TeXIcon typeset(String f, Style s) {
        return Latex.icon(f, TeXConstants.STYLE_DISPLAY, size(s), s.foreground());
    }

    /** Height of the strip for a given width: formulas flow left to right in rows. */
    public int height(int width, Style s) {
        int total = 0;
        for (List<TeXIcon> row : rows(icons(s), width)) total += rowHeight(row) + 6;
        return total == 0 ? 12 : total + 6;
    }

    /** The formulas in rows of at most width (each with 28 px after it); a formula wider than width has a row to itself. */
    private static List<List<TeXIcon>> rows(List<TeXIcon> icons, int width) {
        List<List<TeXIcon>> rows = new ArrayList<>();
        List<TeXIcon> row = new ArrayList<>();
        int x = 0;
        for (TeXIcon i : icons) {
            int w = i.getIconWidth() + 28;
            if (x > 0 && x + w > width) { rows.add(row); row = new ArrayList<>(); x = 0; }
            row.add(i);
            x += w;
        }
        if (!row.isEmpty()) rows.add(row);
        return rows;
    }

    private static int rowHeight(List<TeXIcon> row) {
        int h = 0;
        for (TeXIcon i : row) h = Math.max(h, i.getIconHeight());
        return h;
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Style base = s; // the note below is set at the board's text size, not the shrunk formulas'
        // When the board caps the strip (a quarter of its height), shrink the formulas to fit rather than clip them.
        for (int k = 0, h = height(area.width - 8, s); k < 4 && h > area.height && s.fontScale() > 0.6; k++, h = height(area.width - 8, s)) {
            s = s.withFontScale(Math.max(0.6, s.fontScale() * Math.max(0.7, Math.sqrt((double) area.height / h))));
        }
        g.setColor(s.grid());
        g.drawLine(area.x, area.y, area.x + area.width, area.y);
        // Rows of formulas, as height() flows them; a row that does not fit whole is left out, never cut.
        List<TeXIcon> all = icons(s);
        List<List<TeXIcon>> rows = rows(all, area.width - 8);
        int bottom = area.y + area.height;
        int[] rowH = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) rowH[r] = rowHeight(rows.get(r));
        int fit = 0;
        while (fit < rows.size() && top(area, rowH, fit) + rowH[fit] <= bottom) fit++;
        java.awt.FontMetrics fm = g.getFontMetrics(base.small());
        if (fit < rows.size()) {
            // Some are left out: keep room for the line that says so.
            while (fit > 0 && top(area, rowH, fit) + fm.getHeight() > bottom) fit--;
        }
        int y = area.y + 6, shown = 0;
        for (int r = 0; r < fit; r++) {
            int xi = area.x + 8;
            for (TeXIcon i : rows.get(r)) {
                i.paintIcon(null, g, xi, y);
                xi += i.getIconWidth() + 28;
            }
            y += rowH[r] + 6;
            shown += rows.get(r).size();
        }
        if (shown < all.size() && y + fm.getHeight() <= bottom) {
            // After the icons: painting one sets the graphics' font to its own.
            g.setFont(base.small());
            g.setColor(base.muted());
            int more = all.size() - shown;
            Draw.text(g, "… " + more + " more formula" + (more == 1 ? "" : "s") + ": F1 shows all of this lab's formulas",
                    area.x + 8, y + fm.getAscent());
        }
    }

    /** Where the row after the first n rows would start. */
    private static int top(Rectangle area, int[] rowH, int n) {
        int y = area.y + 6;
        for (int r = 0; r < n; r++) y += rowH[r] + 6;
        return y;
    }

    static Color ink(Style s) { return s.foreground(); }
}
