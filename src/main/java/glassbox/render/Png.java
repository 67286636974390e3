package glassbox.render;

import glassbox.core.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** PNG export of a board: the same drawing as the window, at a chosen scale, written atomically. */
public final class Png {
    private Png() {}

    public static BufferedImage board(List<Figure> figures, int width, int height, double scale, Style style, Object highlight) {
        return Board.render(figures, width, height, scale, style, highlight);
    }

    public static void write(Path file, BufferedImage img) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        });
    }
}
