package glassbox.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A 256-entry colour map loaded from resources/palettes: viridis and cividis (perceptually
 * uniform, colour-blind safe) for magnitudes, a diverging map centred on zero for signed values,
 * and grey for printing.
 */
public final class Palette {
    public static final List<String> MAGNITUDE = List.of("viridis", "cividis", "grey");
    public static final List<String> SIGNED = List.of("diverging", "grey");

    private static final Map<String, Palette> CACHE = new ConcurrentHashMap<>();

    private final String name;
    private final int[] lut;

    private Palette(String name, int[] lut) {
        this.name = name;
        this.lut = lut;
    }

    public static Palette get(String name) {
        return CACHE.computeIfAbsent(name, Palette::load);
    }

    public static Palette viridis() { return get("viridis"); }

    public static Palette diverging() { return get("diverging"); }

    public String name() { return name; }

    /** ARGB colour for t in [0, 1] (clamped; NaN gives mid grey). */
    public int argb(double t) {
        if (Double.isNaN(t)) return 0xFF808080;
        int i = (int) (Math.max(0, Math.min(1, t)) * 255 + 0.5); // Math.round for t ≥ 0, without its slow path
        return lut[i];
    }

    private static Palette load(String name) {
        String path = "palettes/" + name + ".txt";
        try (InputStream in = Palette.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("unknown palette '" + name + "'");
            int[] lut = new int[256];
            int n = 0;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#") && line.length() != 7) continue;
                lut[n++] = 0xFF000000 | Integer.parseInt(line.substring(1), 16);
            }
            if (n != 256) throw new IllegalStateException(path + " has " + n + " colours, expected 256");
            return new Palette(name, lut);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
