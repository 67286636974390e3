package glassbox.app;

import glassbox.render.Latex;
import glassbox.render.Lesson;
import glassbox.render.StateFileException;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plays a lesson: a bar above the figures with the step's title and caption, and the keys a lecturer
 * (or a presentation clicker) uses. While a lesson runs, → ← Page Down Page Up and Space step it
 * whatever has focus; a control takes the arrows and Space only once the user has deliberately focused
 * it (a click or Tab), and Esc gives them back to the lesson. Page Down and Page Up (a clicker) always step.
 */
final class LessonPlayer {
    /** What the player needs from the window. */
    interface Host {
        LabViewModel vm();
        boolean presenting();
        boolean dark();
        /** The step changed (or the lesson closed): rebuild the controls for it. */
        void stepShown();
        Stage stage();
        void problem(String header, String message);
    }

    private static final Set<KeyCode> NEXT = Set.of(KeyCode.RIGHT, KeyCode.PAGE_DOWN, KeyCode.SPACE);
    private static final Set<KeyCode> PREVIOUS = Set.of(KeyCode.LEFT, KeyCode.PAGE_UP);

    private final Host host;
    private final VBox bar = new VBox(4);
    private final Label title = new Label();
    /** "step 3 of 6", beside the buttons: never elided, however long the title. */
    private final Label counter = new Label();
    private final TextFlow caption = new TextFlow();
    private Lesson lesson;
    private int step;
    /** The control the user last focused by hand; it keeps the arrow keys until Esc or the next step. */
    private Node deliberate;

    LessonPlayer(Host host) {
        this.host = host;
        title.getStyleClass().add("lesson-title");
        caption.getStyleClass().add("lesson-caption");
        Button prev = new Button("◀ Previous");
        Button reset = new Button("Reset step");
        Button next = new Button("Next ▶");
        Button close = new Button("Close lesson");
        prev.setOnAction(e -> step(-1));
        next.setOnAction(e -> step(+1));
        reset.setOnAction(e -> resetStep());
        close.setOnAction(e -> close());
        prev.setTooltip(new Tooltip("Previous step (←, Page Up)"));
        next.setTooltip(new Tooltip("Next step (→, Page Down, Space)"));
        reset.setTooltip(new Tooltip("Return this step's parameters to where the lesson set them"));
        close.setTooltip(new Tooltip("Close the lesson; the parameters stay as they are"));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        for (Button b : List.of(prev, reset, next, close)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            // Buttons never keep the lesson keys (Space would press them twice).
            b.setFocusTraversable(false);
        }
        // A long lesson title wraps onto a second line beside the buttons instead of ending in "…".
        title.setMinWidth(0);
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(title, Priority.SOMETIMES);
        counter.getStyleClass().add("lesson-counter");
        counter.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(8, title, grow, counter, prev, reset, next, close);
        top.setAlignment(Pos.CENTER_LEFT);
        bar.getChildren().addAll(top, caption);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("lesson-bar");
        bar.setAccessibleText("Lesson: → or Page Down for the next step, ← or Page Up for the previous");
        show(false);
    }

    Node node() { return bar; }

    Lesson lesson() { return lesson; }

    int stepIndex() { return step; }

    /** The step's controls when the step is of the given lab, for presentation mode; null otherwise. */
    Lesson.Step current() {
        return lesson == null ? null : lesson.steps().get(step);
    }

