package glassbox.app;

import glassbox.core.Fmt;
import glassbox.core.Param;
import glassbox.core.Values;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import org.controlsfx.control.SegmentedButton;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import javafx.scene.control.Control;
import glassbox.core.ParamException;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.util.Duration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Controls built from a lab's parameters: integers and numbers as a slider with a field, positive
 * ranges over decades on a logarithmic slider, choices as a combo box, flags as a check box,
 * matrices and text as a field committed with Enter. Every control has a tooltip with the
 * parameter's meaning and range, and an accessible name.
 */
final class ParamControls {
    interface Setter { boolean set(String key, String text); }

    private final Map<String, Consumer<Values>> updaters = new LinkedHashMap<>();
    private final VBox root = new VBox(6);
    private boolean updating;

    /** A parameter's row: its label and control, the control's wrapper (which shows the tooltip while disabled). */
    private record Row(javafx.scene.text.TextFlow label, javafx.scene.Node control, StackPane wrapper, Tooltip tip, Tooltip why) {}

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Function<Values, Map<String, String>> inactive;
    private Map<String, String> inactiveNow = Map.of();
    private final java.util.function.Supplier<String> lastError;
    private final ValidationSupport validation = new ValidationSupport();
    /** Values the lab refused on Enter, with its message, until the field is typed in again. */
    private final Map<String, String> refused = new java.util.HashMap<>();
    private final Map<String, TextField> fields = new java.util.HashMap<>();
    private String computeProblem;

    ParamControls(List<Param> params, Setter setter) {
        this(params, setter, null, v -> Map.of(), () -> "");
    }

    /**
     * Controls for the given keys only (a lesson step in presentation mode; null or empty: all). {@code inactive}
     * names the parameters the current values make ineffective, with why (render.Lab.inactive): their controls are
     * disabled, with that reason as tooltip, and send nothing.
     */
    ParamControls(List<Param> params, Setter given, java.util.Collection<String> only, Function<Values, Map<String, String>> inactive,
                  java.util.function.Supplier<String> lastError) {
        this.inactive = inactive;
        this.lastError = lastError;
        Setter setter = (key, text) -> retired || !inactiveNow.containsKey(key) && given.set(key, text);
        root.setPadding(new Insets(8));
        root.getStyleClass().add("param-controls");
        String group = null;
        GridPane grid = null;
        int row = 0;
        for (Param p : params) {
            if (only != null && !only.isEmpty() && !only.contains(p.key())) continue;
            if (grid == null || !p.group().equals(group)) {
                group = p.group();
                if (!group.isEmpty()) {
                    Label h = new Label(group);
                    h.getStyleClass().add("group-heading");
                    root.getChildren().add(h);
                }
                grid = new GridPane();
                grid.getStyleClass().add("param-grid");
                grid.setHgap(6);
                grid.setVgap(4);
                root.getChildren().add(grid);
                row = 0;
            }
            // k_h, W_Q: set as the figures set them; a flow wraps rather than push the fields out of a narrow panel.
            javafx.scene.text.TextFlow label = Markup.flow(p.label(), "param-label", 9);
            Tooltip tip = new Tooltip(Markup.plain(p.label() + ": " + p.help()) + "\nAllowed: " + p.allowed() + "\nKey: " + p.key());
            tip.setShowDelay(Duration.millis(300));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            Tooltip.install(label, tip);
            javafx.scene.Node control = control(p, setter, tip);
            // A disabled control shows no tooltip; its wrapper does.
            StackPane wrapper = new StackPane(control);
            wrapper.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            grid.add(label, 0, row);
            grid.add(wrapper, 1, row);
            GridPane.setHgrow(wrapper, Priority.ALWAYS);
            Tooltip why = new Tooltip();
            why.setShowDelay(Duration.millis(200));
            why.setWrapText(true);
            why.setMaxWidth(420);
            rows.put(p.key(), new Row(label, control, wrapper, tip, why));
            row++;
        }
    }

