package glassbox.app;

import glassbox.core.Values;
import glassbox.render.Lesson;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** During a lesson the arrow keys, Page Up/Down and Space step it; a slider takes them only when focused by hand. */
@ExtendWith(ApplicationExtension.class)
class LessonKeysUiTest {
    private MainWindow window;
    private ExecutorService worker;

    @Start
    void start(Stage stage) {
        worker = GlassboxApp.computeThread();
        window = WindowTests.open(stage, worker);
    }

    private void settle() throws Exception {
        WindowTests.settle(worker);
    }

    private Slider firstSlider(FxRobot robot) {
        return robot.lookup(".slider").queryAs(Slider.class);
    }

    @Test
    void lessonKeysStepWhateverHasFocusAndLeaveTheParameters(FxRobot robot) throws Exception {
        settle();
        Lesson lesson = Lesson.shipped().get(0);
        robot.interact(() -> window.startLesson(lesson));
        settle();
        // Focus falls on a slider without the user choosing it (as after a step's controls are rebuilt).
        Slider s = firstSlider(robot);
        robot.interact(s::requestFocus);
        assertTrue(s.isFocused());
        robot.push(KeyCode.RIGHT);
        settle();
        assertEquals(1, window.stepIndex());
        assertEquals(lesson.steps().get(1).values(), window.viewModel().valuesProperty().get(), "no parameter moved");
        robot.interact(() -> firstSlider(robot).requestFocus());
        robot.push(KeyCode.SPACE);
        settle();
        assertEquals(2, window.stepIndex());
        assertEquals(lesson.steps().get(2).values(), window.viewModel().valuesProperty().get());
        robot.interact(() -> firstSlider(robot).requestFocus());
        robot.push(KeyCode.LEFT);
        robot.push(KeyCode.PAGE_UP);
        settle();
        assertEquals(0, window.stepIndex());
        assertEquals(lesson.steps().get(0).values(), window.viewModel().valuesProperty().get());
    }

    @Test
    void aSliderFocusedByHandTakesTheArrowsUntilEscape(FxRobot robot) throws Exception {
        settle();
        Lesson lesson = Lesson.shipped().get(0);
        robot.interact(() -> window.startLesson(lesson));
        settle();
        Slider s = firstSlider(robot);
        robot.clickOn(s);
        settle();
        robot.interact(() -> s.setValue(s.getMin()));
        settle();
        Values before = window.viewModel().valuesProperty().get();
        robot.push(KeyCode.RIGHT);
        settle();
        assertEquals(0, window.stepIndex(), "the focused slider took the key");
        assertNotEquals(before, window.viewModel().valuesProperty().get(), "the slider moved");
        // A presentation clicker's Page Down still steps.
        robot.push(KeyCode.PAGE_DOWN);
        settle();
        assertEquals(1, window.stepIndex(), "Page Down steps even with the slider focused by hand");
        assertEquals(lesson.steps().get(1).values(), window.viewModel().valuesProperty().get());
        robot.clickOn(firstSlider(robot));
        robot.push(KeyCode.ESCAPE);
        robot.push(KeyCode.RIGHT);
        settle();
        assertEquals(2, window.stepIndex(), "after Esc the arrows step the lesson again");
        assertEquals(lesson.steps().get(2).values(), window.viewModel().valuesProperty().get());
    }

