package glassbox.render.rnn;

import glassbox.core.Fmt;
import glassbox.core.rnn.ScalarRnn;
import glassbox.render.Draw;
import glassbox.render.Figure;
import glassbox.render.Hover;
import glassbox.render.Style;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The unrolled scalar RNN h_0 → h_1 → … → h_T → L with the forward value above every node and
 * the backward gradient ∂L/∂h_t (and ∂L/∂z_t) below it, the inputs x_t feeding in through a,
 * and under the graph: ∂L/∂w and ∂L/∂a by BPTT against central differences, and one SGD step.
 * Long sequences show the first and last steps with an ellipsis between.
 */
final class BpttFigure implements Figure {

    /** A pointed-at time step t (0..T) of the graph; T + 1 is the loss node. */
    record Node(int t) {}

    private static final int MAX_NODES = 13;

    private final ScalarRnn.Result r;
    private final double h0;
    private final double weight;

    BpttFigure(ScalarRnn.Result r, double h0, double weight) {
        this.r = r;
        this.h0 = h0;
        this.weight = weight;
    }

    @Override public String title() { return "Back-propagation through time (" + r.g().key() + ")"; }

    @Override public double weight() { return weight; }

    /** The time steps drawn for at most maxNodes slots; −1 marks the ellipsis. */
    List<Integer> shown(int maxNodes) {
        int T = r.T();
        List<Integer> s = new ArrayList<>();
        if (T + 1 <= maxNodes) {
            for (int t = 0; t <= T; t++) s.add(t);
        } else {
            s.add(0); s.add(1); s.add(-1);
            for (int t = T - (maxNodes - 4); t <= T; t++) s.add(t);
        }
        return s;
    }

    /** Layout: every value label fits its slot (fewer steps shown when they would not) and the loss box ends inside the graph. */
    private record Geo(Rectangle graph, double slot, double rad, double yNode, double yInput, List<Integer> shown, int textTop,
                       double lossX, double lossW, List<String> summary) {
        double cx(int i) { return graph.x + slot * (i + 0.5); }
    }

    private static final String SUBTITLE = "z_t = w·h_{t−1} + a·x_t,  h_t = g(z_t),  ŷ = h_T,  L = ½(ŷ − y)²   ·   black: forward values, colour: gradients ∂L/∂·";

    /** The widest number drawn in a slot, over the steps any layout may show (at most MAX_NODES: not every t of a long sequence). */
    private int labelWidth(FontMetrics fm) {
        int w = Draw.width(fm, "given");
        for (int t : shown(MAX_NODES)) {
            if (t < 0) continue;
            w = Math.max(w, Math.max(Draw.width(fm, f(r.h()[t])), Draw.width(fm, f(r.dh()[t]))));
            if (t > 0) w = Math.max(w, Math.max(Math.max(Draw.width(fm, f(r.z()[t])), Draw.width(fm, f(r.dz()[t]))), Draw.width(fm, f(r.x()[t])) + 8));
        }
        return w;
    }

    private Geo geo(Graphics2D g, Rectangle area, Style s) {
        Rectangle body = Draw.title(g, area, title(), SUBTITLE, s);
        g.setFont(s.small());
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        for (String line : summary()) lines.addAll(Draw.wrap(line, fm, area.width - 12));
        int textH = lines.size() * (fm.getHeight() + 1) + 6;
        int gutter = Draw.width(fm, "∂L/∂h_t") + 8;
        Rectangle graph = new Rectangle(body.x + gutter, body.y, body.width - gutter - 4, Math.max(60, body.height - textH));
        double lossW = Math.max(Draw.width(fm, "L=" + f(r.loss())), Math.max(Draw.width(fm, "y=" + f(r.y())), Draw.width(fm, "ŷ − y"))) + 12;
        double room = graph.width - lossW - 16;
        double need = labelWidth(fm) + 10;
        int maxNodes = Math.max(4, Math.min(MAX_NODES, (int) (room / need)));
        List<Integer> shown = shown(maxNodes);
        double slot = room / shown.size();
        double rad = Math.max(8, Math.min(Math.min(slot * 0.26, graph.height * 0.09), 24));
        double yNode = graph.y + 2 * fm.getHeight() + rad + 6;
        double yInput = Math.min(graph.getMaxY() - fm.getHeight(), yNode + rad + 2 * fm.getHeight() + 34);
        int textTop = (int) Math.min(graph.y + graph.height + 4, yInput + 2 * fm.getHeight());
        double lossX = graph.x + slot * shown.size() + 16 + lossW / 2;
        return new Geo(graph, slot, rad, yNode, yInput, shown, textTop, lossX, lossW, lines);
    }

