package glassbox.app;

import glassbox.core.Backend;
import javafx.application.Platform;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** The real window, headless: move a real slider and see the figure and the numbers change. */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
    private MainWindow window;
    private ExecutorService worker;

    @Start
    void start(Stage stage) {
        worker = GlassboxApp.computeThread();
        window = new MainWindow(new LabViewModel(worker, Platform::runLater));
        window.viewModel().setBackend(Backend.PLAIN);
        window.show(stage);
    }

    private void settle() throws Exception {
        WindowTests.settle(worker);
    }

    @Test
    void movingTheFiltersSliderRedrawsTheFigure(FxRobot robot) throws Exception {
        settle();
        ImageView figure = robot.lookup(n -> n instanceof ImageView && n.getParent() != null
                && n.getParent().getStyleClass().contains("figure-pane")).queryAs(ImageView.class);
        assertNotNull(figure.getImage(), "a figure is shown");
        assertTrue(figure.getAccessibleText().startsWith("Convolution as a sparse matrix: A"), figure.getAccessibleText());
        var before = window.viewModel().frameProperty().get();
        Slider filters = robot.lookup(n -> n instanceof Slider && "Filters c_o".equals(((Slider) n).getAccessibleText())).queryAs(Slider.class);
        robot.clickOn(filters);
        robot.push(javafx.scene.input.KeyCode.RIGHT);
        robot.push(javafx.scene.input.KeyCode.RIGHT);
        settle();
        var after = window.viewModel().frameProperty().get();
        assertNotSame(before, after);
        assertNotEquals(before.request().values().i("co"), after.request().values().i("co"));
        assertEquals(after.request().values().i("co") + "", robot.lookup(n -> n instanceof javafx.scene.control.TextField
                && "Filters c_o".equals(((javafx.scene.control.TextField) n).getAccessibleText())).queryAs(javafx.scene.control.TextField.class).getText());
        assertTrue(window.viewModel().readoutsProperty().get().stream()
                .anyMatch(r -> r.label().startsWith("Output size") && r.value().endsWith("× " + after.request().values().i("co"))));
    }

    @Test
    void aShortChoiceIsASegmentedButtonShowingAndSettingTheValue(FxRobot robot) throws Exception {
        settle();
        String order = window.viewModel().valuesProperty().get().s("order");
        var seg = robot.lookup(n -> n instanceof org.controlsfx.control.SegmentedButton && "Flattening".equals(n.getAccessibleText()))
                .queryAs(org.controlsfx.control.SegmentedButton.class);
        assertEquals(order, seg.getToggleGroup().getSelectedToggle().getUserData());
        String other = order.equals("chw") ? "hwc" : "chw";
        javafx.scene.control.ToggleButton b = seg.getButtons().stream().filter(t -> other.equals(t.getUserData())).findFirst().orElseThrow();
        robot.clickOn(b);
        settle();
        assertEquals(other, window.viewModel().valuesProperty().get().s("order"));
        robot.clickOn(b);
        settle();
        assertTrue(b.isSelected(), "clicking the chosen one keeps it chosen");
        assertEquals(other, window.viewModel().valuesProperty().get().s("order"));
    }

    @Test
    void theKeyboardPointsAtValuesInTheFigures(FxRobot robot) throws Exception {
        settle();
        javafx.scene.layout.Pane pane = robot.lookup(".figure-pane").queryAs(javafx.scene.layout.Pane.class);
        robot.interact(pane::requestFocus);
        for (int k = 0; k < 6; k++) robot.push(javafx.scene.input.KeyCode.RIGHT);
        robot.push(javafx.scene.input.KeyCode.DOWN);
        settle();
        assertNotNull(window.viewModel().highlight(), "the arrow keys point at a cell of a figure");
    }

    @Test
    void typingABadValueShowsTheMessageAndKeepsTheFigure(FxRobot robot) throws Exception {
        settle();
        var before = window.viewModel().frameProperty().get();
        javafx.scene.control.TextField h = robot.lookup(n -> n instanceof javafx.scene.control.TextField
                && "Kernel height k_h".equals(((javafx.scene.control.TextField) n).getAccessibleText())).queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> { h.setText("40"); h.fireEvent(new javafx.event.ActionEvent()); });
        settle();
        assertTrue(window.viewModel().errorProperty().get().contains("larger than the padded input"), window.viewModel().errorProperty().get());
        assertSame(before.computed(), window.viewModel().frameProperty().get().computed());
        assertTrue(window.fieldErrors().stream().anyMatch(m -> m.contains("larger than the padded input")), "the field is marked: " + window.fieldErrors());
        // Out of its range as typed: marked at once, before Enter.
        robot.interact(() -> h.setText("-3"));
        assertTrue(window.fieldErrors().stream().anyMatch(m -> m.contains("expected an integer")), window.fieldErrors().toString());
        robot.interact(() -> { h.setText("3"); h.fireEvent(new javafx.event.ActionEvent()); });
        settle();
        assertEquals(List.of(), window.fieldErrors(), "a good value clears the mark");
    }
}
