package glassbox.app;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Shared by the window tests: wait until the compute thread and the FX thread have both gone quiet. */
final class WindowTests {
    private WindowTests() {}

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
