package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Preset;
import glassbox.core.Values;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The legibility audit (issue 16): every lab × every preset, drawn as the window, presentation mode
 * and export draw it, read back through the boxes the text path recorded. A board fails on any text
 * cut short, any two text boxes overlapping, any text under the style's minimum size, a plot area
 * under the style's minimum, or a colour bar with fewer than three labelled ticks.
 *
 * <p>Every preset at every size below: drawing only (no pixels compared), so the whole walk takes
 * seconds. Deliberate exceptions: none so far — a figure that cannot show a label clear of the others
 * leaves it out (tick labels, plane labels, cell values) rather than overlap it.
 */
class LegibilityAuditTest {

    /** One way a board is seen: a name, its logical size and its style. */
    record Config(String name, int width, int height, Style style) {}

    static final Style PRESENTING = Style.DEFAULT.withFontScale(1.8);

    static final List<Config> CONFIGS = List.of(
            new Config("board 1280x720", 1280, 720, Style.DEFAULT),
            // The window's board as it is inside a 1280×720 window, beside the controls and the readouts.
            new Config("window 1280x720", 620, 640, Style.DEFAULT),
            new Config("window 1600x1000", 870, 870, Style.DEFAULT),
            new Config("presentation dark 1920x1080", 1920, 1080, PRESENTING.withDark(true)),
            // Presentation mode's board inside the window, beside a lesson step's controls and the numbers.
            new Config("presentation window 1920x1080", 1100, 900, PRESENTING.withDark(true)),
            new Config("board 1920x1080", 1920, 1080, Style.DEFAULT),
            new Config("presentation light 1920x1080", 1920, 1080, PRESENTING),
            new Config("export 1200x800", 1200, 800, Style.DEFAULT),
            new Config("export 2400x1600", 2400, 1600, Style.DEFAULT));

