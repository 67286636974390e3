package glassbox.app;

import glassbox.render.Board;
import glassbox.render.FrameRenderer;
import glassbox.render.Labs;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.awt.Rectangle;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** Any figure can be enlarged to the whole board and back (issue 16): double-click or Z, and the export is it alone. */
@ExtendWith(ApplicationExtension.class)
class EnlargedFigureUiTest {
    private MainWindow window;
    private ExecutorService worker;

    @Start
    void start(Stage stage) {
        worker = GlassboxApp.computeThread();
        window = WindowTests.open(stage, worker);
    }

    @Test
    void doubleClickEnlargesTheFigureUnderThePointerAndBack(FxRobot robot) throws Exception {
        robot.interact(() -> window.selectLab(Labs.get("conv")));
        WindowTests.settle(worker);
        FrameRenderer.Frame all = window.viewModel().frameProperty().get();
        int n = all.figures().size();
        assertTrue(n > 2, "the conv board has several figures");
        // The second figure's centre, in board coordinates, then on screen.
        Rectangle r = Board.layout(all.figures(), all.request().width(), all.request().height(), all.request().style()).get(1);
        String title = all.figures().get(1).title();
        Pane pane = robot.lookup(".figure-pane").queryAs(Pane.class);
        Point2D at = pane.localToScreen(r.getCenterX(), r.getCenterY());
        robot.moveTo(at).doubleClickOn(MouseButton.PRIMARY);
        WindowTests.settle(worker);
        FrameRenderer.Frame one = window.viewModel().frameProperty().get();
        assertEquals(title, window.viewModel().enlarged());
        assertEquals(1, one.figures().size());
        assertEquals(title, one.figures().get(0).title());
        assertTrue(one.computed().figures().size() == n, "the lab still computes every figure");
        // Z with the keyboard pointer returns to every figure.
        robot.interact(pane::requestFocus);
        robot.push(KeyCode.Z);
        WindowTests.settle(worker);
        assertNull(window.viewModel().enlarged());
        assertEquals(n, window.viewModel().frameProperty().get().figures().size());
        // Switching lab shows every figure of the new lab.
        robot.interact(() -> window.toggleEnlarged(r.getCenterX(), r.getCenterY()));
        WindowTests.settle(worker);
        assertNotNull(window.viewModel().enlarged());
        robot.interact(() -> window.selectLab(Labs.get("ssm")));
        WindowTests.settle(worker);
        assertNull(window.viewModel().enlarged());
    }
}
