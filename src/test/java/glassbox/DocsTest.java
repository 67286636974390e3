package glassbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Citations of the project's docs cannot dangle again (the code once cited design notes the
 * repository never held). In src/, resources/ and pom.xml: every cited file under docs/ exists;
 * every section cited for docs/LABS.md, as "§n" or "§n, part k", is a heading there ("## §n. …",
 * and "### Part k…" inside it); and no Markdown file named in capitals is cited without its folder
 * unless it sits at the root (README). This file is left out of the scan: its examples dangle on
 * purpose. How the docs are laid out: docs/ARCHITECTURE.md and docs/ADDING-A-LAB.md.
 */
class DocsTest {
    /** A path into docs/, optionally followed by a section and a part. */
    private static final Pattern CITED = Pattern.compile("docs/([\\w-]+)\\.md(?:'s)?(?:\\s*§\\s*(\\d+)(?:\\s*,\\s*part\\s+(\\d+))?)?");
    /** A Markdown file named in capitals with no folder before it, e.g. a bare design-notes file. */
    private static final Pattern BARE = Pattern.compile("(?<![\\w/.-])([A-Z][A-Z0-9_-]*)\\.md\\b");
    private static final Pattern SECTION = Pattern.compile("^#{1,6}\\s*§(\\d+)\\b");
    private static final Pattern PART = Pattern.compile("^#{2,6}\\s*Part\\s+(\\d+)\\b", Pattern.CASE_INSENSITIVE);
    private static final String LABS = "LABS";

    @Test
    void everyCitedDocAndSectionExists() throws IOException {
        Path root = Paths.get("").toAbsolutePath();
        Map<String, String> sources = sources(root);
        sources.remove("src/test/java/glassbox/DocsTest.java");
        assertTrue(sources.keySet().stream().anyMatch(f -> f.endsWith("ConvSpec.java")), "the scan reads src/: " + sources.size() + " files");
        List<String> dangling = dangling(sources, name -> {
            Path doc = root.resolve("docs").resolve(name + ".md");
            return Files.isRegularFile(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : null;
        }, name -> Files.isRegularFile(root.resolve(name + ".md")));
        assertTrue(dangling.isEmpty(), "citations that point nowhere:\n  " + String.join("\n  ", dangling));
    }

    @Test
    void theCheckFindsEveryKindOfDanglingCitation() {
        String labs = "# Labs\n\n## §1. One\n\ntext\n\n## §2. Two\n\n### Part 1: first\n\n### Part 2: second\n";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Good.java", "/** docs/LABS.md §1, docs/LABS.md §2, part 2, docs/LABS.md's table, README.md. */");
        files.put("Bad.java", "/** docs/LABS.md §3; docs/LABS.md §2, part 3; docs/GONE.md; see DESIGN.md. */\n// docs/LABS.md §1, part 1");
        List<String> d = dangling(files, name -> name.equals(LABS) ? labs : null, name -> name.equals("README"));
        assertEquals(List.of(
                "Bad.java:1: docs/LABS.md §3: no heading '## §3.' in docs/LABS.md",
                "Bad.java:1: docs/LABS.md §2, part 3: §2 of docs/LABS.md has no heading 'Part 3'",
                "Bad.java:1: docs/GONE.md: no such file",
                "Bad.java:1: DESIGN.md: no such file at the root (cite docs/… instead)",
                "Bad.java:2: docs/LABS.md §1, part 1: §1 of docs/LABS.md has no heading 'Part 1'"), d);
    }

    interface Docs { String text(String name) throws IOException; }

    interface RootFile { boolean exists(String name); }

    /** What cites a missing doc, section or part, as "file:line: citation: why". */
    static List<String> dangling(Map<String, String> sources, Docs docs, RootFile atRoot) {
        List<String> out = new ArrayList<>();
        Map<String, String> read = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String[] lines = e.getValue().split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String where = e.getKey() + ":" + (n + 1) + ": ";
                Matcher m = CITED.matcher(lines[n]);
                while (m.find()) {
                    String name = m.group(1);
                    String text = read.computeIfAbsent(name, k -> {
                        try {
                            String t = docs.text(k);
                            return t == null ? "" : t;
                        } catch (IOException ex) {
                            return "";
                        }
                    });
                    String cite = m.group(0).replace("'s", "");
                    if (text.isEmpty()) {
                        out.add(where + "docs/" + name + ".md: no such file");
                    } else if (m.group(2) != null) {
                        String why = missingSection(text, Integer.parseInt(m.group(2)), m.group(3) == null ? -1 : Integer.parseInt(m.group(3)));
                        if (why != null) out.add(where + cite + ": " + why.replace("DOC", "docs/" + name + ".md"));
                    }
                }
                Matcher b = BARE.matcher(lines[n]);
                while (b.find()) {
                    if (!atRoot.exists(b.group(1))) out.add(where + b.group(0) + ": no such file at the root (cite docs/… instead)");
                }
            }
        }
        return out;
    }

    /** Null when section §n (and its part, if part ≥ 0) is a heading of the doc; otherwise why not. */
    static String missingSection(String doc, int section, int part) {
        List<String> body = null;
        for (String line : doc.split("\n")) {
            Matcher s = SECTION.matcher(line);
            if (s.find()) {
                if (body != null) break;
                if (Integer.parseInt(s.group(1)) == section) body = new ArrayList<>();
                continue;
            }
            if (body != null) body.add(line);
        }
        if (body == null) return "no heading '## §" + section + ".' in DOC";
        if (part < 0) return null;
        for (String line : body) {
            Matcher p = PART.matcher(line);
            if (p.find() && Integer.parseInt(p.group(1)) == part) return null;
        }
        return "§" + section + " of DOC has no heading 'Part " + part + "'";
    }

    /** Every file of src/ and resources/, and pom.xml, by path relative to the root (all are text). */
    static Map<String, String> sources(Path root) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("src", "resources")) {
            if (!Files.isDirectory(root.resolve(dir))) continue;
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        files.add(root.resolve("pom.xml"));
        // Decoded leniently: a stray byte must not hide the citations around it.
        for (Path p : files) out.put(root.relativize(p).toString().replace('\\', '/'), new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        return out;
    }
}
