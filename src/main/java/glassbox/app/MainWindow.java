package glassbox.app;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Json;
import glassbox.core.Nd4jRuntime;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.render.Board;
import glassbox.render.FrameRenderer;
import glassbox.render.Hover;
import glassbox.render.Lab;
import glassbox.render.Labs;
import glassbox.render.Png;
import glassbox.render.Style;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The main window: the list of labs, the current lab's controls, its figures (one image drawn by
 * render, exactly what export writes) and its live numbers; a status bar with the backend and the
 * last recompute time. The FX thread only swaps images and labels.
 */
public final class MainWindow {
    private final LabViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ListView<Lab<?>> labList = new ListView<>();
    private final ScrollPane controlsPane = new ScrollPane();
    private final ComboBox<Preset> presetBox = new ComboBox<>();
    private final ImageView figure = new ImageView();
    private final Pane figurePane = new Pane(figure);
    private final Label hoverLabel = new Label(" ");
    private final GridPane readoutGrid = new GridPane();
    private final Label statusMessage = new Label();
    private final Label timingLabel = new Label();
    private final Label backendNote = new Label();
    private final ProgressIndicator nd4jProgress = new ProgressIndicator();
    private final ComboBox<Backend> backendBox = new ComboBox<>();
    private ParamControls controls;
    private WritableImage image;
    private Stage stage;
    private Path lastFolder;
    private int exportScale = 2;

    public MainWindow(LabViewModel vm) {
        this.vm = vm;
        build();
    }

    public BorderPane root() { return root; }

    public LabViewModel viewModel() { return vm; }

    public void show(Stage stage) {
        show(stage, 1400, 900);
    }

    /** Opens the window at a given size (screenshots use 1600x1000). */
    public void show(Stage stage, double width, double height) {
        this.stage = stage;
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(MainWindow.class.getResource("/glassbox.css").toExternalForm());
        installShortcuts(scene);
        stage.setTitle("Glassbox");
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
        startNd4j();
    }

