package glassbox;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The installer profile (pom.xml, jpackage) starts the right class from the right jar, and its
 * trimmed runtime holds every JDK module that Glassbox and its runtime libraries use, as jdeps finds
 * them. A new dependency that needs a module the list lacks fails here, not on a teacher's laptop
 * with a NoClassDefFoundError. (Packaging itself is checked by hand: see docs/ARCHITECTURE.md.)
 */
class InstallerProfileTest {
    /** Jars on the test class path that the app does not ship (test-scope libraries). */
    private static final Pattern TEST_ONLY = Pattern.compile(
            "[/\\\\](junit|opentest4j|apiguardian|testfx|tngtech|hamcrest|monocle|org[/\\\\]openjfx[/\\\\]openjfx-monocle)[/\\\\]|test-classes");

    @Test
    void jpackageNamesTheMainClassJarAndEveryNeededModule() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        Map<String, String> props = properties(pom);
        String finalName = text(pom.getDocumentElement(), "build", "finalName");
        props.put("project.build.finalName", finalName);
        List<String> args = jpackageArgs(pom, props);

        assertEquals("glassbox.Main", after(args, "--main-class"));
        assertEquals(props.get("main.class"), after(args, "--main-class"));
        assertEquals(finalName + ".jar", after(args, "--main-jar"));
        assertTrue(Files.exists(Path.of("target", "classes", "glassbox", "Main.class")), "the main class is built");

        Set<String> listed = new TreeSet<>(Arrays.asList(after(args, "--add-modules").split(",")));
        Set<String> needed = jdepsModules();
        assertTrue(needed.contains("java.base") && needed.contains("java.desktop"), "jdeps ran: " + needed);
        needed.removeAll(listed);
        assertTrue(needed.isEmpty(), "modules jdeps finds that the installer's runtime lacks: " + needed);
    }

    /** The modules jdeps reports for target/classes and for each runtime jar on the class path. */
    static Set<String> jdepsModules() throws java.io.IOException {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        List<String> targets = new ArrayList<>();
        targets.add(Path.of("target", "classes").toString());
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String e : cp.split(File.pathSeparator)) {
            if (e.endsWith(".jar") && !TEST_ONLY.matcher(e).find() && !e.contains("javafx-")) targets.add(e);
        }
        Set<String> modules = new TreeSet<>();
        for (String t : targets) {
            // A modular jar (ControlsFX, ND4J's natives) declares the JDK modules it needs; jdeps could only
            // read it with all of its own module dependencies resolvable, which ND4J's jars are not.
            var declared = declaredModule(t);
            if (declared.isPresent()) {
                declared.get().requires().stream().map(java.lang.module.ModuleDescriptor.Requires::name)
                        .filter(m -> m.startsWith("java.") || m.startsWith("jdk.")).forEach(modules::add);
                continue;
            }
            modules.addAll(jdeps(jdeps, t));
        }
        return modules;
    }

    static Set<String> jdeps(ToolProvider jdeps, String target) throws java.io.IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc;
        try {
            rc = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                    "--print-module-deps", "--ignore-missing-deps", "--multi-release", "17", target);
        } catch (java.lang.module.FindException brokenModuleInfo) {
            // nd4j-api's module-info names packages the jar lacks: read its classes as a plain folder.
            return jdeps(jdeps, classesWithoutModuleInfo(Path.of(target)).toString());
        }
        assertEquals(0, rc, "jdeps " + target + ": " + err);
        String[] lines = out.toString().strip().split("\\R");
        Set<String> modules = new TreeSet<>();
        for (String m : lines[lines.length - 1].split(",")) if (!m.isBlank() && !m.startsWith("javafx.")) modules.add(m.strip());
        return modules;
    }

    static Path classesWithoutModuleInfo(Path jar) throws java.io.IOException {
        Path dir = Files.createTempDirectory("jdeps");
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (e.isDirectory() || !n.endsWith(".class") || n.endsWith("module-info.class") || n.startsWith("META-INF/")) continue;
                Path to = dir.resolve(n);
                Files.createDirectories(to.getParent());
                try (var in = zip.getInputStream(e)) { Files.copy(in, to); }
            }
        }
        return dir;
    }

    /** The module-info of a modular jar; empty for a plain jar, a folder, or a jar Java cannot read as a module. */
    static java.util.Optional<java.lang.module.ModuleDescriptor> declaredModule(String path) {
        if (!path.endsWith(".jar")) return java.util.Optional.empty();
        try {
            return java.lang.module.ModuleFinder.of(Path.of(path)).findAll().stream()
                    .map(java.lang.module.ModuleReference::descriptor).filter(d -> !d.isAutomatic()).findFirst();
        } catch (java.lang.module.FindException notAModule) {
            return java.util.Optional.empty();
        }
    }

    static List<String> jpackageArgs(Document pom, Map<String, String> props) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if (!"installer".equals(text(p, "id"))) continue;
            NodeList execs = p.getElementsByTagName("exec");
            for (int j = 0; j < execs.getLength(); j++) {
                Element exec = (Element) execs.item(j);
                List<String> args = new ArrayList<>();
                NodeList as = exec.getElementsByTagName("arg");
                for (int k = 0; k < as.getLength(); k++) args.add(resolve(((Element) as.item(k)).getAttribute("value"), props));
                if (args.contains("--main-class")) return args;
            }
        }
        throw new AssertionError("no installer profile with a jpackage call naming --main-class in pom.xml");
    }

    static Map<String, String> properties(Document pom) {
        Map<String, String> props = new java.util.HashMap<>();
        Node root = pom.getDocumentElement();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!"properties".equals(n.getNodeName())) continue;
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e) props.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        return props;
    }

    static String resolve(String s, Map<String, String> props) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
        return m.appendTail(b).toString();
    }

    static String after(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertTrue(i >= 0 && i + 1 < args.size(), "jpackage is given " + flag);
        return args.get(i + 1);
    }

    static String text(Element e, String... path) {
        Element cur = e;
        for (String name : path) {
            Element next = null;
            for (Node n = cur.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c && c.getTagName().equals(name)) { next = c; break; }
            }
            if (next == null) return null;
            cur = next;
        }
        return cur.getTextContent().strip();
    }
}
