package glassbox.app;

import glassbox.core.Readout;
import glassbox.render.LabAction;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live numbers, with the lab's actions above them. A VBox, not a grid: wrapped labels get the height they
 * need and the scroll pane around it scrolls instead of clipping.
 */
final class ReadoutsPanel {
    private final VBox root = new VBox(6);
    private final Consumer<LabAction> run;

    ReadoutsPanel(Consumer<LabAction> run) {
        this.run = run;
        root.setPadding(new Insets(8));
        root.setFillWidth(true);
    }

    VBox node() { return root; }

    /**
     * The live numbers. While the user drags, only the texts change: the rows are kept and updated in place
     * (new labels and tooltips every frame cost the FX thread time the figure needs to keep up).
     */
    void show(List<Readout> list, List<LabAction> actions) {
        List<String> actionKeys = actions.stream().map(a -> a.label() + "\u0000" + a.help()).toList();
        List<String> labels = list.stream().map(Readout::label).toList();
        currentActions = actions;
        if (!actionKeys.equals(shownActionKeys) || !labels.equals(shownLabels)) {
            rebuildReadouts(list, actions);
            shownActionKeys = actionKeys;
            shownLabels = labels;
            return;
        }
        for (int k = 0; k < list.size(); k++) {
            Readout r = list.get(k);
            ReadoutRow row = readoutRows.get(k);
            String cls = r.warning() ? "readout-warning" : "readout-value";
            if (!r.value().equals(row.text()[0]) || !cls.equals(row.text()[1])) {
                Markup.set(row.value(), r.value(), cls);
                row.text()[0] = r.value();
                row.text()[1] = cls;
            }
            row.tip().setText(Markup.plain(r.help()));
            row.cell().setAccessibleText(Markup.plain(r.label()) + ": " + r.value());
        }
    }

    /** A row of the live numbers; text holds the value and style shown (a drag updates only what changed). */
    private record ReadoutRow(VBox cell, javafx.scene.text.TextFlow value, Tooltip tip, String[] text) {}

    private final List<ReadoutRow> readoutRows = new ArrayList<>();
    private List<String> shownActionKeys = List.of(), shownLabels = null;
    private List<LabAction> currentActions = List.of();

    private void rebuildReadouts(List<Readout> list, List<LabAction> all) {
        List<Node> rows = new ArrayList<>();
        readoutRows.clear();
        if (!all.isEmpty()) {
            VBox actions = new VBox(4);
            // A few buttons; a long list (a deep CNN's layers) goes into one menu so the numbers stay in view.
            int buttons = all.size() <= 4 ? all.size() : 3;
            for (int k = 0; k < buttons; k++) {
                LabAction a = all.get(k);
                int index = k;
                // An action's label may name W_O: not a mnemonic (the underscore vanished), and its scripts as Unicode where they exist.
                Button b = new Button(Markup.plain(a.label()));
                b.setMnemonicParsing(false);
                b.setMaxWidth(Double.MAX_VALUE);
                b.setWrapText(true);
                b.setTooltip(new Tooltip(Markup.plain(a.help())));
                b.setOnAction(e -> run.accept(currentActions.get(index)));
                actions.getChildren().add(b);
            }
            if (buttons < all.size()) {
                MenuButton more = new MenuButton("More (" + (all.size() - buttons) + ")…");
                more.setMaxWidth(Double.MAX_VALUE);
                for (int k = buttons; k < all.size(); k++) {
                    int index = k;
                    more.getItems().add(MainMenus.item(Markup.plain(all.get(k).label()), null, () -> run.accept(currentActions.get(index))));
                }
                actions.getChildren().add(more);
            }
            rows.add(actions);
        }
        for (Readout r : list) {
            // W_h^{T−1}, σ_{k+1}: set as the figures set them, not shown as markup.
            javafx.scene.text.TextFlow name = Markup.flow(r.label(), "readout-label");
            String cls = r.warning() ? "readout-warning" : "readout-value";
            javafx.scene.text.TextFlow value = Markup.value(r.value(), cls);
            Tooltip t = new Tooltip(Markup.plain(r.help()));
            t.setWrapText(true);
            t.setMaxWidth(400);
            Tooltip.install(name, t);
            Tooltip.install(value, t);
            VBox cell = new VBox(1, name, value);
            cell.setAccessibleText(Markup.plain(r.label()) + ": " + r.value());
            rows.add(cell);
            readoutRows.add(new ReadoutRow(cell, value, t, new String[]{r.value(), cls}));
        }
        root.getChildren().setAll(rows);
    }

}
