package glassbox.app;

import glassbox.core.Backend;
import glassbox.core.Nd4jRuntime;
import glassbox.render.Lesson;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** Presentation mode at 1920x1080 in both themes, on a lesson step, as a projector shows it. */
@ExtendWith(ApplicationExtension.class)
class PresentationScreenshotsTest {
    private MainWindow window;
    private ExecutorService worker;
    private Stage stage;

    @TempDir Path tmp;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        worker = GlassboxApp.computeThread();
        window = new MainWindow(new LabViewModel(worker, Platform::runLater));
        window.show(stage, 1920, 1080);
    }

    private void settle() throws Exception {
        WindowTests.settle(worker);
    }

    @Test
    void presentationModeInBothThemes(FxRobot robot) throws Exception {
        Nd4jRuntime.require();
        String configured = System.getProperty("glassbox.screenshots", "");
        Path out = configured.isBlank() ? tmp : Path.of(configured);
        Files.createDirectories(out);
        robot.interact(() -> {
            window.viewModel().setBackend(Backend.ND4J_CPU);
            window.startLesson(Lesson.shipped().get(0));
            window.step(+1);
            window.togglePresentation();
        });
        settle();
        BufferedImage dark = shot(robot);
        ImageIO.write(dark, "png", out.resolve("presentation-dark.png").toFile());
        robot.interact(() -> window.toggleDarkForTest());
        settle();
        BufferedImage light = shot(robot);
        ImageIO.write(light, "png", out.resolve("presentation-light.png").toFile());
        // Dark mode is mostly dark, light mode mostly light.
        assertTrue(meanLuminance(dark) < 90, "dark theme is dark: " + meanLuminance(dark));
        assertTrue(meanLuminance(light) > 170, "light theme is light: " + meanLuminance(light));
        robot.interact(() -> window.togglePresentation());
        settle();
    }

    private BufferedImage shot(FxRobot robot) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        return SwingFXUtils.fromFXImage(img[0], null);
    }

    private static double meanLuminance(BufferedImage img) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 5) {
            for (int x = 0; x < img.getWidth(); x += 5) {
                int c = img.getRGB(x, y);
                sum += 0.2126 * ((c >> 16) & 255) + 0.7152 * ((c >> 8) & 255) + 0.0722 * (c & 255);
                n++;
            }
        }
        return sum / n;
    }
}
