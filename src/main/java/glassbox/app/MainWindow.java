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
import javafx.scene.control.CheckMenuItem;
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
import javafx.scene.input.KeyEvent;
import javafx.scene.text.TextFlow;
import glassbox.render.Lesson;
import glassbox.render.Session;
import glassbox.render.StateFileException;
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
    private final ProgressIndicator busyIndicator = new ProgressIndicator();
    private final Label busyLabel = new Label("Computing…");
    private final javafx.animation.PauseTransition busyDelay = new javafx.animation.PauseTransition(javafx.util.Duration.millis(250));
    private ParamControls controls;
    private WritableImage image;
    private Stage stage;
    private final AppConfig config;
    private final Menu recentMenu = new Menu("Recent sessions");
    private HBox statusBar;
    private final double[] keyPointer = {-1, -1};
    /** How far the board is scrolled down (logical pixels): non-zero only when it is taller than the pane. */
    private double boardScroll;
    private VBox leftPane;
    private final VBox lessonBar = new VBox(4);
    private final Label lessonTitle = new Label();
    private final TextFlow caption = new TextFlow();
    private Lesson lesson;
    private int step;
    private boolean presenting;
    private boolean presentDark = true;
    private Style styleBeforePresenting;
    private final CheckMenuItem formulasItem = new CheckMenuItem("Formulas under the figures");
    private final CheckMenuItem presentItem = new CheckMenuItem("Presentation mode");

    public MainWindow(LabViewModel vm) {
        this(vm, AppConfig.load(AppConfig.defaultDir()));
    }

    MainWindow(LabViewModel vm, AppConfig config) {
        this.vm = vm;
        this.config = config;
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
        stage.fullScreenProperty().addListener((o, a, full) -> { if (!full && presenting) togglePresentation(); });
        stage.show();
        startNd4jAfterFirstFrame();
    }

    /** Reopens where the user left off (a damaged file is reported, never fatal). */
    public void restoreLastSession() {
        Path last = config.lastSession();
        if (!java.nio.file.Files.isRegularFile(last)) return;
        try {
            apply(Session.read(last));
        } catch (StateFileException e) {
            statusMessage.setText("Could not reopen the last session: " + e.getMessage());
        }
    }

    /** Saves the current state for the next start. */
    public void saveLastSession() {
        try {
            java.nio.file.Files.createDirectories(config.dir);
            currentSession().write(config.lastSession());
        } catch (Exception e) {
            // Losing the automatic save must not stop quitting.
        }
    }

    Session currentSession() {
        Style st = presenting && styleBeforePresenting != null ? styleBeforePresenting : vm.styleProperty().get();
        return new Session(vm.labProperty().get(), vm.valuesProperty().get(), st, vm.backendProperty().get());
    }

    void apply(Session session) {
        vm.setStyle(session.style());
        formulasItem.setSelected(session.style().formulas());
        backendBox.setValue(session.backend());
        vm.setBackend(session.backend());
        if (session.lab() != vm.labProperty().get()) vm.open(session.lab());
        vm.setValues(session.values());
        applyTheme();
    }

    private void build() {
        root.getStyleClass().add("glassbox");
        root.setTop(menus());

        labList.getItems().addAll(Labs.all());
        labList.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(Lab<?> lab, boolean empty) {
                super.updateItem(lab, empty);
                setText(empty || lab == null ? null : lab.title());
                setTooltip(empty || lab == null ? null : new Tooltip(lab.title() + ": " + lab.summary()));
                // Cells follow the list's width (long titles end in "…") instead of adding a horizontal scroll bar.
                setPrefWidth(0);
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
        labList.setPrefHeight(Math.min(260, 26 * Labs.all().size() + 8));
        labList.setMinHeight(Region.USE_PREF_SIZE);
        controlsPane.setFitToWidth(true);
        controlsPane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        left.setMinWidth(280);
        left.setPrefWidth(330);
        leftPane = left;

        figure.setPreserveRatio(false);
        figure.setAccessibleText("Figures of the current lab");
        figurePane.setMinSize(200, 150);
        figurePane.widthProperty().addListener((o, a, b) -> resize());
        figurePane.heightProperty().addListener((o, a, b) -> resize());
        // A board taller than the pane (figures kept at a legible size, issue 16) scrolls; pointer positions are board positions.
        javafx.scene.shape.Rectangle boardClip = new javafx.scene.shape.Rectangle();
        boardClip.widthProperty().bind(figurePane.widthProperty());
        boardClip.heightProperty().bind(figurePane.heightProperty());
        figurePane.setClip(boardClip);
        figurePane.setOnScroll(e -> { scrollBoard(boardScroll - e.getDeltaY()); e.consume(); });
        figurePane.setOnMouseMoved(e -> hover(e.getX(), e.getY() + boardScroll));
        // Editable figures (a signal drawn by hand): press and drag change parameters.
        figurePane.setOnMousePressed(e -> { if (e.isPrimaryButtonDown()) drag(e.getX(), e.getY() + boardScroll); });
        figurePane.setOnMouseDragged(e -> { if (e.isPrimaryButtonDown()) drag(e.getX(), e.getY() + boardScroll); });
        figurePane.setOnMouseExited(e -> { vm.setHighlight(null); hoverLabel.setText(" "); });
        // Keyboard pointing: Tab to the figures, arrows move a pointer (Shift: finely), Enter draws there.
        figurePane.setFocusTraversable(true);
        figurePane.getStyleClass().add("figure-pane");
        figurePane.setAccessibleText("Figures: use the arrow keys to point at values");
        figurePane.setOnMouseClicked(e -> figurePane.requestFocus());
        figurePane.setOnKeyPressed(e -> {
            double step = e.isShiftDown() ? 2 : 12;
            switch (e.getCode()) {
                case LEFT -> keyPointer[0] -= step;
                case RIGHT -> keyPointer[0] += step;
                case UP -> keyPointer[1] -= step;
                case DOWN -> keyPointer[1] += step;
                case ENTER, SPACE -> { drag(keyPointer[0], keyPointer[1] + boardScroll); e.consume(); return; }
                default -> { return; }
            }
            keyPointer[0] = Math.max(0, Math.min(figurePane.getWidth() - 1, keyPointer[0]));
            keyPointer[1] = Math.max(0, Math.min(figurePane.getHeight() - 1, keyPointer[1]));
            hover(keyPointer[0], keyPointer[1] + boardScroll);
            e.consume();
        });
        figurePane.focusedProperty().addListener((o, a, f) -> {
            if (f && keyPointer[0] < 0) { keyPointer[0] = figurePane.getWidth() / 3; keyPointer[1] = figurePane.getHeight() / 3; }
        });
        hoverLabel.getStyleClass().add("hover-text");
        hoverLabel.setWrapText(true);
        // A fixed three lines: a hover text of another length must not resize the board (figures jumped under the pointer).
        hoverLabel.setStyle("-fx-min-height: 4em; -fx-pref-height: 4em; -fx-max-height: 4em;");
        buildLessonBar();
        figurePane.setOnContextMenuRequested(e -> figureMenu(e.getX(), e.getY() + boardScroll).show(figurePane, e.getScreenX(), e.getScreenY()));
        VBox center = new VBox(lessonBar, figurePane, hoverLabel);
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
        statusBar = statusBar();
        root.setBottom(statusBar);

        vm.frameProperty().addListener((o, a, f) -> showFrame(f));
        vm.readoutsProperty().addListener((o, a, r) -> showReadouts(r));
        vm.errorProperty().addListener((o, a, e) -> {
            statusMessage.setText(e);
            statusMessage.getStyleClass().remove("error");
            if (!e.isEmpty()) statusMessage.getStyleClass().add("error");
        });
        vm.timingProperty().addListener((o, a, t) -> timingLabel.setText(t));
        // Slow computations (timing runs, huge layers) show progress after a quarter second; fast ones never flicker.
        busyDelay.setOnFinished(e -> showBusy(vm.busyProperty().get()));
        vm.busyProperty().addListener((o, a, b) -> { if (b) busyDelay.playFromStart(); else { busyDelay.stop(); showBusy(false); } });
        vm.labProperty().addListener((o, a, lab) -> labChanged(lab));
        vm.valuesProperty().addListener((o, a, v) -> { if (controls != null && belongsToLab(v)) controls.show(v); });
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
        MenuItem exportSvg = item("Export figure as SVG…", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::exportSvg);
        MenuItem copy = item("Copy figure", new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::copyFigure);
        MenuItem openSession = item("Open session…", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::openSession);
        MenuItem saveSession = item("Save session…", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::saveSession);
        updateRecentMenu();
        MenuItem reset = item("Reset lab to defaults", new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN),
                () -> vm.open(vm.labProperty().get()));
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), () -> { saveLastSession(); Platform.exit(); });
        Menu file = new Menu("_File", null, openPreset, openSession, saveSession, recentMenu, new SeparatorMenuItem(),
                exportPng, exportSvg, exportJson, copy, new SeparatorMenuItem(), reset, new SeparatorMenuItem(), quit);

        MenuItem bigger = item("Larger figure text", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN),
                () -> vm.setStyle(vm.styleProperty().get().withFontScale(Math.min(2.5, vm.styleProperty().get().fontScale() + 0.25))));
        MenuItem smaller = item("Smaller figure text", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN),
                () -> vm.setStyle(vm.styleProperty().get().withFontScale(Math.max(0.75, vm.styleProperty().get().fontScale() - 0.25))));
        MenuItem dark = item("Dark theme on/off", new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN), this::toggleDark);
        presentItem.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        presentItem.setOnAction(e -> togglePresentation());
        formulasItem.setSelected(true);
        formulasItem.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        formulasItem.setOnAction(e -> vm.setStyle(vm.styleProperty().get().withFormulas(formulasItem.isSelected())));
        Menu magnitude = paletteMenu("Palette for magnitudes", glassbox.render.Palette.MAGNITUDE, true);
        Menu signed = paletteMenu("Palette for signed values", glassbox.render.Palette.SIGNED, false);
        Menu view = new Menu("_View", null, presentItem, dark, bigger, smaller, formulasItem, magnitude, signed);
        for (int k = 0; k < Math.min(9, Labs.all().size()); k++) {
            Lab<?> lab = Labs.all().get(k);
            view.getItems().add(item((k == 0 ? "" : "") + lab.title(), new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(k + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> labList.getSelectionModel().select(lab)));
        }
        view.getItems().add(7, new SeparatorMenuItem());

        MenuItem formulas = item("Formulas of this lab", new KeyCodeCombination(KeyCode.F1), this::showFormulas);
        MenuItem about = item("About Glassbox", null, this::showAbout);
        Menu help = new Menu("_Help", null, formulas, about);
        Menu lessons = new Menu("_Lessons");
        // Reading and checking every shipped lesson takes most of a second: off the FX thread, after start.
        MenuItem loading = new MenuItem("Loading lessons…");
        loading.setDisable(true);
        lessons.getItems().add(loading);
        Thread loader = new Thread(() -> {
            List<Lesson> shipped = Lesson.shipped();
            Platform.runLater(() -> {
                int at = lessons.getItems().indexOf(loading);
                lessons.getItems().remove(loading);
                for (Lesson l : shipped) lessons.getItems().add(at++, item(l.title(), null, () -> startLesson(l)));
            });
        }, "glassbox-lessons");
        loader.setDaemon(true);
        // Started once the window is up: on two cores it would otherwise slow the first show.
        Platform.runLater(loader::start);
        lessons.getItems().addAll(new SeparatorMenuItem(),
                item("Open lesson file…", new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), this::openLessonFile),
                item("Next step", new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHORTCUT_DOWN), () -> step(+1)),
                item("Previous step", new KeyCodeCombination(KeyCode.LEFT, KeyCombination.SHORTCUT_DOWN), () -> step(-1)),
                item("Reset step", null, this::resetStep),
                item("Close lesson", null, this::closeLesson));
        return new MenuBar(file, view, lessons, help);
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) m.setAccelerator(key);
        m.setOnAction(e -> action.run());
        return m;
    }

    private void installShortcuts(Scene scene) {
        // Escape leaves presentation mode, or clears the pointed-at highlight.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (presenting) togglePresentation();
            vm.setHighlight(null);
            hoverLabel.setText(" ");
        });
        // Lesson steps: Page Down/Up (presentation clickers send these) always; plain arrows unless a control uses them.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (lesson == null || e.isShortcutDown() || e.isAltDown()) return;
            javafx.scene.Node focus = scene.getFocusOwner();
            boolean controlWantsArrows = focus == figurePane || focus instanceof javafx.scene.control.Slider || focus instanceof javafx.scene.control.TextInputControl
                    || focus instanceof ComboBox || focus instanceof ListView || focus instanceof javafx.scene.control.CheckBox;
            if (e.getCode() == KeyCode.PAGE_DOWN || (e.getCode() == KeyCode.RIGHT && !controlWantsArrows)) { step(+1); e.consume(); }
            else if (e.getCode() == KeyCode.PAGE_UP || (e.getCode() == KeyCode.LEFT && !controlWantsArrows)) { step(-1); e.consume(); }
        });
    }

    private Menu paletteMenu(String title, List<String> palettes, boolean magnitude) {
        Menu m = new Menu(title);
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        for (String p : palettes) {
            javafx.scene.control.RadioMenuItem r = new javafx.scene.control.RadioMenuItem(p);
            r.setToggleGroup(group);
            r.setSelected(p.equals(magnitude ? Style.DEFAULT.magnitudePalette() : Style.DEFAULT.signedPalette()));
            r.setOnAction(e -> {
                Style st = vm.styleProperty().get();
                vm.setStyle(magnitude ? st.withPalettes(p, st.signedPalette()) : st.withPalettes(st.magnitudePalette(), p));
            });
            m.getItems().add(r);
        }
        return m;
    }

    /** Right-click on a figure: its own palette, copy, export. */
    private javafx.scene.control.ContextMenu figureMenu(double x, double y) {
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f != null) {
            int i = Board.figureAt(f.computed().figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
            if (i >= 0) {
                String title = f.computed().figures().get(i).title();
                Menu pal = new Menu("Palette for “" + title + "”");
                javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
                String current = vm.styleProperty().get().figurePalettes().get(title);
                List<String> choices = new java.util.ArrayList<>(List.of("default"));
                for (String p : glassbox.render.Palette.MAGNITUDE) if (!choices.contains(p)) choices.add(p);
                for (String p : glassbox.render.Palette.SIGNED) if (!choices.contains(p)) choices.add(p);
                for (String p : choices) {
                    javafx.scene.control.RadioMenuItem r = new javafx.scene.control.RadioMenuItem(p);
                    r.setToggleGroup(group);
                    r.setSelected(p.equals(current == null ? "default" : current));
                    r.setOnAction(e -> vm.setStyle(vm.styleProperty().get().withFigurePalette(title, p.equals("default") ? null : p)));
                    pal.getItems().add(r);
                }
                menu.getItems().add(pal);
            }
        }
        menu.getItems().addAll(item("Copy figure", null, this::copyFigure), item("Export figure as PNG…", null, this::exportPng),
                item("Export figure as SVG…", null, this::exportSvg));
        return menu;
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
        busyIndicator.setPrefSize(16, 16);
        busyIndicator.setMaxSize(16, 16);
        showBusy(false);
        HBox bar = new HBox(10, new Label("Backend:"), backendBox, nd4jProgress, backendNote, grow, statusMessage, busyIndicator, busyLabel, timingLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void showBusy(boolean b) {
        busyIndicator.setVisible(b);
        busyLabel.setVisible(b);
        figurePane.setCursor(b ? javafx.scene.Cursor.WAIT : javafx.scene.Cursor.DEFAULT);
    }

    private ListCell<Backend> backendCell() {
        return new ListCell<>() {
            @Override protected void updateItem(Backend b, boolean empty) {
                super.updateItem(b, empty);
                setText(empty || b == null ? null : b.label());
            }
        };
    }

    /**
     * ND4J's start (native loading, ~1 s of CPU) waits for the first figure, which plain Java draws
     * meanwhile: on two cores starting both at once delays the first figure by about as much.
     */
    private void startNd4jAfterFirstFrame() {
        if (vm.frameProperty().get() != null || !vm.errorProperty().get().isEmpty()) { startNd4j(); return; }
        javafx.beans.InvalidationListener once = new javafx.beans.InvalidationListener() {
            @Override public void invalidated(javafx.beans.Observable o) {
                vm.frameProperty().removeListener(this);
                vm.errorProperty().removeListener(this);
                Platform.runLater(MainWindow.this::startNd4j);
            }
        };
        vm.frameProperty().addListener(once);
        vm.errorProperty().addListener(once);
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
        rebuildControls();
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
        figure.setAccessibleText(f.request().lab().title() + ": " + String.join("; ",
                f.computed().figures().stream().map(glassbox.render.Figure::title).toList()));
        figure.setFitWidth(w);
        figure.setFitHeight(h);
        scrollBoard(boardScroll);
    }

    private void scrollBoard(double to) {
        double room = figure.getImage() == null ? 0 : Math.max(0, figure.getImage().getHeight() - figurePane.getHeight());
        boardScroll = Math.max(0, Math.min(room, to));
        figure.setTranslateY(-boardScroll);
    }

    private void showReadouts(List<Readout> readouts) {
        readoutGrid.getChildren().clear();
        int row = 0;
        FrameRenderer.Frame frame = vm.frameProperty().get();
        if (frame != null && !frame.computed().actions().isEmpty()) {
            VBox actions = new VBox(4);
            List<glassbox.render.LabAction> all = frame.computed().actions();
            // A few buttons; a long list (a deep CNN's layers) goes into one menu so the numbers stay in view.
            int buttons = all.size() <= 4 ? all.size() : 3;
            for (glassbox.render.LabAction a : all.subList(0, buttons)) {
                javafx.scene.control.Button b = new javafx.scene.control.Button(a.label());
                b.setMaxWidth(Double.MAX_VALUE);
                b.setWrapText(true);
                b.setTooltip(new Tooltip(a.help()));
                b.setOnAction(e -> runAction(a));
                actions.getChildren().add(b);
            }
            if (buttons < all.size()) {
                javafx.scene.control.MenuButton more = new javafx.scene.control.MenuButton("More (" + (all.size() - buttons) + ")…");
                more.setMaxWidth(Double.MAX_VALUE);
                for (glassbox.render.LabAction a : all.subList(buttons, all.size())) more.getItems().add(item(a.label(), null, () -> runAction(a)));
                actions.getChildren().add(more);
            }
            readoutGrid.add(actions, 0, row++);
        }
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

    private void runAction(glassbox.render.LabAction a) {
        if (a.copyText() != null) {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(a.copyText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            statusMessage.setText("Copied to the clipboard: " + a.label());
            return;
        }
        try {
            Lab<?> target = Labs.get(a.lab());
            if (target != vm.labProperty().get()) vm.open(target);
            vm.setAll(a.settings());
        } catch (glassbox.core.ParamException ex) {
            problem("Could not open " + a.lab(), ex.getMessage());
        }
    }

    private void hover(double x, double y) {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        Hover h = Board.hover(f.computed().figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
        hoverLabel.setText(h == null ? " " : h.text());
        vm.setHighlight(h == null ? null : h.highlight());
    }

    private void drag(double x, double y) {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        int i = Board.figureAt(f.computed().figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
        if (i < 0) return;
        java.awt.Rectangle area = Board.layout(f.computed().figures(), f.request().width(), f.request().height(), f.request().style()).get(i);
        Map<String, String> change = f.computed().figures().get(i).drag(area, f.request().style(), x, y);
        if (change != null && !change.isEmpty()) {
            try {
                vm.setAll(change);
            } catch (glassbox.core.ParamException ex) {
                statusMessage.setText(ex.getMessage());
            }
        }
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
        if (config.exportFolder != null && config.exportFolder.toFile().isDirectory()) fc.setInitialDirectory(config.exportFolder.toFile());
        fc.setInitialFileName(vm.labProperty().get().id() + "." + ext);
        File f = fc.showSaveDialog(stage);
        if (f != null) {
            config.exportFolder = f.toPath().toAbsolutePath().getParent();
            config.save();
        }
        return f;
    }

    private void exportPng() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        ChoiceDialog<String> scale = new ChoiceDialog<>(config.exportScale + "×", List.of("1×", "2×", "3×"));
        scale.setTitle("Export figure");
        scale.setHeaderText("Scale for the PNG (2× for slides, 3× for print)");
        scale.setContentText("Scale:");
        var s = scale.showAndWait();
        if (s.isEmpty()) return;
        config.exportScale = Integer.parseInt(s.get().substring(0, 1));
        config.save();
        File file = chooseFile("Export figure as PNG", "png", "PNG image");
        if (file == null) return;
        int sc = config.exportScale;
        runInBackground("Exporting " + file.getName() + "…", () -> {
            Png.write(file.toPath(), Png.board(f.computed().figures(), f.request().width(), f.request().height(), sc, f.request().style(), f.request().highlight()));
            return "Wrote " + file + " (" + f.request().width() * sc + "×" + f.request().height() * sc + ")";
        });
    }

    private void exportSvg() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        File file = chooseFile("Export figure as SVG", "svg", "SVG vector image");
        if (file == null) return;
        runInBackground("Exporting " + file.getName() + "…", () -> {
            glassbox.render.Svg.write(file.toPath(), glassbox.render.Svg.board(f.computed().figures(), f.request().width(), f.request().height(),
                    f.request().style(), f.request().highlight()));
            return "Wrote " + file;
        });
    }

    private void copyFigure() {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null || image == null) return;
        javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
        c.putImage(image);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        statusMessage.setText("Figure copied to the clipboard (" + (int) image.getWidth() + "×" + (int) image.getHeight() + ")");
    }

    private void saveSession() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Glassbox session", "*.json"));
        fc.setInitialFileName(vm.labProperty().get().id() + "-session.json");
        if (config.exportFolder != null && config.exportFolder.toFile().isDirectory()) fc.setInitialDirectory(config.exportFolder.toFile());
        File file = fc.showSaveDialog(stage);
        if (file == null) return;
        Session session = currentSession();
        runInBackground("Saving " + file.getName() + "…", () -> {
            session.write(file.toPath());
            Platform.runLater(() -> { config.addRecent(file.toPath()); updateRecentMenu(); });
            return "Saved session " + file;
        });
    }

    private void openSession() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Glassbox session", "*.json"));
        File file = fc.showOpenDialog(stage);
        if (file != null) openSession(file.toPath());
    }

    /** Opens a session file; a bad file is explained and nothing the user had open changes. */
    boolean openSession(Path file) {
        try {
            apply(Session.read(file));
            config.addRecent(file);
            updateRecentMenu();
            statusMessage.setText("Opened session " + file.getFileName());
            return true;
        } catch (StateFileException e) {
            problem("Could not open the session", e.getMessage());
            return false;
        }
    }

    private void updateRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : config.recent) recentMenu.getItems().add(item(p.getFileName() + "  —  " + p.getParent(), null, () -> openSession(p)));
        recentMenu.setDisable(config.recent.isEmpty());
    }

    private void problem(String header, String message) {
        statusMessage.setText(message);
        statusMessage.getStyleClass().remove("error");
        statusMessage.getStyleClass().add("error");
        if (stage != null && stage.isShowing()) {
            Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
            a.setHeaderText(header);
            a.initOwner(stage);
            a.show();
        }
    }

    // ----- lessons -----

    private void buildLessonBar() {
        lessonTitle.getStyleClass().add("lesson-title");
        caption.getStyleClass().add("lesson-caption");
        javafx.scene.control.Button prev = new javafx.scene.control.Button("◀ Previous");
        javafx.scene.control.Button reset = new javafx.scene.control.Button("Reset step");
        javafx.scene.control.Button next = new javafx.scene.control.Button("Next ▶");
        javafx.scene.control.Button close = new javafx.scene.control.Button("Close lesson");
        prev.setOnAction(e -> step(-1));
        next.setOnAction(e -> step(+1));
        reset.setOnAction(e -> resetStep());
        close.setOnAction(e -> closeLesson());
        prev.setTooltip(new Tooltip("Previous step (← or Page Up)"));
        next.setTooltip(new Tooltip("Next step (→ or Page Down)"));
        reset.setTooltip(new Tooltip("Return this step's parameters to where the lesson set them"));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        for (javafx.scene.control.Button b : List.of(prev, reset, next, close)) b.setMinWidth(Region.USE_PREF_SIZE);
        lessonTitle.setMinWidth(0);
        HBox.setHgrow(lessonTitle, Priority.SOMETIMES);
        HBox top = new HBox(8, lessonTitle, grow, prev, reset, next, close);
        top.setAlignment(Pos.CENTER_LEFT);
        lessonBar.getChildren().addAll(top, caption);
        lessonBar.setPadding(new Insets(6, 8, 6, 8));
        lessonBar.getStyleClass().add("lesson-bar");
        lessonBar.setVisible(false);
        lessonBar.setManaged(false);
    }

    public void startLesson(Lesson l) {
        lesson = l;
        step = 0;
        lessonBar.setVisible(true);
        lessonBar.setManaged(true);
        showStep();
    }

    private void openLessonFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open lesson");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Glassbox lesson", "*.json"));
        File file = fc.showOpenDialog(stage);
        if (file == null) return;
        try {
            startLesson(Lesson.read(file.toPath()));
        } catch (StateFileException e) {
            problem("Could not open the lesson", e.getMessage());
        }
    }

    void step(int delta) {
        if (lesson == null) return;
        int next = Math.max(0, Math.min(lesson.steps().size() - 1, step + delta));
        if (next == step) return;
        step = next;
        showStep();
    }

    void resetStep() {
        if (lesson != null) showStep();
    }

    void closeLesson() {
        lesson = null;
        lessonBar.setVisible(false);
        lessonBar.setManaged(false);
        rebuildControls();
    }

    Lesson lesson() { return lesson; }

    int stepIndex() { return step; }

    boolean presenting() { return presenting; }

    private void showStep() {
        Lesson.Step st = lesson.steps().get(step);
        if (st.lab() != vm.labProperty().get()) vm.open(st.lab());
        vm.setValues(st.values());
        lessonTitle.setText(lesson.title() + "  ·  step " + (step + 1) + " of " + lesson.steps().size() + ": " + st.title());
        caption.getChildren().setAll(captionNodes(st.caption(), presenting ? 22 : 15));
        rebuildControls();
    }

    /** Caption text with $…$ formulas typeset inline. */
    private List<javafx.scene.Node> captionNodes(String text, double size) {
        List<javafx.scene.Node> out = new java.util.ArrayList<>();
        String[] parts = text.split("\\$", -1);
        java.awt.Color ink = presenting && presentDark ? new java.awt.Color(0xe8e8e8) : new java.awt.Color(0x202020);
        for (int k = 0; k < parts.length; k++) {
            if (parts[k].isEmpty()) continue;
            if (k % 2 == 0) {
                javafx.scene.text.Text t = new javafx.scene.text.Text(parts[k]);
                t.getStyleClass().add("caption-text");
                t.setStyle("-fx-font-size: " + size + "px;");
                out.add(t);
            } else {
                BufferedImage img = glassbox.render.Latex.image(parts[k], (float) (size * 1.15), ink);
                ImageView iv = new ImageView(javafx.embed.swing.SwingFXUtils.toFXImage(img, null));
                iv.setTranslateY(img.getHeight() * 0.25);
                out.add(iv);
            }
        }
        return out;
    }

    /** While the lab switches, the values of the old lab may still be current for a moment. */
    private boolean belongsToLab(glassbox.core.Values v) {
        Lab<?> lab = vm.labProperty().get();
        return v != null && lab != null && v.params().equals(lab.params());
    }

    private void rebuildControls() {
        Lab<?> lab = vm.labProperty().get();
        if (lab == null) return;
        List<String> only = presenting && lesson != null && lesson.steps().get(step).lab() == lab ? lesson.steps().get(step).controls() : null;
        controls = new ParamControls(lab.params(), vm::set, only);
        controlsPane.setContent(controls.node());
        if (belongsToLab(vm.valuesProperty().get())) controls.show(vm.valuesProperty().get());
    }

    // ----- presentation mode and theme -----

    void togglePresentation() {
        presenting = !presenting;
        presentItem.setSelected(presenting);
        if (presenting) {
            styleBeforePresenting = vm.styleProperty().get();
            vm.setStyle(styleBeforePresenting.withFontScale(Math.max(1.8, styleBeforePresenting.fontScale())).withDark(presentDark));
            root.setBottom(null);
            for (javafx.scene.Node n : leftPane.getChildren().subList(0, 4)) { n.setVisible(false); n.setManaged(false); }
        } else {
            if (styleBeforePresenting != null) vm.setStyle(styleBeforePresenting);
            root.setBottom(statusBar);
            for (javafx.scene.Node n : leftPane.getChildren().subList(0, 4)) { n.setVisible(true); n.setManaged(true); }
        }
        applyTheme();
        if (lesson != null) showStep(); else rebuildControls();
        if (stage != null && stage.isFullScreen() != presenting) stage.setFullScreen(presenting);
    }

    /** For tests: the same as Ctrl+D. */
    void toggleDarkForTest() {
        toggleDark();
    }

    private void toggleDark() {
        if (presenting) {
            presentDark = !presentDark;
            vm.setStyle(vm.styleProperty().get().withDark(presentDark));
        } else {
            vm.setStyle(vm.styleProperty().get().withDark(!vm.styleProperty().get().dark()));
        }
        applyTheme();
        if (lesson != null) caption.getChildren().setAll(captionNodes(lesson.steps().get(step).caption(), presenting ? 22 : 15));
    }

    /** The window's own colours follow the figures' theme; presentation mode enlarges everything. */
    private void applyTheme() {
        root.getStyleClass().removeAll("dark", "presentation");
        if (vm.styleProperty().get().dark()) root.getStyleClass().add("dark");
        if (presenting) root.getStyleClass().add("presentation");
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