    /** Title, the graph's five rows of labels around its nodes and inputs, and the summary lines. */
    @Override
    public java.awt.Dimension minimum(Style s) {
        return Draw.measuring(g -> {
            g.setFont(s.small());
            FontMetrics fm = g.getFontMetrics();
            int w = Draw.width(fm, "∂L/∂h_t") + 8 + 5 * (labelWidth(fm) + 10) + 80;
            // Forward values (2 lines), the node, gradients (2 lines), the input box: what geo() places, at the largest radius.
            int graph = 6 * fm.getHeight() + 2 * 24 + 46;
            int text = (summary().size() + 1) * (fm.getHeight() + 1) + 6;
            int title = s.size(15) + 8 + 2 * fm.getHeight() + 4;
            return new java.awt.Dimension(Math.max(w, s.size(360)), title + graph + text);
        });
    }

    static String sub(int t) {
        String d = Integer.toString(t);
        StringBuilder b = new StringBuilder();
        for (char c : d.toCharArray()) b.append((char) ('₀' + (c - '0')));
        return b.toString();
    }

    private static String f(double v) { return Fmt.sig(v, 3); }

    @Override
    public void draw(Graphics2D g, Rectangle area, Style s, Object highlight) {
        Geo geo = geo(g, area, s);
        java.awt.Font small = s.small();
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        List<Integer> shown = geo.shown();
        int T = r.T();
        double rad = geo.rad();
        // Row labels in the left gutter; the slots hold only numbers.
        double gx = area.x + 4;
        g.setColor(s.muted());
        Draw.text(g, "z_t", (float) gx, (float) (geo.yNode() - rad - 4 - fm.getHeight()));
        g.setColor(s.foreground());
        Draw.text(g, "h_t", (float) gx, (float) (geo.yNode() - rad - 4));
        g.setColor(s.series(5));
        Draw.text(g, "∂L/∂h_t", (float) gx, (float) (geo.yNode() + rad + fm.getAscent() + 2));
        Draw.text(g, "∂L/∂z_t", (float) gx, (float) (geo.yNode() + rad + fm.getAscent() + fm.getHeight() + 2));
        g.setColor(s.foreground());
        Draw.text(g, "x_t", (float) gx, (float) (geo.yInput() + fm.getAscent() / 2.0));
        // Edges first.
        for (int i = 0; i + 1 < shown.size(); i++) {
            double x0 = geo.cx(i) + rad, x1 = geo.cx(i + 1) - rad;
            boolean ell = shown.get(i) < 0 || shown.get(i + 1) < 0;
            if (shown.get(i) < 0) x0 = geo.cx(i) + Draw.width(fm, "…");
            if (shown.get(i + 1) < 0) x1 = geo.cx(i + 1) - Draw.width(fm, "…");
            arrow(g, x0, geo.yNode(), x1, geo.yNode(), s, ell);
            if (!ell) {
                g.setColor(s.muted());
                Draw.centered(g, "w", (x0 + x1) / 2, geo.yNode() - 4);
            }
        }
        for (int i = 0; i < shown.size(); i++) {
            int t = shown.get(i);
            double cx = geo.cx(i);
            if (t < 0) {
                g.setColor(s.muted());
                g.setFont(s.title());
                Draw.centered(g, "…", cx, geo.yNode() + 5);
                g.setFont(small);
                continue;
            }
            boolean hl = highlight instanceof Node n && n.t() == t;
            g.setStroke(new BasicStroke(hl ? 2.5f : 1.5f));
            g.setColor(Draw.withAlpha(s.series(0), 40));
            Ellipse2D c = new Ellipse2D.Double(cx - rad, geo.yNode() - rad, 2 * rad, 2 * rad);
            g.fill(c);
            g.setColor(hl ? s.highlight() : s.series(0));
            g.draw(c);
            g.setColor(s.foreground());
            Draw.centered(g, "h" + sub(t), cx, geo.yNode() + fm.getAscent() / 2.0 - 1);
            // Forward values above.
            Draw.centered(g, f(r.h()[t]), cx, geo.yNode() - rad - 4);
            g.setColor(s.muted());
            Draw.centered(g, t == 0 ? "given" : f(r.z()[t]), cx, geo.yNode() - rad - 4 - fm.getHeight());
            // Backward gradients below.
            g.setColor(s.series(5));
            Draw.centered(g, f(r.dh()[t]), cx, geo.yNode() + rad + fm.getAscent() + 2);
            if (t > 0) Draw.centered(g, f(r.dz()[t]), cx, geo.yNode() + rad + fm.getAscent() + fm.getHeight() + 2);
            if (t > 0) {
                // Input x_t entering through a.
                String xt = f(r.x()[t]);
                double bw = Draw.width(fm, xt) + 8, bh = fm.getHeight() + 4;
                double top = geo.yInput() - bh / 2;
                g.setColor(s.muted());
                g.setStroke(new BasicStroke(1f));
                g.draw(new Rectangle2D.Double(cx - bw / 2, top, bw, bh));
                g.setColor(s.foreground());
                Draw.centered(g, xt, cx, top + fm.getAscent() + 2);
                double yFrom = top, yTo = geo.yNode() + rad + 2 * fm.getHeight() + 4;
                if (yFrom > yTo + 6) {
                    arrow(g, cx, yFrom, cx, yTo, s, false);
                    g.setColor(s.muted());
                    // The weight's name beside the arrow, where the arrow is long enough to hold it clear of the numbers.
                    if (yFrom - yTo > 2 * fm.getHeight()) Draw.text(g, "a", (float) (cx + 4), (float) ((yFrom + yTo) / 2 + fm.getAscent() / 2.0));
                }
            }
        }
        // The loss node.
        double lx = geo.lossX();
        double lastX = geo.cx(shown.size() - 1) + rad;
        String lt = "L=" + f(r.loss());
        double lw = geo.lossW();
        arrow(g, lastX, geo.yNode(), lx - lw / 2, geo.yNode(), s, false);
        boolean hlL = highlight instanceof Node n && n.t() == T + 1;
        RoundRectangle2D box = new RoundRectangle2D.Double(lx - lw / 2, geo.yNode() - rad, lw, 2 * rad, 10, 10);
        g.setColor(Draw.withAlpha(s.series(5), 40));
        g.fill(box);
        g.setColor(hlL ? s.highlight() : s.series(5));
        g.setStroke(new BasicStroke(hlL ? 2.5f : 1.5f));
        g.draw(box);
        g.setColor(s.foreground());
        Draw.centered(g, lt, lx, geo.yNode() + fm.getAscent() / 2.0 - 1);
        g.setColor(s.muted());
        Draw.centered(g, "y=" + f(r.y()), lx, geo.yNode() - rad - 4);
        g.setColor(s.series(5));
        Draw.centered(g, "ŷ − y", lx, geo.yNode() + rad + fm.getAscent() + 2);
        // The numbers under the graph.
        int y = geo.textTop() + fm.getAscent();
        int x = area.x + 6;
        boolean warn = false;
        for (String line : geo.summary()) {
            warn = line.startsWith("⚠") || warn && !line.startsWith("∂") && !line.startsWith("One") && !line.startsWith("Exam");
            g.setColor(warn ? s.highlight() : s.foreground());
            Draw.text(g, line, x, y);
            y += fm.getHeight() + 1;
        }
    }

