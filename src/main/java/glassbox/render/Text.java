package glassbox.render;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one text path of every figure (docs/ARCHITECTURE.md, "Figures"): every string a figure draws
 * goes through here. It sets simple inline mathematics (h_{t−1}, h_t, x^2, 2^−16: sub- and
 * superscripts), writes numbers in one notation (1.5e-04 becomes 1.5·10⁻⁴), wraps long text onto
 * lines instead of cutting it, and records every box it drew in the graphics' {@link Recorder}
 * (when the board was drawn with one), so that a test can audit what was really drawn.
 */
public final class Text {
    private Text() {}

    /** Sub- and superscripts: this fraction of the font size, shifted by these fractions of it. */
    private static final float SCRIPT = 0.72f, SUB_SHIFT = 0.22f, SUP_SHIFT = 0.38f;

    /** The key under which a board's recorder travels with its Graphics2D (copied by create()). */
    public static final RenderingHints.Key RECORDER = new RenderingHints.Key(0x6c617373) {
        @Override public boolean isCompatibleValue(Object v) { return v == null || v instanceof Recorder; }
    };

    /** One run of a string: its text and its level (−1 subscript, 0 normal, +1 superscript). */
    public record Run(String text, int level) {}

    /** Parsed strings by their source: axis labels and titles repeat frame after frame. */
    private static final Map<String, List<Run>> PARSED = Collections.synchronizedMap(new LinkedHashMap<>(512, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, List<Run>> e) { return size() > 4096; }
    });

    /** One text box as drawn, in board (logical) coordinates. */
    public record Box(String figure, String text, Rectangle2D bounds, double size, boolean cut, boolean rotated) {}

    /** A colour bar as drawn: the figure, its rectangle and the number of labelled ticks. */
    public record Bar(String figure, Rectangle2D bounds, int ticks) {}

    /** A plot area (the data part of a figure) as drawn. */
    public record Plot(String figure, Rectangle2D bounds) {}

    /**
     * What one render drew: every text box, colour bar and plot area, by figure. One per render,
     * handed to {@link Board#draw(Graphics2D, List, int, int, Style, Object, Recorder)}; not thread-safe.
     */
    public static final class Recorder {
        private final List<Box> boxes = new ArrayList<>();
        private final List<Bar> bars = new ArrayList<>();
        private final List<Plot> plots = new ArrayList<>();
        private final Map<String, Rectangle2D> figures = new LinkedHashMap<>();
        private AffineTransform base = new AffineTransform();
        private String figure = "";

        public List<Box> boxes() { return Collections.unmodifiableList(boxes); }
        public List<Bar> bars() { return Collections.unmodifiableList(bars); }
        public List<Plot> plots() { return Collections.unmodifiableList(plots); }
        /** Each figure's rectangle on the board, by title. */
        public Map<String, Rectangle2D> figures() { return Collections.unmodifiableMap(figures); }

        void base(AffineTransform t) { base = new AffineTransform(t); }

        void figure(String title, Rectangle2D r) {
            figure = title;
            figures.put(title, r);
        }

        /** A shape in g's user space, in board coordinates. */
        Rectangle2D toBoard(Graphics2D g, Shape s) {
            try {
                AffineTransform t = base.createInverse();
                t.concatenate(g.getTransform());
                return t.createTransformedShape(s).getBounds2D();
            } catch (NoninvertibleTransformException e) {
                return s.getBounds2D();
            }
        }

        double scale(Graphics2D g) {
            AffineTransform t = g.getTransform();
            double gs = Math.hypot(t.getScaleX(), t.getShearY()), bs = Math.hypot(base.getScaleX(), base.getShearY());
            return bs == 0 ? 1 : gs / bs;
        }
    }

    /** The recorder g carries, or null (measuring, or a board drawn without one). */
    public static Recorder recorder(Graphics2D g) {
        return g.getRenderingHint(RECORDER) instanceof Recorder r ? r : null;
    }

    /** Records a colour bar with its number of labelled ticks. */
    public static void bar(Graphics2D g, Rectangle2D r, int ticks) {
        Recorder rec = recorder(g);
        if (rec != null) rec.bars.add(new Bar(rec.figure, rec.toBoard(g, r), ticks));
    }

    /** Records a plot area. */
    public static void plot(Graphics2D g, Rectangle2D r) {
        Recorder rec = recorder(g);
        if (rec != null) rec.plots.add(new Plot(rec.figure, rec.toBoard(g, r)));
    }

    // ----- parsing -----

    /** s as runs of normal, subscript and superscript text (the window's labels set them the same way). */
    public static List<Run> runs(String s) {
        if (plain(s)) return List.of(new Run(s, 0));
        List<Run> r = PARSED.get(s);
        if (r == null) {
            r = parse(numbers(s));
            PARSED.put(s, r);
        }
        return r;
    }

    /** No markup and no e-notation: the fast path (most tick labels). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' || c == '^') return false;
            if ((c == 'e' || c == 'E') && i > 0 && Character.isDigit(s.charAt(i - 1)) && i + 1 < s.length()) return false;
        }
        return true;
    }

    /** 9.617e-04 → 9.617·10^{−4}, 1e3 → 10^{3}: one notation for numbers, never "e − 04". */
    static String numbers(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            boolean start = Character.isDigit(c) && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '.' && s.charAt(i - 1) != '_');
            if (start) {
                int j = i;
                while (j < n && Character.isDigit(s.charAt(j))) j++;
                if (j < n && s.charAt(j) == '.') {
                    j++;
                    while (j < n && Character.isDigit(s.charAt(j))) j++;
                }
                if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                    int k = j + 1;
                    boolean neg = false;
                    if (k < n && (s.charAt(k) == '-' || s.charAt(k) == '+' || s.charAt(k) == '−')) { neg = s.charAt(k) != '+'; k++; }
                    int d0 = k;
                    while (k < n && Character.isDigit(s.charAt(k))) k++;
                    if (k > d0 && (k == n || !Character.isLetter(s.charAt(k)))) {
                        String mant = s.substring(i, j);
                        String exp = s.substring(d0, k).replaceFirst("^0+(?=\\d)", "");
                        if (!mant.equals("1")) b.append(mant).append('·');
                        b.append("10^{").append(neg ? "−" : "").append(exp).append('}');
                        i = k;
                        continue;
                    }
                }
                b.append(s, i, j);
                i = j;
                continue;
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    /**
     * Sub- and superscripts: _{…} and ^{…} always; _x and ^x for one letter or digit not followed by
     * another letter (so snake_case words stay words); ^ and _ with a signed run of digits (2^−16).
     */
    static List<Run> parse(String s) {
        List<Run> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if ((c == '_' || c == '^') && i > 0 && i + 1 < n && !Character.isWhitespace(s.charAt(i - 1))) {
                int level = c == '_' ? -1 : 1;
                int end = -1;
                String script = null;
                char d = s.charAt(i + 1);
                if (d == '{') {
                    int depth = 0;
                    for (int k = i + 1; k < n; k++) {
                        if (s.charAt(k) == '{') depth++;
                        else if (s.charAt(k) == '}' && --depth == 0) { end = k + 1; script = s.substring(i + 2, k); break; }
                    }
                } else {
                    int k = i + 1;
                    if (d == '-' || d == '−' || d == '+') k++;
                    int d0 = k;
                    while (k < n && Character.isDigit(s.charAt(k))) k++;
                    if (k > d0) { end = k; script = s.substring(i + 1, k).replace('-', '−'); }
                    else if (d0 == i + 1 && Character.isLetter(d) && (i + 2 >= n || !Character.isLetter(s.charAt(i + 2)))) {
                        end = i + 2;
                        script = String.valueOf(d);
                    } else if (d0 == i + 1 && c == '_' && Character.isLetter(d) && singleLetter(s, i - 1)) {
                        // A one-letter symbol's word subscript: P_ij, d_in, p_keep (but loss_positions stays a word).
                        int e = i + 1;
                        while (e < n && Character.isLetterOrDigit(s.charAt(e))) e++;
                        if (e - (i + 1) <= 5) { end = e; script = s.substring(i + 1, e); }
                    }
                }
                if (script != null) {
                    if (cur.length() > 0) { out.add(new Run(cur.toString(), 0)); cur.setLength(0); }
                    out.add(new Run(script, level));
                    i = end;
                    continue;
                }
            }
            cur.append(c);
            i++;
        }
        if (cur.length() > 0 || out.isEmpty()) out.add(new Run(cur.toString(), 0));
        return List.copyOf(out);
    }

    /** Whether s[k] is a letter standing alone (no letter or digit before it). */
    private static boolean singleLetter(String s, int k) {
        return k >= 0 && Character.isLetter(s.charAt(k)) && (k == 0 || !Character.isLetterOrDigit(s.charAt(k - 1)));
    }

    /** The string as it reads (markup resolved): what a box records and what a reader would copy. */
    public static String display(String s) {
        List<Run> r = runs(s);
        if (r.size() == 1 && r.get(0).level() == 0) return r.get(0).text();
        StringBuilder b = new StringBuilder();
        for (Run run : r) b.append(run.level() < 0 ? "_" : run.level() > 0 ? "^" : "").append(run.text());
        return b.toString();
    }

    // ----- measuring -----

    private static Font script(Font f) {
        return f.deriveFont(f.getSize2D() * SCRIPT);
    }

    /** The drawn width of s in fm's font, sub- and superscripts included. */
    public static int width(FontMetrics fm, String s) {
        List<Run> r = runs(s);
        if (r.size() == 1 && r.get(0).level() == 0) return fm.stringWidth(r.get(0).text());
        FontRenderContext frc = fm.getFontRenderContext();
        Font small = script(fm.getFont());
        double w = 0;
        for (Run run : r) w += run.level() == 0 ? fm.stringWidth(run.text()) : small.getStringBounds(run.text(), frc).getWidth();
        return (int) Math.ceil(w);
    }

    public static int width(Graphics2D g, String s) {
        return width(g.getFontMetrics(), s);
    }

    /** Wrapped text by text, font and width: titles, subtitles and cells are wrapped again on every frame and pointer move. */
    private static final Map<String, List<String>> WRAPPED = Collections.synchronizedMap(new LinkedHashMap<>(512, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, List<String>> e) { return size() > 4096; }
    });

    /** The text broken at spaces into lines of at most width (a word longer than a line gets a line of its own, broken at characters). */
    public static List<String> wrap(String text, FontMetrics fm, int width) {
        Font f = fm.getFont();
        java.awt.font.FontRenderContext frc = fm.getFontRenderContext();
        String key = f.getFontName() + '|' + f.getSize2D() + '|' + frc.isAntiAliased() + '|' + frc.usesFractionalMetrics() + '|' + frc.getTransform().getScaleX()
                + '|' + width + '|' + text;
        List<String> known = WRAPPED.get(key);
        if (known != null) return known;
        List<String> lines = List.copyOf(breakLines(text, fm, width));
        WRAPPED.put(key, lines);
        return lines;
    }

    private static List<String> breakLines(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                if (line.length() > 0 && width(fm, line + " " + word) > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() == 0) {
                    while (width(fm, word) > width && word.length() > 1) {
                        int k = word.length() - 1;
                        while (k > 1 && width(fm, word.substring(0, k)) > width) k--;
                        // never split inside {…} markup
                        int open = word.lastIndexOf('{', k - 1), close = word.lastIndexOf('}', k - 1);
                        if (open > close && open > 0) k = open - 1 > 0 ? open - 1 : k;
                        lines.add(word.substring(0, k));
                        word = word.substring(k);
                    }
                } else {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    // ----- drawing -----

    /** Draws s with its baseline at (x, baseline) and returns its width. */
    public static double draw(Graphics2D g, String s, double x, double baseline) {
        if (s == null || s.isEmpty()) return 0;
        FontMetrics fm = g.getFontMetrics();
        List<Run> r = runs(s);
        double w;
        if (r.size() == 1 && r.get(0).level() == 0) {
            g.drawString(r.get(0).text(), (float) x, (float) baseline);
            w = fm.stringWidth(r.get(0).text());
        } else {
            Font f = g.getFont(), small = script(f);
            double cx = x;
            for (Run run : r) {
                if (run.level() == 0) {
                    g.setFont(f);
                    g.drawString(run.text(), (float) cx, (float) baseline);
                    cx += fm.stringWidth(run.text());
                } else {
                    g.setFont(small);
                    float dy = (run.level() < 0 ? SUB_SHIFT : -SUP_SHIFT) * f.getSize2D();
                    g.drawString(run.text(), (float) cx, (float) (baseline + dy));
                    cx += small.getStringBounds(run.text(), g.getFontRenderContext()).getWidth();
                }
            }
            g.setFont(f);
            w = cx - x;
        }
        record(g, s, new Rectangle2D.Double(x, baseline - fm.getAscent(), w, fm.getAscent() + fm.getDescent()), false);
        return w;
    }

    public static void centered(Graphics2D g, String s, double cx, double baseline) {
        draw(g, s, cx - width(g, s) / 2.0, baseline);
    }

    public static void right(Graphics2D g, String s, double rx, double baseline) {
        draw(g, s, rx - width(g, s), baseline);
    }

    /** Text rotated 90° counter-clockwise, centred on (cx, cy): a y-axis label. */
    public static void vertical(Graphics2D g, String s, double cx, double cy) {
        AffineTransform t = g.getTransform();
        g.translate(cx, cy);
        g.rotate(-Math.PI / 2);
        FontMetrics fm = g.getFontMetrics();
        draw(g, s, -width(fm, s) / 2.0, fm.getAscent() / 2.0 - 1);
        g.setTransform(t);
    }

    /**
     * Draws text wrapped into lines of at most width, from the top y, each line aligned left at x
     * (or centred on x + width / 2); returns the height used.
     */
    public static int wrapped(Graphics2D g, String text, double x, double y, int width, boolean centre) {
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = wrap(text, fm, Math.max(1, width));
        double base = y + fm.getAscent();
        for (String line : lines) {
            if (centre) centered(g, line, x + width / 2.0, base); else draw(g, line, x, base);
            base += fm.getHeight();
        }
        return lines.size() * fm.getHeight();
    }

    /** The height wrapped text takes at a width. */
    public static int wrappedHeight(FontMetrics fm, String text, int width) {
        return wrap(text, fm, Math.max(1, width)).size() * fm.getHeight();
    }

    private static void record(Graphics2D g, String s, Rectangle2D box, boolean rotated) {
        Recorder rec = recorder(g);
        if (rec == null) return;
        Rectangle2D b = rec.toBoard(g, box);
        Shape clip = g.getClip();
        boolean cut = clip != null && !containsApprox(rec.toBoard(g, clip), b);
        Rectangle2D fig = rec.figures.get(rec.figure);
        if (fig != null && !containsApprox(fig, b)) cut = true;
        boolean rot = Math.abs(g.getTransform().getShearY()) > Math.abs(g.getTransform().getScaleY());
        rec.boxes.add(new Box(rec.figure, display(s), b, g.getFont().getSize2D() * rec.scale(g), cut, rot || rotated));
    }

    private static boolean containsApprox(Rectangle2D outer, Rectangle2D inner) {
        double e = 0.75;
        return inner.getMinX() >= outer.getMinX() - e && inner.getMinY() >= outer.getMinY() - e
                && inner.getMaxX() <= outer.getMaxX() + e && inner.getMaxY() <= outer.getMaxY() + e;
    }
}
