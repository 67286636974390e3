package glassbox.render.ssm;

import glassbox.core.Backend;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.render.Labs;
import glassbox.render.FormulaChecks;
import glassbox.render.Lab;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SsmFormulasTest {
    @SuppressWarnings("unchecked")
    private final Lab<glassbox.core.ssm.SsmResult> lab = (Lab<glassbox.core.ssm.SsmResult>) Labs.get("ssm");

    @Test
    void everyPresetsFormulasTypeset() {
        for (Preset p : lab.presets()) {
            Values v = Values.of(lab.params(), p.settings());
            List<String> f = lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
            assertFalse(f.isEmpty(), p.name());
            FormulaChecks.parses(f, p.name());
        }
    }

    @Test
    void scalarPresetShowsTheHandComputedTap() {
        Values v = Values.of(lab.params(), lab.presets().stream().filter(p -> p.name().equals("scalar")).findFirst().orElseThrow().settings());
        List<String> f = lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
        // K_3 = c a^2 b = 1.5 · 0.8² · 1 = 0.96, computed here by hand.
        assertTrue(f.stream().anyMatch(s -> s.startsWith("K_3 = C A^{2} B = 1.5 \\cdot 0.8^{2} \\cdot 1 = 0.96")), f.toString());
        assertTrue(f.stream().anyMatch(s -> s.contains("\\rho(A) = 0.8 < 1")), f.toString());
    }
}
