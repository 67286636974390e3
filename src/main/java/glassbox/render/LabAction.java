package glassbox.render;

import java.util.Map;

/**
 * A button a lab offers: either opens {@code lab} with {@code settings} (another lab, or the same one
 * differently configured), or copies {@code copyText} to the clipboard. Exactly one of the two is set.
 */
public record LabAction(String label, String help, String lab, Map<String, String> settings, String copyText) {
    public static LabAction open(String label, String help, String lab, Map<String, String> settings) {
        return new LabAction(label, help, lab, Map.copyOf(settings), null);
    }

    public static LabAction copy(String label, String help, String text) {
        return new LabAction(label, help, null, Map.of(), text);
    }
}
