package glassbox.cli;

import glassbox.core.Param;
import glassbox.core.Preset;
import glassbox.render.Lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The footer of {@code glassbox export LAB --help}: every key of the lab with its meaning, what is
 * allowed and its default, from the same {@link Param} definitions the window's tooltips show, and
 * the lab's presets.
 */
final class LabHelp {
    static final int WIDTH = 79; // picocli's usage width is 80
    private static final String INDENT = "                ";

    private LabHelp() {}

    static String[] footer(Lab<?> lab) {
        List<String> lines = new ArrayList<>();
        for (Param p : lab.params()) {
            String head = String.format("  %-13s ", p.key());
            if (head.length() > INDENT.length()) { lines.add(head.stripTrailing()); head = INDENT; }
            wrap(lines, head, p.label() + ": " + p.allowed() + " (default " + shown(p.defaultText()) + ").");
            if (!p.help().isBlank()) wrap(lines, INDENT, p.help());
        }
        lines.add("");
        wrap(lines, "", "Presets (--preset NAME): " + String.join(", ", lab.presets().stream().map(Preset::name).toList())
                + ". Their descriptions: glassbox presets " + lab.id());
        // picocli formats help text: a literal percent sign must be doubled.
        return lines.stream().map(l -> l.replace("%", "%%")).toArray(String[]::new);
    }

    private static String shown(String defaultText) {
        return defaultText.isEmpty() ? "empty" : defaultText;
    }

    /** Greedy word wrap to {@link #WIDTH} columns: the first line after {@code first}, the rest indented as deep. */
    static void wrap(List<String> out, String first, String text) {
        String indent = " ".repeat(first.length());
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.replace('\n', ' ').split(" +")) {
            if (word.isEmpty()) continue;
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.add(line.toString());
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) line.append(' ');
            line.append(word);
            empty = false;
        }
        out.add(line.toString());
    }
}
