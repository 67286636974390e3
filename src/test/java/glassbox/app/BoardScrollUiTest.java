package glassbox.app;

import glassbox.render.Labs;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** A board taller than the window (its figures kept legible) shows a scroll bar, and the bar scrolls it. */
@ExtendWith(ApplicationExtension.class)
class BoardScrollUiTest {
    @TempDir static Path config;
    private MainWindow window;
    private ExecutorService worker;

    @Start
    void start(Stage stage) {
        worker = GlassboxApp.computeThread();
        window = WindowTests.open(stage, worker, AppConfig.load(config), 1280, 720);
    }

    @Test
    void theWindowIsNamedAfterItsLabFromTheStart(FxRobot robot) throws Exception {
        WindowTests.settle(worker);
        var stage = (javafx.stage.Stage) robot.listWindows().stream().filter(w -> w instanceof javafx.stage.Stage s && s.isShowing()).findFirst().orElseThrow();
        assertEquals("Glassbox — " + window.viewModel().labProperty().get().title(), stage.getTitle());
    }

    @Test
    void aTallBoardShowsItsScrollBarAndTheBarScrollsIt(FxRobot robot) throws Exception {
        robot.interact(() -> window.selectLab(Labs.get("decoding")));
        WindowTests.settle(worker);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.boardScrolls(), "decoding's six figures at 1280×720 are taller than the pane");
        var bar = window.boardBar();
        assertTrue(bar.getMax() > 0 && bar.getValue() == 0);
        // The keyboard's pointer scrolls the board when it runs past the pane's bottom edge.
        robot.interact(() -> robot.lookup(".figure-pane").query().requestFocus());
        for (int k = 0; k < 200 && bar.getValue() == 0; k++) robot.push(javafx.scene.input.KeyCode.DOWN);
        assertTrue(bar.getValue() > 0, "Down past the bottom edge scrolled the board");
        robot.interact(() -> bar.setValue(bar.getMax()));
        var figure = robot.lookup(n -> n instanceof javafx.scene.image.ImageView v && v.getImage() != null && v.getTranslateY() < 0)
                .queryAs(javafx.scene.image.ImageView.class);
        assertEquals(-bar.getMax(), figure.getTranslateY(), 0.5, "scrolled to the bottom of the board");
        assertTrue(bar.getLayoutX() > 0 && bar.getHeight() > 100, "the bar stands along the pane's right edge");
        double right = figure.getBoundsInParent().getMaxX();
        assertTrue(right <= bar.getLayoutX() + 0.5, "the board is drawn beside the bar, not under it: " + right + " > " + bar.getLayoutX());

        robot.interact(() -> window.selectLab(Labs.get("ssm")));
        WindowTests.settle(worker);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.selectLab(Labs.get("decoding")));
        WindowTests.settle(worker);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, bar.getValue(), "a lab opens at the top of its board, not where it was last scrolled to");

        // A lesson's next step starts at the top too (its caption is about the figures there).
        glassbox.render.Lesson lesson = glassbox.render.Lesson.shipped().stream().filter(l -> l.steps().get(0).lab() == Labs.get("decoding"))
                .findFirst().orElseThrow();
        robot.interact(() -> window.startLesson(lesson));
        WindowTests.settle(worker);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.boardScrolls(), "the lesson bar leaves the decoding board less room still");
        robot.interact(() -> bar.setValue(bar.getMax()));
        assertTrue(bar.getValue() > 0);
        robot.interact(() -> window.step(+1));
        WindowTests.settle(worker);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, bar.getValue(), "the next step opens at the top of the board");

        robot.interact(() -> window.selectLab(Labs.get("cnn-shapes")));
        WindowTests.settle(worker);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.boardScrolls(), "cnn-shapes fits: no bar");
    }
}