    /** Lesson keys, and which control has been focused deliberately. */
    void install(Scene scene) {
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> Platform.runLater(() -> deliberate = scene.getFocusOwner()));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.TAB) { Platform.runLater(() -> deliberate = scene.getFocusOwner()); return; }
            if (lesson == null || e.isShortcutDown() || e.isAltDown() || e.isMetaDown()) return;
            Node focus = scene.getFocusOwner();
            boolean controlHasKeys = focus != null && focus == deliberate && usesLessonKeys(focus);
            // Page Down / Page Up (what presentation clickers send) step the lesson even then.
            boolean clicker = e.getCode() == KeyCode.PAGE_DOWN || e.getCode() == KeyCode.PAGE_UP;
            if (e.getCode() == KeyCode.ESCAPE && controlHasKeys) {
                giveKeysToLesson();
                e.consume();
            } else if ((clicker || !controlHasKeys) && NEXT.contains(e.getCode())) {
                step(+1);
                e.consume();
            } else if ((clicker || !controlHasKeys) && PREVIOUS.contains(e.getCode())) {
                step(-1);
                e.consume();
            }
        });
    }

    /** Controls that do something with arrows or Space when focused; a button does not keep the keys. */
    private static boolean usesLessonKeys(Node n) {
        return n instanceof Slider || n instanceof TextInputControl || n instanceof ComboBoxBase || n instanceof ListView
                || n instanceof CheckBox || n.getStyleClass().contains("figure-pane");
    }

    private void giveKeysToLesson() {
        deliberate = null;
        bar.requestFocus();
    }

    void start(Lesson l) {
        lesson = l;
        step = 0;
        show(true);
        showStep();
    }

    void openFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open lesson");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Glassbox lesson", "*.json"));
        File file = fc.showOpenDialog(host.stage());
        if (file == null) return;
        try {
            start(Lesson.read(file.toPath()));
        } catch (StateFileException e) {
            host.problem("Could not open the lesson", e.getMessage());
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

    void close() {
        lesson = null;
        show(false);
        host.stepShown();
    }

    private void show(boolean on) {
        bar.setVisible(on);
        bar.setManaged(on);
    }

    private void showStep() {
        Lesson.Step st = lesson.steps().get(step);
        LabViewModel vm = host.vm();
        if (st.lab() != vm.labProperty().get()) vm.open(st.lab());
        vm.setValues(st.values());
        // The lesson's title may be elided in a narrow window; the step's title leads the caption, which wraps.
        title.setText(lesson.title());
        counter.setText("step " + (step + 1) + " of " + lesson.steps().size());
        refreshCaption();
        host.stepShown();
        // The controls were rebuilt: the keys belong to the lesson again, not to whichever slider focus fell on.
        giveKeysToLesson();
    }

    /** Typesets the caption again (after a theme or presentation change). */
    void refreshCaption() {
        if (lesson == null) return;
        Lesson.Step st = lesson.steps().get(step);
        double size = host.presenting() ? 22 : 15;
        // The step's title may hold a formula too ("Softmax at $\tau = \sqrt{d_k}$"): typeset, never shown as TeX.
        List<Node> nodes = new ArrayList<>(captionNodes(st.title() + ".  ", size, true));
        nodes.addAll(captionNodes(st.caption(), size, false));
        caption.getChildren().setAll(nodes);
    }

    /** Caption text with $…$ formulas typeset inline; the text in bold for a step's title. */
    private List<Node> captionNodes(String text, double size, boolean bold) {
        List<Node> out = new ArrayList<>();
        String[] parts = text.split("\\$", -1);
        Color ink = host.dark() ? new Color(0xe8e8e8) : new Color(0x202020);
        for (int k = 0; k < parts.length; k++) {
            if (parts[k].isEmpty()) continue;
            if (k % 2 == 0) {
                // Plain text may still hold the figures' inline markup ("W_O", "√d_k"): set as the window's labels set it.
                for (Text t : Markup.texts(parts[k], "caption-text")) {
                    if (bold) t.getStyleClass().add("caption-step");
                    double px = t.getStyleClass().contains("script") ? size * 0.72 : size;
                    t.setStyle("-fx-font-size: " + px + "px;" + (bold ? " -fx-font-weight: bold;" : ""));
                    out.add(t);
                }
            } else {
                BufferedImage img = Latex.image(parts[k], (float) (size * 1.15), ink);
                ImageView iv = new ImageView(SwingFXUtils.toFXImage(img, null));
                iv.setTranslateY(img.getHeight() * 0.25);
                out.add(iv);
            }
        }
        return out;
    }
}
