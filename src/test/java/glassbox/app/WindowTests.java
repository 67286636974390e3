package glassbox.app;

import glassbox.core.Backend;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Shared by the window tests: open the window on plain Java; wait until the compute thread and the FX thread have both gone quiet. */
final class WindowTests {
    private WindowTests() {}

    /** The window on its own compute thread, computing in plain Java (no ND4J start), at a size. */
    static MainWindow open(Stage stage, ExecutorService worker, AppConfig config, double width, double height) {
        MainWindow window = new MainWindow(new LabViewModel(worker, Platform::runLater), config);
        window.viewModel().setBackend(Backend.PLAIN);
        window.show(stage, width, height);
        return window;
    }

    static MainWindow open(Stage stage, ExecutorService worker) {
        return open(stage, worker, AppConfig.load(AppConfig.defaultDir()), 1400, 900);
    }

    static void settle(ExecutorService worker) throws Exception {
        for (int k = 0; k < 6; k++) {
            WaitForAsyncUtils.waitForFxEvents();
            worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A window on {@code stage} computing on {@code worker}, shown at 1600 × 1000. */
    static MainWindow show(javafx.stage.Stage stage, ExecutorService worker) {
        MainWindow w = new MainWindow(new LabViewModel(worker, javafx.application.Platform::runLater));
        w.show(stage, 1600, 1000);
        return w;
    }
}
