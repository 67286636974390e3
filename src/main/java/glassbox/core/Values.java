package glassbox.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An immutable, validated set of parameter values for one lab. Equality is by canonical text,
 * so a computation can be skipped when nothing changed.
 */
public final class Values {
    private final List<Param> params;
    private final Map<String, String> text;
    private final Map<String, Object> parsed;

    private Values(List<Param> params, Map<String, String> text, Map<String, Object> parsed) {
        this.params = params;
        this.text = Collections.unmodifiableMap(text);
        this.parsed = Collections.unmodifiableMap(parsed);
    }

    public static Values defaults(List<Param> params) {
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, Object> parsed = new LinkedHashMap<>();
        for (Param p : params) {
            Object v = p.parse(p.defaultText());
            parsed.put(p.key(), v);
            text.put(p.key(), p.format(v));
        }
        return new Values(List.copyOf(params), text, parsed);
    }

    /** Defaults overridden by the given settings; unknown keys and bad values are refused. */
    public static Values of(List<Param> params, Map<String, String> settings) {
        return defaults(params).with(settings);
    }

    public Values with(String key, String value) {
        return with(Map.of(key, value));
    }

    public Values with(Map<String, String> settings) {
        Map<String, String> text = new LinkedHashMap<>(this.text);
        Map<String, Object> parsed = new LinkedHashMap<>(this.parsed);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Param p = param(e.getKey());
            Object v = p.parse(e.getValue());
            parsed.put(p.key(), v);
            text.put(p.key(), p.format(v));
        }
        return new Values(params, text, parsed);
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
        return o instanceof Values v && v.text.equals(text);
    }

    @Override public int hashCode() { return text.hashCode(); }

    @Override public String toString() { return text.toString(); }
}
