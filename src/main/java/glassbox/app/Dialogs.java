package glassbox.app;

import glassbox.render.FormulaFigure;
import glassbox.render.FrameRenderer;
import glassbox.render.Lab;
import glassbox.render.Latex;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * The window's dialogs. Each is owned by the window's stage, so it opens over it and never takes a
 * full-screen window out of full screen, and it carries the window's style classes (dark, presentation),
 * so in presentation mode it is as large as the window's text.
 */
final class Dialogs {
    private Dialogs() {}

    /** Makes a dialog belong to the window: owner, stylesheet, theme and scale. */
    static void own(Dialog<?> d, Stage owner) {
        if (owner == null) return;
        d.initOwner(owner);
        // Not modal: on Linux a modal dialog takes its owner out of full screen (JDK-8325549); owned, it stays above.
        d.initModality(Modality.NONE);
        if (owner.getScene() != null) {
            d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
            // The window's root, not the scene's: ControlsFX's validation marks wrap the scene's root in their own pane.
            Node root = owner.getScene().lookup(".glassbox");
            for (String c : List.of("glassbox", "dark", "presentation")) {
                if (root != null && root.getStyleClass().contains(c)) d.getDialogPane().getStyleClass().add(c);
            }
        }
    }

    static <T> Optional<T> choice(Stage owner, String title, String header, String content, T initial, List<T> items) {
        ChoiceDialog<T> d = new ChoiceDialog<>(initial, items);
        d.setTitle(title);
        d.setHeaderText(header);
        d.setContentText(content);
        own(d, owner);
        return d.showAndWait();
    }

    static void error(Stage owner, String header, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.setHeaderText(header);
        own(a, owner);
        a.show();
    }

    static void info(Stage owner, String title, String header, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(title);
        a.setHeaderText(header);
        a.setContentText(text);
        own(a, owner);
        a.show();
    }

    /**
     * F1: the formulas the lab shows under its figures, typeset with jlatexmath at the current numbers,
     * then the lab's conventions as text, both large (larger still in presentation mode).
     */
    static Alert formulas(Stage owner, Lab<?> lab, FrameRenderer.Frame frame, boolean presenting, boolean dark) {
        float size = presenting ? 34 : 22;
        Color ink = dark ? new Color(0xe8e8e8) : new Color(0x202020);
        VBox box = new VBox(presenting ? 14 : 10);
        box.getStyleClass().add("formulas-box");
        for (String tex : liveFormulas(frame, lab)) box.getChildren().add(typeset(tex, size, ink));
        Label text = new Label(lab.formulas().strip());
        text.setWrapText(true);
        text.getStyleClass().add("formulas");
        box.getChildren().add(text);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setPrefSize(presenting ? 1500 : 900, presenting ? 800 : 560);
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle("Formulas");
        a.setHeaderText(lab.title());
        a.getDialogPane().setContent(scroll);
        a.setResizable(true);
        own(a, owner);
        return a;
    }

    /** The frame's formula strip, when it is of this lab. */
    static List<String> liveFormulas(FrameRenderer.Frame frame, Lab<?> lab) {
        if (frame == null || frame.request().lab() != lab) return List.of();
        for (var f : frame.computed().figures()) if (f instanceof FormulaFigure ff) return ff.latex();
        return List.of();
    }

    private static Node typeset(String tex, float size, Color ink) {
        BufferedImage img = Latex.image(tex, size, ink);
        ImageView iv = new ImageView(SwingFXUtils.toFXImage(img, null));
        iv.setAccessibleText(tex);
        return iv;
    }
}
