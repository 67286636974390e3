package glassbox.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ParamTest {
    private final List<Param> params = List.of(
            Param.integer("n", "N", 1, 10, 3, ""),
            Param.real("t", "T", 0, Double.POSITIVE_INFINITY, 1, ""),
            Param.choice("mode", "Mode", List.of("a", "b"), "a", ""),
            Param.bool("flag", "Flag", false, ""),
            Param.matrix("A", "A", "1,2;3,4", ""));

    @Test
    void defaultsAndOverrides() {
        Values v = Values.of(params, Map.of("n", "7", "t", "inf", "mode", "B", "flag", "true", "A", "0.7, 0.1; 0.2, 0.6"));
        assertEquals(7, v.i("n"));
        assertEquals(Double.POSITIVE_INFINITY, v.d("t"));
        assertEquals("b", v.s("mode"));
        assertTrue(v.b("flag"));
        assertArrayEquals(new double[]{0.2, 0.6}, v.m("A")[1]);
        assertEquals(Values.of(params, Map.of("n", "7", "t", "inf", "mode", "b", "flag", "true", "A", "0.7,0.1;0.2,0.6")), v,
                "equal settings written differently compare equal");
    }

    @Test
    void mistakesNameTheParameterValueAndRange() {
        Values d = Values.defaults(params);
        assertEquals("n = 11: expected an integer from 1 to 10", assertThrows(ParamException.class, () -> d.with("n", "11")).getMessage());
        assertEquals("n = \"x\": expected an integer from 1 to 10", assertThrows(ParamException.class, () -> d.with("n", "x")).getMessage());
        assertTrue(assertThrows(ParamException.class, () -> d.with("t", "-1")).getMessage().startsWith("t = -1"));
        assertTrue(assertThrows(ParamException.class, () -> d.with("mode", "c")).getMessage().contains("one of a, b"));
        assertTrue(assertThrows(ParamException.class, () -> d.with("zzz", "1")).getMessage().contains("allowed: n, t, mode, flag, A"));
        assertTrue(assertThrows(ParamException.class, () -> d.with("A", "1,2;3")).getMessage().contains("row 2 has 1 entries"));
        assertTrue(assertThrows(ParamException.class, () -> d.with("A", "1,NaN")).getMessage().contains("not finite"));
        assertTrue(assertThrows(ParamException.class, () -> d.with("A", "1,x")).getMessage().contains("\"x\" is not a number"));
    }

    @Test
    void vectorsAsRowOrColumn() {
        assertArrayEquals(new double[]{1, 0}, MatrixLiteral.vector("B", MatrixLiteral.parse("B", "1;0")));
        assertArrayEquals(new double[]{1, 0}, MatrixLiteral.vector("B", MatrixLiteral.parse("B", "1,0")));
        assertThrows(ParamException.class, () -> MatrixLiteral.vector("B", MatrixLiteral.parse("B", "1,2;3,4")));
    }
}
