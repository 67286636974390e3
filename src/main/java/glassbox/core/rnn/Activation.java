package glassbox.core.rnn;

import java.util.Locale;

/** The scalar RNN's activation g and its derivative g′ (ReLU′(0) = 0, as frameworks do). */
public enum Activation {
    IDENTITY, TANH, SIGMOID, RELU;

    public double g(double z) {
        return switch (this) {
            case IDENTITY -> z;
            case TANH -> Math.tanh(z);
            case SIGMOID -> z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
            case RELU -> z > 0 ? z : 0;
        };
    }

    public double dg(double z) {
        return switch (this) {
            case IDENTITY -> 1;
            case TANH -> {
                double t = Math.tanh(z);
                yield 1 - t * t;
            }
            case SIGMOID -> {
                double s = g(z);
                yield s * (1 - s);
            }
            case RELU -> z > 0 ? 1 : 0;
        };
    }

    /** The name as in the CLI ("tanh"). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** g′ as a formula, for hover texts. */
    public String derivativeText() {
        return switch (this) {
            case IDENTITY -> "g′(z) = 1";
            case TANH -> "g′(z) = 1 − tanh²(z)";
            case SIGMOID -> "g′(z) = σ(z)(1 − σ(z))";
            case RELU -> "g′(z) = 1 if z > 0 else 0";
        };
    }

    public static Activation parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
