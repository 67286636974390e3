package glassbox.core.purifier;

import glassbox.core.ParamException;

import glassbox.core.Memo;

import java.util.ArrayList;
import java.util.List;

/**
 * The purifier lab's computation, one object per lab. The data and its SVD, and the candidates' λ-free losses, are
 * memos keyed by the typed {@link DataSpec} (and the candidates' text), so moving λ or the constraint only recomputes
 * the filter factors and Ŵ.
 */
public final class Purifier {
    private record CandidatesKey(DataSpec data, String text) {}

    private final Memo<DataSpec, Data> data = new Memo<>();
    private final Memo<CandidatesKey, List<Candidate>> candidates = new Memo<>();

    /** The data of a spec, built (SVD included) only when the spec changes. */
    public Data data(DataSpec spec) {
        return data.get(spec, DataSpec::build);
    }

    private List<Candidate> candidates(DataSpec spec, Data d, String text) {
        return candidates.get(new CandidatesKey(spec, text), k -> {
            List<Candidate> out = new ArrayList<>();
            for (Candidate.Spec s : Candidate.parse("candidates", text, d.m())) out.add(Candidate.score(s, d.svd().gram()));
            return List.copyOf(out);
        });
    }

    public PurifierResult compute(DataSpec spec, double lambda, int k, double pKeep, double pAtt, String candidateText) {
        Data d = data(spec);
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
        List<Candidate> cs = candidates(spec, d, candidateText);
        return new PurifierResult(d, lambda, f, w, iv, cs, Candidate.crossovers(cs), Ridge.optimum(d.sigma(), lambda));
    }

    private static void fraction(String key, double p) {
        if (!(p > 0 && p < 1)) {
            throw new ParamException(key, glassbox.core.Fmt.num(p), "expected a fraction strictly between 0 and 1 (f = σ²/(σ²+λ) reaches 0 and 1 only at λ = ∞ and λ = 0)");
        }
    }
}
