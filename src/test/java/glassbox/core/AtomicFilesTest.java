package glassbox.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Exports through AtomicFiles (issues 17 and 22): permissions, failures, and a process stopped mid-write. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aNewFileGetsTheUmaskPermissionsOfAnyOtherNewFile() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path out = dir.resolve("out.json");
        AtomicFiles.write(out, o -> o.write("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path out = dir.resolve("out.png");
        Files.writeString(out, "old");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(out, mode);
        AtomicFiles.write(out, o -> o.write(1));
        assertEquals(mode, Files.getPosixFilePermissions(out));
        assertArrayEquals(new byte[]{1}, Files.readAllBytes(out));
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path out = dir.resolve("out.json");
        Files.writeString(out, "before");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, o -> {
            o.write(2);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("before", Files.readString(out));
        assertEquals(List.of(out), listing());
        assertTrue(AtomicFiles.pending().isEmpty());
    }

    @Test
    void aProcessStoppedMidWriteRemovesItsTemporaryFile() throws Exception {
        Path out = dir.resolve("big.json");
        Files.writeString(out, "before");
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                SlowWrite.class.getName(), out.toString()).redirectErrorStream(true).start();
        // SlowWrite prints "writing" once its temporary file exists, then keeps writing.
        String first = new String(p.getInputStream().readNBytes("writing\n".length()), StandardCharsets.UTF_8);
        assertEquals("writing\n", first);
        assertEquals(2, listing().size(), listing().toString()); // the target and the temporary file
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(List.of(out), listing());
        assertEquals("before", Files.readString(out));
    }

    /** Writes through AtomicFiles forever (until stopped). */
    public static final class SlowWrite {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), o -> {
                System.out.println("writing");
                System.out.flush();
                byte[] chunk = new byte[1024];
                while (true) {
                    o.write(chunk);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
    }
}
