package glassbox.core;

/**
 * A user's mistake in a parameter: names the parameter, the value given and what is allowed.
 * Shown as one line (the message) in the window's status and on the command line's stderr.
 */
public class ParamException extends IllegalArgumentException {
    private final String key;

    public ParamException(String key, String value, String allowed) {
        super(Fmt.oneLine(key + " = " + value + ": " + allowed));
        this.key = key;
    }

    /** For problems that involve several parameters at once (e.g. a kernel larger than the padded input). */
    public ParamException(String key, String message) {
        super(Fmt.oneLine(message));
        this.key = key;
    }

    public String key() {
        return key;
    }
}
