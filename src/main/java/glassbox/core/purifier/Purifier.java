package glassbox.core.purifier;

import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The purifier lab's computation. The data and its SVD, and the candidates' λ-free losses, are
 * cached (one entry each, keyed by the parameters they depend on), so moving λ or the constraint
 * only recomputes the filter factors and Ŵ.
 */
public final class Purifier {
    private static String dataKey;
    private static Data dataValue;
    private static String candKey;
    private static List<Candidate> candValue;

    private Purifier() {}

    /** The data for {@code key}, built (SVD included) only when the key changes. */
    public static synchronized Data data(String key, Supplier<Data> build) {
        if (!key.equals(dataKey)) {
            Data d = build.get();
            dataValue = d;
            dataKey = key;
        }
        return dataValue;
    }

    /** Drops the cached data (tests and the benchmark of a data change). */
    public static synchronized void clearCache() {
        dataKey = null;
        dataValue = null;
        candKey = null;
        candValue = null;
    }

    private static synchronized List<Candidate> candidates(String key, Data d, String text) {
        String k = key + "\u0000" + text;
        if (!k.equals(candKey)) {
            List<Candidate> out = new ArrayList<>();
            for (Candidate.Spec s : Candidate.parse("candidates", text, d.m())) out.add(Candidate.score(s, d.svd().gram()));
            candValue = List.copyOf(out);
            candKey = k;
        }
        return candValue;
    }

    public static PurifierResult compute(String dataKey, Data d, double lambda, int k, double pKeep, double pAtt, String candidates) {
        int m = d.m();
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new ParamException("lambda", glassbox.core.Fmt.num(lambda), "expected λ > 0 (finite): λ = 0 is no regularisation, Ŵ = I on the data");
        }
        if (k < 1 || k > m - 1) {
            throw new ParamException("keep_top", Integer.toString(k), "expected k from 1 to m − 1 = " + (m - 1)
                    + " (keep the top k of the m = " + m + " directions, attenuate the other " + "m − k ≥ 1)");
        }
        fraction("keep_min", pKeep);
        fraction("atten_max", pAtt);
        double[] f = Ridge.filters(d.sigma(), lambda);
        double[][] w = Ridge.w(d.svd().u(), f);
        Ridge.Interval iv = Ridge.interval(d.sigma(), k, pKeep, pAtt);
        List<Candidate> cs = candidates(dataKey, d, candidates);
        return new PurifierResult(d, lambda, f, w, iv, cs, Candidate.crossovers(cs), Ridge.optimum(d.sigma(), lambda));
    }

    private static void fraction(String key, double p) {
        if (!(p > 0 && p < 1)) {
            throw new ParamException(key, glassbox.core.Fmt.num(p), "expected a fraction strictly between 0 and 1 (f = σ²/(σ²+λ) reaches 0 and 1 only at λ = ∞ and λ = 0)");
        }
    }
}
