package glassbox.app;

import glassbox.core.Nd4jRuntime;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The desktop application. ND4J starts in the background; the window is usable at once. */
public final class GlassboxApp extends Application {
    private ExecutorService worker;
    private MainWindow window;

    public static void launchApp(String[] args) {
        Application.launch(GlassboxApp.class, args);
    }

    /** One compute thread for the window: newest parameters win (LatestWins). */
    public static ExecutorService computeThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "glassbox-compute");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start(Stage stage) {
        if (Boolean.getBoolean("glassbox.timing")) System.err.printf("start() at %d ms after JVM start%n", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        Nd4jRuntime.defaultCacheDirs();
        worker = computeThread();
        window = new MainWindow(new LabViewModel(worker, Platform::runLater));
        window.show(stage);
        if (Boolean.getBoolean("glassbox.timing")) System.err.printf("shown at %d ms after JVM start%n", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        window.restoreLastSession();
    }

    @Override
    public void stop() {
        if (window != null) window.saveLastSession();
        if (worker != null) worker.shutdownNow();
    }
}
