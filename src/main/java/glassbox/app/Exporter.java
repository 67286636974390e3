package glassbox.app;

import glassbox.core.Json;
import glassbox.render.FrameRenderer;
import glassbox.render.Png;
import glassbox.render.Session;
import glassbox.render.Svg;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Export and save: the figure as PNG (at a chosen scale) or SVG, the numbers as JSON, the session;
 * files are written off the FX thread and the status says what was written. Dialogs are owned by
 * the window's stage, so they open over it (also in full screen).
 */
final class Exporter {
    interface Job { String run() throws Exception; }

    private final LabViewModel vm;
    private final AppConfig config;
    private final Supplier<Stage> stage;
    private final Status status;

    /** Where the exporter reports: progress and results, and failures (also shown in a dialog). */
    interface Status {
        void message(String text);
        void problem(String header, String text);
        /** Presentation mode: a native file chooser would take the window out of full screen. */
        boolean presenting();
    }

    Exporter(LabViewModel vm, AppConfig config, Supplier<Stage> stage, Status status) {
        this.vm = vm;
        this.config = config;
        this.stage = stage;
        this.status = status;
    }

    File chooseFile(String title, String ext, String description) {
        if (status.presenting()) return presentationFile(ext);
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + ext));
        if (config.exportFolder != null && config.exportFolder.toFile().isDirectory()) fc.setInitialDirectory(config.exportFolder.toFile());
        fc.setInitialFileName(vm.labProperty().get().id() + "." + ext);
        File f = fc.showSaveDialog(stage.get());
        if (f != null) {
            config.exportFolder = f.toPath().toAbsolutePath().getParent();
            config.save();
        }
        return f;
    }

    /**
     * In presentation mode no file chooser opens (on Linux it takes the window out of full screen): the file goes
     * into the last export folder (else the home folder), named after the lab and the time, and the window says where.
     */
    File presentationFile(String ext) {
        java.nio.file.Path dir = config.exportFolder != null && config.exportFolder.toFile().isDirectory()
                ? config.exportFolder : java.nio.file.Path.of(System.getProperty("user.home"));
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return dir.resolve(vm.labProperty().get().id() + "-" + stamp + "." + ext).toFile();
    }

    void exportPng() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        var s = Dialogs.choice(stage.get(), "Export figure", "Scale for the PNG (2× for slides, 3× for print)", "Scale:",
                config.exportScale + "×", List.of("1×", "2×", "3×"));
        if (s.isEmpty()) return;
        config.exportScale = Integer.parseInt(s.get().substring(0, 1));
        config.save();
        File file = chooseFile("Export figure as PNG", "png", "PNG image");
        if (file == null) return;
        int sc = config.exportScale;
        runInBackground("Exporting " + file.getName() + "…", () -> {
            Png.write(file.toPath(), Png.board(f.figures(), f.request().width(), f.request().height(), sc, f.request().style(), f.request().highlight()));
            return "Wrote " + file + " (" + f.request().width() * sc + "×" + f.request().height() * sc + ")";
        });
    }

    void exportSvg() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        File file = chooseFile("Export figure as SVG", "svg", "SVG vector image");
        if (file == null) return;
        runInBackground("Exporting " + file.getName() + "…", () -> {
            Svg.write(file.toPath(), Svg.board(f.figures(), f.request().width(), f.request().height(),
                    f.request().style(), f.request().highlight()));
            return "Wrote " + file;
        });
    }

    void exportJson() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        File file = chooseFile("Export data as JSON", "json", "JSON");
        if (file == null) return;
        runInBackground("Exporting " + file.getName() + "…", () -> {
            Json.write(file.toPath(), f.computed().json());
            return "Wrote " + file;
        });
    }

    void copyFigure(Image image) {
        if (vm.frameProperty().get() == null || image == null) return;
        ClipboardContent c = new ClipboardContent();
        c.putImage(image);
        Clipboard.getSystemClipboard().setContent(c);
        status.message("Figure copied to the clipboard (" + (int) image.getWidth() + "×" + (int) image.getHeight() + ")");
    }

    /** Saves the session; {@code saved} runs on the FX thread with the file once it is written. */
    void saveSession(Session session, Consumer<java.nio.file.Path> saved) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Glassbox session", "*.json"));
        fc.setInitialFileName(vm.labProperty().get().id() + "-session.json");
        if (config.exportFolder != null && config.exportFolder.toFile().isDirectory()) fc.setInitialDirectory(config.exportFolder.toFile());
        File file = fc.showSaveDialog(stage.get());
        if (file == null) return;
        runInBackground("Saving " + file.getName() + "…", () -> {
            session.write(file.toPath());
            Platform.runLater(() -> saved.accept(file.toPath()));
            return "Saved session " + file;
        });
    }

    private void runInBackground(String what, Job job) {
        status.message(what);
        Task<String> t = new Task<>() {
            @Override protected String call() throws Exception { return job.run(); }
        };
        t.setOnSucceeded(e -> status.message(t.getValue()));
        t.setOnFailed(e -> {
            Throwable ex = t.getException();
            status.problem("Could not export", "Export failed: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()) + " (nothing was written)");
        });
        Thread th = new Thread(t, "glassbox-export");
        th.setDaemon(true);
        th.start();
    }
}
