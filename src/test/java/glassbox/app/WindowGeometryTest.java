package glassbox.app;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The window opens at 1400×900 where that fits, within a smaller screen, or where it was left if that is on a screen. */
class WindowGeometryTest {
    private static final Rectangle2D SMALL = new Rectangle2D(0, 0, 1280, 720);
    private static final Rectangle2D LARGE = new Rectangle2D(0, 0, 1920, 1080);

    @Test
    void defaultSizeFitsTheScreen() {
        WindowGeometry.Bounds big = WindowGeometry.initial(null, List.of(LARGE));
        assertEquals(1400, big.width());
        assertEquals(900, big.height());
        assertNull(big.x(), "centred");
        WindowGeometry.Bounds small = WindowGeometry.initial(null, List.of(SMALL));
        assertTrue(small.width() <= 1280 && small.width() >= 1200, "width " + small.width());
        assertTrue(small.height() <= 720 - 20 && small.height() >= 640, "height " + small.height());
    }

    @Test
    void whereItWasLeftIfStillOnAScreen() {
        WindowGeometry.Bounds b = WindowGeometry.initial(new double[]{100, 50, 1200, 800}, List.of(LARGE));
        assertEquals(100, b.x());
        assertEquals(50, b.y());
        assertEquals(1200, b.width());
        assertEquals(800, b.height());
        // Left on a screen that is gone: the default.
        assertNull(WindowGeometry.initial(new double[]{3000, 50, 1200, 800}, List.of(LARGE)).x());
        // Left larger than today's screen: moved and shrunk onto it.
        WindowGeometry.Bounds shrunk = WindowGeometry.initial(new double[]{200, 100, 1800, 1000}, List.of(SMALL));
        assertEquals(1280, shrunk.width());
        assertEquals(720, shrunk.height());
        assertEquals(0, shrunk.x());
        assertEquals(0, shrunk.y());
        // Left tiny: at least the minimum size.
        assertEquals(WindowGeometry.MIN_WIDTH, WindowGeometry.initial(new double[]{10, 10, 300, 200}, List.of(LARGE)).width());
    }
}
