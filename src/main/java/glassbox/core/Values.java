package glassbox.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable, validated set of parameter values for one lab. Equality is by canonical text (and
 * which keys were set), so a computation can be skipped when nothing changed.
 *
 * <p>Each value is either <em>set</em> (the user typed it: a control, {@code --set}, a saved session) or
 * not (a default, or a preset's or lesson's value). A lab may move a value that was not set to follow
 * the data — a row to look at, clamped to the rows the input has — while a value that was set is checked
 * and refused with its name (docs/LABS.md: defaults never reject the user's input).
 */
public final class Values {
    private final List<Param> params;
    private final Map<String, String> text;
    private final Map<String, Object> parsed;
    private final Set<String> set;

    private Values(List<Param> params, Map<String, String> text, Map<String, Object> parsed, Set<String> set) {
        this.params = params;
        this.text = Collections.unmodifiableMap(text);
        this.parsed = Collections.unmodifiableMap(parsed);
        this.set = Collections.unmodifiableSet(set);
    }

    public static Values defaults(List<Param> params) {
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, Object> parsed = new LinkedHashMap<>();
        for (Param p : params) {
            Object v = p.parse(p.defaultText());
            parsed.put(p.key(), v);
            text.put(p.key(), p.format(v));
        }
        return new Values(List.copyOf(params), text, parsed, Set.of());
    }

    /** Defaults overridden by the given settings, all of them set by the user; unknown keys and bad values are refused. */
    public static Values of(List<Param> params, Map<String, String> settings) {
        return defaults(params).with(settings);
    }

    /** Defaults overridden by a preset's (or a lesson step's) settings: not set by the user, so they may follow the data. */
    public static Values preset(List<Param> params, Map<String, String> settings) {
        return defaults(params).put(settings, false);
    }

    /** The value set by the user. */
    public Values with(String key, String value) {
        return with(Map.of(key, value));
    }

    /** The values set by the user. */
    public Values with(Map<String, String> settings) {
        return put(settings, true);
    }

    /** A value the user did not set, moved to follow the data (a lab's {@code resolve}); it stays not set. */
    public Values follow(String key, String value) {
        return put(Map.of(key, value), false);
    }

    private Values put(Map<String, String> settings, boolean byUser) {
        Map<String, String> text = new LinkedHashMap<>(this.text);
        Map<String, Object> parsed = new LinkedHashMap<>(this.parsed);
        Set<String> set = new LinkedHashSet<>(this.set);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Param p = param(e.getKey());
            Object v = p.parse(e.getValue());
            parsed.put(p.key(), v);
            text.put(p.key(), p.format(v));
            if (byUser) set.add(p.key());
            else set.remove(p.key());
        }
        return new Values(params, text, parsed, set);
    }

    /** Whether the user set this value (rather than a default, a preset or a lesson). */
    public boolean isSet(String key) {
        param(key);
        return set.contains(key);
    }

    /** The keys the user set, in the order they were first set. */
    public Set<String> setKeys() { return set; }

    /** The same values with exactly these keys marked as set by the user (a session read back). */
    public Values withSetKeys(java.util.Collection<String> keys) {
        Set<String> s = new LinkedHashSet<>();
        for (String k : keys) s.add(param(k).key());
        return new Values(params, new LinkedHashMap<>(text), new LinkedHashMap<>(parsed), s);
    }

    public Param param(String key) {
        for (Param p : params) if (p.key().equals(key)) return p;
        throw new ParamException(key, "unknown parameter '" + key + "'; allowed: "
                + params.stream().map(Param::key).collect(Collectors.joining(", ")));
    }

    public List<Param> params() { return params; }

    public Map<String, String> asText() { return text; }

    public String text(String key) { param(key); return text.get(key); }

    public int i(String key) { return (Integer) get(key); }

    public double d(String key) { return (Double) get(key); }

    public boolean b(String key) { return (Boolean) get(key); }

    public String s(String key) { return (String) get(key); }

    public long seed(String key) { return ((Number) get(key)).longValue(); }

    public double[][] m(String key) {
        double[][] m = (double[][]) get(key);
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) c[r] = m[r].clone();
        return c;
    }

    private Object get(String key) {
        Object v = parsed.get(key);
        if (v == null) param(key);
        return v;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Values v && v.text.equals(text) && v.set.equals(set);
    }

    @Override public int hashCode() { return text.hashCode() * 31 + set.hashCode(); }

    @Override public String toString() { return text.toString(); }
}
