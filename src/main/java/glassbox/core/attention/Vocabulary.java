package glassbox.core.attention;

import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A vocabulary (token names) and the lookup tokens → rows of the embedding matrix E. */
public record Vocabulary(List<String> names) {

    /** Space-separated names, e.g. "A B C D &lt;START&gt; &lt;STOP&gt;". */
    public static Vocabulary parse(String text) {
        List<String> names = split(text);
        if (names.isEmpty()) throw new ParamException("vocab", "\"\"", "expected space-separated token names");
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names) {
            if (!seen.add(n)) throw new ParamException("vocab", text, "token \"" + n + "\" appears twice");
        }
        return new Vocabulary(List.copyOf(names));
    }

    public int size() { return names.size(); }

    public int index(String name) { return names.indexOf(name); }

    /** Indices of space-separated tokens; unknown tokens are named in the message. */
    public int[] indices(String tokens) {
        List<String> t = split(tokens);
        if (t.isEmpty()) throw new ParamException("tokens", "\"\"", "expected space-separated tokens from the vocabulary " + String.join(" ", names));
        int[] out = new int[t.size()];
        Set<String> unknown = new LinkedHashSet<>();
        for (int i = 0; i < out.length; i++) {
            out[i] = names.indexOf(t.get(i));
            if (out[i] < 0) unknown.add(t.get(i));
        }
        if (!unknown.isEmpty()) {
            throw new ParamException("tokens", "\"" + tokens.trim() + "\"", "not in the vocabulary: " + String.join(", ", unknown)
                    + " (vocabulary: " + String.join(" ", names) + ")");
        }
        return out;
    }

    /** Rows E[token_i]: X is T × d. E must have one row per vocabulary entry. */
    public double[][] embed(int[] tokens, double[][] e) {
        if (e.length != names.size()) {
            throw new ParamException("E", "E is " + Mat.shape(e) + " but the vocabulary has " + names.size()
                    + " tokens (E needs one row per token: " + String.join(" ", names) + ")");
        }
        double[][] x = new double[tokens.length][];
        for (int i = 0; i < tokens.length; i++) x[i] = e[tokens[i]].clone();
        return x;
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String s : text.trim().split("\\s+")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
