package glassbox.core.ridge;

/**
 * The settings of one ridge-attention computation. K, V, Q texts are matrix literals or blank
 * (then generated from n, d and the seed).
 */
public record RidgeSpec(String kText, String vText, String qText, int n, int d, long seed,
                        double lambda, boolean causal, Method method, boolean timing) {

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
