package glassbox.render;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.core.ParamException;
import glassbox.core.Values;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading session and lesson files safely: size cap, JSON syntax with line and column, checked settings. */
final class StateFiles {
    /** Sessions and lessons are small; anything larger is refused before it is read. */
    static final long MAX_BYTES = 1_000_000;

    private StateFiles() {}

    static JsonNode read(Path file) throws StateFileException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new StateFileException(name, "", String.format(java.util.Locale.ROOT,
                        "the file is %.1f MB; Glassbox files are at most 1 MB (is this the right file?)", size / 1e6));
            }
            return parse(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new StateFileException(name, "", "cannot be read (" + e.getMessage() + ")");
        }
    }

    static JsonNode read(String name, InputStream in) throws StateFileException {
        try {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) throw new StateFileException(name, "", "the file is over 1 MB");
            return parse(name, bytes);
        } catch (IOException e) {
            throw new StateFileException(name, "", "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static JsonNode parse(String name, byte[] bytes) throws StateFileException {
        try {
            JsonNode root = new ObjectMapper().readTree(bytes);
            if (root == null || root.isMissingNode()) throw new StateFileException(name, "", "the file is empty");
            if (!root.isObject()) throw new StateFileException(name, "top level", "expected a JSON object { … }, found " + kind(root));
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String place = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new StateFileException(name, place, "not valid JSON (" + e.getOriginalMessage().split("\n")[0] + ")");
        } catch (IOException e) {
            throw new StateFileException(name, "", "cannot be read (" + e.getMessage() + ")");
        }
    }

    static String kind(JsonNode n) {
        if (n.isObject()) return "an object";
        if (n.isArray()) return "a list";
        if (n.isTextual()) return "text";
        if (n.isNumber()) return "a number";
        if (n.isBoolean()) return "true/false";
        if (n.isNull()) return "null";
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    static String text(String file, JsonNode parent, String field, String place) throws StateFileException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) throw new StateFileException(file, place + "." + field, "missing");
        if (!n.isTextual()) throw new StateFileException(file, place + "." + field, "expected text, found " + kind(n));
        return n.asText();
    }

    static Lab<?> lab(String file, String id, String place) throws StateFileException {
        try {
            return Labs.get(id);
        } catch (ParamException e) {
            throw new StateFileException(file, place, "unknown lab '" + id + "'; allowed: "
                    + String.join(", ", Labs.all().stream().map(Lab::id).toList()));
        }
    }

    /** A settings object: every value a string, number or true/false; checked against the lab's parameters. */
    static Map<String, String> settings(String file, JsonNode node, String place) throws StateFileException {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) return out;
        if (!node.isObject()) throw new StateFileException(file, place, "expected an object of parameter values, found " + kind(node));
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                throw new StateFileException(file, place + "." + e.getKey(), "expected a value (text, number or true/false), found " + kind(v));
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    /** The settings checked against the lab, none of them counted as set by the user (a preset's, a lesson's, a session's). */
    static Values values(String file, Lab<?> lab, Map<String, String> settings, String place) throws StateFileException {
        try {
            return Values.preset(lab.params(), settings);
        } catch (ParamException e) {
            throw new StateFileException(file, place + "." + e.key(), e.getMessage());
        }
    }
}
