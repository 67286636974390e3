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
     * null, is the title of the one figure to draw on the whole board (the window's enlarged figure).
     */
    public record Request(Lab<?> lab, Values values, Backend backend, int width, int height, Style style, Object highlight, String enlarged) {
        public Request(Lab<?> lab, Values values, Backend backend, int width, int height, Style style, Object highlight) {
            this(lab, values, backend, width, height, style, highlight, null);
        }
    }

    /** A computed and drawn frame. */
    public record Frame(Request request, Computed computed, BufferedImage image, double renderMs, boolean recomputed) {
        /** The figures drawn: all of them, or the enlarged one alone. */
        public java.util.List<Figure> figures() {
            return shown(computed.figures(), request.enlarged());
        }
    }

    /** The figure titled {@code enlarged} alone, or every figure when it is null or no longer there. */
    public static java.util.List<Figure> shown(java.util.List<Figure> all, String enlarged) {
        if (enlarged == null) return all;
        for (Figure f : all) if (f.title().equals(enlarged)) return java.util.List.of(f);
        return all;
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
        BufferedImage img = Board.render(free.poll(), shown(c.figures(), q.enlarged()), q.width(), q.height(), 1.0, q.style(), q.highlight());
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
