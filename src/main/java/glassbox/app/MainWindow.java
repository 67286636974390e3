package glassbox.app;

import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.render.Board;
import glassbox.render.Figure;
import glassbox.render.FrameRenderer;
import glassbox.render.Hover;
import glassbox.render.Lab;
import glassbox.render.LabAction;
import glassbox.render.Labs;
import glassbox.render.Lesson;
import glassbox.render.Session;
import glassbox.render.StateFileException;
import javafx.geometry.Insets;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.NotificationPane;
import javafx.stage.Stage;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The main window's layout and its bindings to {@link LabViewModel}: the list of labs, the current lab's
 * controls, its figures (one image drawn by render, exactly what export writes) and its live numbers, and
 * the status bar. Menus, export, lessons, presentation mode and dialogs each have their own class in this
 * package. The FX thread only swaps images and labels.
 */
public final class MainWindow {
    private final LabViewModel vm;
    private final AppConfig config;
    private final BorderPane root = new BorderPane();
    private final ListView<Lab<?>> labList = new ListView<>();
    private final ScrollPane controlsPane = new ScrollPane();
    private final ComboBox<Preset> presetBox = new ComboBox<>();
    private final ImageView figure = new ImageView();
    private final Pane figurePane = new Pane(figure);
    private final Label hoverLabel = new Label(" ");
    private final ReadoutsPanel readouts = new ReadoutsPanel(this::runAction);
    private final Label presentHint = new Label(PresentationMode.HINT);
    private final NotificationPane notifications = new NotificationPane();
    private final javafx.animation.PauseTransition notifyHide = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(5));
    private final double[] keyPointer = {-1, -1};
    private final StatusLine status;
    private final Exporter exporter;
    private final LessonPlayer lessons;
    private final PresentationMode presentation;
    private final MainMenus menus;
    private ParamControls controls;
    private WritableImage image;
    private Stage stage;
    private Node[] chooserNodes = new Node[0];
    private VBox left, right;
    /** Puts the window where it belongs once its size is final (where it was left, or centred). */
    private Runnable placed;
    /** How far the board is scrolled down (logical pixels): non-zero only when it is taller than the pane. */
    private double boardScroll;
    private final javafx.scene.control.ScrollBar boardBar = new javafx.scene.control.ScrollBar();
    private boolean syncingBar;
    private SplitPane split;
    private final List<PresetValues> presetValues = new java.util.ArrayList<>();

    public MainWindow(LabViewModel vm) {
        this(vm, AppConfig.load(AppConfig.defaultDir()));
    }

    MainWindow(LabViewModel vm, AppConfig config) {
        this.vm = vm;
        this.config = config;
        status = new StatusLine(vm);
        exporter = new Exporter(vm, config, () -> stage, new Exporter.Status() {
            @Override public void message(String text) {
                status.message(text);
                if (text.startsWith("Wrote") || text.startsWith("Saved")) announce(text, false);
            }
            @Override public void problem(String header, String text) { MainWindow.this.problem(header, text); }
            @Override public boolean presenting() { return presentation.on(); }
        });
        lessons = new LessonPlayer(new LessonPlayer.Host() {
            @Override public LabViewModel vm() { return vm; }
            @Override public boolean presenting() { return presentation.on(); }
            @Override public boolean dark() { return vm.styleProperty().get().dark(); }
            @Override public void stepShown() { rebuildControls(); scrollBoard(0); }
            @Override public Stage stage() { return stage; }
            @Override public void problem(String header, String message) { MainWindow.this.problem(header, message); }
        });
        presentation = new PresentationMode(new PresentationMode.Host() {
            @Override public LabViewModel vm() { return vm; }
            @Override public Region root() { return root; }
            @Override public Stage stage() { return stage; }
            @Override public List<Node> hiddenWhilePresenting() {
                return List.of(chooserNodes);
            }
            @Override public void changed() {
                root.setBottom(presentation.on() ? null : status.node());
                sizeSidePanels(presentation.on());
                presentHint.setVisible(presentation.on());
                presentHint.setManaged(presentation.on());
                menus.presentItem.setSelected(presentation.on());
                if (lessons.lesson() != null) lessons.resetStep(); else rebuildControls();
                lessons.refreshCaption();
            }
        });
        menus = new MainMenus(this);
        build();
    }

    public BorderPane root() { return root; }

    public LabViewModel viewModel() { return vm; }

    AppConfig config() { return config; }

    Exporter exporter() { return exporter; }

    LessonPlayer lessons() { return lessons; }

    /** Opens the window where it was left, or at 1400×900 (at most the screen's visual bounds), centred. */
    public void show(Stage stage) {
        WindowGeometry.Bounds b = WindowGeometry.initial(config.window, WindowGeometry.screens());
        placed = () -> { if (b.x() != null) { stage.setX(b.x()); stage.setY(b.y()); } else stage.centerOnScreen(); };
        show(stage, b.width(), b.height());
        placed.run();
        WindowGeometry.track(stage, bounds -> config.window = bounds);
    }

    /** Opens the window at a given size (screenshots use 1600x1000). */
    public void show(Stage stage, double width, double height) {
        this.stage = stage;
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(MainWindow.class.getResource("/glassbox.css").toExternalForm());
        installShortcuts(scene);
        lessons.install(scene);
        // The lab chosen before the window was shown (the first, or the last session's) names the window too.
        Lab<?> current = vm.labProperty().get();
        stage.setTitle(current == null ? "Glassbox" : "Glassbox — " + current.title());
        stage.setScene(scene);
        presentation.install(stage);
        stage.show();
        // The smallest size at which the three panels and the figures stay usable, or the screen if it is smaller.
        // Set after show: set before, GTK under a window manager opens the window at this minimum, not the scene's size.
        javafx.geometry.Rectangle2D screen = WindowGeometry.screens().get(0);
        stage.setMinWidth(Math.min(WindowGeometry.MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(Math.min(WindowGeometry.MIN_HEIGHT, screen.getHeight()));
        // Under openbox the new minimum also resizes the window to it: give the scene back its size.
        javafx.application.Platform.runLater(() -> {
            stage.setWidth(Math.max(width + stage.getWidth() - scene.getWidth(), stage.getMinWidth()));
            stage.setHeight(Math.max(height + stage.getHeight() - scene.getHeight(), stage.getMinHeight()));
            if (placed != null) placed.run();
        });
        status.startNd4jAfterFirstFrame();
    }

    /** Reopens where the user left off (a damaged file is reported, never fatal). */
    public void restoreLastSession() {
        Path last = config.lastSession();
        if (!Files.isRegularFile(last)) return;
        try {
            Session session = Session.read(last);
            restoreOtherLabs(session.lab());
            apply(session);
        } catch (StateFileException e) {
            status.error("Could not reopen the last session: " + e.getMessage());
        }
    }

    /** The other labs' values of the last session, one session file each under lab-states/ (a damaged one is skipped). */
    private void restoreOtherLabs(Lab<?> current) {
        Path dir = config.labStates();
        if (!Files.isDirectory(dir)) return;
        for (Lab<?> lab : Labs.all()) {
            Path f = dir.resolve(lab.id() + ".json");
            if (lab == current || !Files.isRegularFile(f)) continue;
            try {
                Session s = Session.read(f);
                if (s.lab() == lab) vm.keep(lab, s.values());
            } catch (StateFileException e) {
                // One lab back at its defaults is better than no window.
            }
        }
    }

    /** Saves the current state for the next start. */
    public void saveLastSession() {
        config.save();
        try {
            Files.createDirectories(config.dir);
            Session current = currentSession();
            current.write(config.lastSession());
            Path dir = config.labStates();
            Files.createDirectories(dir);
            Map<Lab<?>, Values> kept = vm.keptValues();
            for (Lab<?> lab : Labs.all()) {
                Path f = dir.resolve(lab.id() + ".json");
                Values v = kept.get(lab);
                if (lab == current.lab() || v == null) Files.deleteIfExists(f);
                else new Session(lab, v, current.style(), current.backend()).write(f);
            }
        } catch (Exception e) {
            // Losing the automatic save must not stop quitting.
        }
    }

    Session currentSession() {
        return new Session(vm.labProperty().get(), vm.valuesProperty().get(), presentation.userStyle(), vm.backendProperty().get());
    }

    void apply(Session session) {
        vm.setStyle(session.style());
        menus.formulasItem.setSelected(session.style().formulas());
        status.backendBox().setValue(session.backend());
        vm.setBackend(session.backend());
        if (session.lab() != vm.labProperty().get()) vm.open(session.lab());
        vm.setValues(session.values());
        presentation.applyTheme();
    }

    private void build() {
        root.getStyleClass().add("glassbox");
        root.setTop(menus.bar());

        labList.getItems().addAll(Labs.all());
        labList.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(Lab<?> lab, boolean empty) {
                super.updateItem(lab, empty);
                // The title up to its colon ("Decoding", not "Decoding: sampling and the KV cac…"): it fits the
                // panel whole; the full title is the tooltip and the window's title.
                setText(empty || lab == null ? null : shortTitle(lab));
                setTooltip(empty || lab == null ? null : new Tooltip(lab.title() + ": " + lab.summary()));
                setPrefWidth(0);
            }
        });
        labList.setAccessibleText("Labs");
        labList.setPrefWidth(220);
        labList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null && b != vm.labProperty().get()) vm.open(b); });

        presetBox.setPromptText("Presets…");
        presetBox.setMaxWidth(Double.MAX_VALUE);
        presetBox.setAccessibleText("Preset");
        presetBox.setTooltip(new Tooltip("Open a worked example in exactly its configuration (Ctrl+O to search every lab's)."));
        presetBox.setCellFactory(l -> presetCell());
        presetBox.setButtonCell(presetButtonCell());
        presetBox.setMinHeight(Region.USE_PREF_SIZE); // as tall as the wrapped title
        presetBox.setOnAction(e -> { Preset p = presetBox.getValue(); if (p != null) vm.openPreset(p); });
        Label labsHeading = heading("Labs"), presetHeading = heading("Preset");
        chooserNodes = new Node[]{labsHeading, labList, presetHeading, presetBox};
        presentHint.getStyleClass().add("present-hint");
        presentHint.setWrapText(true);
        presentHint.setVisible(false);
        presentHint.setManaged(false);
        left = new VBox(6, labsHeading, labList, presetHeading, presetBox, heading("Parameters"), controlsPane, presentHint);
        left.setPadding(new Insets(8));
        VBox.setVgrow(controlsPane, Priority.ALWAYS);
        labList.setPrefHeight(Math.min(260, 26 * Labs.all().size() + 8));
        labList.setMinHeight(Region.USE_PREF_SIZE);
        controlsPane.setFitToWidth(true);
        controlsPane.setId("parameters");
        // Fitted to the width; if the panel is narrower than the controls' smallest layout, it scrolls rather than clips.
        controlsPane.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        left.setMinWidth(275);
        left.setPrefWidth(330);

        buildFigurePane();
        VBox center = new VBox(lessons.node(), figurePane, hoverLabel);
        VBox.setVgrow(figurePane, Priority.ALWAYS);
        center.setPadding(new Insets(4));
        notifications.setContent(center);
        notifications.setShowFromTop(true);
        notifications.getStyleClass().add(NotificationPane.STYLE_CLASS_DARK);
        notifyHide.setOnFinished(e -> notifications.hide());

        ScrollPane readoutPane = new ScrollPane(readouts.node());
        readoutPane.setFitToWidth(true);
        readoutPane.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        right = new VBox(heading("Live numbers"), readoutPane);
        right.setPadding(new Insets(8));
        VBox.setVgrow(readoutPane, Priority.ALWAYS);
        right.setMinWidth(200);
        right.setPrefWidth(330);

        split = new SplitPane(left, notifications, right);
        split.setDividerPositions(0.22, 0.77);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        // After the split pane's own layout for the new width, which would keep the side panels' old sizes.
        split.widthProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(this::fitSidePanels));
        root.setCenter(split);
        root.setBottom(status.node());

        vm.frameProperty().addListener((o, a, f) -> showFrame(f));
        vm.readoutsProperty().addListener((o, a, r) -> {
            FrameRenderer.Frame f = vm.frameProperty().get();
            readouts.show(r, f == null ? List.of() : f.computed().actions());
        });
        vm.errorProperty().addListener((o, a, e) -> {
            status.error(e);
            if (controls != null) controls.markComputeProblem(e.isEmpty() || vm.errorKeyProperty().get().isEmpty() ? null : vm.errorKeyProperty().get(), e);
            if (presentation.on() && !e.isEmpty()) announce(e, true);
        });
        vm.busyProperty().addListener((o, a, b) -> figurePane.setCursor(b && status.busyShown() ? Cursor.WAIT : Cursor.DEFAULT));
        vm.labProperty().addListener((o, a, lab) -> labChanged(lab));
        vm.valuesProperty().addListener((o, a, v) -> {
            if (controls != null && belongsToLab(v)) controls.show(v);
            if (belongsToLab(v)) showMatchingPreset(v);
        });

        labList.getSelectionModel().select(0);
    }

    private void buildFigurePane() {
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
        // ... with a scroll bar at its right edge (the board is drawn beside it), so that a figure below the fold is seen to be there.
        boardBar.setOrientation(javafx.geometry.Orientation.VERTICAL);
        boardBar.setManaged(false);
        boardBar.setVisible(false);
        boardBar.setFocusTraversable(false);
        boardBar.setAccessibleText("Scrolls the figures: the board is taller than the window");
        boardBar.valueProperty().addListener((o, a, b) -> { if (!syncingBar) scrollBoard(b.doubleValue()); });
        figurePane.getChildren().add(boardBar);
        figurePane.widthProperty().addListener((o, a, b) -> scrollBoard(boardScroll));
        figurePane.heightProperty().addListener((o, a, b) -> scrollBoard(boardScroll));
        figurePane.setOnMouseMoved(e -> hover(e.getX(), e.getY() + boardScroll));
        // Editable figures (a signal drawn by hand): press and drag change parameters.
        figurePane.setOnMousePressed(e -> { if (e.isPrimaryButtonDown()) drag(e.getX(), e.getY() + boardScroll); });
        figurePane.setOnMouseDragged(e -> { if (e.isPrimaryButtonDown()) drag(e.getX(), e.getY() + boardScroll); });
        figurePane.setOnMouseExited(e -> { vm.setHighlight(null); hoverLabel.setText(" "); });
        // Keyboard pointing: Tab to the figures, arrows move a pointer (Shift: finely), Enter draws there.
        figurePane.setFocusTraversable(true);
        figurePane.getStyleClass().add("figure-pane");
        figurePane.setAccessibleText("Figures: the arrow keys point at values, Enter draws there, Z enlarges the figure pointed at (and back)");
        // Double-click (or Z with the keyboard pointer) enlarges the figure under the pointer to the whole board, and back.
        figurePane.setOnMouseClicked(e -> {
            figurePane.requestFocus();
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.getClickCount() == 2) toggleEnlarged(e.getX(), e.getY() + boardScroll);
        });
        figurePane.setOnKeyPressed(e -> {
            double step = e.isShiftDown() ? 2 : 12;
            switch (e.getCode()) {
                case LEFT -> keyPointer[0] -= step;
                case RIGHT -> keyPointer[0] += step;
                case UP -> keyPointer[1] -= step;
                case DOWN -> keyPointer[1] += step;
                case ENTER, SPACE -> { drag(keyPointer[0], keyPointer[1] + boardScroll); e.consume(); return; }
                case Z -> { toggleEnlarged(keyPointer[0], keyPointer[1] + boardScroll); e.consume(); return; }
                default -> { return; }
            }
            keyPointer[0] = Math.max(0, Math.min(figurePane.getWidth() - 1, keyPointer[0]));
            // Past the pane's top or bottom edge the pointer scrolls a tall board (the keyboard's way below the fold).
            double over = keyPointer[1] < 0 ? keyPointer[1] : Math.max(0, keyPointer[1] - (figurePane.getHeight() - 1));
            if (over != 0) scrollBoard(boardScroll + over);
            keyPointer[1] = Math.max(0, Math.min(figurePane.getHeight() - 1, keyPointer[1]));
            hover(keyPointer[0], keyPointer[1] + boardScroll);
            e.consume();
        });
        figurePane.focusedProperty().addListener((o, a, f) -> {
            if (f && keyPointer[0] < 0) { keyPointer[0] = figurePane.getWidth() / 3; keyPointer[1] = figurePane.getHeight() / 3; }
        });
        figurePane.setOnContextMenuRequested(e -> menus.figureMenu(e.getX(), e.getY() + boardScroll).show(figurePane, e.getScreenX(), e.getScreenY()));
        hoverLabel.getStyleClass().add("hover-text");
        hoverLabel.setWrapText(true);
        // A fixed three lines: a hover text of another length must not resize the board (figures jumped under the pointer).
        hoverLabel.setStyle("-fx-min-height: 4em; -fx-pref-height: 4em; -fx-max-height: 4em;");
    }

    /**
     * Side panels take about a fifth of the width each, between their smallest usable and their preferred
     * width, so that in a small window the figures keep the most room; presentation mode's larger text needs
     * wider ones.
     */
    private void sizeSidePanels(boolean presenting) {
        left.setMinWidth(presenting ? 400 : 275);
        left.setPrefWidth(presenting ? 440 : 330);
        right.setMinWidth(presenting ? 320 : 200);
        right.setPrefWidth(presenting ? 400 : 330);
        fitSidePanels();
    }

    private void fitSidePanels() {
        double w = split.getWidth();
        if (w <= 0) return;
        double l = Math.max(left.getMinWidth(), Math.min(left.getPrefWidth(), w * 0.22));
        double r = Math.max(right.getMinWidth(), Math.min(right.getPrefWidth(), w * 0.22));
        split.setDividerPositions(l / w, 1 - r / w);
    }

    /** A lab's title up to its colon, for the lab list. */
    static String shortTitle(Lab<?> lab) {
        int colon = lab.title().indexOf(':');
        return colon > 0 ? lab.title().substring(0, colon) : lab.title();
    }

    /**
     * The chosen preset in the box: its title wraps onto more lines inside the box's width (a ComboBox's own
     * cell would end it in "…").
     */
    private ListCell<Preset> presetButtonCell() {
        Label text = new Label();
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.maxWidthProperty().bind(presetBox.widthProperty().subtract(40));
        text.getStyleClass().add("preset-title");
        return new ListCell<>() {
            @Override protected void updateItem(Preset p, boolean empty) {
                super.updateItem(p, empty);
                setText(null);
                text.setText(empty || p == null ? presetBox.getPromptText() : p.title());
                setGraphic(text);
                setMinHeight(Region.USE_PREF_SIZE);
                setTooltip(empty || p == null ? null : new Tooltip(p.description()));
            }
        };
    }

    private ListCell<Preset> presetCell() {
        return new ListCell<>() {
            @Override protected void updateItem(Preset p, boolean empty) {
                super.updateItem(p, empty);
                // A long title wraps onto a second line rather than ending in "…".
                setWrapText(true);
                setPrefWidth(0);
                // An empty button cell shows the prompt (JavaFX leaves a custom button cell blank).
                setText(empty || p == null ? presetBox.getPromptText() : p.title());
                setTooltip(empty || p == null ? null : new Tooltip(p.description()));
            }
        };
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("heading");
        return l;
    }

    private void installShortcuts(Scene scene) {
        // Escape leaves presentation mode, or clears the pointed-at highlight.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (presentation.on()) togglePresentation();
            vm.setHighlight(null);
            hoverLabel.setText(" ");
        });
    }

    // ----- actions (menus and tests) -----

    void selectLab(Lab<?> lab) {
        labList.getSelectionModel().select(lab);
    }

    void resetLab() {
        vm.reset(vm.labProperty().get());
    }

    void copyFigure() {
        exporter.copyFigure(image);
    }

    void saveSession() {
        exporter.saveSession(currentSession(), p -> { config.addRecent(p); menus.updateRecent(); });
    }

    void openSession() {
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
            menus.updateRecent();
            status.message("Opened session " + file.getFileName());
            return true;
        } catch (StateFileException e) {
            problem("Could not open the session", e.getMessage());
            return false;
        }
    }

    void choosePreset() {
        new PresetChooser(stage, vm.labProperty().get()).dialog().showAndWait().ifPresent(vm::openPreset);
    }

    void showFormulas() {
        Lab<?> lab = vm.labProperty().get();
        if (lab != null) Dialogs.formulas(stage, lab, vm.frameProperty().get(), presentation.on(), vm.styleProperty().get().dark()).show();
    }

    void showAbout() {
        Dialogs.info(stage, "About Glassbox", "Glassbox 0.1.0", "Neural-network mechanics made visible: every figure recomputes live as you move a slider, "
                + "and exports exactly as seen.\nLabs: " + Labs.all().size() + ". Backend: " + vm.effectiveBackendProperty().get().label() + ".");
    }

    /** A brief message over the figures ("wrote …", a failure): seen in presentation mode too, where there is no status bar. */
    private void announce(String text, boolean error) {
        notifications.getStyleClass().remove("error");
        if (error) notifications.getStyleClass().add("error");
        notifications.show(text);
        notifyHide.playFromStart();
    }

    private void problem(String header, String message) {
        announce(message, true);
        status.error(message);
        if (stage != null && stage.isShowing()) Dialogs.error(stage, header, message);
    }

    public void startLesson(Lesson l) { lessons.start(l); }

    void step(int delta) { lessons.step(delta); }

    void resetStep() { lessons.resetStep(); }

    void closeLesson() { lessons.close(); }

    Lesson lesson() { return lessons.lesson(); }

    int stepIndex() { return lessons.stepIndex(); }

    boolean presenting() { return presentation.on(); }

    void togglePresentation() { presentation.toggle(); }

    void toggleDark() {
        presentation.toggleDark();
        lessons.refreshCaption();
    }

    /** For tests: the same as Ctrl+D. */
    void toggleDarkForTest() { toggleDark(); }

    // ----- bindings -----

    /** While the lab switches, the values of the old lab may still be current for a moment. */
    private boolean belongsToLab(Values v) {
        Lab<?> lab = vm.labProperty().get();
        return v != null && lab != null && v.params().equals(lab.params());
    }

    private void rebuildControls() {
        Lab<?> lab = vm.labProperty().get();
        if (lab == null) return;
        Lesson.Step st = lessons.current();
        List<String> only = presentation.on() && st != null && st.lab() == lab ? st.controls() : null;
        // In presentation mode a lesson step's main figure gets most of the board.
        vm.setMain(presentation.on() && st != null && st.lab() == lab ? st.figure() : null);
        // A field still holding focus commits as it leaves the scene: after a lab switch (Ctrl+8 from cnn-shapes' input
        // field) the new lab refused its key, after a lesson step it sent the old step's value back. Replaced controls send nothing.
        if (controls != null) controls.retire();
        controls = new ParamControls(lab.params(), vm::set, only, lab::inactive, vm.errorProperty()::get);
        controlsPane.setContent(controls.node());
        if (belongsToLab(vm.valuesProperty().get())) controls.show(vm.valuesProperty().get());
    }

    private void labChanged(Lab<?> lab) {
        if (lab == null) return;
        // Another lab's board (or a lesson's next step) starts at its top, not where the last one was scrolled to.
        scrollBoard(0);
        if (labList.getSelectionModel().getSelectedItem() != lab) labList.getSelectionModel().select(lab);
        rebuildControls();
        presetValues.clear();
        for (Preset p : lab.presets()) {
            Values v = Values.preset(lab.params(), p.settings());
            presetValues.add(new PresetValues(p, v, lab.resolve(v)));
        }
        presetBox.setOnAction(null);
        presetBox.getItems().setAll(lab.presets());
        presetBox.setOnAction(e -> { Preset p = presetBox.getValue(); if (p != null) vm.openPreset(p); });
        if (belongsToLab(vm.valuesProperty().get())) showMatchingPreset(vm.valuesProperty().get());
        hoverLabel.setText(" ");
        if (stage != null) stage.setTitle("Glassbox — " + lab.title());
    }

    /** A preset's values, as opened and as the lab resolves them (the values a frame reports back). */
    private record PresetValues(Preset preset, Values opened, Values resolved) {
        boolean matches(Values v) {
            return sameText(opened, v) || sameText(resolved, v);
        }

        private static boolean sameText(Values a, Values b) {
            for (var p : a.params()) if (!a.text(p.key()).equals(b.text(p.key()))) return false;
            return true;
        }
    }

    /** The Preset box names the preset the figures show (after a lesson step too), and is empty ("Presets…") otherwise. */
    private void showMatchingPreset(Values v) {
        Preset match = null;
        for (PresetValues pv : presetValues) if (pv.matches(v)) { match = pv.preset(); break; }
        if (presetBox.getValue() == match) return;
        var action = presetBox.getOnAction();
        presetBox.setOnAction(null);
        presetBox.setValue(match);
        presetBox.setOnAction(action);
    }

    private void resize() {
        int w = (int) figurePane.getWidth(), h = (int) figurePane.getHeight();
        // With its scroll bar showing, the board is drawn beside the bar, never under it.
        if (boardBar.isVisible()) w -= barWidth();
        if (w > 0 && h > 0) vm.setSize(w, h);
    }

    private int barWidth() {
        return (int) Math.ceil(Math.max(10, boardBar.prefWidth(-1)));
    }

    private void showFrame(FrameRenderer.Frame f) {
        if (f == null) return;
        BufferedImage img = f.image();
        int w = img.getWidth(), h = img.getHeight();
        if (image == null || image.getWidth() != w || image.getHeight() != h) image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), Board.pixels(img), 0, w);
        figure.setImage(image);
        figure.setAccessibleText(f.request().lab().title() + ": " + String.join("; ",
                f.figures().stream().map(Figure::title).toList()));
        figure.setFitWidth(w);
        figure.setFitHeight(h);
        scrollBoard(boardScroll);
    }

    private void scrollBoard(double to) {
        double room = figure.getImage() == null ? 0 : Math.max(0, figure.getImage().getHeight() - figurePane.getHeight());
        boardScroll = Math.max(0, Math.min(room, to));
        figure.setTranslateY(-boardScroll);
        boolean wasShown = boardBar.isVisible();
        syncingBar = true;
        try {
            boardBar.setVisible(room > 0);
            boardBar.setMax(Math.max(room, 1));
            boardBar.setVisibleAmount(room > 0 ? Math.max(1, room * figurePane.getHeight() / figure.getImage().getHeight()) : 1);
            boardBar.setUnitIncrement(40);
            boardBar.setBlockIncrement(Math.max(40, figurePane.getHeight() * 0.8));
            boardBar.setValue(boardScroll);
            int bw = barWidth();
            boardBar.resizeRelocate(figurePane.getWidth() - bw, 0, bw, figurePane.getHeight());
        } finally {
            syncingBar = false;
        }
        // Narrower with the bar, wider without: a board that needs the bar at full width needs it narrower too, so this settles.
        if (wasShown != boardBar.isVisible()) resize();
    }

    /** Whether the board is taller than the pane, so that its scroll bar shows (for tests). */
    boolean boardScrolls() {
        return boardBar.isVisible();
    }

    /** The board's scroll bar (for tests). */
    javafx.scene.control.ScrollBar boardBar() {
        return boardBar;
    }

    private void runAction(LabAction a) {
        if (a.copyText() != null) {
            ClipboardContent c = new ClipboardContent();
            c.putString(a.copyText());
            Clipboard.getSystemClipboard().setContent(c);
            status.message("Copied to the clipboard: " + a.label());
            return;
        }
        try {
            Lab<?> target = Labs.get(a.lab());
            if (target != vm.labProperty().get()) vm.open(target);
            vm.setAll(a.settings());
        } catch (ParamException ex) {
            problem("Could not open " + a.lab(), ex.getMessage());
        }
    }

    private void hover(double x, double y) {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        Hover h = Board.hover(f.figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
        hoverLabel.setText(h == null ? " " : h.text());
        vm.setHighlight(h == null ? null : h.highlight());
    }

    /** Enlarges the figure at board position (x, y) to the whole board, or, when one is enlarged, shows every figure again. */
    void toggleEnlarged(double x, double y) {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        if (vm.enlarged() != null) {
            vm.setEnlarged(null);
            status.message("Every figure again");
            return;
        }
        int i = Board.figureAt(f.figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
        if (i < 0) return;
        String title = f.figures().get(i).title();
        scrollBoard(0);
        vm.setEnlarged(title);
        status.message("Enlarged: " + title + " (double-click or Z for every figure; export writes it alone)");
    }

    private void drag(double x, double y) {
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f == null) return;
        int i = Board.figureAt(f.figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
        if (i < 0) return;
        Rectangle area = Board.layout(f.figures(), f.request().width(), f.request().height(), f.request().style()).get(i);
        Map<String, String> change = f.figures().get(i).drag(area, f.request().style(), x, y);
        if (change != null && !change.isEmpty()) {
            try {
                vm.setAll(change);
            } catch (ParamException ex) {
                status.message(ex.getMessage());
            }
        }
    }

    /** For tests: the messages marked on the parameter fields. */
    List<String> fieldErrors() { return controls == null ? List.of() : controls.validationErrors(); }

    /** For tests: the preset the Preset box names (null: none matches the values). */
    Preset presetShown() { return presetBox.getValue(); }

    /** For tests: the currently displayed image size. */
    int[] imageSize() {
        return image == null ? new int[]{0, 0} : new int[]{(int) image.getWidth(), (int) image.getHeight()};
    }
}
