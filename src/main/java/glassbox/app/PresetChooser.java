package glassbox.app;

import glassbox.core.Preset;
import glassbox.render.Lab;
import glassbox.render.Labs;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ctrl+O: every preset by its title and one-line description, the current lab's first, filtered as
 * the user types (title, description, lab or name). Enter or a double-click opens the chosen one.
 */
final class PresetChooser {
    private final Dialog<Preset> dialog = new Dialog<>();
    private final TextField search = new TextField();
    private final ListView<Preset> list = new ListView<>();
    private final List<Preset> all;

    PresetChooser(Stage owner, Lab<?> current) {
        all = ordered(current);
        dialog.setTitle("Open preset");
        dialog.setHeaderText(current == null ? "Presets" : "Presets — " + current.title() + "'s first");
        search.setPromptText("Search presets (title, description, lab)…");
        search.setAccessibleText("Search presets");
        list.setAccessibleText("Presets");
        list.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(Preset p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) { setGraphic(null); setText(null); return; }
                Label title = new Label(p.title() + (current != null && p.lab().equals(current.id()) ? "" : "   (" + Labs.get(p.lab()).title() + ")"));
                title.getStyleClass().add("preset-title");
                Label description = new Label(p.description());
                description.getStyleClass().add("preset-description");
                description.setWrapText(true);
                description.setMaxWidth(620);
                setGraphic(new VBox(1, title, description));
                setText(null);
                setAccessibleText(p.title() + ": " + p.description());
            }
        });
        list.getItems().setAll(all);
        if (!all.isEmpty()) list.getSelectionModel().select(0);
        search.textProperty().addListener((o, a, q) -> filter(q));
        // Down from the search field goes into the list; Enter anywhere opens the selection.
        search.setOnKeyPressed(e -> { if (e.getCode() == KeyCode.DOWN) { list.requestFocus(); e.consume(); } });
        list.setOnMouseClicked(e -> { if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) { dialog.setResult(list.getSelectionModel().getSelectedItem()); dialog.close(); } });
        VBox box = new VBox(8, search, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPrefSize(680, 480);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        dialog.setResultConverter(b -> b == ButtonType.OK ? list.getSelectionModel().getSelectedItem() : null);
        dialog.setResizable(true);
        Dialogs.own(dialog, owner);
        Platform.runLater(search::requestFocus);
    }

    Dialog<Preset> dialog() { return dialog; }

    ListView<Preset> list() { return list; }

    TextField search() { return search; }

    /** The current lab's presets, then the other labs' in the order of the lab list. */
    static List<Preset> ordered(Lab<?> current) {
        List<Preset> out = new ArrayList<>();
        if (current != null) out.addAll(current.presets());
        for (Lab<?> lab : Labs.all()) if (lab != current) out.addAll(lab.presets());
        return out;
    }

    private void filter(String query) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<Preset> shown = new ArrayList<>();
        for (Preset p : all) {
            String hay = (p.title() + " " + p.description() + " " + p.name() + " " + p.lab() + " " + Labs.get(p.lab()).title()).toLowerCase(Locale.ROOT);
            boolean match = true;
            for (String word : q.split("\\s+")) if (!word.isEmpty() && !hay.contains(word)) { match = false; break; }
            if (match) shown.add(p);
        }
        list.getItems().setAll(shown);
        if (!shown.isEmpty()) list.getSelectionModel().select(0);
    }
}
