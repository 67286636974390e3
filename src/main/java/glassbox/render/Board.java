package glassbox.render;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab's figures laid out together at a given logical size. The window shows exactly this image,
 * and export renders the same board at 1x, 2x or 3x, so what is exported is what was seen.
 */
public final class Board {
    private static final int GAP = 8;

    private Board() {}

    /**
     * Where each figure goes, and the board's height: the requested height when every figure gets
     * at least its {@link Figure#minimum}, more when it cannot (the window scrolls, an export is
     * taller) — never a figure squeezed below its legible size.
     */
    public record Layout(List<Rectangle> rects, int width, int height) {}

    /** Rectangles for the figures in a width x height board, under the default style. */
    public static List<Rectangle> layout(List<Figure> figures, int width, int height) {
        return layout(figures, width, height, Style.DEFAULT);
    }

    public static List<Rectangle> layout(List<Figure> figures, int width, int height, Style style) {
        return arrange(figures, width, height, style).rects();
    }

    /**
     * The one layout of a board, for the window, presentation mode and export alike. A trailing
     * FormulaFigure becomes a full-width strip at the bottom when the style shows formulas, and gets
     * an empty rectangle otherwise.
     */
    public static Layout arrange(List<Figure> figures, int width, int height, Style style) {
        if (!figures.isEmpty() && figures.get(figures.size() - 1) instanceof FormulaFigure f) {
            List<Figure> rest = figures.subList(0, figures.size() - 1);
            if (!style.formulas()) {
                Layout l = arrange(rest, width, height, style);
                List<Rectangle> out = new ArrayList<>(l.rects());
                out.add(new Rectangle(0, l.height(), 0, 0));
                return new Layout(out, width, l.height());
            }
            int fh = Math.min(Math.max(height / 4, s4(style)), f.height(width - 2 * GAP, style));
            Layout l = arrange(rest, width, height - fh, style);
            List<Rectangle> out = new ArrayList<>(l.rects());
            out.add(new Rectangle(GAP, l.height(), width - 2 * GAP, fh - 2));
            return new Layout(out, width, l.height() + fh);
        }
        List<Dimension> min = new ArrayList<>(figures.size());
        for (Figure f : figures) min.add(minimum(f, style));
        List<Rectangle> preferred = grid(figures, width, height);
        if (fits(preferred, min)) return new Layout(preferred, width, height);
        return rows(figures, min, width, height);
    }

    /** The preferred arrangement, from the figures' weights: what a board large enough for every minimum shows. */
    private static List<Rectangle> grid(List<Figure> figures, int width, int height) {
        int n = figures.size();
        List<Rectangle> out = new ArrayList<>(n);
        if (n == 0) return out;
        if (n == 1) {
            out.add(new Rectangle(GAP, GAP, width - 2 * GAP, height - 2 * GAP));
            return out;
        }
        boolean primary = figures.get(0).weight() > 1;
        if (primary) {
            // The main figure on the left, the others stacked on the right by their weights.
            double w0 = figures.get(0).weight();
            double rest = 0;
            for (int i = 1; i < n; i++) rest += figures.get(i).weight();
            int leftW = (int) Math.round((width - 3 * GAP) * w0 / (w0 + Math.max(1, rest / Math.max(1, n - 1)) * 1.0));
            leftW = Math.min(leftW, (int) ((width - 3 * GAP) * 0.62));
            out.add(new Rectangle(GAP, GAP, leftW, height - 2 * GAP));
            int x = 2 * GAP + leftW;
            int w = width - x - GAP;
            int avail = height - GAP * n;
            int y = GAP;
            for (int i = 1; i < n; i++) {
                int h = (int) Math.round(avail * figures.get(i).weight() / rest);
                out.add(new Rectangle(x, y, w, h));
                y += h + GAP;
            }
            return out;
        }
        int cols = n <= 3 ? (width >= height ? n : 1) : (n <= 4 ? 2 : 3);
        if (n == 3 && width < 2.2 * height) cols = 2;
        int rows = (n + cols - 1) / cols;
        int cw = (width - GAP * (cols + 1)) / cols;
        int ch = (height - GAP * (rows + 1)) / rows;
        for (int i = 0; i < n; i++) {
            int r = i / cols, c = i % cols;
            // The last row's figures share its whole width.
            int inRow = Math.min(cols, n - r * cols);
            int w = (width - GAP * (inRow + 1)) / inRow;
            out.add(new Rectangle(GAP + c * (w + GAP), GAP + r * (ch + GAP), inRow == cols ? cw : w, ch));
        }
        return out;
    }

