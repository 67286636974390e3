package glassbox.core.ridge;

/**
 * The settings of one ridge-attention computation. K, V, Q texts are matrix literals or blank
 * (then generated from n, d and the seed). {@code gradients}: the gradients of query {@code gradQuery}'s output
 * (0-based) with respect to λ, K, V and q ({@link RidgeGradients}).
 */
public record RidgeSpec(String kText, String vText, String qText, int n, int d, long seed,
                        double lambda, boolean causal, Method method, boolean timing, boolean gradients, int gradQuery) {

    /** Without gradients. */
    public RidgeSpec(String kText, String vText, String qText, int n, int d, long seed, double lambda, boolean causal, Method method, boolean timing) {
        this(kText, vText, qText, n, d, seed, lambda, causal, method, timing, false, 0);
    }

    public enum Method {
        SHERMAN_MORRISON("sherman-morrison"), SOLVE("solve");

        private final String key;

        Method(String key) { this.key = key; }

        public String key() { return key; }

        public static Method of(String key) {
            for (Method m : values()) if (m.key.equals(key)) return m;
            throw new IllegalArgumentException(key);
        }
    }
}