    VBox node() { return root; }

    private boolean retired;

    /** These controls were replaced: a field that commits as it loses focus on leaving the scene sends nothing. */
    void retire() {
        retired = true;
    }

    /** Shows the given values in the controls without sending them back. */
    void show(Values v) {
        updating = true;
        try {
            for (Consumer<Values> u : updaters.values()) u.accept(v);
        } finally {
            updating = false;
        }
        showInactive(inactive.apply(v));
    }

    private void showInactive(Map<String, String> now) {
        inactiveNow = Map.copyOf(now);
        for (var e : rows.entrySet()) {
            Row r = e.getValue();
            String why = now.get(e.getKey());
            r.control().setDisable(why != null);
            r.label().getStyleClass().remove("inactive");
            if (why != null) {
                r.label().getStyleClass().add("inactive");
                r.why().setText(why);
                Tooltip.uninstall(r.label(), r.tip());
                Tooltip.install(r.label(), r.why());
                Tooltip.install(r.wrapper(), r.why());
            } else {
                Tooltip.uninstall(r.label(), r.why());
                Tooltip.install(r.label(), r.tip());
                Tooltip.uninstall(r.wrapper(), r.why());
            }
        }
    }

    /**
     * The computation refused the values naming this parameter (a kernel larger than the padded input): its field
     * is marked with the message; null clears the mark of the last one.
     */
    void markComputeProblem(String key, String message) {
        if (computeProblem != null && refused.remove(computeProblem) != null) revalidate(computeProblem);
        computeProblem = key;
        if (key != null && fields.containsKey(key)) {
            refused.put(key, message);
            revalidate(key);
        }
    }

    private void revalidate(String key) {
        TextField f = fields.get(key);
        if (f != null) validation.revalidate(f);
    }

    /** The messages of the fields marked invalid (ControlsFX validation). */
    List<String> validationErrors() {
        return validation.getValidationResult().getErrors().stream().map(m -> m.getText()).toList();
    }

    /** For tests: whether a parameter's control is disabled, and why. */
    String inactiveReason(String key) { return inactiveNow.get(key); }

