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

    /** What the window asks for: a lab with values, the backend, and how to draw it. */
    public record Request(Lab<?> lab, Values values, Backend backend, int width, int height, Style style, Object highlight) {}

    /** A computed and drawn frame. */
    public record Frame(Request request, Computed computed, BufferedImage image, double renderMs, boolean recomputed) {}

    private Computed last;

    public Frame frame(Request q) {
        boolean recompute = last == null || last.lab() != q.lab() || !last.values().equals(q.values())
                || last.backend() != q.backend();
        Computed c = recompute ? Computed.compute(q.lab(), q.values(), q.backend()) : last;
        last = c;
        long t0 = System.nanoTime();
        BufferedImage img = Board.render(c.figures(), q.width(), q.height(), 1.0, q.style(), q.highlight());
        return new Frame(q, c, img, (System.nanoTime() - t0) / 1e6, recompute);
    }

    /** Forgets the cached result (after a backend change, say). */
    public void reset() {
        last = null;
    }
}
