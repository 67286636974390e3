package glassbox.render.rnn;

import glassbox.core.Fmt;
import glassbox.core.rnn.FloatPacking;
import glassbox.core.rnn.Rnn;
import glassbox.render.Draw;
import glassbox.render.Figure;
import glassbox.render.HeatmapFigure;
import glassbox.render.Hover;
import glassbox.render.Style;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * One float32 of memory: the 32 bits of the code for the chosen pair, coloured by which input
 * they carry, the decoded pair and its error; below, the grid of pairs with the share that collide
 * (drawn by the shared HeatmapFigure).
 */
final class PackingFigure implements Figure {

    private final Rnn.Result r;
    private final HeatmapFigure map;
    private final double weight;

    PackingFigure(Rnn.Result r, double weight) {
        this.r = r;
        this.weight = weight;
        this.map = collisionMap(r);
    }

    @Override public String title() { return "One float32 of memory: packing (u₁, u₂)"; }

    @Override public double weight() { return weight; }

    static String schemeText(Rnn.Spec s) {
        return switch (s.scheme()) {
            case SUM -> "s = u₁ + 2^−" + s.k() + "·u₂ in float32";
            case BITS -> "first " + s.k() + " bits of u₁, then " + (32 - s.k()) + " bits of u₂";
            case INTERLEAVE -> "16 bits of u₁ and 16 of u₂, alternating";
        };
    }

    static HeatmapFigure collisionMap(Rnn.Result r) {
        FloatPacking.Collisions c = r.collisions();
        int n = c.values().length;
        double[][] share = c.blockShare();
        int[][] count = c.blockCount();
        int B = share.length;
        String sub = Fmt.count(c.pairs()) + " pairs · " + Fmt.count(c.distinct()) + " codes · " + Fmt.count(c.colliding()) + " collide · max error "
                + Fmt.sig(c.maxError(), 3);
        String title = "Colliding pairs, " + n + " × " + n + (r.spec().randomGrid() ? " random" : " grid u = i/" + n) + (B < n ? " (share per block)" : "");
        return HeatmapFigure.builder(title, share)
                .subtitle(sub)
                .range(0, 1)
                .xLabel("u₂ (0 → 1)")
                .yLabel("u₁ (0 → 1)")
                .showValues(false)
                .hoverText((bi, bj) -> {
                    double lo1 = c.values()[(int) Math.ceil((double) bi * n / B)], lo2 = c.values()[(int) Math.ceil((double) bj * n / B)];
                    return "u₁ from " + Fmt.sig(lo1, 4) + ", u₂ from " + Fmt.sig(lo2, 4) + ": " + Math.round(share[bi][bj] * 100) + "% of the "
                            + count[bi][bj] + " pairs in this block share their code with another pair";
                })
                .build();
    }

    private record Geo(Rectangle bits, double cell, Rectangle text, Rectangle map) {}

    /** The three lines of numbers under the bits. */
    private String[] lines() {
        Rnn.Pair p = r.pair();
        return new String[]{
                "u₁ = " + Fmt.num(p.u1()) + ",  u₂ = " + Fmt.num(p.u2()) + " (as float32)  →  code 0x" + String.format(Locale.ROOT, "%08X", p.code())
                        + (r.spec().scheme() == FloatPacking.Scheme.SUM ? " = " + Fmt.sig(Float.intBitsToFloat(p.code()), 9) : ""),
                "decoded û₁ = " + Fmt.sig(p.decoded()[0], 8) + ",  û₂ = " + Fmt.sig(p.decoded()[1], 8),
                "error |û₁ − u₁| = " + Fmt.sig(p.err1(), 3) + ",  |û₂ − u₂| = " + Fmt.sig(p.err2(), 3)};
    }

