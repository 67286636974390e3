package glassbox;

import glassbox.core.Nd4jRuntime;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point of glassbox.jar and of the installed app: with a command (presets, export, bench, help)
 * it runs the command line and needs no display; with none it opens the window.
 */
public final class Main {
    /** Printed, as one line, instead of a stack trace when the window cannot open. */
    static final String WITHOUT_A_DISPLAY = "the window needs one; these commands work without a display:"
            + " glassbox presets, glassbox export LAB --png FILE, glassbox bench, glassbox help";

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    private Main() {}

    public static void main(String[] args) {
        Nd4jRuntime.defaultCacheDirs();
        if (args.length > 0) System.exit(glassbox.cli.Cli.run(args, System.out, System.err));
        Optional<String> missing = noDisplay(System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform"));
        if (missing.isPresent()) {
            System.err.println("glassbox: " + missing.get() + ": " + WITHOUT_A_DISPLAY);
            System.exit(2);
        }
        // JavaFX warns on every start from a class path ("Unsupported JavaFX configuration"): the jar
        // and the installed app run that way on purpose (docs/ARCHITECTURE.md), so the line is noise.
        JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
        try {
            glassbox.app.GlassboxApp.launchApp(args);
        } catch (RuntimeException e) {
            // A DISPLAY that is set but cannot be opened (a closed X server, ssh without -X) fails here.
            String m = String.valueOf(e.getMessage());
            if (!(e instanceof UnsupportedOperationException) && !m.contains("DISPLAY")) throw e;
            System.err.println("glassbox: cannot open the display (" + m + "): " + WITHOUT_A_DISPLAY);
            System.exit(2);
        }
    }

    /**
     * Why there is no display to open a window on, if that can be told before starting JavaFX: on
     * Linux and the BSDs a desktop session sets DISPLAY (X11) or WAYLAND_DISPLAY. macOS and Windows
     * always have one for a logged-in user; the headless Monocle platform (tests) needs none.
     */
    static Optional<String> noDisplay(Map<String, String> env, String osName, String glassPlatform) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("win") || "Monocle".equalsIgnoreCase(glassPlatform)) return Optional.empty();
        if (!env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank()) return Optional.empty();
        return Optional.of("no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
    }
}
