package glassbox.app;

import glassbox.core.Backend;
import glassbox.core.LatestWins;
import glassbox.core.Nd4jRuntime;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.render.FrameRenderer;
import glassbox.render.Lab;
import glassbox.render.Style;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The window's state as JavaFX properties, with no controls: the lab, its values, the backend, the
 * board size, the pointed-at highlight. Every change submits a request to the one compute thread
 * (LatestWins); frames come back on the publisher (the FX thread) and only then touch properties.
 * Executors are injected so tests run synchronously.
 */
public final class LabViewModel {
    private final ObjectProperty<Lab<?>> lab = new SimpleObjectProperty<>();
    private final ObjectProperty<Values> values = new SimpleObjectProperty<>();
    private final ObjectProperty<Backend> backend = new SimpleObjectProperty<>(Backend.ND4J_CPU);
    private final ObjectProperty<Style> style = new SimpleObjectProperty<>(Style.DEFAULT);
    private final ReadOnlyObjectWrapper<FrameRenderer.Frame> frame = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<List<Readout>> readouts = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper timing = new ReadOnlyStringWrapper("");
    /** The parameter the last refusal of the computation names ("" when none): the window marks its field. */
    private final ReadOnlyStringWrapper errorKey = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Backend> effectiveBackend = new ReadOnlyObjectWrapper<>(Backend.PLAIN);
    private final javafx.beans.property.ReadOnlyBooleanWrapper busy = new javafx.beans.property.ReadOnlyBooleanWrapper(false);
    private final LatestWins<FrameRenderer.Request, FrameRenderer.Frame> pipeline;
    private final FrameRenderer renderer;
    private final Executor publisher;
    private final Map<Lab<?>, Values> kept = new java.util.LinkedHashMap<>();
    private Object highlight;
    /** The title of the figure enlarged to the whole board, or null for all of them. */
    private String enlarged;
    /** The start of the title of the figure given most of the board (a lesson step's in presentation mode), or null. */
    private String main;
    private int width = 1000, height = 700;

    public LabViewModel(Executor worker, Executor publisher) {
        renderer = new FrameRenderer();
        this.publisher = publisher;
        pipeline = new LatestWins<>(worker, publisher, renderer::frame, this::deliver);
    }

    private void deliver(LatestWins.Outcome<FrameRenderer.Request, FrameRenderer.Frame> o) {
        if (o.generation() >= pipeline.latestGeneration()) busy.set(false);
        if (o.error() != null) {
            // The last good figure stays on screen; the message says what was wrong.
            RuntimeException e = o.error();
            errorKey.set(e instanceof ParamException pe && pe.key() != null ? pe.key() : "");
            error.set(e instanceof IllegalArgumentException ? e.getMessage() : "Could not compute: " + e);
            return;
        }
        FrameRenderer.Frame f = o.result();
        if (f.request().lab() != lab.get()) return;
        // Values the user did not set that followed the data (a row clamped to T, say): the controls show what was used.
        Values used = f.computed().values();
        if (f.request().values().equals(values.get()) && !used.equals(values.get())) values.set(used);
        FrameRenderer.Frame shown = frame.get();
        frame.set(f);
        // The window has copied the new frame's pixels; the one it replaced can be drawn into again.
        renderer.recycle(shown);
        readouts.set(f.computed().readouts());
        effectiveBackend.set(f.computed().backend());
        error.set("");
        errorKey.set("");
        timing.set(String.format(java.util.Locale.ROOT, "%s: compute %.1f ms, draw %.1f ms",
                f.computed().backend().label(), f.computed().computeMs(), f.renderMs()));
        if (pending(f)) {
            // Part of the result runs in the background (render.Lab.pending): ask again in a moment for its progress
            // (150 ms after the frame is shown: a training curve moves about five times a second, and a frame costs
            // the trainer only its compute and draw, ≈ 10 ms).
            java.util.concurrent.CompletableFuture.delayedExecutor(PENDING_POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS, publisher).execute(() -> {
                if (frame.get() == f) submit();
            });
        }
    }

    static final long PENDING_POLL_MS = 150;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean pending(FrameRenderer.Frame f) {
        Lab raw = f.computed().lab();
        return raw.pending(f.computed().result());
    }

    /** Switches lab, back to the values it had when the user left it this session (its defaults the first time). */
    public void open(Lab<?> l) {
        keepCurrent();
        Values v = kept.get(l);
        lab.set(l);
        highlight = null;
        enlarged = null;
        values.set(v != null ? v : l.defaults());
        submit();
    }

