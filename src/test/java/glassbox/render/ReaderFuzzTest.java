package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.ParamException;
import glassbox.core.purifier.Csv;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The session, lesson and CSV readers fed valid files that were then mutated (bytes changed, dropped,
 * doubled, inserted, including control and non-UTF-8 bytes) or cut short (issue 22): each reads the file
 * or refuses it with its own one-line exception, never another exception.
 */
class ReaderFuzzTest {
    private Path dir;

    @BeforeProperty
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("glassbox-reader-fuzz");
    }

    @AfterProperty
    void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Valid sessions of every lab and preset, and the shipped lessons, as bytes. */
    static List<byte[]> sessions() {
        List<byte[]> out = new ArrayList<>();
        for (Lab<?> lab : Labs.all()) {
            out.add(json(new Session(lab, lab.defaults(), Style.DEFAULT, Backend.PLAIN).toJson()));
            lab.presets().stream().limit(2).forEach(p -> out.add(json(new Session(lab,
                    glassbox.core.Values.preset(lab.params(), p.settings()), Style.DEFAULT.withDark(true), Backend.ND4J_CPU).toJson())));
        }
        return out;
    }

    static List<byte[]> lessons() {
        List<byte[]> out = new ArrayList<>();
        for (String name : Lesson.SHIPPED) {
            try (InputStream in = Lesson.class.getClassLoader().getResourceAsStream("lessons/" + name + ".json")) {
                out.add(in.readAllBytes());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    static List<byte[]> csvs() {
        return List.of("x,y\n1,2\n3,4\n5,6\n", "# data\n\"1\",\"2\",\"3\"\r\n4,5,6\r\n", "1.5e3,-2\n0,0\n\n7,8\n", "\uFEFFa,b\n1,2\n")
                .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** One mutation of a valid file: up to four edits, then perhaps a cut. */
    static Arbitrary<byte[]> mutated(List<byte[]> valid) {
        Arbitrary<byte[]> base = Arbitraries.of(valid);
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(32, 126)), net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255))))
                .as((how, at, b) -> new int[]{how, at, b});
        return Combinators.combine(base, edit.list().ofMaxSize(4), Arbitraries.integers().between(-1, 1 << 20).injectDuplicates(0)).as((b, edits, cut) -> {
            List<Byte> out = new ArrayList<>();
            for (byte x : b) out.add(x);
            for (int[] e : edits) {
                if (out.isEmpty()) break;
                int i = e[1] % out.size();
                switch (e[0]) {
                    case 0 -> out.set(i, (byte) e[2]);
                    case 1 -> out.remove(i);
                    case 2 -> out.add(i, out.get(i));
                    default -> out.add(i, (byte) e[2]);
                }
            }
            int n = cut < 0 || out.isEmpty() ? out.size() : cut % (out.size() + 1);
            byte[] r = new byte[n];
            for (int i = 0; i < n; i++) r[i] = out.get(i);
            return r;
        });
    }

    @Provide
    Arbitrary<byte[]> badSessions() {
        return mutated(sessions());
    }

    @Provide
    Arbitrary<byte[]> badLessons() {
        return mutated(lessons());
    }

    @Provide
    Arbitrary<byte[]> badCsvs() {
        return mutated(csvs());
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    /** A file of these bytes either reads or is refused with a one-line message that starts with its name. */
    private interface Reader {
        void read(Path file) throws StateFileException;
    }

    private void readsOrRefuses(String name, byte[] bytes, Reader reader) throws IOException {
        Path f = file(name, bytes);
        try {
            reader.read(f);
        } catch (StateFileException e) {
            assertTrue(e.getMessage().startsWith(name) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void sessionsReadOrRefuseWithAMessage(@ForAll("badSessions") byte[] bytes) throws IOException {
        readsOrRefuses("s.json", bytes, Session::read);
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void lessonsReadOrRefuseWithAMessage(@ForAll("badLessons") byte[] bytes) throws IOException {
        readsOrRefuses("l.json", bytes, Lesson::read);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void csvsReadOrRefuseWithAMessage(@ForAll("badCsvs") byte[] bytes) throws IOException {
        try {
            Csv.Points p = Csv.parse("csv", "d.csv", new ByteArrayInputStream(bytes));
            for (double[] row : p.rows()) for (double x : row) assertTrue(Double.isFinite(x));
        } catch (ParamException e) {
            assertEquals("csv", e.key());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /** JSON bytes of a session map, as Session.write writes them. */
    private static byte[] json(Object value) {
        return glassbox.core.Json.toString(value).getBytes(StandardCharsets.UTF_8);
    }
}
