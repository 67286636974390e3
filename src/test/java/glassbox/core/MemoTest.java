package glassbox.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MemoTest {
    @Test
    void oneEntryRecomputesWhenTheKeyComesBack() {
        List<Integer> computed = new ArrayList<>();
        Memo<Integer, String> m = new Memo<>();
        for (int k : new int[]{1, 1, 2, 1}) m.get(k, x -> { computed.add(x); return "v" + x; });
        assertEquals(List.of(1, 2, 1), computed);
    }

    @Test
    void aLargerMemoKeepsItsLastKeysLeastRecentlyUsedOut() {
        List<Integer> computed = new ArrayList<>();
        Memo<Integer, String> m = new Memo<>(2);
        for (int k : new int[]{1, 2, 1, 3, 1, 2}) {
            assertEquals("v" + k, m.get(k, x -> { computed.add(x); return "v" + x; }));
        }
        // 1, 2 computed; 1 kept; 3 evicts 2 (1 was used after it); 1 kept; 2 computed again.
        assertEquals(List.of(1, 2, 3, 2), computed);
    }

    @Test
    void nullValuesAreRemembered() {
        int[] calls = {0};
        Memo<String, String> m = new Memo<>();
        m.get("a", x -> { calls[0]++; return null; });
        assertNull(m.get("a", x -> { calls[0]++; return null; }));
        assertEquals(1, calls[0]);
        assertThrows(IllegalArgumentException.class, () -> new Memo<>(0));
    }
}
