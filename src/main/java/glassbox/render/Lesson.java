package glassbox.render;

import com.fasterxml.jackson.databind.JsonNode;
import glassbox.core.Preset;
import glassbox.core.Values;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A guided lesson: ordered steps, each a lab in an exact configuration with a short caption
 * (inline formulas between $…$) and the controls the step is about. Shipped in resources/lessons,
 * or opened from disk. Every step is checked when the file is read.
 */
public record Lesson(String title, List<Step> steps) {

    /**
     * One step: the lab, its values, a title, a caption, the parameter keys to show in presentation mode (empty:
     * all), and the step's main figure ("figure": the start of its title, e.g. "A"; null: none), which presentation
     * mode gives most of the board.
     */
    public record Step(Lab<?> lab, Values values, String title, String caption, List<String> controls, String figure) {
        public Step(Lab<?> lab, Values values, String title, String caption, List<String> controls) {
            this(lab, values, title, caption, controls, null);
        }
    }

    /** The lessons that ship with Glassbox, in lab order. */
    public static final List<String> SHIPPED = List.of("conv", "ssm", "purifier", "attention", "ridge-attention", "rnn", "cnn-shapes", "decoding", "training");

    public static List<Lesson> shipped() {
        List<Lesson> out = new ArrayList<>();
        for (String name : SHIPPED) {
            String path = "lessons/" + name + ".json";
            try (InputStream in = Lesson.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) throw new IllegalStateException("missing " + path);
                out.add(parse(name + ".json", StateFiles.read(name + ".json", in)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (StateFileException e) {
                throw new IllegalStateException("shipped lesson is broken: " + e.getMessage(), e);
            }
        }
        return out;
    }

    public static Lesson read(Path file) throws StateFileException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return parse(name, StateFiles.read(file));
    }

    /** The lesson format this Glassbox reads and writes ("glassbox_lesson"; files without it are format 1). */
    public static final int VERSION = 1;

    static Lesson parse(String name, JsonNode root) throws StateFileException {
        if (root.has("glassbox_lesson")) StateFiles.version(name, root, "glassbox_lesson", VERSION, "lesson");
        String title = StateFiles.text(name, root, "title", "$");
        String defaultLab = root.has("lab") ? StateFiles.text(name, root, "lab", "$") : null;
        JsonNode steps = root.get("steps");
        if (steps == null) throw new StateFileException(name, "$.steps", "missing: a lesson needs a list of steps");
        if (!steps.isArray()) throw new StateFileException(name, "$.steps", "expected a list, found " + StateFiles.kind(steps));
        if (steps.isEmpty()) throw new StateFileException(name, "$.steps", "the list is empty");
        List<Step> out = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            String place = "$.steps[" + (k + 1) + "]";
            JsonNode s = steps.get(k);
            if (!s.isObject()) throw new StateFileException(name, place, "expected an object, found " + StateFiles.kind(s));
            String labId = s.has("lab") ? StateFiles.text(name, s, "lab", place) : defaultLab;
            if (labId == null) throw new StateFileException(name, place + ".lab", "missing (and the lesson names no lab)");
            Lab<?> lab = StateFiles.lab(name, labId, place + ".lab");
            Map<String, String> settings = new LinkedHashMap<>();
            if (s.has("preset")) {
                String p = StateFiles.text(name, s, "preset", place);
                Preset preset = lab.presets().stream().filter(x -> x.name().equals(p)).findFirst().orElse(null);
                if (preset == null) {
                    throw new StateFileException(name, place + ".preset", "unknown preset '" + p + "' of lab " + lab.id() + "; allowed: "
                            + String.join(", ", lab.presets().stream().map(Preset::name).toList()));
                }
                settings.putAll(preset.settings());
            }
            Map<String, String> own = StateFiles.settings(name, s.get("settings"), place + ".settings");
            settings.putAll(own);
            Values values = StateFiles.values(name, lab, settings, place + ".settings");
            List<String> controls = new ArrayList<>();
            JsonNode c = s.get("controls");
            if (c != null) {
                if (!c.isArray()) throw new StateFileException(name, place + ".controls", "expected a list of parameter keys");
                for (JsonNode key : c) {
                    if (!key.isTextual()) throw new StateFileException(name, place + ".controls", "expected parameter keys as text");
                    if (lab.params().stream().noneMatch(pp -> pp.key().equals(key.asText()))) {
                        throw new StateFileException(name, place + ".controls", "unknown parameter '" + key.asText() + "' of lab " + lab.id());
                    }
                    controls.add(key.asText());
                }
            }
            String stepTitle = StateFiles.text(name, s, "title", place);
            // The values the step writes itself are what its author meant: checked as set, not moved to fit.
            StateFiles.check(name, lab, values.withSetKeys(List.copyOf(own.keySet())), place + ".settings", "step " + (k + 1) + " ('" + stepTitle + "'): ");
            String figure = s.has("figure") ? StateFiles.text(name, s, "figure", place) : null;
            out.add(new Step(lab, values, stepTitle, StateFiles.text(name, s, "caption", place), List.copyOf(controls), figure));
        }
        return new Lesson(title, List.copyOf(out));
    }
}
