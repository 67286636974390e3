package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Preset;
import glassbox.core.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SessionTest {
    @TempDir Path dir;

    @Test
    void saveThenOpenGivesTheSameStateForEveryLabAndPreset() throws Exception {
        Style style = Style.DEFAULT.withDark(true).withFontScale(1.5).withPalettes("cividis", "grey").withFormulas(false)
                .withFigurePalette("Kernel W", "grey");
        for (Lab<?> lab : Labs.all()) {
            for (Preset p : lab.presets()) {
                Values v = Values.of(lab.params(), p.settings());
                Session s = new Session(lab, v, style, Backend.PLAIN);
                Path f = dir.resolve(lab.id() + "-" + p.name() + ".json");
                s.write(f);
                Session back = Session.read(f);
                assertSame(lab, back.lab());
                assertEquals(v, back.values(), lab.id() + "/" + p.name());
                assertEquals(style, back.style());
                assertEquals(Backend.PLAIN, back.backend());
            }
        }
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private String problem(Path f) {
        StateFileException e = assertThrows(StateFileException.class, () -> Session.read(f));
        assertTrue(e.getMessage().startsWith(f.getFileName().toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void malformedFilesNameTheFileThePlaceAndTheProblem() throws Exception {
        assertTrue(problem(write("a.json", "{\"glassbox_session\": 1, \"lab\": \"nolab\"}")).contains("$.lab: unknown lab 'nolab'"));
        assertTrue(problem(write("b.json", "{\"glassbox_session\": 1, \"lab\": \"conv\", \"parameters\": {\"zz\": 1}}")).contains("$.parameters.zz: unknown parameter"));
        assertTrue(problem(write("c.json", "{\"glassbox_session\": 1, \"lab\": \"conv\", \"parameters\": {\"h\": 5000}}")).contains("$.parameters.h: h = 5000"));
        assertTrue(problem(write("d.json", "{\"glassbox_session\": 1, \"lab\": \"conv\", \"parameters\": {\"h\": [1]}}")).contains("found a list"));
        assertTrue(problem(write("e.json", "{\"glassbox_session\": 1, \"lab\": 3}")).contains("$.lab: expected text"));
        assertTrue(problem(write("f.json", "{\"glassbox_session\": 9, \"lab\": \"conv\"}")).contains("newer Glassbox"));
        assertTrue(problem(write("g.json", "{\"glassbox_session\": 1, \"lab\": \"conv\", \"parameters\": {\"h\": 8,")).contains("line 1, column"));
        assertTrue(problem(write("h.json", "PNG\u0000\u0001 not json at all")).contains("not valid JSON"));
        assertTrue(problem(write("i.json", "[1, 2]")).contains("expected a JSON object"));
        assertTrue(problem(write("j.json", "")).contains("empty"));
        assertTrue(problem(write("k.json", "{\"lab\": \"conv\"}")).contains("not a Glassbox session"));
        assertTrue(problem(write("l.json", "{\"glassbox_session\": 1, \"lab\": \"conv\", \"view\": {\"font_scale\": 99}}")).contains("$.view.font_scale"));
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile r = new RandomAccessFile(huge.toFile(), "rw")) { r.setLength(100_000_000L); }
        assertTrue(problem(huge).contains("100.0 MB"));
    }

    @Test
    void truncationsAndCorruptionsOfAValidFileNeverEscapeAsOtherErrors() throws Exception {
        Lab<?> lab = Labs.get("conv");
        Path good = dir.resolve("good.json");
        new Session(lab, lab.defaults(), Style.DEFAULT, Backend.ND4J_CPU).write(good);
        String text = Files.readString(good);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int cut = 0; cut < text.length(); cut += 3) {
            Path f = write("t" + cut + ".json", text.substring(0, cut));
            assertThrows(StateFileException.class, () -> Session.read(f), "truncated at " + cut);
        }
        for (int k = 0; k < 300; k++) {
            char[] c = text.toCharArray();
            for (int m = 0; m < 3; m++) c[rnd.nextInt(c.length)] = (char) rnd.nextInt(32, 127);
            Path f = write("r" + k + ".json", new String(c));
            try {
                Session.read(f);
            } catch (StateFileException expected) {
                // a message is the only acceptable failure
            }
        }
    }
}
