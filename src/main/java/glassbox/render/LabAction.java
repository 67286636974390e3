package glassbox.render;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A button a lab offers: either opens {@code lab} with its settings (another lab, or the same one
 * differently configured), or copies {@code copyText} to the clipboard. Exactly one of the two is set.
 * The settings are made when the button is used ({@link #settings()}): labs offer actions on every
 * frame, and some settings (whole matrices as text) cost more to write than the frame itself.
 */
public record LabAction(String label, String help, String lab, Supplier<Map<String, String>> settingsSource, String copyText) {
    public static LabAction open(String label, String help, String lab, Map<String, String> settings) {
        Map<String, String> s = Map.copyOf(settings);
        return new LabAction(label, help, lab, () -> s, null);
    }

    /** As {@link #open}, with settings written only when asked for. */
    public static LabAction openLazily(String label, String help, String lab, Supplier<Map<String, String>> settings) {
        return new LabAction(label, help, lab, settings, null);
    }

    public static LabAction copy(String label, String help, String text) {
        return new LabAction(label, help, null, Map::of, text);
    }

    public Map<String, String> settings() {
        return Map.copyOf(settingsSource.get());
    }
}
