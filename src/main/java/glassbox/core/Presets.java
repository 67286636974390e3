package glassbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads the presets a lab ships in resources/presets/LAB.json. */
public final class Presets {
    private Presets() {}

    /** Read once per lab: the window asks on every lab switch, and the first read starts Jackson. */
    private static final java.util.concurrent.ConcurrentHashMap<String, List<Preset>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    public static List<Preset> forLab(String lab) {
        return CACHE.computeIfAbsent(lab, Presets::read);
    }

    private static List<Preset> read(String lab) {
        String path = "presets/" + lab + ".json";
        try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) return List.of();
            JsonNode root = new ObjectMapper().readTree(in);
            List<Preset> out = new ArrayList<>();
            for (JsonNode p : root.path("presets")) {
                Map<String, String> settings = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = p.path("settings").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    settings.put(e.getKey(), e.getValue().asText());
                }
                out.add(new Preset(p.path("name").asText(), lab, p.path("title").asText(), p.path("description").asText(), settings));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
