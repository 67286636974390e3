package glassbox.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.core.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the window remembers between runs (recent sessions, the export folder and scale), in
 * preferences.json under the config folder: ~/.config/glassbox, or -Dglassbox.config=DIR (tests).
 * A broken preferences file is ignored, never fatal.
 */
final class AppConfig {
    static final int MAX_RECENT = 8;

    final Path dir;
    final List<Path> recent = new ArrayList<>();
    Path exportFolder;
    int exportScale = 2;
    /** Where the window was left (x, y, width, height), or null: opened at a default size for the screen. */
    double[] window;

    private AppConfig(Path dir) {
        this.dir = dir;
    }

    static Path defaultDir() {
        String p = System.getProperty("glassbox.config");
        if (p != null && !p.isBlank()) return Path.of(p);
        return Path.of(System.getProperty("user.home"), ".config", "glassbox");
    }

    static AppConfig load(Path dir) {
        AppConfig c = new AppConfig(dir);
        Path f = dir.resolve("preferences.json");
        try {
            if (Files.isRegularFile(f) && Files.size(f) < 100_000) {
                JsonNode n = new ObjectMapper().readTree(f.toFile());
                for (JsonNode r : n.path("recent_sessions")) if (r.isTextual()) c.recent.add(Path.of(r.asText()));
                if (n.path("export_folder").isTextual()) c.exportFolder = Path.of(n.get("export_folder").asText());
                int s = n.path("export_scale").asInt(2);
                c.exportScale = s >= 1 && s <= 3 ? s : 2;
                JsonNode w = n.path("window");
                if (w.isArray() && w.size() == 4) {
                    double[] b = new double[4];
                    boolean ok = true;
                    for (int k = 0; k < 4; k++) { ok &= w.get(k).isNumber() && Double.isFinite(w.get(k).asDouble()); b[k] = w.get(k).asDouble(); }
                    if (ok && b[2] > 0 && b[3] > 0) c.window = b;
                }
            }
        } catch (Exception e) {
            // A damaged preferences file only costs the remembered folder and recent list.
        }
        return c;
    }

    void addRecent(Path p) {
        Path a = p.toAbsolutePath();
        recent.remove(a);
        recent.add(0, a);
        while (recent.size() > MAX_RECENT) recent.remove(recent.size() - 1);
        save();
    }

    Path lastSession() {
        return dir.resolve("last-session.json");
    }

    /** The last session's other labs, one session file each: each lab keeps its state until reset. */
    Path labStates() {
        return dir.resolve("lab-states");
    }

    void save() {
        try {
            Files.createDirectories(dir);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recent_sessions", recent.stream().map(Path::toString).toList());
            m.put("export_folder", exportFolder == null ? null : exportFolder.toString());
            m.put("export_scale", exportScale);
            if (window != null) m.put("window", List.of(window[0], window[1], window[2], window[3]));
            Json.write(dir.resolve("preferences.json"), m);
        } catch (Exception e) {
            // Not being able to remember preferences must not stop the user's work.
        }
    }
}
