package glassbox.render;

import com.fasterxml.jackson.databind.JsonNode;
import glassbox.core.Backend;
import glassbox.core.Json;
import glassbox.core.ParamException;
import glassbox.core.Values;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole state of the window worth keeping: the lab, its parameters, the view options and the
 * backend, as a human-readable JSON file. Reading checks everything before anything is replaced.
 */
public record Session(Lab<?> lab, Values values, Style style, Backend backend) {
    public static final int VERSION = 1;

    public Map<String, Object> toJson() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("dark", style.dark());
        view.put("font_scale", style.fontScale());
        view.put("magnitude_palette", style.magnitudePalette());
        view.put("signed_palette", style.signedPalette());
        view.put("formulas", style.formulas());
        view.put("figure_palettes", new java.util.TreeMap<>(style.figurePalettes()));
        view.put("backend", backend.name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("glassbox_session", VERSION);
        m.put("lab", lab.id());
        m.put("parameters", values.asText());
        // Which of them the user set (the others follow the data when it changes).
        m.put("set", new java.util.ArrayList<>(values.setKeys()));
        m.put("view", view);
        return m;
    }

    public void write(Path file) throws IOException {
        Json.write(file, toJson());
    }

    public static Session read(Path file) throws StateFileException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return parse(name, StateFiles.read(file));
    }

    static Session parse(String name, JsonNode root) throws StateFileException {
        StateFiles.version(name, root, "glassbox_session", VERSION, "session");
        Lab<?> lab = StateFiles.lab(name, StateFiles.text(name, root, "lab", "$"), "$.lab");
        Values values = StateFiles.values(name, lab, StateFiles.settings(name, root.get("parameters"), "$.parameters"), "$.parameters");
        JsonNode set = root.get("set");
        if (set != null && !set.isNull()) {
            if (!set.isArray()) throw new StateFileException(name, "$.set", "expected a list of parameter keys, found " + StateFiles.kind(set));
            List<String> keys = new java.util.ArrayList<>();
            for (int k = 0; k < set.size(); k++) {
                JsonNode key = set.get(k);
                if (!key.isTextual() || lab.params().stream().noneMatch(p -> p.key().equals(key.asText()))) {
                    throw new StateFileException(name, "$.set[" + (k + 1) + "]", "expected a parameter key of lab " + lab.id() + ", found " + key);
                }
                keys.add(key.asText());
            }
            values = values.withSetKeys(keys);
        }
        StateFiles.check(name, lab, values, "$.parameters", "");
        Style style = Style.DEFAULT;
        Backend backend = Backend.ND4J_CPU;
        JsonNode view = root.get("view");
        if (view != null && !view.isNull()) {
            if (!view.isObject()) throw new StateFileException(name, "$.view", "expected an object, found " + StateFiles.kind(view));
            style = new Style(bool(name, view, "dark", false), number(name, view, "font_scale", 1.0, 0.5, 4.0),
                    palette(name, view, "magnitude_palette", "viridis", Palette.MAGNITUDE),
                    palette(name, view, "signed_palette", "diverging", Palette.SIGNED),
                    bool(name, view, "formulas", true), figurePalettes(name, view.get("figure_palettes")));
            JsonNode b = view.get("backend");
            if (b != null) {
                if (!b.isTextual()) throw new StateFileException(name, "$.view.backend", "expected text, found " + StateFiles.kind(b));
                try {
                    backend = Backend.parse(b.asText());
                } catch (ParamException e) {
                    throw new StateFileException(name, "$.view.backend", e.getMessage());
                }
            }
        }
        return new Session(lab, values, style, backend);
    }

    private static boolean bool(String name, JsonNode view, String key, boolean def) throws StateFileException {
        JsonNode n = view.get(key);
        if (n == null) return def;
        if (!n.isBoolean()) throw new StateFileException(name, "$.view." + key, "expected true or false, found " + StateFiles.kind(n));
        return n.asBoolean();
    }

    private static double number(String name, JsonNode view, String key, double def, double lo, double hi) throws StateFileException {
        JsonNode n = view.get(key);
        if (n == null) return def;
        if (!n.isNumber()) throw new StateFileException(name, "$.view." + key, "expected a number, found " + StateFiles.kind(n));
        double v = n.asDouble();
        if (!(v >= lo && v <= hi)) throw new StateFileException(name, "$.view." + key, v + " is outside " + lo + " … " + hi);
        return v;
    }

    private static String palette(String name, JsonNode view, String key, String def, java.util.List<String> allowed) throws StateFileException {
        JsonNode n = view.get(key);
        if (n == null) return def;
        if (!n.isTextual() || !allowed.contains(n.asText())) {
            throw new StateFileException(name, "$.view." + key, "expected one of " + String.join(", ", allowed) + ", found " + n);
        }
        return n.asText();
    }

    private static Map<String, String> figurePalettes(String name, JsonNode n) throws StateFileException {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) return out;
        if (!n.isObject()) throw new StateFileException(name, "$.view.figure_palettes", "expected an object, found " + StateFiles.kind(n));
        java.util.Set<String> all = new java.util.LinkedHashSet<>(Palette.MAGNITUDE);
        all.addAll(Palette.SIGNED);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() || !all.contains(e.getValue().asText())) {
                throw new StateFileException(name, "$.view.figure_palettes." + e.getKey(), "expected one of " + String.join(", ", all));
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
