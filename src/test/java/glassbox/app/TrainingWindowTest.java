package glassbox.app;

import glassbox.core.Backend;
import glassbox.core.Preset;
import glassbox.core.training.TrainingResult;
import glassbox.render.FrameRenderer;
import glassbox.render.Labs;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The training lab in the window (docs/LABS.md §9): the run trains in the background and the frame follows it by the
 * lab's pending polling, without the user touching anything; Pause and Play are the lab's buttons. Writes the
 * screenshots of a run in progress, a finished run and the τ = 0 run when -Dglassbox.screenshots is set.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingWindowTest {
    private MainWindow window;
    private Stage stage;
    @TempDir Path tmp;

    @Start
    void start(Stage s) {
        stage = s;
        window = WindowTests.show(s, GlassboxApp.computeThread());
    }

    private TrainingResult shown() {
        FrameRenderer.Frame f = window.viewModel().frameProperty().get();
        return f != null && f.computed().result() instanceof TrainingResult r ? r : null;
    }

    private Preset preset(String name) {
        return Labs.get("training").presets().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** Waits (up to a minute) until the shown frame satisfies {@code done}. */
    private TrainingResult waitFor(java.util.function.Predicate<TrainingResult> done) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            WaitForAsyncUtils.waitForFxEvents();
            TrainingResult r = shown();
            if (r != null && done.test(r)) return r;
            Thread.sleep(50);
        }
        fail("the window did not get there: " + shown());
        return null;
    }

    private void photograph(FxRobot robot, String name) throws Exception {
        String configured = System.getProperty("glassbox.screenshots", "");
        Path out = configured.isBlank() ? tmp : Path.of(configured);
        Files.createDirectories(out);
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.resolve("training-" + name + ".png").toFile());
    }

    private void press(FxRobot robot, String label) throws InterruptedException {
        // The button comes with the next frame's readouts (the window polls the run every 300 ms): wait for it.
        Button b = null;
        for (int k = 0; k < 200 && b == null; k++) {
            b = robot.lookup(n -> n instanceof Button btn && label.equals(btn.getText())).tryQueryAs(Button.class).orElse(null);
            if (b == null) Thread.sleep(50);
        }
        assertNotNull(b, "button " + label);
        robot.interact(b::fire);
    }

    @Test
    void theRunTrainsInTheBackgroundAndTheFrameFollowsIt(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.viewModel().setBackend(Backend.PLAIN);
            window.viewModel().openPreset(preset("copy-from-random"));
        });
        // No input after opening: the frames that arrive come from the lab's pending polling.
        TrainingResult early = waitFor(r -> r.step() >= 50);
        assertTrue(early.running());
        photograph(robot, "in-progress");
        TrainingResult later = waitFor(r -> r.step() > early.step());
        assertTrue(later.step() > early.step());
        TrainingResult finished = waitFor(r -> !r.running());
        assertEquals(2000, finished.step());
        photograph(robot, "finished");
        // Play trains on past the preset's steps; Pause stops at the step then shown.
        press(robot, "Play");
        TrainingResult playing = waitFor(r -> r.step() > 2100);
        press(robot, "Pause");
        TrainingResult paused = waitFor(r -> !r.running());
        assertTrue(paused.step() >= playing.step(), paused.step() + " ≥ " + playing.step());
        Thread.sleep(400);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(paused.step(), shown().step(), "paused: nothing moves");
        press(robot, "One step");
        assertEquals(paused.step() + 1, waitFor(r -> r.step() == paused.step() + 1 && !r.running()).step());
        press(robot, "Reset");
        assertEquals(0, waitFor(r -> r.step() == 0 && !r.running()).step());

        robot.interact(() -> window.viewModel().openPreset(preset("copy-argmax")));
        TrainingResult argmax = waitFor(r -> !r.running() && r.spec().tau() == 0);
        assertEquals(2000, argmax.step());
        photograph(robot, "argmax");
    }
}
