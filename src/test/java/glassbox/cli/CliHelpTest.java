package glassbox.cli;

import glassbox.core.Param;
import glassbox.core.Preset;
import glassbox.render.Lab;
import glassbox.render.Labs;
import org.junit.jupiter.api.Test;

import static glassbox.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every help form answers with exit 0, and every parse error names a help that exists. */
class CliHelpTest {
    @Test
    void topLevelHelpInEveryForm() {
        for (String[] args : new String[][]{{"--help"}, {"-h"}, {"help"}}) {
            CliTest.Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            for (String cmd : new String[]{"presets", "export", "bench", "help", "generate-completion"}) {
                assertTrue(r.out().contains(cmd), String.join(" ", args) + " lists " + cmd + ":\n" + r.out());
            }
        }
    }

    @Test
    void exportHelpListsEveryLab() {
        for (String[] args : new String[][]{{"export", "--help"}, {"help", "export"}}) {
            CliTest.Run r = run(args);
            assertEquals(0, r.code(), r.err());
            for (Lab<?> lab : Labs.all()) assertTrue(r.out().contains(lab.id()), lab.id() + " in:\n" + r.out());
        }
    }

    @Test
    void everyLabsHelpListsItsKeysRangesDefaultsAndPresets() {
        for (Lab<?> lab : Labs.all()) {
            for (String[] args : new String[][]{{"export", lab.id(), "--help"}, {"export", lab.id(), "-h"}}) {
                CliTest.Run r = run(args);
                assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
                assertTrue(r.err().isEmpty(), r.err());
                for (Param p : lab.params()) {
                    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + p.key() + " ")
                            || l.equals("  " + p.key())), lab.id() + " help lists key " + p.key() + ":\n" + r.out());
                    String firstWords = p.allowed().split(" ")[0];
                    assertTrue(r.out().contains(p.label() + ": " + firstWords), lab.id() + "/" + p.key() + " meaning and range");
                }
                String flat = r.out().replaceAll("\\s+", " ");
                for (Param p : lab.params()) {
                    String def = p.defaultText().isEmpty() ? "empty" : p.defaultText().strip().replaceAll("\\s+", " ");
                    assertTrue(flat.contains("(default " + def + ")"), lab.id() + "/" + p.key() + " shows its default " + def);
                }
                for (Preset p : lab.presets()) assertTrue(r.out().contains(p.name()), lab.id() + " lists preset " + p.name());
                assertTrue(r.out().lines().allMatch(l -> l.length() <= 80), lab.id() + ": a line wider than 80 columns");
            }
        }
    }

    @Test
    void presetsOfOneLab() {
        CliTest.Run r = run("presets", "rnn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("rnn ")), r.out());
        assertEquals(Labs.get("rnn").presets().size(), r.out().lines().count());
        CliTest.Run bad = run("presets", "nolab");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown lab"), bad.err());
    }

    @Test
    void errorsPointAtAHelpThatWorks() {
        String[][] cases = {
                {"expor", "conv"},
                {"export"},
                {"export", "nolab"},
                {"export", "conv", "--bogus"},
                {"export", "conv", "--pre", "x"},
                {"presets", "a", "b"},
                {"bench", "--nope"},
        };
        for (String[] c : cases) {
            CliTest.Run r = run(c);
            assertEquals(2, r.code(), String.join(" ", c) + " → " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("glassbox glassbox"), r.err());
            int at = r.err().lastIndexOf("(see glassbox");
            assertTrue(at >= 0, "points at a help: " + r.err());
            String[] help = r.err().substring(at + "(see ".length(), r.err().lastIndexOf(')')).split(" ");
            String[] args = java.util.Arrays.copyOfRange(help, 1, help.length);
            assertEquals(0, run(args).code(), "the help it names works: " + String.join(" ", help));
        }
        assertTrue(run("export", "conv", "--pre", "x").err().contains("did you mean --preset?"));
        assertTrue(run("export", "nolab").err().contains("unknown lab 'nolab'; allowed: conv"));
    }

    @Test
    void completionScriptIsGenerated() {
        CliTest.Run r = run("generate-completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete -F") && r.out().contains("export"), "a bash completion script");
    }
}
