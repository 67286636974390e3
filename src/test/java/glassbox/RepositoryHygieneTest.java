package glassbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository holds source, not downloads: no tracked file over 1 MB outside {@code screenshots/}
 * (the project once carried 41 MB of Python wheels nobody used). Git's own list of tracked files is
 * checked when git is there; otherwise every file of the tree outside {@code target/} and {@code .git}.
 */
class RepositoryHygieneTest {
    static final long LIMIT_BYTES = 1L << 20;

    @Test
    void noLargeFilesOutsideScreenshots() throws IOException, InterruptedException {
        Path root = Paths.get("").toAbsolutePath();
        List<String> tooLarge = new ArrayList<>();
        for (String file : trackedFiles(root)) {
            Path p = root.resolve(file);
            if (file.startsWith("screenshots/") || !Files.isRegularFile(p)) continue;
            long size = Files.size(p);
            if (size > LIMIT_BYTES) tooLarge.add(file + " (" + size / 1024 + " KiB)");
        }
        assertTrue(tooLarge.isEmpty(), "files over 1 MB outside screenshots/: " + tooLarge);
    }

    @Test
    void theCheckSeesALargeFile() throws IOException {
        // The check must be able to fail: a 1 MB + 1 byte file is over the limit, a 1 MB one is not.
        Path dir = Files.createTempDirectory("hygiene");
        Path big = Files.write(dir.resolve("big.whl"), new byte[(int) LIMIT_BYTES + 1]);
        Path ok = Files.write(dir.resolve("ok.bin"), new byte[(int) LIMIT_BYTES]);
        assertTrue(Files.size(big) > LIMIT_BYTES);
        assertTrue(Files.size(ok) <= LIMIT_BYTES);
        assertEquals(List.of("big.whl", "ok.bin"), walk(dir));
    }

    static List<String> trackedFiles(Path root) throws IOException, InterruptedException {
        if (Files.exists(root.resolve(".git"))) {
            try {
                Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile())
                        .redirectErrorStream(false).start();
                byte[] out = git.getInputStream().readAllBytes();
                if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0) {
                    List<String> files = new ArrayList<>();
                    for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) if (!f.isEmpty()) files.add(f);
                    return files;
                }
            } catch (IOException noGit) {
                // fall through to walking the tree
            }
        }
        return walk(root);
    }

    static List<String> walk(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.startsWith("target/") && !f.startsWith(".git/"))
                    .sorted().toList();
        }
    }
}
