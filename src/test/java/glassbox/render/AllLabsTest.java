package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Param;
import glassbox.core.Preset;
import glassbox.core.Values;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** What every lab owes the window, the command line and bench, checked for each registered lab. */
class AllLabsTest {

    @TestFactory
    List<DynamicTest> everyLab() {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Lab<?> lab : Labs.all()) {
            assertTrue(ids.add(lab.id()), "lab ids are unique");
            tests.add(DynamicTest.dynamicTest(lab.id() + ": parameters have labels, help and valid defaults", () -> {
                assertFalse(lab.params().isEmpty());
                Set<String> keys = new HashSet<>();
                for (Param p : lab.params()) {
                    assertTrue(keys.add(p.key()), "duplicate key " + p.key());
                    assertFalse(p.label().isBlank(), p.key());
                    assertFalse(p.help().isBlank(), p.key() + " needs a tooltip text");
                }
                lab.defaults();
                assertFalse(lab.formulas().isBlank());
            }));
            tests.add(DynamicTest.dynamicTest(lab.id() + ": every preset computes and draws", () -> {
                assertFalse(lab.presets().isEmpty(), "a lab ships presets");
                for (Preset p : lab.presets()) {
                    Values v = Values.of(lab.params(), p.settings());
                    Computed c = Computed.compute(lab, v, Backend.PLAIN);
                    assertFalse(c.figures().isEmpty(), p.name());
                    assertFalse(c.readouts().isEmpty(), p.name());
                    assertEquals(lab.id(), c.json().get("lab"), p.name());
                    BufferedImage img = Board.render(c.figures(), 1000, 700, 1.0, Style.DEFAULT, null);
                    assertTrue(distinctColours(img) > 8, p.name() + " draws something");
                    // render draws the figures in parallel: it must give the pixels of drawing them one by one.
                    BufferedImage inTurn = new BufferedImage(1000, Board.arrange(c.figures(), 1000, 700, Style.DEFAULT).height(), BufferedImage.TYPE_INT_ARGB);
                    java.awt.Graphics2D g = inTurn.createGraphics();
                    Board.draw(g, c.figures(), 1000, 700, Style.DEFAULT, null);
                    g.dispose();
                    assertArrayEquals(Board.pixels(inTurn), Board.pixels(img), p.name() + ": parallel drawing changed pixels");
                }
            }));
            tests.add(DynamicTest.dynamicTest(lab.id() + ": bench sweeps have at least 100 steps that compute", () -> {
                for (String size : List.of("default", "large")) {
                    List<Values> sweep = lab.benchSweep(size);
                    assertTrue(sweep.size() >= 100, size + " has " + sweep.size());
                    FrameRenderer fr = new FrameRenderer();
                    fr.frame(new FrameRenderer.Request(lab, sweep.get(0), Backend.PLAIN, 800, 600, Style.DEFAULT, null));
                    fr.frame(new FrameRenderer.Request(lab, sweep.get(sweep.size() - 1), Backend.PLAIN, 800, 600, Style.DEFAULT, null));
                }
            }));
        }
        return tests;
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> s = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) s.add(img.getRGB(x, y));
        return s.size();
    }
}
