package glassbox.core;

/** One live number of a lab: a label, its value as shown, and what it means (tooltip). */
public record Readout(String label, String value, String help, boolean warning) {
    public static Readout of(String label, String value, String help) {
        return new Readout(label, value, help, false);
    }

    public static Readout warn(String label, String value, String help) {
        return new Readout(label, value, help, true);
    }
}
