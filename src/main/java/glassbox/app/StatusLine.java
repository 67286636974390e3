package glassbox.app;

import glassbox.core.Backend;
import glassbox.core.Nd4jRuntime;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;

/**
 * The status bar (ControlsFX StatusBar): the backend and what is in use, a progress bar while ND4J
 * starts or a slow frame is computing, the last message (what was written, what was wrong) and the
 * last recompute time.
 */
final class StatusLine {
    private final LabViewModel vm;
    private final StatusBar bar = new StatusBar();
    private final ComboBox<Backend> backendBox = new ComboBox<>();
    private final Label backendNote = new Label();
    private final Label timing = new Label();
    private final PauseTransition busyDelay = new PauseTransition(Duration.millis(250));
    private boolean nd4jStarting;
    private boolean busyShown;
    private String message = "";

    StatusLine(LabViewModel vm) {
        this.vm = vm;
        backendBox.getItems().addAll(Backend.values());
        backendBox.setValue(Backend.ND4J_CPU);
        backendBox.setAccessibleText("Compute backend");
        backendBox.setTooltip(new Tooltip("Where the heavy arithmetic runs. ND4J CUDA needs a build with -Pgpu and a CUDA 11.6 device."));
        backendBox.setCellFactory(l -> backendCell());
        backendBox.setButtonCell(backendCell());
        backendBox.setOnAction(e -> { vm.setBackend(backendBox.getValue()); updateBackendNote(); });
        HBox left = new HBox(8, new Label("Backend:"), backendBox, backendNote);
        left.setAlignment(Pos.CENTER_LEFT);
        bar.getLeftItems().add(left);
        bar.getRightItems().add(timing);
        bar.setText("");
        vm.timingProperty().addListener((o, a, t) -> timing.setText(t));
        vm.effectiveBackendProperty().addListener((o, a, b) -> updateBackendNote());
        // Slow computations (timing runs, huge layers, a drag faster than compute) show progress after a
        // quarter second; fast ones never flicker.
        busyDelay.setOnFinished(e -> showBusy(vm.busyProperty().get()));
        vm.busyProperty().addListener((o, a, b) -> { if (b) busyDelay.playFromStart(); else { busyDelay.stop(); showBusy(false); } });
    }

    StatusBar node() { return bar; }

    ComboBox<Backend> backendBox() { return backendBox; }

    Label timingLabel() { return timing; }

    void message(String text) {
        message = text;
        bar.getStyleClass().remove("error");
        refresh();
    }

    void error(String text) {
        message(text);
        if (!text.isEmpty()) bar.getStyleClass().add("error");
    }

    String message() { return message; }

    boolean busyShown() { return busyShown; }

    private void showBusy(boolean b) {
        busyShown = b;
        refresh();
    }

    private void refresh() {
        String text = message;
        if (busyShown) text = (message.isEmpty() ? "" : message + "  ·  ") + "Computing… (the figure catches up with the latest values)";
        bar.setText(text);
        bar.setProgress(nd4jStarting || busyShown ? ProgressIndicator.INDETERMINATE_PROGRESS : 0);
    }

    private ListCell<Backend> backendCell() {
        return new ListCell<>() {
            @Override protected void updateItem(Backend b, boolean empty) {
                super.updateItem(b, empty);
                setText(empty || b == null ? null : b.label());
            }
        };
    }

    /**
     * ND4J's start (native loading, ~1 s of CPU) waits for the first figure, which plain Java draws
     * meanwhile: on two cores starting both at once delays the first figure by about as much.
     */
    void startNd4jAfterFirstFrame() {
        if (vm.frameProperty().get() != null || !vm.errorProperty().get().isEmpty()) { startNd4j(); return; }
        javafx.beans.InvalidationListener once = new javafx.beans.InvalidationListener() {
            @Override public void invalidated(javafx.beans.Observable o) {
                vm.frameProperty().removeListener(this);
                vm.errorProperty().removeListener(this);
                Platform.runLater(StatusLine.this::startNd4j);
            }
        };
        vm.frameProperty().addListener(once);
        vm.errorProperty().addListener(once);
    }

    private void startNd4j() {
        nd4jStarting = true;
        refresh();
        backendNote.setText("ND4J starting… (plain Java meanwhile)");
        Nd4jRuntime.startAsync().whenComplete((b, e) -> Platform.runLater(() -> {
            nd4jStarting = false;
            refresh();
            if (e != null) {
                backendNote.setText("ND4J failed to start: plain Java only");
                backendNote.setTooltip(new Tooltip(String.valueOf(e.getCause() != null ? e.getCause() : e)));
            }
            updateBackendNote();
            vm.refresh();
        }));
    }

    private void updateBackendNote() {
        if (!Nd4jRuntime.ready()) return;
        Backend wanted = backendBox.getValue();
        Backend loaded = Nd4jRuntime.startAsync().join();
        if (wanted == Backend.ND4J_CUDA && loaded != Backend.ND4J_CUDA) {
            backendNote.setText("CUDA not available (build with -Pgpu on a machine with a CUDA device): using ND4J CPU");
        } else if (wanted == Backend.ND4J_CPU && loaded == Backend.ND4J_CUDA) {
            backendNote.setText("This build loaded ND4J CUDA: using the GPU");
        } else {
            backendNote.setText("in use: " + vm.effectiveBackendProperty().get().label());
        }
    }
}