    @TestFactory
    List<DynamicTest> everyLabPresetAndSize() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Lab<?> lab : Labs.all()) {
            for (Preset p : lab.presets()) {
                List<Config> configs = CONFIGS;
                tests.add(DynamicTest.dynamicTest(lab.id() + "/" + p.name(), () -> {
                    assertLegible(lab.id() + "/" + p.name(), Computed.compute(lab, Values.of(lab.params(), p.settings()), Backend.PLAIN), configs);
                }));
            }
        }
        return tests;
    }

    /**
     * Boards past the presets that a user reaches with a slider, and that once showed a cut: decoding's large model
     * at 475 tokens drew its sequence grid narrow, and the axis label centred under it ran past the figure's left edge
     * ("osition (row start + column)").
     */
    @TestFactory
    List<DynamicTest> boardsBeyondThePresets() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] c : new String[][]{{"decoding", "large", "generate=475"}, {"decoding", "large", "generate=300"}, {"decoding", "nucleus", "generate=40"}}) {
            tests.add(DynamicTest.dynamicTest(String.join(" ", c), () -> {
                Lab<?> lab = Labs.get(c[0]);
                Preset p = lab.presets().stream().filter(x -> x.name().equals(c[1])).findFirst().orElseThrow();
                String[] kv = c[2].split("=", 2);
                Values v = Values.of(lab.params(), p.settings()).with(kv[0], kv[1]).with("uncached", "off");
                assertLegible(String.join(" ", c), Computed.compute(lab, v, Backend.PLAIN), CONFIGS);
            }));
        }
        return tests;
    }

    private static void assertLegible(String name, Computed c, List<Config> configs) {
        List<String> problems = new ArrayList<>();
        for (Config cf : configs) problems.addAll(audit(c.figures(), cf));
        assertTrue(problems.isEmpty(), name + ": " + problems.size() + " problems:\n  "
                + String.join("\n  ", problems.subList(0, Math.min(40, problems.size()))));
    }

    /** Draws the board as export does and lists what is not legible. */
    static List<String> audit(List<Figure> figures, Config cf) {
        Text.Recorder rec = new Text.Recorder();
        Board.render(null, figures, cf.width(), cf.height(), 1.0, cf.style(), null, rec);
        return problems(rec, cf);
    }

    static List<String> problems(Text.Recorder rec, Config cf) {
        List<String> out = new ArrayList<>();
        String at = " [" + cf.name() + "]";
        double minText = cf.style().minText();
        for (Text.Box b : rec.boxes()) {
            if (b.cut()) out.add("cut: '" + b.text() + "' in " + b.figure() + " at " + rect(b.bounds()) + at);
            Rectangle2D fig = rec.figures().get(b.figure());
            if (fig != null && !b.text().isBlank() && !grown(fig, 1).contains(b.bounds())) {
                // Each figure is clipped to its rectangle: text past its edge is cut as surely as an ellipsis.
                out.add("outside its figure: '" + b.text() + "' at " + rect(b.bounds()) + " in " + b.figure() + " at " + rect(fig) + at);
            }
            if (b.size() < minText - 1e-6) out.add("small (" + b.size() + " < " + minText + " px): '" + b.text() + "' in " + b.figure() + at);
        }
        out.addAll(overlaps(rec.boxes(), at));
        for (Text.Bar bar : rec.bars()) {
            if (bar.ticks() < 3) out.add("colour bar with " + bar.ticks() + " ticks in " + bar.figure() + at);
        }
        int minPlot = cf.style().minPlot();
        for (Text.Plot p : rec.plots()) {
            if (Math.max(p.bounds().getWidth(), p.bounds().getHeight()) < minPlot || Math.min(p.bounds().getWidth(), p.bounds().getHeight()) < minPlot / 4.0)
                out.add("plot area " + rect(p.bounds()) + " under " + minPlot + " px in " + p.figure() + at);
        }
        return out;
    }

    /**
     * Pairs of text boxes that overlap by more than a pixel each way. Boxes are sorted by their left
     * edge, so only neighbours along x are compared.
     */
    static List<String> overlaps(List<Text.Box> boxes, String at) {
        List<String> out = new ArrayList<>();
        List<Text.Box> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(b -> b.bounds().getMinX()));
        for (int i = 0; i < sorted.size(); i++) {
            Text.Box a = sorted.get(i);
            if (a.text().isBlank()) continue;
            for (int j = i + 1; j < sorted.size(); j++) {
                Text.Box b = sorted.get(j);
                if (b.bounds().getMinX() >= a.bounds().getMaxX() - 1) break;
                if (b.text().isBlank()) continue;
                Rectangle2D x = a.bounds().createIntersection(b.bounds());
                if (x.getWidth() > 1 && x.getHeight() > 1.5) {
                    out.add("overlap: '" + a.text() + "' and '" + b.text() + "' in " + a.figure()
                            + (a.figure().equals(b.figure()) ? "" : " / " + b.figure()) + " at " + rect(x) + at);
                }
            }
        }
        return out;
    }

    private static Rectangle2D grown(Rectangle2D r, double by) {
        return new Rectangle2D.Double(r.getX() - by, r.getY() - by, r.getWidth() + 2 * by, r.getHeight() + 2 * by);
    }

    private static String rect(Rectangle2D r) {
        return String.format(java.util.Locale.ROOT, "%.0f,%.0f %.0fx%.0f", r.getX(), r.getY(), r.getWidth(), r.getHeight());
    }

    // ----- the audit itself can fail -----

    @Test
    void recordsTextWithItsBoxAndFindsCutsOverlapsAndSmallText() {
        Figure f = new Figure() {
            @Override public String title() { return "probe"; }
            @Override public void draw(Graphics2D g, java.awt.Rectangle area, Style s, Object highlight) {
                g.setFont(s.font());
                Text.draw(g, "h_{t−1} = 9.617e-04", area.x + 10, area.y + 20);
                Text.draw(g, "overlaps", area.x + 12, area.y + 22);
                Text.draw(g, "beyond the edge", area.getMaxX() - 5, area.y + 60);
                g.setFont(s.font().deriveFont(6f));
                Text.draw(g, "tiny", area.x + 10, area.y + 100);
                Draw.colourBar(g, new java.awt.Rectangle(area.x + 40, area.y + 120, 10, 90), s.magnitude(), 0, 1, null, s);
            }
        };
        Text.Recorder rec = new Text.Recorder();
        Board.render(null, List.of(f), 400, 300, 2.0, Style.DEFAULT, null, rec);
        Text.Box first = rec.boxes().get(0);
        assertEquals("h_t−1 = 9.617·10^−4", first.text(), "maths and numbers are set, and recorded as read");
        assertEquals(13.0, first.size(), 1e-9, "sizes are logical pixels, not device pixels");
        assertEquals(18.0, first.bounds().getX(), 1e-9, "boxes are in board coordinates (figure at 8, text at +10)");
        List<String> p = problems(rec, new Config("probe", 400, 300, Style.DEFAULT));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("overlap: 'h_t−1")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("cut: 'beyond the edge'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("small (6.0")), p.toString());
        assertEquals(1, rec.bars().size());
        assertTrue(rec.bars().get(0).ticks() >= 3, "a colour bar gets at least three ticks");
    }

    @Test
    void aRenderWithoutARecorderRecordsNothingAndDrawsTheSamePixels() {
        Lab<?> lab = Labs.all().get(0);
        Computed c = Computed.compute(lab, lab.defaults(), Backend.PLAIN);
        BufferedImage plain = Board.render(c.figures(), 900, 600, 1.0, Style.DEFAULT, null);
        BufferedImage audited = Board.render(null, c.figures(), 900, 600, 1.0, Style.DEFAULT, null, new Text.Recorder());
        assertArrayEquals(Board.pixels(plain), Board.pixels(audited));
    }
}