    private void build() {
        root.getStyleClass().add("glassbox");
        root.setTop(menus());

        labList.getItems().addAll(Labs.all());
        labList.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(Lab<?> lab, boolean empty) {
                super.updateItem(lab, empty);
                setText(empty || lab == null ? null : lab.title());
                setTooltip(empty || lab == null ? null : new Tooltip(lab.summary()));
            }
        });
        labList.setAccessibleText("Labs");
        labList.setPrefWidth(220);
        labList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null && b != vm.labProperty().get()) vm.open(b); });

        presetBox.setPromptText("Presets…");
        presetBox.setMaxWidth(Double.MAX_VALUE);
        presetBox.setAccessibleText("Preset");
        presetBox.setTooltip(new Tooltip("Open a worked example in exactly its configuration (Ctrl+O)."));
        presetBox.setCellFactory(l -> presetCell());
        presetBox.setButtonCell(presetCell());
        presetBox.setOnAction(e -> { Preset p = presetBox.getValue(); if (p != null) vm.openPreset(p); });
        VBox left = new VBox(6, heading("Labs"), labList, heading("Preset"), presetBox, heading("Parameters"), controlsPane);
        left.setPadding(new Insets(8));
        VBox.setVgrow(controlsPane, Priority.ALWAYS);
        labList.setPrefHeight(Math.min(260, 28 * Labs.all().size() + 8));
        controlsPane.setFitToWidth(true);
        controlsPane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        left.setMinWidth(280);
        left.setPrefWidth(330);

        figure.setPreserveRatio(false);
        figure.setAccessibleText("Figures of the current lab");
        figurePane.setMinSize(200, 150);
        figurePane.widthProperty().addListener((o, a, b) -> resize());
        figurePane.heightProperty().addListener((o, a, b) -> resize());
        figurePane.setOnMouseMoved(e -> hover(e.getX(), e.getY()));
        figurePane.setOnMouseExited(e -> { vm.setHighlight(null); hoverLabel.setText(" "); });
        hoverLabel.getStyleClass().add("hover-text");
        hoverLabel.setWrapText(true);
        hoverLabel.setMinHeight(Region.USE_PREF_SIZE);
        VBox center = new VBox(figurePane, hoverLabel);
        VBox.setVgrow(figurePane, Priority.ALWAYS);
        center.setPadding(new Insets(4));

        readoutGrid.setHgap(10);
        readoutGrid.setVgap(6);
        readoutGrid.setPadding(new Insets(8));
        ScrollPane readoutPane = new ScrollPane(readoutGrid);
        readoutPane.setFitToWidth(true);
        VBox right = new VBox(heading("Live numbers"), readoutPane);
        right.setPadding(new Insets(8));
        VBox.setVgrow(readoutPane, Priority.ALWAYS);
        right.setMinWidth(240);
        right.setPrefWidth(330);

        SplitPane split = new SplitPane(left, center, right);
        split.setDividerPositions(0.22, 0.77);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        root.setCenter(split);
        root.setBottom(statusBar());

        vm.frameProperty().addListener((o, a, f) -> showFrame(f));
        vm.readoutsProperty().addListener((o, a, r) -> showReadouts(r));
        vm.errorProperty().addListener((o, a, e) -> {
            statusMessage.setText(e);
            statusMessage.getStyleClass().remove("error");
            if (!e.isEmpty()) statusMessage.getStyleClass().add("error");
        });
        vm.timingProperty().addListener((o, a, t) -> timingLabel.setText(t));
        vm.labProperty().addListener((o, a, lab) -> labChanged(lab));
        vm.valuesProperty().addListener((o, a, v) -> { if (controls != null && v != null) controls.show(v); });
        vm.effectiveBackendProperty().addListener((o, a, b) -> updateBackendNote());

        labList.getSelectionModel().select(0);
    }

    private ListCell<Preset> presetCell() {
        return new ListCell<>() {
            @Override protected void updateItem(Preset p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.title());
                setTooltip(empty || p == null ? null : new Tooltip(p.description()));
            }
        };
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("heading");
        return l;
    }

    private MenuBar menus() {
        MenuItem openPreset = item("Open preset…", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::choosePreset);
        MenuItem exportPng = item("Export figure as PNG…", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::exportPng);
        MenuItem exportJson = item("Export data as JSON…", new KeyCodeCombination(KeyCode.J, KeyCombination.SHORTCUT_DOWN), this::exportJson);
        MenuItem reset = item("Reset lab to defaults", new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN),
                () -> vm.open(vm.labProperty().get()));
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), Platform::exit);
        Menu file = new Menu("_File", null, openPreset, exportPng, exportJson, new SeparatorMenuItem(), reset, new SeparatorMenuItem(), quit);

        MenuItem bigger = item("Larger figure text", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN),
                () -> vm.setStyle(vm.styleProperty().get().withFontScale(Math.min(2.5, vm.styleProperty().get().fontScale() + 0.25))));
        MenuItem smaller = item("Smaller figure text", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN),
                () -> vm.setStyle(vm.styleProperty().get().withFontScale(Math.max(0.75, vm.styleProperty().get().fontScale() - 0.25))));
        MenuItem dark = item("Dark figures on/off", new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN),
                () -> vm.setStyle(vm.styleProperty().get().withDark(!vm.styleProperty().get().dark())));
        Menu view = new Menu("_View", null, bigger, smaller, dark);
        for (int k = 0; k < Math.min(9, Labs.all().size()); k++) {
            Lab<?> lab = Labs.all().get(k);
            view.getItems().add(item((k == 0 ? "" : "") + lab.title(), new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(k + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> labList.getSelectionModel().select(lab)));
        }
        view.getItems().add(3, new SeparatorMenuItem());

        MenuItem formulas = item("Formulas of this lab", new KeyCodeCombination(KeyCode.F1), this::showFormulas);
        MenuItem about = item("About Glassbox", null, this::showAbout);
        Menu help = new Menu("_Help", null, formulas, about);
        return new MenuBar(file, view, help);
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) m.setAccelerator(key);
        m.setOnAction(e -> action.run());
        return m;
    }

    private void installShortcuts(Scene scene) {
        // Escape clears the pointed-at highlight.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> { vm.setHighlight(null); hoverLabel.setText(" "); });
    }

    private HBox statusBar() {
        backendBox.getItems().addAll(Backend.values());
        backendBox.setValue(Backend.ND4J_CPU);
        backendBox.setAccessibleText("Compute backend");
        backendBox.setTooltip(new Tooltip("Where the heavy arithmetic runs. ND4J CUDA needs a build with -Pgpu and a CUDA 11.6 device."));
        backendBox.setCellFactory(l -> backendCell());
        backendBox.setButtonCell(backendCell());
        backendBox.setOnAction(e -> { vm.setBackend(backendBox.getValue()); updateBackendNote(); });
        nd4jProgress.setPrefSize(16, 16);
        nd4jProgress.setMaxSize(16, 16);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        statusMessage.getStyleClass().add("status-message");
        HBox bar = new HBox(10, new Label("Backend:"), backendBox, nd4jProgress, backendNote, grow, statusMessage, timingLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private ListCell<Backend> backendCell() {
        return new ListCell<>() {
            @Override protected void updateItem(Backend b, boolean empty) {
                super.updateItem(b, empty);
                setText(empty || b == null ? null : b.label());
            }
        };
    }

    private void startNd4j() {
        nd4jProgress.setVisible(true);
        backendNote.setText("ND4J starting… (plain Java meanwhile)");
        Nd4jRuntime.startAsync().whenComplete((b, e) -> Platform.runLater(() -> {
            nd4jProgress.setVisible(false);
            nd4jProgress.setManaged(false);
            if (e != null) {
                backendNote.setText("ND4J failed to start: plain Java only");
                backendNote.setTooltip(new Tooltip(String.valueOf(e.getCause() != null ? e.getCause() : e)));
            }
            updateBackendNote();
            vm.refresh();
        }));
    }

    private void updateBackendNote() {
        if (!Nd4jRuntime.ready()) return;
        Backend wanted = backendBox.getValue();
        Backend loaded = Nd4jRuntime.startAsync().join();
        if (wanted == Backend.ND4J_CUDA && loaded != Backend.ND4J_CUDA) {
            backendNote.setText("CUDA not available (build with -Pgpu on a machine with a CUDA device): using ND4J CPU");
        } else if (wanted == Backend.ND4J_CPU && loaded == Backend.ND4J_CUDA) {
            backendNote.setText("This build loaded ND4J CUDA: using the GPU");
        } else {
            backendNote.setText("in use: " + vm.effectiveBackendProperty().get().label());
        }
    }

    private void labChanged(Lab<?> lab) {
        if (lab == null) return;
        if (labList.getSelectionModel().getSelectedItem() != lab) labList.getSelectionModel().select(lab);
        controls = new ParamControls(lab.params(), vm::set);
        controlsPane.setContent(controls.node());
        if (vm.valuesProperty().get() != null) controls.show(vm.valuesProperty().get());
        presetBox.setOnAction(null);
        presetBox.getItems().setAll(lab.presets());
        presetBox.setValue(null);
        presetBox.setOnAction(e -> { Preset p = presetBox.getValue(); if (p != null) vm.openPreset(p); });
        hoverLabel.setText(" ");
        if (stage != null) stage.setTitle("Glassbox — " + lab.title());
    }

    private void resize() {
        int w = (int) figurePane.getWidth(), h = (int) figurePane.getHeight();
        if (w > 0 && h > 0) vm.setSize(w, h);
    }

    private void showFrame(FrameRenderer.Frame f) {
        if (f == null) return;
        BufferedImage img = f.image();
        int w = img.getWidth(), h = img.getHeight();
        if (image == null || image.getWidth() != w || image.getHeight() != h) image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), Board.pixels(img), 0, w);
        figure.setImage(image);
        figure.setFitWidth(w);
        figure.setFitHeight(h);
    }

    private void showReadouts(List<Readout> readouts) {
        readoutGrid.getChildren().clear();
        int row = 0;
        for (Readout r : readouts) {
            Label name = new Label(r.label());
            name.getStyleClass().add("readout-label");
            name.setWrapText(true);
            Label value = new Label(r.value());
            value.getStyleClass().add(r.warning() ? "readout-warning" : "readout-value");
            value.setWrapText(true);
            Tooltip t = new Tooltip(r.help());
            t.setWrapText(true);
            t.setMaxWidth(400);
            name.setTooltip(t);
            value.setTooltip(t);
            VBox cell = new VBox(1, name, value);
            cell.setAccessibleText(r.label() + ": " + r.value());
            readoutGrid.add(cell, 0, row++);
        }
    }

    private void hover(double x, double y) {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        Hover h = Board.hover(f.computed().figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
        hoverLabel.setText(h == null ? " " : h.text());
        vm.setHighlight(h == null ? null : h.highlight());
    }

    private void choosePreset() {
        Lab<?> lab = vm.labProperty().get();
        if (lab == null || lab.presets().isEmpty()) return;
        ChoiceDialog<Preset> d = new ChoiceDialog<>(lab.presets().get(0), lab.presets());
        d.setTitle("Open preset");
        d.setHeaderText("Presets of " + lab.title());
        d.setContentText("Preset:");
        d.showAndWait().ifPresent(p -> presetBox.setValue(p));
    }

    private File chooseFile(String title, String ext, String description) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + ext));
        if (lastFolder != null && lastFolder.toFile().isDirectory()) fc.setInitialDirectory(lastFolder.toFile());
        fc.setInitialFileName(vm.labProperty().get().id() + "." + ext);
        File f = fc.showSaveDialog(stage);
        if (f != null) lastFolder = f.toPath().toAbsolutePath().getParent();
        return f;
    }

    private void exportPng() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        ChoiceDialog<String> scale = new ChoiceDialog<>(exportScale + "×", List.of("1×", "2×", "3×"));
        scale.setTitle("Export figure");
        scale.setHeaderText("Scale for the PNG (2× for slides, 3× for print)");
        scale.setContentText("Scale:");
        var s = scale.showAndWait();
        if (s.isEmpty()) return;
        exportScale = Integer.parseInt(s.get().substring(0, 1));
        File file = chooseFile("Export figure as PNG", "png", "PNG image");
        if (file == null) return;
        int sc = exportScale;
        runInBackground("Exporting " + file.getName() + "…", () -> {
            Png.write(file.toPath(), Png.board(f.computed().figures(), f.request().width(), f.request().height(), sc, f.request().style(), f.request().highlight()));
            return "Wrote " + file + " (" + f.request().width() * sc + "×" + f.request().height() * sc + ")";
        });
    }

    private void exportJson() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        File file = chooseFile("Export data as JSON", "json", "JSON");
        if (file == null) return;
        runInBackground("Exporting " + file.getName() + "…", () -> {
            Json.write(file.toPath(), f.computed().json());
            return "Wrote " + file;
        });
    }

    interface Job { String run() throws Exception; }

    private void runInBackground(String what, Job job) {
        statusMessage.setText(what);
        Task<String> t = new Task<>() {
            @Override protected String call() throws Exception { return job.run(); }
        };
        t.setOnSucceeded(e -> statusMessage.setText(t.getValue()));
        t.setOnFailed(e -> {
            Throwable ex = t.getException();
            String msg = "Export failed: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()) + " (nothing was written)";
            statusMessage.setText(msg);
            Alert a = new Alert(Alert.AlertType.ERROR, msg, ButtonType.OK);
            a.setHeaderText("Could not export");
            a.show();
        });
        Thread th = new Thread(t, "glassbox-export");
        th.setDaemon(true);
        th.start();
    }

    private void showFormulas() {
        Lab<?> lab = vm.labProperty().get();
        if (lab == null) return;
        TextArea text = new TextArea(lab.formulas());
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefSize(720, 360);
        text.getStyleClass().add("formulas");
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle("Formulas");
        a.setHeaderText(lab.title());
        a.getDialogPane().setContent(text);
        a.show();
    }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle("About Glassbox");
        a.setHeaderText("Glassbox 0.1.0");
        a.setContentText("Neural-network mechanics made visible: every figure recomputes live as you move a slider, "
                + "and exports exactly as seen.\nLabs: " + Labs.all().size() + ". Backend: " + vm.effectiveBackendProperty().get().label() + ".");
        a.show();
    }

    /** For tests: the currently displayed image size. */
    int[] imageSize() {
        return image == null ? new int[]{0, 0} : new int[]{(int) image.getWidth(), (int) image.getHeight()};
    }

    static String count(long n) { return Fmt.count(n); }

    static Map<String, String> none() { return Map.of(); }
}
