package glassbox;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Started without a display, Glassbox says so in one line and names what works without one. */
class MainTest {
    @Test
    void noDisplayIsToldBeforeJavaFxStarts() {
        assertTrue(Main.noDisplay(Map.of(), "Linux", null).isPresent());
        assertTrue(Main.noDisplay(Map.of("DISPLAY", " "), "Linux", null).isPresent());
        assertTrue(Main.noDisplay(Map.of("DISPLAY", ":0"), "Linux", null).isEmpty());
        assertTrue(Main.noDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null).isEmpty());
        assertTrue(Main.noDisplay(Map.of(), "FreeBSD", null).isPresent());
        assertTrue(Main.noDisplay(Map.of(), "Mac OS X", null).isEmpty());
        assertTrue(Main.noDisplay(Map.of(), "Windows 11", null).isEmpty());
        assertTrue(Main.noDisplay(Map.of(), "Linux", "Monocle").isEmpty());
    }

    @Test
    void startedWithDisplayUnsetItPrintsOneLine() throws Exception {
        if (System.getProperty("os.name").toLowerCase().contains("win") || System.getProperty("os.name").toLowerCase().contains("mac")) return;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "glassbox.Main"));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir") + File.separator + "glassbox-nodisplay-home");
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertEquals("", out);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.contains("no display") && err.contains("glassbox export") && err.contains("glassbox presets"), err);
        assertFalse(err.contains("Exception"), err);
    }
}
