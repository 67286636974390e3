package glassbox.app;

import glassbox.render.Labs;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** A control with no effect is disabled, says why, and cannot change its parameter; it comes back when it matters. */
@ExtendWith(ApplicationExtension.class)
class DisabledControlUiTest {
    private MainWindow window;
    private ExecutorService worker;

    @Start
    void start(Stage stage) {
        worker = GlassboxApp.computeThread();
        window = WindowTests.open(stage, worker);
    }

    private <T extends javafx.scene.Node> T control(FxRobot robot, Class<T> type, String label) {
        return robot.lookup(n -> type.isInstance(n) && label.equals(n.getAccessibleText())).queryAs(type);
    }

    @Test
    void aDisabledControlCannotChangeItsParameter(FxRobot robot) throws Exception {
        robot.interact(() -> window.selectLab(Labs.get("ssm")));
        WindowTests.settle(worker);
        assertEquals("matrix", window.viewModel().valuesProperty().get().s("structure"));
        String label = "State size n (random)";
        Slider n = control(robot, Slider.class, label);
        TextField field = control(robot, TextField.class, label);
        assertTrue(n.isDisabled() && field.isDisabled(), "n has no effect when A is given");
        javafx.scene.text.TextFlow name = robot.lookup(x -> x instanceof javafx.scene.text.TextFlow f && label.equals(f.getAccessibleText()))
                .queryAs(javafx.scene.text.TextFlow.class);
        // Tooltip.install keeps the tooltip in the node's properties under this key.
        String why = ((Tooltip) name.getProperties().get("javafx.scene.control.Tooltip")).getText();
        assertTrue(why.contains("structure = matrix") && why.contains("random"), why);
        int before = window.viewModel().valuesProperty().get().i("n");
        robot.clickOn(n);
        robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.END);
        robot.interact(() -> n.setValue(n.getMax()));
        robot.interact(() -> { field.setText("3"); field.fireEvent(new javafx.event.ActionEvent()); });
        WindowTests.settle(worker);
        assertEquals(before, window.viewModel().valuesProperty().get().i("n"), "n did not change");

        robot.interact(() -> window.viewModel().set("structure", "random"));
        WindowTests.settle(worker);
        Slider again = control(robot, Slider.class, label);
        assertFalse(again.isDisabled(), "with a random A, n is live");
        robot.interact(() -> again.setValue(3));
        WindowTests.settle(worker);
        assertEquals(3, window.viewModel().valuesProperty().get().i("n"));
    }
}