    private javafx.scene.Node control(Param p, Setter setter, Tooltip tip) {
        switch (p.kind()) {
            case CHOICE -> {
                if (p.choices().size() <= 3 && String.join("", p.choices()).length() <= 14) return segmented(p, setter, tip);
                ComboBox<String> box = new ComboBox<>();
                box.getItems().addAll(p.choices());
                box.setTooltip(tip);
                box.setAccessibleText(p.label());
                box.setMaxWidth(Double.MAX_VALUE);
                box.valueProperty().addListener((o, a, b) -> { if (!updating && b != null) setter.set(p.key(), b); });
                updaters.put(p.key(), v -> box.setValue(v.text(p.key())));
                return box;
            }
            case BOOL -> {
                CheckBox cb = new CheckBox();
                cb.setTooltip(tip);
                cb.setAccessibleText(p.label());
                cb.selectedProperty().addListener((o, a, b) -> { if (!updating) setter.set(p.key(), Boolean.toString(b)); });
                updaters.put(p.key(), v -> cb.setSelected(v.b(p.key())));
                return cb;
            }
            case LIST -> {
                return listEditor(p, setter, tip);
            }
            case MATRIX, TEXT -> {
                TextField f = field(p, setter, tip);
                f.setPrefColumnCount(14);
                updaters.put(p.key(), v -> { f.setText(v.text(p.key())); f.getStyleClass().remove("invalid"); });
                return f;
            }
            default -> {
                boolean log = p.kind() == Param.Kind.LOG_DOUBLE;
                boolean integer = p.kind() == Param.Kind.INT;
                double lo = log ? Math.log10(p.min()) : p.min();
                double hi = log ? Math.log10(p.max()) : sliderMax(p);
                Slider s = new Slider(lo, hi, lo);
                s.setTooltip(tip);
                s.setAccessibleText(p.label());
                s.setMinWidth(48);
                if (!integer && !log && Double.isInfinite(p.max())) {
                    Tooltip t2 = new Tooltip(tip.getText() + "\nThe slider's right end is ∞; type any value in the field.");
                    t2.setWrapText(true);
                    t2.setMaxWidth(420);
                    s.setTooltip(t2);
                }
                s.setPrefWidth(130);
                if (integer) { s.setMajorTickUnit(1); s.setMinorTickCount(0); s.setSnapToTicks(hi - lo <= 128); s.setBlockIncrement(1); }
                else s.setBlockIncrement((hi - lo) / 50);
                TextField f = field(p, setter, tip);
                // Wide enough for every value the range allows, and never squeezed below that by a narrow panel.
                fitWidest(f, widestTexts(p, log ? p.max() : sliderMax(p)));
                s.valueProperty().addListener((o, a, b) -> {
                    if (updating) return;
                    double x = log ? Math.pow(10, b.doubleValue()) : b.doubleValue();
                    // A logarithmic slider lands on three significant digits, the precision the figures print it with.
                    String t = integer ? Long.toString(Math.round(x)) : Fmt.sig(x, log ? 3 : 4);
                    // A parameter that allows +∞ (temperature) reaches it exactly at the slider's right end.
                    if (!integer && !log && Double.isInfinite(p.max()) && b.doubleValue() >= s.getMax()) t = "inf";
                    if (setter.set(p.key(), t)) {
                        updating = true;
                        try { f.setText(t); f.getStyleClass().remove("invalid"); } finally { updating = false; }
                    }
                });
                updaters.put(p.key(), v -> {
                    String t = v.text(p.key());
                    f.setText(t);
                    f.getStyleClass().remove("invalid");
                    double x = integer ? v.i(p.key()) : v.d(p.key());
                    if (!log && Double.isFinite(x) && x > s.getMax()) s.setMax(Math.min(p.max(), Math.max(x * 2, s.getMax())));
                    if (Double.isFinite(x) && (!log || x > 0)) s.setValue(Math.max(lo, Math.min(s.getMax(), log ? Math.log10(x) : x)));
                    else if (Double.isInfinite(x) && x > 0) s.setValue(s.getMax());
                });
                HBox box = new HBox(6, s, f);
                HBox.setHgrow(s, Priority.ALWAYS);
                return box;
            }
        }
    }

