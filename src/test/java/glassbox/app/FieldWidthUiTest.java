package glassbox.app;

import glassbox.core.Fmt;
import glassbox.core.Param;
import glassbox.render.Lab;
import glassbox.render.Labs;
import javafx.geometry.Insets;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** Every number's field is wide enough for the largest value of its range, in the window and in presentation mode. */
@ExtendWith(ApplicationExtension.class)
class FieldWidthUiTest {
    private MainWindow window;
    private ExecutorService worker;

    @Start
    void start(Stage stage) {
        worker = GlassboxApp.computeThread();
        window = WindowTests.open(stage, worker, AppConfig.load(AppConfig.defaultDir()), 1280, 720);
    }

    /** The texts a field must show whole: the ends of the range, written as the parameter's help writes them. */
    private static List<String> ends(Param p) {
        List<String> out = new ArrayList<>();
        for (double x : new double[]{p.min(), p.max()}) {
            if (Double.isFinite(x)) out.add(p.kind() == Param.Kind.INT ? String.valueOf((long) x) : Fmt.num(x));
        }
        return out;
    }

    private void checkLab(FxRobot robot, Lab<?> lab, String mode, List<String> checked) {
        for (Param p : lab.params()) {
            if (p.kind() != Param.Kind.INT && p.kind() != Param.Kind.DOUBLE && p.kind() != Param.Kind.LOG_DOUBLE) continue;
            var found = robot.lookup(n -> n instanceof TextField && p.label().equals(((TextField) n).getAccessibleText())).queryAll();
            if (found.isEmpty()) continue;
            TextField f = (TextField) found.iterator().next();
            // With the values shown, the field lies inside the panel's view, not cut off at its right edge.
            javafx.scene.control.ScrollPane pane = robot.lookup("#parameters").queryAs(javafx.scene.control.ScrollPane.class);
            javafx.geometry.Bounds view = pane.localToScene(pane.getLayoutBounds());
            javafx.geometry.Bounds box = f.localToScene(f.getLayoutBounds());
            assertTrue(box.getMaxX() <= view.getMaxX() + 0.5, mode + " " + lab.id() + "." + p.key() + ": the field ends at " + box.getMaxX()
                    + ", the panel at " + view.getMaxX());
            String shown = f.getText();
            for (String text : ends(p)) {
                // The range's largest (and smallest) value in the field, as typed or moved there.
                robot.interact(() -> { f.setText(text); f.applyCss(); f.getParent().layout(); pane.layout(); });
                Text m = new Text(text);
                m.setFont(f.getFont());
                Insets in = f.getInsets();
                double room = f.getWidth() - in.getLeft() - in.getRight();
                assertTrue(room >= m.getLayoutBounds().getWidth(), mode + " " + lab.id() + "." + p.key() + ": \"" + text + "\" needs "
                        + m.getLayoutBounds().getWidth() + " px, the field has " + room);
                checked.add(lab.id() + "." + p.key());
            }
            robot.interact(() -> f.setText(shown));
        }
    }

    @Test
    void fieldsShowTheLargestValueOfTheirRange(FxRobot robot) throws Exception {
        List<String> checked = new ArrayList<>();
        for (boolean presenting : new boolean[]{false, true}) {
            if (presenting) robot.interact(window::togglePresentation);
            for (Lab<?> lab : Labs.all()) {
                robot.interact(() -> window.selectLab(lab));
                WindowTests.settle(worker);
                checkLab(robot, lab, presenting ? "presentation" : "window", checked);
            }
        }
        assertTrue(checked.contains("ssm.radius"), "the spectral radius field was measured: " + checked);
        assertTrue(checked.contains("ssm.L"), "L was measured");
    }
}