    /**
     * Each figure's minimum under the last style it was asked for: the board is laid out on every frame
     * and every pointer move, and a figure (immutable) always gives the same answer. Weak keys: a
     * figure is forgotten with its frame.
     */
    private static final java.util.Map<Figure, Object[]> MINIMUMS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static Dimension minimum(Figure f, Style style) {
        Object[] known = MINIMUMS.get(f);
        if (known != null && known[0].equals(style)) return (Dimension) known[1];
        Dimension d = f.minimum(style);
        MINIMUMS.put(f, new Object[]{style, d});
        return d;
    }

    /** A formula strip may take a quarter of the board, and at least room for one row of formulas. */
    private static int s4(Style s) {
        return s.size(17) * 3;
    }

    private static boolean fits(List<Rectangle> rects, List<Dimension> min) {
        for (int i = 0; i < rects.size(); i++) {
            if (rects.get(i).width < min.get(i).width || rects.get(i).height < min.get(i).height) return false;
        }
        return true;
    }

    /**
     * Figures in rows, in order: as many per row as their minimum widths allow, rows as tall as
     * their tallest minimum, and the height left over shared by weight (a primary figure's row
     * gets the most). Taller than the board when the minimums need it.
     */
    private static Layout rows(List<Figure> figures, List<Dimension> min, int width, int height) {
        int n = figures.size();
        List<int[]> rows = new ArrayList<>(); // [first, count]
        int maxCols = n <= 2 ? 2 : 3;
        if (width < height) maxCols = 1;
        int i = 0;
        // A lesson step's main figure (FrameRenderer.Main) has the first row to itself.
        boolean main = n > 1 && figures.get(0) instanceof FrameRenderer.Main;
        if (main) {
            rows.add(new int[]{0, 1});
            i = 1;
        }
        while (i < n) {
            int count = 1;
            while (i + count < n && count < maxCols) {
                int k = count + 1;
                int w = (width - GAP * (k + 1)) / k;
                boolean ok = true;
                for (int j = i; j < i + k; j++) if (min.get(j).width > w) ok = false;
                if (!ok) break;
                count = k;
            }
            rows.add(new int[]{i, count});
            i += count;
        }
        int nr = rows.size();
        int[] rowMin = new int[nr];
        double[] rowWeight = new double[nr];
        int total = GAP;
        for (int r = 0; r < nr; r++) {
            for (int j = rows.get(r)[0]; j < rows.get(r)[0] + rows.get(r)[1]; j++) {
                rowMin[r] = Math.max(rowMin[r], min.get(j).height);
                rowWeight[r] = Math.max(rowWeight[r], figures.get(j).weight());
            }
            total += rowMin[r] + GAP;
        }
        double wsum = 0;
        for (double w : rowWeight) wsum += w;
        if (main) {
            // ... and at least MAIN_SHARE of the board's height: most of what a projector shows at once.
            int want = (int) (FrameRenderer.MAIN_SHARE * (height - 2 * GAP));
            if (rowMin[0] < want) { total += want - rowMin[0]; rowMin[0] = want; }
        }
        int extra = Math.max(0, height - total);
        List<Rectangle> out = new ArrayList<>(n);
        int y = GAP;
        for (int r = 0; r < nr; r++) {
            int h = rowMin[r] + (int) Math.floor(extra * rowWeight[r] / wsum);
            int first = rows.get(r)[0], count = rows.get(r)[1];
            int w = (width - GAP * (count + 1)) / count;
            for (int j = 0; j < count; j++) out.add(new Rectangle(GAP + j * (w + GAP), y, w, h));
            y += h + GAP;
        }
        // A grown board's height in steps of 32 px: frames whose content differs by a line keep one image size (reused, no jump).
        return new Layout(out, width, y <= height ? height : (y + 31) / 32 * 32);
    }

    /**
     * Draws the board into g, whose transform maps logical pixels (scale already applied). One thread
     * draws the figures in turn: drawn in parallel (each through its own Graphics2D) they once left a
     * title's glyphs out of a board at a fractional scale, and a board must always be the same pixels.
     */
    public static void draw(Graphics2D g, List<Figure> figures, int width, int height, Style style, Object highlight) {
        draw(g, figures, width, height, style, highlight, null);
    }

