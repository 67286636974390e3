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
        timing("start()");
        Nd4jRuntime.defaultCacheDirs();
        worker = computeThread();
        window = new MainWindow(new LabViewModel(worker, Platform::runLater));
        window.show(stage);
        timing("shown");
        window.restoreLastSession();
        if (Boolean.getBoolean("glassbox.timing")) {
            if (window.viewModel().frameProperty().get() != null) timing("first figure");
            else window.viewModel().frameProperty().addListener((o, was, f) -> { if (was == null) timing("first figure"); });
        }
        forgetRefusedStartupArchive();
    }

    /** With -Dglassbox.timing=true, when a start-up milestone is reached (launch measurements). */
    private static void timing(String what) {
        if (Boolean.getBoolean("glassbox.timing")) System.err.printf("%s at %d ms after JVM start%n", what, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /**
     * javafx:run starts from a class-data archive the build made (pom.xml, profile cds-make). A JVM
     * refuses an archive made by another JDK or for other JavaFX jars, and then shares nothing at all
     * (a slower start); delete such an archive so that the next build makes a fitting one.
     */
    private static void forgetRefusedStartupArchive() {
        String flag = "-XX:SharedArchiveFile=";
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith(flag) || System.getProperty("java.vm.info", "").contains("sharing")) continue;
            java.nio.file.Path archive = java.nio.file.Path.of(arg.substring(flag.length()));
            try {
                if (java.nio.file.Files.deleteIfExists(archive)) {
                    System.err.println("Glassbox: " + archive + " did not fit this JVM and was deleted; the next mvn javafx:run makes a new one.");
                }
            } catch (java.io.IOException | SecurityException e) {
                System.err.println("Glassbox: " + archive + " does not fit this JVM; delete it (or run mvn clean) for a faster start.");
            }
        }
    }

    @Override
    public void stop() {
        if (window != null) window.saveLastSession();
        if (worker != null) worker.shutdownNow();
    }
}
