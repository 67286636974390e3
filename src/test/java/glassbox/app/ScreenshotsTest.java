package glassbox.app;

import glassbox.core.Backend;
import glassbox.core.Nd4jRuntime;
import glassbox.core.Preset;
import glassbox.render.Lab;
import glassbox.render.Labs;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The app photographs itself: every lab with its showcase presets, as the window shows them.
 * Writes into screenshots/ when run with -Dscreenshots.dir=screenshots (README), else into a temporary
 * folder, and always checks that the pictures show something.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotsTest {
    private MainWindow window;
    private ExecutorService worker;
    private Stage stage;

    @TempDir Path tmp;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        worker = GlassboxApp.computeThread();
        window = new MainWindow(new LabViewModel(worker, Platform::runLater));
        window.show(stage, 1600, 1000);
    }

    private void settle() throws Exception {
        WindowTests.settle(worker);
    }

    @Test
    void everyLabPhotographsItself(FxRobot robot) throws Exception {
        Nd4jRuntime.require();
        String configured = System.getProperty("glassbox.screenshots", "");
        Path out = configured.isBlank() ? tmp : Path.of(configured);
        Files.createDirectories(out);
        robot.interact(() -> {
            window.viewModel().setBackend(Backend.ND4J_CPU);
        });
        List<String> written = new ArrayList<>();
        for (Lab<?> lab : Labs.all()) {
            List<Preset> presets = lab.presets();
            List<Preset> shots = presets.size() > 2 ? List.of(presets.get(0), presets.get(presets.size() - 1)) : presets;
            for (Preset p : shots) {
                robot.interact(() -> window.viewModel().openPreset(p));
                settle();
                WritableImage[] img = new WritableImage[1];
                robot.interact(() -> img[0] = stage.getScene().snapshot(null));
                BufferedImage b = SwingFXUtils.fromFXImage(img[0], null);
                assertTrue(colours(b) > 30, lab.id() + "/" + p.name() + " shows a figure");
                Path file = out.resolve(lab.id() + "-" + p.name() + ".png");
                ImageIO.write(b, "png", file.toFile());
                written.add(file.getFileName().toString());
            }
        }
        assertFalse(written.isEmpty());
    }

    private static int colours(BufferedImage img) {
        Set<Integer> s = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) for (int x = 0; x < img.getWidth(); x += 4) s.add(img.getRGB(x, y));
        return s.size();
    }
}
