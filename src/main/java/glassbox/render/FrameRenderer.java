package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Values;

import java.awt.image.BufferedImage;

/**
 * The live path from parameters to pixels: compute (skipped when only the view changed) then draw
 * the board. The window's compute thread and {@code bench} both run exactly this.
 * Not thread-safe: one instance per compute thread.
 */
public final class FrameRenderer {

    /**
     * What the window asks for: a lab with values, the backend, and how to draw it. {@code enlarged}, when not
     * null, is the title of the one figure to draw on the whole board (the window's enlarged figure); {@code main},
     * when not null, the start of the title of the figure given most of the board (a lesson step's, in presentation mode).
     */
    public record Request(Lab<?> lab, Values values, Backend backend, int width, int height, Style style, Object highlight, String enlarged,
                          String main) {
        public Request(Lab<?> lab, Values values, Backend backend, int width, int height, Style style, Object highlight) {
            this(lab, values, backend, width, height, style, highlight, null, null);
        }
    }

    /** A computed and drawn frame. */
    public record Frame(Request request, Computed computed, BufferedImage image, double renderMs, boolean recomputed) {
        /** The figures drawn: all of them, or the enlarged one alone. */
        public java.util.List<Figure> figures() {
            return shown(computed.figures(), request.enlarged(), request.main());
        }
    }

    /**
     * The figure titled {@code enlarged} alone; else, with {@code main}, the first figure whose title starts with it
     * moved first with {@link #MAIN_WEIGHT} (the board's primary arrangement gives it most of the room); else every figure.
     */
    public static java.util.List<Figure> shown(java.util.List<Figure> all, String enlarged, String main) {
        if (enlarged != null) for (Figure f : all) if (f.title().equals(enlarged)) return java.util.List.of(f);
        if (main == null) return all;
        Figure m = mainFigure(all, main);
        if (m == null) return all;
        java.util.List<Figure> out = new java.util.ArrayList<>(all.size());
        out.add(new Main(m));
        for (Figure f : all) if (f != m) out.add(f);
        return out;
    }

    /** The first figure whose title starts with {@code main} (a lesson's name for it), or null. */
    public static Figure mainFigure(java.util.List<Figure> all, String main) {
        for (Figure f : all) if (f.title().startsWith(main)) return f;
        return null;
    }

    /** How much more room a step's main figure gets than the others' (see Board's primary arrangement). */
    static final double MAIN_WEIGHT = 3;

    /** The share of the board's height a main figure's row gets at least when the figures do not fit side by side. */
    static final double MAIN_SHARE = 0.6;

    /** A figure drawn as it is, weighted as a board's main figure (Board gives it the first row, or the left side). */
    record Main(Figure f) implements Figure {
        @Override public String title() { return f.title(); }
        @Override public void draw(java.awt.Graphics2D g, java.awt.Rectangle area, Style style, Object highlight) { f.draw(g, area, style, highlight); }
        @Override public Hover hover(java.awt.Rectangle area, Style style, double x, double y) { return f.hover(area, style, x, y); }
        @Override public java.util.Map<String, String> drag(java.awt.Rectangle area, Style style, double x, double y) { return f.drag(area, style, x, y); }
        @Override public java.awt.Dimension minimum(Style s) { return f.minimum(s); }
        @Override public double weight() { return Math.max(MAIN_WEIGHT, f.weight()); }
    }

    private Computed last;

    /**
     * Board images handed back by whoever showed them: a full-window ARGB image is several MB, and
     * a new one per frame made the collector run concurrent cycles that took a core from the compute.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<BufferedImage> free = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public Frame frame(Request q) {
        boolean recompute = last == null || last.lab() != q.lab() || !last.values().equals(q.values())
                || last.backend() != q.backend() || pending(last);
        Computed c = recompute ? Computed.compute(q.lab(), q.values(), q.backend()) : last;
        last = c;
        long t0 = System.nanoTime();
        BufferedImage img = Board.render(free.poll(), shown(c.figures(), q.enlarged(), q.main()), q.width(), q.height(), 1.0, q.style(), q.highlight());
        return new Frame(q, c, img, (System.nanoTime() - t0) / 1e6, recompute);
    }

    /** Part of the result was still running in the background (Lab.pending): the same values ask for its progress. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean pending(Computed c) {
        Lab raw = c.lab();
        return raw.pending(c.result());
    }

    /**
     * Gives back a frame's image once nothing reads it any more (the window: when the next frame
     * replaces it on screen), so a later frame draws into it. Any thread.
     */
    public void recycle(Frame f) {
        if (f != null && free.size() < 2) free.add(f.image());
    }

    /** Forgets the cached result (after a backend change, say). */
    public void reset() {
        last = null;
    }
}
