package glassbox.core;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Written files get the rights any new file of the user gets (the umask's), not a temporary file's 0600. */
class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void writtenFileHasTheUsersUsualPermissions() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = dir.resolve("plain.txt");
        try (OutputStream out = Files.newOutputStream(plain)) { out.write(1); }
        Path written = dir.resolve("export.json");
        AtomicFiles.write(written, out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{}", Files.readString(written));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        // Replacing keeps that, and leaves no temporary file behind.
        AtomicFiles.write(written, out -> out.write("[]".getBytes(StandardCharsets.UTF_8)));
        assertEquals("[]", Files.readString(written));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        try (var files = Files.list(dir)) { assertEquals(2, files.count()); }
    }
}
