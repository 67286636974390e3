package glassbox.core;

import java.util.function.Function;

/**
 * The last value (or last few values) computed for a key, held by the object that computes it (never a static, never in a
 * figure). The key is the typed spec record of what the value depends on, compared with equals, so an
 * input added to the spec is part of the key without a hand-kept list of parameter names. The value is
 * computed outside the lock; two threads asking for a new key at once may both compute it.
 *
 * @param <K> a record (or another value with equals) naming everything the value depends on
 * @param <V> the value, immutable or never written after it is made
 */
public final class Memo<K, V> {
    /** The last values by key, least recently used first; at most capacity of them. */
    private final java.util.LinkedHashMap<K, V> last;

    /** Keeps the last value only (a slider moves one spec at a time). */
    public Memo() {
        this(1);
    }

    /** Keeps the last capacity values (for values that take seconds, so going back to a key is instant). */
    public Memo(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        last = new java.util.LinkedHashMap<>(capacity + 1, 1f, true) {
            @Override protected boolean removeEldestEntry(java.util.Map.Entry<K, V> e) { return size() > capacity; }
        };
    }

    public V get(K k, Function<? super K, ? extends V> compute) {
        synchronized (this) {
            if (last.containsKey(k)) return last.get(k);
        }
        V v = compute.apply(k);
        synchronized (this) {
            last.put(k, v);
        }
        return v;
    }
}