    /**
     * As {@link #draw(Graphics2D, List, int, int, Style, Object)}, recording every text box, colour
     * bar and plot area into rec (when not null): what a legibility test audits.
     */
    public static void draw(Graphics2D g, List<Figure> figures, int width, int height, Style style, Object highlight, Text.Recorder rec) {
        prepare(g, style);
        Layout l = arrange(figures, width, height, style);
        g.fillRect(0, 0, width, l.height());
        if (rec != null) {
            g.setRenderingHint(Text.RECORDER, rec);
            rec.base(g.getTransform());
        }
        List<Rectangle> rects = l.rects();
        for (int i = 0; i < figures.size(); i++) {
            if (rec != null) rec.figure(figures.get(i).title(), rects.get(i));
            drawFigure(g, figures.get(i), rects.get(i), style, highlight);
        }
    }

    /** Rendering hints and the background colour: the state every figure starts from. */
    private static void prepare(Graphics2D g, Style style) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(style.background());
    }

    /** One figure, clipped to its rectangle, through its own copy of g: no figure sees state (colour, stroke, font) left by another. */
    private static void drawFigure(Graphics2D g, Figure f, Rectangle r, Style style, Object highlight) {
        if (r.width <= 0 || r.height <= 0) return;
        Graphics2D gf = (Graphics2D) g.create();
        try {
            gf.clipRect(r.x, r.y, r.width, r.height);
            f.draw(gf, r, style.forFigure(f.title()), highlight);
        } finally {
            gf.dispose();
        }
    }

    /** Renders the board to an ARGB image of (width*scale) x (height*scale) pixels. */
    public static BufferedImage render(List<Figure> figures, int width, int height, double scale, Style style, Object highlight) {
        return render(null, figures, width, height, scale, style, highlight);
    }

    /**
     * As {@link #render(List, int, int, double, Style, Object)}, drawing into reuse when it is an ARGB
     * image of the right size (cleared first, so the pixels are those of a new image); otherwise
     * into a new one.
     */
    public static BufferedImage render(BufferedImage reuse, List<Figure> figures, int width, int height, double scale, Style style, Object highlight) {
        return render(reuse, figures, width, height, scale, style, highlight, null);
    }

    /** As above, recording what was drawn into rec (when not null). The image is as tall as the layout needs. */
    public static BufferedImage render(BufferedImage reuse, List<Figure> figures, int width, int height, double scale, Style style, Object highlight,
                                       Text.Recorder rec) {
        int asked = height;
        height = arrange(figures, width, height, style).height();
        int pw = Math.max(1, (int) Math.round(width * scale));
        int ph = Math.max(1, (int) Math.round(height * scale));
        boolean fits = reuse != null && reuse.getWidth() == pw && reuse.getHeight() == ph && reuse.getType() == BufferedImage.TYPE_INT_ARGB;
        BufferedImage img = fits ? reuse : new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB);
        // A reused image is cleared first unless the opaque background about to be filled covers
        // every pixel exactly (whole pixels at this scale): then clearing would only cost a pass.
        boolean covered = style.background().getAlpha() == 255 && width * scale == pw && height * scale == ph;
        if (fits && !covered) java.util.Arrays.fill(pixels(img), 0);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            draw(g, figures, width, asked, style, highlight, rec);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The pixels of a rendered image (TYPE_INT_ARGB or TYPE_INT_RGB), without copying. */
    public static int[] pixels(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    /** Index of the figure under the logical point (x, y), or -1. */
    public static int figureAt(List<Figure> figures, int width, int height, Style style, double x, double y) {
        List<Rectangle> rects = layout(figures, width, height, style);
        for (int i = 0; i < figures.size(); i++) if (rects.get(i).contains(x, y)) return i;
        return -1;
    }

    /** What the logical point (x, y) of the board points at, or null. */
    public static Hover hover(List<Figure> figures, int width, int height, Style style, double x, double y) {
        List<Rectangle> rects = layout(figures, width, height, style);
        for (int i = 0; i < figures.size(); i++) {
            if (rects.get(i).contains(x, y)) return figures.get(i).hover(rects.get(i), style.forFigure(figures.get(i).title()), x, y);
        }
        return null;
    }
}
