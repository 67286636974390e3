package glassbox.app;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where the window opens: where it was left when that is still on a screen, else 1400×900 clamped to the
 * primary screen's visual bounds (a window manager would otherwise shrink it to its minimum size).
 */
final class WindowGeometry {
    static final double WIDTH = 1400, HEIGHT = 900;
    static final double MIN_WIDTH = 960, MIN_HEIGHT = 600;
    static final double FRAME_W = 8, FRAME_H = 36;

    /** x and y null: centre it. */
    record Bounds(Double x, Double y, double width, double height) {}

    private WindowGeometry() {}

    /** The screens' visual bounds, the primary first. */
    static List<Rectangle2D> screens() {
        List<Rectangle2D> out = new java.util.ArrayList<>();
        out.add(Screen.getPrimary().getVisualBounds());
        for (Screen s : Screen.getScreens()) if (s != Screen.getPrimary()) out.add(s.getVisualBounds());
        return out;
    }

    static Bounds initial(double[] saved, List<Rectangle2D> screens) {
        Rectangle2D primary = screens.isEmpty() ? new Rectangle2D(0, 0, WIDTH, HEIGHT) : screens.get(0);
        if (saved != null) {
            for (Rectangle2D s : screens) {
                // Still (mostly) on this screen: keep it there, no larger than the screen.
                double cx = saved[0] + saved[2] / 2, cy = saved[1] + saved[3] / 2;
                if (!s.contains(cx, cy)) continue;
                double w = Math.min(Math.max(saved[2], Math.min(MIN_WIDTH, s.getWidth())), s.getWidth());
                double h = Math.min(Math.max(saved[3], Math.min(MIN_HEIGHT, s.getHeight())), s.getHeight());
                double x = Math.max(s.getMinX(), Math.min(saved[0], s.getMaxX() - w));
                double y = Math.max(s.getMinY(), Math.min(saved[1], s.getMaxY() - h));
                return new Bounds(x, y, w, h);
            }
        }
        // The size is the scene's: leave room for the window manager's frame and title bar.
        return new Bounds(null, null, Math.min(WIDTH, primary.getWidth() - FRAME_W), Math.min(HEIGHT, primary.getHeight() - FRAME_H));
    }

    /** Reports the window's bounds as the user moves and resizes it (not full screen or maximised ones). */
    static void track(Stage stage, Consumer<double[]> bounds) {
        Runnable report = () -> {
            if (stage.isFullScreen() || stage.isMaximized() || stage.isIconified() || stage.getScene() == null) return;
            bounds.accept(new double[]{stage.getX(), stage.getY(), stage.getScene().getWidth(), stage.getScene().getHeight()});
        };
        stage.xProperty().addListener(o -> report.run());
        stage.yProperty().addListener(o -> report.run());
        stage.widthProperty().addListener(o -> report.run());
        stage.heightProperty().addListener(o -> report.run());
    }
}
