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

import java.util.List;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** F1 and the export dialog open over the full-screen window, owned by it and scaled like it. */
@ExtendWith(ApplicationExtension.class)
class PresentationDialogsUiTest {
    private MainWindow window;
    private ExecutorService worker;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        worker = GlassboxApp.computeThread();
        window = WindowTests.open(stage, worker);
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
    }
}
