package glassbox.render;

/** A session or lesson file that cannot be used: names the file, the place in it and the problem. */
public final class StateFileException extends Exception {
    public StateFileException(String file, String place, String problem) {
        super(glassbox.core.Fmt.oneLine(file + (place == null || place.isEmpty() ? "" : ": " + place) + ": " + problem));
    }
}
