package glassbox.app;

import glassbox.core.Backend;
import glassbox.render.Lesson;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** Presentation mode and a lesson, driven from the keyboard in the real window. */
@ExtendWith(ApplicationExtension.class)
class PresentationUiTest {
    private MainWindow window;
    private ExecutorService worker;

    @Start
    void start(Stage stage) {
        worker = GlassboxApp.computeThread();
        window = new MainWindow(new LabViewModel(worker, Platform::runLater));
        window.viewModel().setBackend(Backend.PLAIN);
        window.show(stage);
    }

    private void settle() throws Exception {
        WindowTests.settle(worker);
    }

    @Test
    void enterPresentStepThroughALessonAndLeave(FxRobot robot) throws Exception {
        settle();
        double scaleBefore = window.viewModel().styleProperty().get().fontScale();
        assertNotNull(window.root().getBottom(), "status bar shown");
        robot.push(KeyCode.F5);
        settle();
        assertTrue(window.presenting());
        assertNull(window.root().getBottom(), "status bar hidden");
        assertTrue(window.viewModel().styleProperty().get().fontScale() >= 1.8);
        assertTrue(window.root().getStyleClass().contains("presentation"));

        Lesson conv = Lesson.shipped().get(0);
        robot.interact(() -> window.startLesson(conv));
        settle();
        assertEquals(conv.steps().get(0).values(), window.viewModel().valuesProperty().get());
        robot.push(KeyCode.PAGE_DOWN);
        settle();
        assertEquals(1, window.stepIndex());
        assertEquals(conv.steps().get(1).values(), window.viewModel().valuesProperty().get());
        robot.push(KeyCode.CONTROL, KeyCode.RIGHT);
        settle();
        assertEquals(2, window.stepIndex());
        // Controls are reduced to the step's own.
        long sliders = robot.lookup(".slider").queryAll().size();
        assertEquals(conv.steps().get(2).controls().stream().filter(k -> !k.equals("colour") && !k.equals("order")).count(), sliders);
        // The step is live: move a value, then reset the step.
        robot.interact(() -> window.viewModel().set("sh", "3"));
        settle();
        assertNotEquals(conv.steps().get(2).values(), window.viewModel().valuesProperty().get());
        robot.interact(window::resetStep);
        settle();
        assertEquals(conv.steps().get(2).values(), window.viewModel().valuesProperty().get());
        robot.push(KeyCode.PAGE_UP);
        settle();
        assertEquals(1, window.stepIndex());

        robot.push(KeyCode.ESCAPE);
        settle();
        assertFalse(window.presenting());
        assertNotNull(window.root().getBottom(), "status bar back");
        assertEquals(scaleBefore, window.viewModel().styleProperty().get().fontScale());
        assertFalse(window.root().getStyleClass().contains("presentation"));
    }
}
