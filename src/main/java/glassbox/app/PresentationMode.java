package glassbox.app;

import glassbox.render.Style;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

import java.util.List;

/**
 * Presentation mode (F5): full screen, larger figure text, dark by default, the status bar and the lab
 * chooser hidden; Esc or F5 leaves. The window's own colours follow the figures' theme. JavaFX's
 * "Press ESC" banner would cover the figures for seconds, so the window shows its own small hint
 * where nothing is drawn (under the controls).
 */
final class PresentationMode {
    /** What presentation mode changes in the window. */
    interface Host {
        LabViewModel vm();
        Region root();
        Stage stage();
        /** Nodes hidden while presenting (the lab list, the preset box). */
        List<Node> hiddenWhilePresenting();
        /** Presentation mode went on or off: rebuild what depends on it. */
        void changed();
    }

    static final String HINT = "Presentation mode · Esc or F5 leaves";

    private final Host host;
    private boolean presenting;
    private boolean presentDark = true;
    private Style styleBefore;

    PresentationMode(Host host) {
        this.host = host;
    }

    boolean on() { return presenting; }

    /** The style to save in a session: the user's own, not presentation mode's enlargement. */
    Style userStyle() {
        return presenting && styleBefore != null ? styleBefore : host.vm().styleProperty().get();
    }

    /** Installed once the stage has its scene: leaving full screen (the window manager, Esc) leaves presentation mode. */
    void install(Stage stage) {
        stage.setFullScreenExitHint("");
        stage.fullScreenProperty().addListener((o, a, full) -> { if (!full && presenting) toggle(); });
    }

    void toggle() {
        presenting = !presenting;
        LabViewModel vm = host.vm();
        if (presenting) {
            styleBefore = vm.styleProperty().get();
            vm.setStyle(styleBefore.withFontScale(Math.max(1.8, styleBefore.fontScale())).withDark(presentDark));
        } else if (styleBefore != null) {
            vm.setStyle(styleBefore);
        }
        for (Node n : host.hiddenWhilePresenting()) { n.setVisible(!presenting); n.setManaged(!presenting); }
        applyTheme();
        host.changed();
        Stage stage = host.stage();
        if (stage != null && stage.isFullScreen() != presenting) stage.setFullScreen(presenting);
    }

    void toggleDark() {
        LabViewModel vm = host.vm();
        if (presenting) {
            presentDark = !presentDark;
            vm.setStyle(vm.styleProperty().get().withDark(presentDark));
        } else {
            vm.setStyle(vm.styleProperty().get().withDark(!vm.styleProperty().get().dark()));
        }
        applyTheme();
    }

    /** The window's own colours follow the figures' theme; presentation mode enlarges everything. */
    void applyTheme() {
        Region root = host.root();
        root.getStyleClass().removeAll("dark", "presentation");
        if (host.vm().styleProperty().get().dark()) root.getStyleClass().add("dark");
        if (presenting) root.getStyleClass().add("presentation");
    }
}
