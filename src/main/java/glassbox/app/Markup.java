package glassbox.app;

import glassbox.render.Text;
import javafx.beans.binding.Bindings;
import javafx.scene.text.TextFlow;

import java.util.List;

/**
 * Window labels with the figures' inline mathematics (k_h, W_h^{T−1}, σ_{k+1}): the same markup as the figures'
 * text path ({@link Text#runs}), set as a TextFlow of Text nodes, sub- and superscripts smaller and shifted, so
 * a label never shows its markup. A TextFlow, not a Label, because it wraps at the width its parent gives it.
 */
final class Markup {
    private Markup() {}

    /** Script runs: this fraction of the label's size (CSS class "script"), shifted by these fractions of their own size. */
    private static final double SUB_SHIFT = 0.30, SUP_SHIFT = -0.52;

    /**
     * s as a TextFlow; every Text node has styleClass (its fill and size come from the style sheet), script runs
     * also "script". The flow's accessible text is s as it reads.
     */
    static TextFlow flow(String s, String styleClass) {
        return flow(s, styleClass, 0);
    }

    /** As {@link #flow(String, String)}, preferring prefEm times its font size as width (0: its text's width). */
    static TextFlow flow(String s, String styleClass, double prefEm) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add(styleClass + "-flow");
        set(flow, s, styleClass);
        // Wrap between words, never inside one ("Temper / ature τ" in presentation's larger font): the flow is at
        // least as wide as its longest word in the font the style sheet gives it.
        if (!flow.getChildren().isEmpty()) {
            javafx.scene.text.Text first = (javafx.scene.text.Text) flow.getChildren().get(0);
            String words = plain(s);
            flow.minWidthProperty().bind(Bindings.createDoubleBinding(() -> longestWord(words, first.getFont()), first.fontProperty()));
            if (prefEm > 0) {
                flow.prefWidthProperty().bind(Bindings.createDoubleBinding(() -> Math.max(flow.getMinWidth(), prefEm * first.getFont().getSize()),
                        first.fontProperty(), flow.minWidthProperty()));
            }
        }
        return flow;
    }

    /**
     * A live number's value: as {@link #flow(String, String)} but free to wrap anywhere (a generated text has no
     * spaces to wrap at, and must not widen the panel). {@link #set} changes it in place.
     */
    static TextFlow value(String s, String styleClass) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add(styleClass + "-flow");
        set(flow, s, styleClass);
        return flow;
    }

    /** Sets flow's text to s (its runs as Text nodes of styleClass, scripts also "script"). */
    static void set(TextFlow flow, String s, String styleClass) {
        flow.getChildren().setAll(texts(s, styleClass));
        flow.setAccessibleText(plain(s));
    }

    /** s's runs as Text nodes of styleClass; script runs also have "script" and shift by a fraction of their own font. */
    static List<javafx.scene.text.Text> texts(String s, String styleClass) {
        List<javafx.scene.text.Text> nodes = new java.util.ArrayList<>();
        for (Text.Run run : Text.runs(s)) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(run.text());
            t.getStyleClass().add(styleClass);
            if (run.level() != 0) {
                t.getStyleClass().add("script");
                double k = run.level() < 0 ? SUB_SHIFT : SUP_SHIFT;
                t.translateYProperty().bind(Bindings.createDoubleBinding(() -> k * t.getFont().getSize(), t.fontProperty()));
            }
            nodes.add(t);
        }
        return nodes;
    }

    /** The width of the widest word of s in font f, with a pixel to spare for rounding. */
    static double longestWord(String s, javafx.scene.text.Font f) {
        double w = 0;
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(f);
        for (String word : s.split("\\s+")) {
            probe.setText(word);
            w = Math.max(w, probe.getLayoutBounds().getWidth());
        }
        return Math.ceil(w) + 1;
    }

    private static final String DIGITS = "0123456789+-−=()";
    private static final String SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾", SUB = "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎";
    private static final String SUP_LETTERS = "abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ";
    private static final String SUP_LETTER_FORMS = "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡ";
    private static final String SUB_LETTERS = "aehijklmnoprstuvxβγρφχ", SUB_LETTER_FORMS = "ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ";

    /**
     * s as plain text for tooltips and screen readers: scripts in Unicode's sub- and superscript characters
     * where every character has one (W_h^{T−1} → Wₕᵀ⁻¹), else written h_(T), so nothing reads ambiguously.
     */
    static String plain(String s) {
        List<Text.Run> runs = Text.runs(s);
        StringBuilder b = new StringBuilder();
        for (Text.Run run : runs) {
            if (run.level() == 0) {
                b.append(run.text());
                continue;
            }
            String mapped = map(run.text(), run.level() > 0);
            if (mapped != null) b.append(mapped);
            else b.append(run.level() < 0 ? "_" : "^").append(run.text().length() == 1 ? run.text() : "(" + run.text() + ")");
        }
        return b.toString();
    }

    private static String map(String text, boolean sup) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            int d = DIGITS.indexOf(c);
            if (d >= 0) { b.append((sup ? SUP : SUB).charAt(d)); continue; }
            int l = (sup ? SUP_LETTERS : SUB_LETTERS).indexOf(c);
            if (l < 0) return null;
            b.append((sup ? SUP_LETTER_FORMS : SUB_LETTER_FORMS).charAt(l));
        }
        return b.toString();
    }
}