    /**
     * Two or three short choices (hwc/chw, linear/log) as a ControlsFX SegmentedButton: every choice in view, one
     * click to change. One is always selected (clicking the selected one keeps it).
     */
    private javafx.scene.Node segmented(Param p, Setter setter, Tooltip tip) {
        SegmentedButton seg = new SegmentedButton();
        // The buttons join the group now, not when the skin is made: values are shown before the first layout.
        ToggleGroup group = new ToggleGroup();
        seg.setToggleGroup(group);
        for (String c : p.choices()) {
            ToggleButton b = new ToggleButton(c);
            b.setToggleGroup(group);
            b.setUserData(c);
            b.setTooltip(tip);
            b.setAccessibleText(p.label() + ": " + c);
            b.setMinWidth(Region.USE_PREF_SIZE);
            seg.getButtons().add(b);
        }
        seg.setAccessibleText(p.label());
        seg.getStyleClass().add("choice-segments");
        String[] current = {null};
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                // A click on the selected button would leave none selected: keep the old one.
                if (a != null) group.selectToggle(a);
                return;
            }
            String value = (String) b.getUserData();
            if (updating || value.equals(current[0])) return;
            if (setter.set(p.key(), value)) current[0] = value;
            else if (a != null) group.selectToggle(a);
        });
        updaters.put(p.key(), v -> {
            current[0] = v.text(p.key());
            for (javafx.scene.control.Toggle t : group.getToggles()) if (current[0].equals(t.getUserData())) group.selectToggle(t);
        });
        return seg;
    }

    /**
     * A list of ';'-separated items: select, edit in place (double-click or F2), add, remove, move up and
     * down, all by keyboard too. Every change is sent as the whole text; a refused change is reverted.
     */
    private javafx.scene.Node listEditor(Param p, Setter setter, Tooltip tip) {
        javafx.scene.control.ListView<String> list = new javafx.scene.control.ListView<>();
        list.setEditable(true);
        list.setCellFactory(javafx.scene.control.cell.TextFieldListCell.forListView());
        list.setPrefHeight(200);
        list.setTooltip(tip);
        list.setAccessibleText(p.label());
        Runnable send = () -> {
            if (updating) return;
            String text = String.join("; ", list.getItems());
            if (!setter.set(p.key(), text) && !list.getStyleClass().contains("invalid")) list.getStyleClass().add("invalid");
            else list.getStyleClass().remove("invalid");
        };
        list.setOnEditCommit(e -> { list.getItems().set(e.getIndex(), e.getNewValue().trim()); send.run(); });
        javafx.scene.control.Button add = new javafx.scene.control.Button("Add");
        javafx.scene.control.Button remove = new javafx.scene.control.Button("Remove");
        javafx.scene.control.Button up = new javafx.scene.control.Button("Up");
        javafx.scene.control.Button down = new javafx.scene.control.Button("Down");
        add.setTooltip(new Tooltip("Insert a copy of the selected item below it, ready to edit"));
        remove.setTooltip(new Tooltip("Remove the selected item (Delete)"));
        up.setTooltip(new Tooltip("Move the selected item up (Alt+Up)"));
        down.setTooltip(new Tooltip("Move the selected item down (Alt+Down)"));
        add.setOnAction(e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            String item = i >= 0 ? list.getItems().get(i) : list.getItems().isEmpty() ? "" : list.getItems().get(list.getItems().size() - 1);
            int at = i >= 0 ? i + 1 : list.getItems().size();
            list.getItems().add(at, item);
            list.getSelectionModel().select(at);
            send.run();
            list.edit(at);
        });
        Runnable removeSel = () -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (i >= 0 && list.getItems().size() > 1) { list.getItems().remove(i); send.run(); }
        };
        remove.setOnAction(e -> removeSel.run());
        java.util.function.IntConsumer move = d -> {
            int i = list.getSelectionModel().getSelectedIndex(), j = i + d;
            if (i < 0 || j < 0 || j >= list.getItems().size()) return;
            String it = list.getItems().remove(i);
            list.getItems().add(j, it);
            list.getSelectionModel().select(j);
            send.run();
        };
        up.setOnAction(e -> move.accept(-1));
        down.setOnAction(e -> move.accept(+1));
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.DELETE) { removeSel.run(); e.consume(); }
            else if (e.isAltDown() && e.getCode() == javafx.scene.input.KeyCode.UP) { move.accept(-1); e.consume(); }
            else if (e.isAltDown() && e.getCode() == javafx.scene.input.KeyCode.DOWN) { move.accept(+1); e.consume(); }
        });
        updaters.put(p.key(), v -> {
            List<String> items = new java.util.ArrayList<>();
            for (String it : v.text(p.key()).split(";")) if (!it.isBlank()) items.add(it.trim());
            if (!items.equals(list.getItems())) list.getItems().setAll(items);
            list.getStyleClass().remove("invalid");
        });
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(4, 4, add, remove, up, down);
        for (javafx.scene.control.Button b : List.of(add, remove, up, down)) b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return new VBox(4, list, buttons);
    }

    /**
     * A slider covers the range a user moves through by hand (up to 8x the default, at least 32 for
     * integers; 4x for numbers with no upper bound); the field takes anything allowed, and the slider
     * grows when a value beyond it is shown.
     */
    private static double sliderMax(Param p) {
        double def;
        try {
            def = Double.parseDouble(p.defaultText());
        } catch (NumberFormatException e) {
            def = p.min() + 1;
        }
        if (p.kind() == Param.Kind.INT) {
            if (p.max() - p.min() <= 128) return Math.max(p.min() + 1, p.max());
            return Math.min(p.max(), Math.max(p.min() + 32, Math.abs(def) * 8));
        }
        if (Double.isInfinite(p.max())) return Math.max(p.min() + 1, Math.max(10, Math.abs(def) * 4));
        return p.max();
    }

    /**
     * Sizes a field for the widest of the texts in its current font (presentation mode enlarges it), and for the
     * text it holds when that is wider (a 10-digit seed typed in): a field always shows its whole value, and a
     * narrow panel never squeezes it below that (the panel scrolls instead).
     */
    private static void fitWidest(TextField f, List<String> texts) {
        Runnable fit = () -> {
            double w = 0;
            List<String> all = new java.util.ArrayList<>(texts);
            all.add(f.getText() == null ? "" : f.getText());
            for (String t : all) {
                Text m = new Text(t);
                m.setFont(f.getFont());
                w = Math.max(w, m.getLayoutBounds().getWidth());
            }
            Insets in = f.getInsets();
            // A few pixels for the caret after the last digit.
            f.setPrefWidth(Math.ceil(w + in.getLeft() + in.getRight() + 4));
        };
        f.fontProperty().addListener(o -> fit.run());
        f.insetsProperty().addListener(o -> fit.run());
        f.textProperty().addListener(o -> fit.run());
        fit.run();
        f.setMinWidth(Region.USE_PREF_SIZE);
    }

    /**
     * The longest texts a number's field shows as the slider moves: the range's lower end and the slider's
     * end (the range's upper end, unless that is far beyond what a hand moves through, like a seed's 2³¹ − 1),
     * and values with the four significant digits a slider writes. Anything longer widens the field when typed.
     */
    static List<String> widestTexts(Param p, double sliderEnd) {
        List<String> out = new java.util.ArrayList<>();
        boolean integer = p.kind() == Param.Kind.INT;
        for (double x : new double[]{p.min(), sliderEnd}) {
            if (!Double.isFinite(x)) { out.add("inf"); continue; }
            out.add(integer ? Long.toString((long) x) : Fmt.num(x));
            // Below the end, a slider's value has four significant digits (1.234, 0.9512, -0.1234).
            if (!integer && x != 0) out.add(Fmt.sig(x * (1 - 1.234e-4), 4));
        }
        if (Double.isInfinite(p.max())) out.add("inf");
        return out;
    }

    /**
     * A typed value's field. A bad value is marked on the field itself (ControlsFX validation: the message as the
     * mark's tooltip) as it is typed when it is out of range or malformed, and on Enter when the lab refuses it with
     * the other values; the figures keep the last good value meanwhile.
     */
    private TextField field(Param p, Setter setter, Tooltip tip) {
        TextField f = new TextField();
        f.setTooltip(tip);
        f.setAccessibleText(p.label());
        fields.put(p.key(), f);
        // Typing again clears a refusal (registered before the validator, so it sees the change).
        f.textProperty().addListener(o -> refused.remove(p.key()));
        validation.registerValidator(f, false, (Control c, String text) -> {
            String why = refused.get(p.key());
            if (why == null) {
                try {
                    p.parse(text);
                } catch (ParamException e) {
                    why = e.getMessage();
                }
            }
            return ValidationResult.fromErrorIf(c, why == null ? "" : why, why != null);
        });
        Runnable commit = () -> {
            if (updating) return;
            if (setter.set(p.key(), f.getText())) {
                refused.remove(p.key());
                f.getStyleClass().remove("invalid");
            } else {
                refused.put(p.key(), lastError.get());
                if (!f.getStyleClass().contains("invalid")) f.getStyleClass().add("invalid");
            }
            validation.revalidate(f);
        };
        f.setOnAction(e -> commit.run());
        f.focusedProperty().addListener((o, a, b) -> { if (!b) commit.run(); });
        return f;
    }
}
