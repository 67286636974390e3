package glassbox.core.purifier;

import java.util.List;

/**
 * Everything the purifier lab shows for one setting.
 *
 * @param filter     f_i = σ_i²/(σ_i² + λ), same order as data.sigma() (descending)
 * @param w          Ŵ = U diag(f) Uᵀ (m×m; diag(f) when only σ was given)
 * @param crossovers where the best candidate changes as λ grows (empty with fewer than 2 candidates)
 */
public record PurifierResult(Data data, double lambda, double[] filter, double[][] w, Ridge.Interval interval,
                             List<Candidate> candidates, List<Candidate.Crossover> crossovers, Ridge.Optimum optimum) {

    /** The candidate with the least total loss at the current λ, or null without candidates. */
    public Candidate best() {
        Candidate b = null;
        for (Candidate c : candidates) if (b == null || c.total(lambda) < b.total(lambda)) b = c;
        return b;
    }

    /** The first λ at which the best candidate changes, or null when it never does. */
    public Double crossoverLambda() {
        return crossovers.isEmpty() ? null : crossovers.get(0).lambda();
    }
}
