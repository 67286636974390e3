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

    @Test
    void devicesPipesFoldersAndMissingFilesAreRefusedWithoutReadingThem() throws Exception {
        // Was: /dev/zero read to an OutOfMemoryError (its size reads as 0); a FIFO blocked forever.
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) assertTrue(problem(zero).contains("not a regular file"));
        Path fifo = dir.resolve("pipe.json");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mk.waitFor() == 0) assertTrue(problem(fifo).contains("not a regular file"));
        assertTrue(problem(dir).contains("not a regular file"));
        assertTrue(problem(dir.resolve("nothing.json")).contains("the file is missing"));
    }

    @Test
    void trailingTextVersionsAndEncodingsAreRefusedInGlassboxsWords() throws Exception {
        String ok = "{\"glassbox_session\": 1, \"lab\": \"conv\"}";
        assertTrue(problem(write("t1.json", ok + " 5")).contains("after the end of the JSON object"));
        assertTrue(problem(write("t3.json", ok + " garbage")).contains("column 47: not valid JSON: unknown word 'garbage'"));
        assertTrue(problem(write("t2.json", ok + ok)).contains("after the end of the JSON object"));
        assertTrue(problem(write("v1.json", "{\"glassbox_session\": 1.5, \"lab\": \"conv\"}")).contains("expected a whole version number (this Glassbox reads 1), found 1.5"));
        assertTrue(problem(write("v2.json", "{\"glassbox_session\": 1e30, \"lab\": \"conv\"}")).contains("expected a whole version number"));
        Path latin = dir.resolve("latin.json");
        Files.write(latin, "{\"glassbox_session\": 1, \"lab\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(problem(latin).contains("not UTF-8 text"));
        for (String bad : new String[]{"{\"glassbox_session\": 1, \"lab\": \"conv\"", "{glassbox_session: 1}", "{\"a\": nope}", "{\"a\": 1,, }"}) {
            String m = problem(write("j.json", bad));
            assertFalse(m.contains("StreamReadFeature") || m.contains("com.fasterxml") || m.contains("(code "), m);
        }
        assertTrue(problem(write("eof.json", "{\"glassbox_session\": 1, \"lab\": \"conv\"")).contains("ends inside the JSON"));
    }

    @Test
    void aSessionWhoseValuesDoNotFitTogetherIsRefusedAtLoad() throws Exception {
        // Each value in range, but the user's 9×9 kernel does not fit a 1×1 input: refused when read, naming kh.
        // (A kernel the user did not set follows the input instead, as in the window.)
        String m = problem(write("fit.json", "{\"glassbox_session\": 1, \"lab\": \"conv\", \"parameters\": {\"h\": 1, \"w\": 1, \"kh\": 9, \"kw\": 1}, \"set\": [\"kh\"]}"));
        assertTrue(m.contains("$.parameters.kh: kh = 9 is larger than the padded input height"), m);
    }
}
