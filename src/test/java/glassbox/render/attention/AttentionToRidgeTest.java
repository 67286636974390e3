package glassbox.render.attention;

import glassbox.core.Backend;
import glassbox.core.MatrixLiteral;
import glassbox.core.Values;
import glassbox.render.Computed;
import glassbox.render.Lab;
import glassbox.render.LabAction;
import glassbox.render.Labs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The attention lab hands its current Q, K, V to the ridge-attention lab (issue 6). */
class AttentionToRidgeTest {
    @Test
    void dedupeSortHeadOpensInRidgeAttentionWithTheSameMatrices() {
        Lab<?> att = Labs.get("attention");
        Values v = Values.of(att.params(), att.presets().stream().filter(p -> p.name().equals("dedupe-sort")).findFirst().orElseThrow().settings());
        Computed c = Computed.compute(att, v, Backend.PLAIN);
        List<LabAction> actions = c.actions();
        assertEquals(1, actions.size());
        LabAction a = actions.get(0);
        assertEquals("ridge-attention", a.lab());
        // Q = X W_Q by hand for the first token D: X row (0,0,0,1) times W_Q = [[0,3],[1,2],[2,1],[3,0]] gives (3, 0).
        assertArrayEquals(new double[]{3, 0}, MatrixLiteral.parse("Q", a.settings().get("Q"))[0], 0);
        assertEquals("true", a.settings().get("causal"));
        Lab<?> ridge = Labs.get("ridge-attention");
        Computed rc = Computed.compute(ridge, Values.of(ridge.params(), a.settings()), Backend.PLAIN);
        assertEquals(7, ((double[][]) rc.json().get("weights")).length);
    }

    @Test
    void theTemperatureTaskOffersNothing() {
        Lab<?> att = Labs.get("attention");
        Values v = Values.of(att.params(), att.presets().stream().filter(p -> p.name().equals("temperature")).findFirst().orElseThrow().settings());
        assertTrue(Computed.compute(att, v, Backend.PLAIN).actions().isEmpty());
    }
}
