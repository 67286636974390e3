package glassbox.app;

import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** F1 and the export dialog open over the full-screen window, owned by it and scaled like it. */
@ExtendWith(ApplicationExtension.class)
class PresentationDialogsUiTest {
    private MainWindow window;
    private ExecutorService worker;
    private Stage stage;
    @TempDir static Path folder;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        worker = GlassboxApp.computeThread();
        AppConfig config = AppConfig.load(folder);
        config.exportFolder = folder;
        window = WindowTests.open(stage, worker, config, 1400, 900);
    }

    private void settle() throws Exception {
        WindowTests.settle(worker);
    }

    private List<Window> dialogs(FxRobot robot) {
        return robot.listWindows().stream().filter(w -> w != stage && w.isShowing() && w.getScene() != null
                && w.getScene().getRoot() instanceof DialogPane).toList();
    }

    private void openAndCheck(FxRobot robot, Runnable open, String what) throws Exception {
        Platform.runLater(open);
        settle();
        List<Window> open1 = dialogs(robot);
        assertEquals(1, open1.size(), what + " opened");
        Stage d = (Stage) open1.get(0);
        assertSame(stage, d.getOwner(), what + " is owned by the window");
        assertTrue(d.getScene().getRoot().getStyleClass().contains("presentation"), what + " is scaled like the window");
        assertTrue(stage.isFullScreen(), what + " left the window full screen");
        assertTrue(window.presenting());
        robot.interact(d::close);
        settle();
        assertTrue(stage.isFullScreen());
    }

    @Test
    void formulasAndExportKeepFullScreen(FxRobot robot) throws Exception {
        settle();
        robot.interact(window::togglePresentation);
        settle();
        assertTrue(stage.isFullScreen());
        openAndCheck(robot, window::showFormulas, "F1");
        openAndCheck(robot, () -> window.exporter().exportPng(), "the export dialog");

        // Exporting in presentation mode asks for no file (a native chooser would leave full screen): it lands in the export folder.
        Platform.runLater(() -> window.exporter().exportPng());
        settle();
        Stage d = (Stage) dialogs(robot).get(0);
        robot.interact(() -> ((javafx.scene.control.Button) ((DialogPane) d.getScene().getRoot()).lookupButton(javafx.scene.control.ButtonType.OK)).fire());
        long until = System.currentTimeMillis() + 20_000;
        List<Path> pngs = List.of();
        while (pngs.isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            try (var files = Files.list(folder)) { pngs = files.filter(f -> f.toString().endsWith(".png")).toList(); }
        }
        assertEquals(1, pngs.size(), "one PNG written into the export folder");
        assertTrue(pngs.get(0).getFileName().toString().startsWith("conv-"), pngs.toString());
        assertTrue(stage.isFullScreen());
        assertTrue(dialogs(robot).isEmpty(), "no file chooser");
    }
}