    @Test
    void aFocusedFieldDoesNotSendTheOldStepsValueBack(FxRobot robot) throws Exception {
        settle();
        Lesson lesson = Lesson.shipped().get(0);
        int changes = -1; // the first step that sets the input height h, with the field showing the step before's value
        for (int k = 1; k < lesson.steps().size() && changes < 0; k++) {
            if (lesson.steps().get(k).values().i("h") != lesson.steps().get(k - 1).values().i("h")) changes = k;
        }
        assertTrue(changes > 0, "the lesson changes h");
        int before = changes;
        robot.interact(() -> window.startLesson(lesson));
        settle();
        for (int k = 0; k < before - 1; k++) { robot.interact(() -> window.step(+1)); settle(); }
        javafx.scene.control.TextField h = robot.lookup(n -> n instanceof javafx.scene.control.TextField f
                && glassbox.render.Labs.get("conv").params().stream().filter(p -> p.key().equals("h")).findFirst().orElseThrow().label()
                .equals(f.getAccessibleText())).queryAs(javafx.scene.control.TextField.class);
        robot.interact(h::requestFocus);
        assertTrue(h.isFocused());
        robot.interact(() -> window.step(+1));
        settle();
        assertEquals(before, window.stepIndex());
        assertEquals(lesson.steps().get(before).values(), window.viewModel().valuesProperty().get(), "the step's h, not the field's old text");
    }

    @Test
    void aStepTitleWithAFormulaIsTypesetNotShownAsTeX(FxRobot robot) throws Exception {
        settle();
        Lesson lesson = Lesson.shipped().stream().filter(l -> l.steps().stream().anyMatch(st -> st.title().contains("$")))
                .findFirst().orElseThrow(() -> new AssertionError("a shipped step title holds a formula"));
        int k = 0;
        while (!lesson.steps().get(k).title().contains("$")) k++;
        int target = k;
        robot.interact(() -> window.startLesson(lesson));
        settle();
        for (int j = 0; j < target; j++) { robot.interact(() -> window.step(+1)); settle(); }
        assertEquals(target, window.stepIndex());
        var texts = robot.lookup(".caption-step").queryAllAs(javafx.scene.text.Text.class);
        assertFalse(texts.isEmpty());
        for (var t : texts) assertFalse(t.getText().contains("$") || t.getText().contains("\\"), "raw TeX in the step title: " + t.getText());
        javafx.scene.text.TextFlow flow = (javafx.scene.text.TextFlow) texts.iterator().next().getParent();
        assertTrue(flow.getChildren().stream().anyMatch(n -> n instanceof javafx.scene.image.ImageView), "the title's formula is an image");
        // Every shipped step title and caption reads without markup outside its formulas (W_O, √d_k set as scripts).
        for (Lesson l : Lesson.shipped()) {
            robot.interact(() -> window.startLesson(l));
            for (int s = 0; s < l.steps().size(); s++) {
                int step = s;
                if (s > 0) robot.interact(() -> window.step(+1));
                robot.interact(() -> {
                    for (var t : robot.lookup(".caption-text").queryAllAs(javafx.scene.text.Text.class)) {
                        assertFalse(t.getText().matches(".*\\w[_^]\\w.*"), l.title() + " step " + (step + 1) + ": markup shown: " + t.getText());
                    }
                });
            }
        }
    }

    @Test
    void anActionNamingWOKeepsItsUnderscore(FxRobot robot) throws Exception {
        // Was "Use WO = (1/2)·[W_O,ref; …]": a Button parses "_O" as a mnemonic and drops the underscore.
        settle();
        Lesson lesson = Lesson.shipped().stream().filter(l -> l.steps().get(0).lab() == glassbox.render.Labs.get("attention")).findFirst().orElseThrow();
        robot.interact(() -> window.startLesson(lesson));
        settle();
        javafx.scene.control.Button use = null;
        for (int k = 0; k < lesson.steps().size() && use == null; k++) {
            if (k > 0) { robot.interact(() -> window.step(+1)); settle(); }
            use = robot.lookup(n -> n instanceof javafx.scene.control.Button b && b.getText() != null && b.getText().startsWith("Use W"))
                    .tryQueryAs(javafx.scene.control.Button.class).orElse(null);
        }
        assertNotNull(use, "a step offers the stacked W_O");
        assertTrue(use.getText().startsWith("Use W_O = "), use.getText());
        assertFalse(use.isMnemonicParsing());
        assertFalse(MainMenus.item("my_session.json", null, () -> {}).isMnemonicParsing(), "menu items are literal (recent files)");
    }
}