    /** The lab back to its defaults, forgetting what it kept. */
    public void reset(Lab<?> l) {
        kept.remove(l);
        if (lab.get() == l) {
            values.set(l.defaults());
            submit();
        }
    }

    /** The values each lab had when last left (the current lab's are {@link #valuesProperty}). */
    public Map<Lab<?>, Values> keptValues() {
        keepCurrent();
        return Map.copyOf(kept);
    }

    /** Values a lab returns to when opened (a saved session read back). */
    public void keep(Lab<?> l, Values v) {
        if (!v.params().equals(l.params())) throw new IllegalArgumentException("values of another lab");
        if (l == lab.get()) setValues(v); else kept.put(l, v);
    }

    private void keepCurrent() {
        if (lab.get() != null && values.get() != null && values.get().params().equals(lab.get().params())) kept.put(lab.get(), values.get());
    }

    public void openPreset(Preset p) {
        if (lab.get() == null || !lab.get().id().equals(p.lab())) {
            keepCurrent();
            lab.set(glassbox.render.Labs.get(p.lab()));
            highlight = null;
        }
        values.set(Values.preset(lab.get().params(), p.settings()));
        submit();
    }

    /** Sets one parameter; a bad value is refused with the message (and the current values kept). */
    public boolean set(String key, String text) {
        try {
            Values v = values.get().with(key, text);
            if (!v.equals(values.get())) {
                values.set(v);
                submit();
            }
            return true;
        } catch (ParamException e) {
            error.set(e.getMessage());
            return false;
        }
    }

    /** Replaces every value, keeping which of them the user set (a session read back, a lesson step). */
    public void setValues(Values v) {
        if (lab.get() == null || !v.params().equals(lab.get().params())) throw new IllegalArgumentException("values of another lab");
        values.set(v);
        submit();
    }

    public void setAll(Map<String, String> settings) {
        values.set(values.get().with(settings));
        submit();
    }

    public void setBackend(Backend b) {
        backend.set(b);
        submit();
    }

    public void setStyle(Style s) {
        style.set(s);
        submit();
    }

    public void setSize(int w, int h) {
        if (w == width && h == height) return;
        width = Math.max(200, w);
        height = Math.max(150, h);
        submit();
    }

    public void setHighlight(Object h) {
        if (java.util.Objects.equals(h, highlight)) return;
        highlight = h;
        submit();
    }

    /** Resubmits the current state (after ND4J finished starting, say). */
    public void refresh() {
        submit();
    }

    private void submit() {
        if (lab.get() == null || values.get() == null) return;
        Backend eff = Nd4jRuntime.effective(backend.get());
        busy.set(true);
        pipeline.submit(new FrameRenderer.Request(lab.get(), values.get(), eff, width, height, style.get(), highlight, enlarged, main));
    }

    public long computedCount() { return pipeline.computedCount(); }

    /** True from a change until its frame arrives: the window shows progress when this lasts. */
    public javafx.beans.property.ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Lab<?>> labProperty() { return lab; }
    public ReadOnlyObjectProperty<Values> valuesProperty() { return values; }
    public ReadOnlyObjectProperty<Backend> backendProperty() { return backend; }
    public ReadOnlyObjectProperty<Style> styleProperty() { return style; }
    public ReadOnlyObjectProperty<FrameRenderer.Frame> frameProperty() { return frame.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<List<Readout>> readoutsProperty() { return readouts.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorKeyProperty() { return errorKey.getReadOnlyProperty(); }
    public ReadOnlyStringProperty timingProperty() { return timing.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Backend> effectiveBackendProperty() { return effectiveBackend.getReadOnlyProperty(); }
    public Object highlight() { return highlight; }
    public String enlarged() { return enlarged; }

    /** Gives the figure whose title starts with this most of the board (null: the lab's own arrangement). */
    public void setMain(String title) {
        if (java.util.Objects.equals(title, main)) return;
        main = title;
        submit();
    }

    public String main() { return main; }

    /** Draws only the figure with this title on the whole board (null: every figure again). */
    public void setEnlarged(String title) {
        if (java.util.Objects.equals(title, enlarged)) return;
        enlarged = title;
        highlight = null;
        submit();
    }
    public int width() { return width; }
    public int height() { return height; }
}