    /** The bits, the numbers and a colliding-pairs map with room for its title, axes and a plot. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        return new java.awt.Dimension(s.size(360), s.size(15) * 3 + s.size(13) * 14 + s.size(110));
    }

    private Geo geo(Graphics2D g, Rectangle area, Style s) {
        Rectangle body = Draw.title(g, area, title(), schemeText(r.spec()) + "  ·  32 bits hold 2³² states; two float32 need 2⁶⁴", s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        double cell = Math.min(22, (body.width - 12) / 32.0);
        int bitsH = (int) (cell + fm.getHeight() * 2 + 6);
        Rectangle bits = new Rectangle(body.x + 6, body.y + 2, body.width - 12, bitsH);
        int wrapped = 0;
        for (String line : lines()) wrapped += Draw.wrap(line, fm, body.width - 12).size();
        int textH = wrapped * (fm.getHeight() + 1) + 4;
        Rectangle text = new Rectangle(body.x + 6, bits.y + bitsH, body.width - 12, textH);
        int top = text.y + textH + 4;
        Rectangle map = new Rectangle(body.x, top, body.width, Math.max(20, body.y + body.height - top));
        return new Geo(bits, cell, text, map);
    }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Geo geo = geo(g, area, s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        Rnn.Pair p = r.pair();
        double cell = geo.cell();
        double x0 = geo.bits().x, y0 = geo.bits().y + fm.getHeight();
        g.setColor(s.muted());
        Draw.text(g, "bit 31", (float) x0, (float) (y0 - 3));
        Draw.right(g, "bit 0", x0 + 32 * cell, y0 - 3);
        Color c1 = s.series(0), c2 = s.series(1), c0 = s.masked();
        for (int i = 0; i < 32; i++) {
            int bit = (p.code() >>> (31 - i)) & 1;
            int owner = p.owners()[i];
            Color c = owner == 1 ? c1 : owner == 2 ? c2 : c0;
            Rectangle2D box = new Rectangle2D.Double(x0 + i * cell, y0, cell - 1, cell);
            g.setColor(bit == 1 ? c : Draw.withAlpha(c, 70));
            g.fill(box);
            g.setColor(bit == 1 ? Draw.contrast(c.getRGB()) : s.foreground());
            if (cell >= 9) Draw.centered(g, Integer.toString(bit), box.getCenterX(), box.getCenterY() + fm.getAscent() / 2.0 - 1);
        }
        // Legend under the bits.
        double ly = y0 + cell + fm.getAscent() + 3;
        double lx = x0;
        String[] names = r.spec().scheme() == FloatPacking.Scheme.SUM
                ? new String[]{"sign + exponent", "mantissa bits ≥ 2^−" + r.spec().k() + " (→ û₁)", "mantissa bits below (→ û₂)"}
                : new String[]{null, "bits of u₁", "bits of u₂"};
        Color[] cs = {c0, c1, c2};
        for (int k = 0; k < 3; k++) {
            if (names[k] == null) continue;
            g.setColor(cs[k]);
            g.fill(new Rectangle2D.Double(lx, ly - fm.getAscent() + 2, 10, 10));
            g.setColor(s.foreground());
            Draw.text(g, names[k], (float) (lx + 14), (float) ly);
            lx += 26 + Draw.width(fm, names[k]);
        }
        int ty = geo.text().y + fm.getAscent();
        String[] lines = lines();
        for (String line : lines) {
            g.setColor(s.foreground());
            for (String part : Draw.wrap(line, fm, geo.text().width)) {
                Draw.text(g, part, geo.text().x, ty);
                ty += fm.getHeight() + 1;
            }
        }
        g.setStroke(new BasicStroke(1f));
        map.draw(g, geo.map(), s, highlight);
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        return Draw.measuring(g -> {
            Geo geo = geo(g, area, s);
            if (geo.map().contains(x, y)) return map.hover(geo.map(), s, x, y);
            double x0 = geo.bits().x;
            int i = (int) Math.floor((x - x0) / geo.cell());
            if (y >= geo.bits().y && y <= geo.bits().getMaxY() && i >= 0 && i < 32) {
                int owner = r.pair().owners()[i];
                int bit = (r.pair().code() >>> (31 - i)) & 1;
                return new Hover("bit " + (31 - i) + " = " + bit + ": " + (owner == 0 ? "sign/exponent of the float32" : "carries u" + (owner == 1 ? "₁" : "₂")), null);
            }
            return null;
        });
    }
}
