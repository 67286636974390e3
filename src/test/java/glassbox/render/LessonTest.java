package glassbox.render;

import glassbox.core.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class LessonTest {
    @TempDir Path dir;

    @Test
    void everyShippedLessonOpensAndEveryStepRenders() {
        assertEquals(Lesson.SHIPPED.size(), Lesson.shipped().size());
        for (Lesson l : Lesson.shipped()) {
            assertTrue(l.steps().size() >= 3, l.title());
            for (Lesson.Step s : l.steps()) {
                assertFalse(s.caption().isBlank());
                Computed c = Computed.compute(s.lab(), s.values(), Backend.PLAIN);
                BufferedImage img = Board.render(c.figures(), 1200, 800, 1, Style.DEFAULT.withFontScale(1.8).withDark(true), null);
                assertTrue(AllLabsTest.distinctColours(img) > 8, l.title() + " / " + s.title());
                // A step's main figure is one of its figures, and in presentation mode it gets the largest area.
                if (s.figure() != null) {
                    Figure main = FrameRenderer.mainFigure(c.figures(), s.figure());
                    assertNotNull(main, l.title() + " / " + s.title() + ": no figure titled '" + s.figure() + "…'");
                    java.util.List<Figure> shown = FrameRenderer.shown(c.figures(), null, s.figure());
                    assertEquals(main.title(), shown.get(0).title());
                    java.util.List<java.awt.Rectangle> r = Board.layout(shown, 1700, 900, Style.DEFAULT.withFontScale(1.8));
                    double first = r.get(0).getWidth() * r.get(0).getHeight();
                    for (int k = 1; k < r.size(); k++) {
                        assertTrue(first > r.get(k).getWidth() * r.get(k).getHeight(), l.title() + " / " + s.title() + ": the main figure is the largest");
                    }
                }
                // Every inline formula of the caption typesets.
                String[] parts = s.caption().split("\\$", -1);
                for (int k = 1; k < parts.length; k += 2) assertTrue(Latex.image(parts[k], 20, java.awt.Color.BLACK).getWidth() > 2);
            }
        }
    }

    @Test
    void everyLabHasALesson() {
        for (Lab<?> lab : Labs.all()) {
            assertTrue(Lesson.shipped().stream().anyMatch(l -> l.steps().stream().anyMatch(s -> s.lab() == lab)), lab.id() + " has a lesson");
        }
    }

    @Test
    void badLessonsAreExplained() throws Exception {
        String[][] cases = {
                {"{\"title\": \"t\", \"lab\": \"conv\", \"steps\": []}", "$.steps: the list is empty"},
                {"{\"title\": \"t\", \"steps\": [{\"title\": \"a\", \"caption\": \"c\"}]}", "$.steps[1].lab: missing"},
                {"{\"title\": \"t\", \"lab\": \"conv\", \"steps\": [{\"title\": \"a\", \"caption\": \"c\", \"preset\": \"zz\"}]}", "unknown preset 'zz'"},
                {"{\"title\": \"t\", \"lab\": \"conv\", \"steps\": [{\"title\": \"a\", \"caption\": \"c\", \"settings\": {\"kh\": \"99\"}}]}", "$.steps[1].settings.kh"},
                {"{\"title\": \"t\", \"lab\": \"conv\", \"steps\": [{\"title\": \"a\", \"caption\": \"c\", \"controls\": [\"nope\"]}]}", "unknown parameter 'nope'"},
                {"{\"title\": \"t\", \"lab\": \"conv\", \"steps\": [{\"title\": \"a\"}]}", "$.steps[1].caption: missing"},
                {"{\"title\": \"t\", \"lab\": \"conv\", \"steps\": [", "not valid JSON"},
                // Every value in range, but step 2's kernel does not fit its input: refused at load, naming the step.
                {"{\"title\": \"t\", \"lab\": \"conv\", \"steps\": [{\"title\": \"a\", \"caption\": \"c\"}, {\"title\": \"big kernel\", \"caption\": \"c\", \"settings\": {\"h\": 1, \"w\": 1, \"kh\": 9, \"kw\": 1}}]}",
                        "$.steps[2].settings.kh: step 2 ('big kernel'): kh = 9 is larger than the padded input height"},
                {"{\"glassbox_lesson\": 2, \"title\": \"t\", \"lab\": \"conv\", \"steps\": []}", "glassbox_lesson: written by a newer Glassbox"},
                {"{\"glassbox_lesson\": 0.5, \"title\": \"t\", \"lab\": \"conv\", \"steps\": []}", "expected a whole version number"},
        };
        int k = 0;
        for (String[] c : cases) {
            Path f = dir.resolve("l" + (k++) + ".json");
            Files.writeString(f, c[0]);
            StateFileException e = assertThrows(StateFileException.class, () -> Lesson.read(f));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().startsWith(f.getFileName().toString()), e.getMessage());
        }
    }
}
