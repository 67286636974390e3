package glassbox.core;

import java.util.Objects;
import java.util.function.Function;

/**
 * The last value computed for a key, held by the object that computes it (never a static, never in a
 * figure). The key is the typed spec record of what the value depends on, compared with equals, so an
 * input added to the spec is part of the key without a hand-kept list of parameter names. The value is
 * computed outside the lock; two threads asking for a new key at once may both compute it.
 *
 * @param <K> a record (or another value with equals) naming everything the value depends on
 * @param <V> the value, immutable or never written after it is made
 */
public final class Memo<K, V> {
    private K key;
    private V value;
    private boolean present;

    public V get(K k, Function<? super K, ? extends V> compute) {
        synchronized (this) {
            if (present && Objects.equals(k, key)) return value;
        }
        V v = compute.apply(k);
        synchronized (this) {
            key = k;
            value = v;
            present = true;
        }
        return v;
    }
}