    List<String> summary() {
        List<String> out = new ArrayList<>();
        out.add("∂L/∂w = Σ ∂L/∂z_t·h_{t−1} = " + Fmt.sig(r.gradW(), 6) + "  |  central diff. " + Fmt.sig(r.numW(), 6)
                + "  |  rel. diff. " + Fmt.sig(ScalarRnn.relativeDifference(r.gradW(), r.numW()), 2));
        out.add("∂L/∂a = Σ ∂L/∂z_t·x_t = " + Fmt.sig(r.gradA(), 6) + "  |  central diff. " + Fmt.sig(r.numA(), 6)
                + "  |  rel. diff. " + Fmt.sig(ScalarRnn.relativeDifference(r.gradA(), r.numA()), 2) + "   (ε = 1e-6·max(1, |θ|))");
        out.add("One SGD step, η = " + Fmt.sig(r.lr(), 3) + ":  w " + f(r.w()) + " → " + Fmt.sig(r.w1(), 4) + ",  a " + f(r.a()) + " → "
                + Fmt.sig(r.a1(), 4) + ",  L " + Fmt.sig(r.loss(), 4) + " → " + Fmt.sig(r.loss1(), 4));
        if (r.T() == 2 && h0 == 0) {
            double exam = (r.h()[2] - r.y()) * r.g().dg(r.z()[2]) * r.h()[1];
            out.add("Exam (T = 2, h₀ = 0): ∂L/∂w = (h₂ − y)·g′(z₂)·h₁ = (" + f(r.h()[2]) + " − " + f(r.y()) + ")·" + f(r.g().dg(r.z()[2]))
                    + "·" + f(r.h()[1]) + " = " + Fmt.sig(exam, 6));
        } else {
            out.add("Exam form ∂L/∂w = (h₂ − y)·g′(z₂)·h₁ holds for T = 2, h₀ = 0 (preset exam-bptt-two-steps).");
        }
        if (r.firstNonFinite() > 0) out.add("⚠ h overflows at t = " + r.firstNonFinite() + ": |w| too large for this T and activation.");
        return out;
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1, Style s, boolean dashed) {
        g.setColor(s.muted());
        g.setStroke(dashed ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{4, 4}, 0) : new BasicStroke(1.2f));
        g.draw(new Line2D.Double(x0, y0, x1, y1));
        if (dashed) return;
        double ang = Math.atan2(y1 - y0, x1 - x0), len = 7;
        Path2D head = new Path2D.Double();
        head.moveTo(x1, y1);
        head.lineTo(x1 - len * Math.cos(ang - 0.4), y1 - len * Math.sin(ang - 0.4));
        head.lineTo(x1 - len * Math.cos(ang + 0.4), y1 - len * Math.sin(ang + 0.4));
        head.closePath();
        g.fill(head);
    }

    @Override
    public Hover hover(Rectangle area, Style s, double x, double y) {
        return Draw.measuring(g -> {
            Geo geo = geo(g, area, s);
            if (y < geo.graph().y || y > geo.graph().getMaxY()) return null;
            List<Integer> shown = geo.shown();
            if (x < geo.graph().x) return null;
            int best = -1;
            double bd = geo.slot() / 2;
            for (int i = 0; i < shown.size(); i++) {
                if (shown.get(i) < 0) continue;
                double d = Math.abs(geo.cx(i) - x);
                if (d < bd) { bd = d; best = shown.get(i); }
            }
            double lx = geo.lossX();
            if (Math.abs(lx - x) < geo.lossW() / 2) {
                return new Hover("L = ½(ŷ − y)² = ½(" + f(r.h()[r.T()]) + " − " + f(r.y()) + ")² = " + Fmt.sig(r.loss(), 6)
                        + ";  ∂L/∂ŷ = ŷ − y = " + Fmt.sig(r.dh()[r.T()], 6), new Node(r.T() + 1));
            }
            if (best < 0) return null;
            return new Hover(nodeText(best), new Node(best));
        });
    }

    String nodeText(int t) {
        int T = r.T();
        String st = sub(t);
        if (t == 0) {
            return "h₀ = " + Fmt.sig(r.h()[0], 6) + " (given);  ∂L/∂h₀ = ∂L/∂z₁·w = " + f(r.dz()[1]) + "·" + f(r.w()) + " = " + Fmt.sig(r.dh()[0], 6);
        }
        StringBuilder b = new StringBuilder();
        b.append("z").append(st).append(" = w·h").append(sub(t - 1)).append(" + a·x").append(st).append(" = ").append(f(r.w())).append("·")
                .append(f(r.h()[t - 1])).append(" + ").append(f(r.a())).append("·").append(f(r.x()[t])).append(" = ").append(Fmt.sig(r.z()[t], 6));
        b.append(";  h").append(st).append(" = ").append(r.g().key()).append("(z").append(st).append(") = ").append(Fmt.sig(r.h()[t], 6));
        if (t == T) b.append(";  ∂L/∂h").append(st).append(" = h").append(st).append(" − y = ").append(Fmt.sig(r.dh()[t], 6));
        else b.append(";  ∂L/∂h").append(st).append(" = ∂L/∂z").append(sub(t + 1)).append("·w = ").append(f(r.dz()[t + 1])).append("·")
                .append(f(r.w())).append(" = ").append(Fmt.sig(r.dh()[t], 6));
        b.append(";  ∂L/∂z").append(st).append(" = ∂L/∂h").append(st).append("·g′(z").append(st).append(") = ").append(f(r.dh()[t])).append("·")
                .append(f(r.g().dg(r.z()[t]))).append(" = ").append(Fmt.sig(r.dz()[t], 6)).append(" (").append(r.g().derivativeText()).append(")");
        b.append(";  share in ∂L/∂w: ∂L/∂z").append(st).append("·h").append(sub(t - 1)).append(" = ").append(Fmt.sig(r.termsW()[t], 4));
        return b.toString();
    }
}
