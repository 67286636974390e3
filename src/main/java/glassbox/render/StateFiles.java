package glassbox.render;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.core.ParamException;
import glassbox.core.Values;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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
        if (!Files.exists(file)) throw new StateFileException(name, "", "the file is missing (" + file.toAbsolutePath() + ")");
        // A folder, /dev/zero or a FIFO: its size says nothing (0) and reading it may never end.
        if (!Files.isRegularFile(file)) throw new StateFileException(name, "", "not a regular file (a folder, device or pipe)");
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new StateFileException(name, "", String.format(java.util.Locale.ROOT,
                        "the file is %.1f MB; Glassbox files are at most 1 MB (is this the right file?)", size / 1e6));
            }
            return read(name, in);
        } catch (IOException e) {
            throw new StateFileException(name, "", "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Reads at most MAX_BYTES + 1 bytes, whatever the stream claims its size is. */
    static JsonNode read(String name, InputStream in) throws StateFileException {
        try {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new StateFileException(name, "", "the file is over 1 MB; Glassbox files are at most 1 MB (is this the right file?)");
            }
            return parse(name, bytes);
        } catch (IOException e) {
            throw new StateFileException(name, "", "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Trailing text after the object (or a second object) is refused, not silently dropped. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static JsonNode parse(String name, byte[] bytes) throws StateFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new StateFileException(name, "", "not UTF-8 text (is this a Glassbox file?)");
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || root.isMissingNode()) throw new StateFileException(name, "", "the file is empty");
            if (!root.isObject()) throw new StateFileException(name, "top level", "expected a JSON object { … }, found " + kind(root));
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String place = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new StateFileException(name, place, "not valid JSON: " + problem(e));
        }
    }

    /** Jackson's complaint in Glassbox's words (its own text names its classes and features). */
    static String problem(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) return "the file ends inside the JSON (a missing } or ] or \"?)";
        if (m.startsWith("Trailing token")) return "more text after the end of the JSON object (only one object is allowed)";
        java.util.regex.Matcher c = java.util.regex.Pattern.compile("Unexpected character \\('(.{1,2})' \\(code (\\d+)\\)\\)").matcher(m);
        if (c.find()) {
            int code = Integer.parseInt(c.group(2));
            String ch = code < 32 ? "U+" + String.format(java.util.Locale.ROOT, "%04X", code) : "'" + c.group(1) + "'";
            return "unexpected character " + ch + (m.contains("double-quote") ? " (names and text go in double quotes)" : "");
        }
        if (m.startsWith("Unrecognized token")) {
            java.util.regex.Matcher t = java.util.regex.Pattern.compile("Unrecognized token '([^']{0,40})").matcher(m);
            return "unknown word" + (t.find() ? " '" + t.group(1) + "'" : "") + " (text goes in double quotes; true, false and null are the only bare words)";
        }
        if (m.startsWith("Duplicate field")) return "a name appears twice in one object";
        String first = m.split("\n")[0];
        int cut = first.indexOf(" (for ");
        if (cut < 0) cut = first.indexOf(" (StreamReadFeature");
        return cut > 0 ? first.substring(0, cut) : first;
    }

    /**
     * A format version: a whole number from 1 to the version this Glassbox reads. 1.5 or 1e30 are refused
     * as what they are, not as "a number".
     */
    static int version(String file, JsonNode root, String field, int current, String what) throws StateFileException {
        JsonNode ver = root.get(field);
        if (ver == null) throw new StateFileException(file, field, "missing: this is not a Glassbox " + what + " file");
        if (!ver.isNumber()) throw new StateFileException(file, field, "expected a version number, found " + kind(ver));
        if (!ver.isIntegralNumber() || !ver.canConvertToInt()) {
            throw new StateFileException(file, field, "expected a whole version number (this Glassbox reads " + current + "), found " + ver.asText());
        }
        int v = ver.asInt();
        if (v > current) {
            throw new StateFileException(file, field, "written by a newer Glassbox (format " + v + "); this version reads format " + current + " — please update Glassbox");
        }
        if (v < 1) throw new StateFileException(file, field, "unknown format " + v);
        return v;
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

    /** The values' whole configuration checked by the lab (Lab.check), so a bad combination is refused at load. */
    static void check(String file, Lab<?> lab, Values values, String place, String what) throws StateFileException {
        try {
            lab.check(lab.resolve(values));
        } catch (ParamException e) {
            throw new StateFileException(file, place + "." + e.key(), what + e.getMessage());
        }
    }
}
