package glassbox.core.training;

/**
 * SGD θ ← θ − η g, or Adam (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸, bias-corrected): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * θ ← θ − η m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) at step t ≥ 1.
 */
final class Optimiser {
    static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;

    private Optimiser() {}

    /** Writes θ after step {@code t} (1-based) into {@code next}, updating the moments m and v in place (Adam). */
    static void step(TrainingSpec.Optimiser kind, double lr, int t, double[] theta, double[] g, double[] m, double[] v, double[] next) {
        if (kind == TrainingSpec.Optimiser.SGD) {
            for (int i = 0; i < theta.length; i++) next[i] = theta[i] - lr * g[i];
            return;
        }
        double c1 = 1 - Math.pow(B1, t), c2 = 1 - Math.pow(B2, t);
        for (int i = 0; i < theta.length; i++) {
            m[i] = B1 * m[i] + (1 - B1) * g[i];
            v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i];
            next[i] = theta[i] - lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
    }
}
