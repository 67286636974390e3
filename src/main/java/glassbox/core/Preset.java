package glassbox.core;

import java.util.Map;

/** A named configuration of a lab (a worked example from a course), loaded from resources/presets. */
public record Preset(String name, String lab, String title, String description, Map<String, String> settings) {}
