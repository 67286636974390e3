package glassbox.cli;

import glassbox.core.Backend;
import glassbox.core.Json;
import glassbox.core.Nd4jRuntime;
import glassbox.core.Values;
import glassbox.render.FrameRenderer;
import glassbox.render.Lab;
import glassbox.render.Labs;
import glassbox.render.Style;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures what a user feels: for each lab, a recorded sweep of parameter changes through the same
 * compute + render path as the window (FrameRenderer at the window's board size), at a default
 * and a large size. Reports p50/p95/max per lab and size.
 */
@Command(name = "bench", description = "Times slider-to-frame for every lab at default and large sizes.")
final class BenchCmd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--lab", paramLabel = "LAB", description = "Only this lab (repeatable).")
    List<String> labs = new ArrayList<>();

    @Option(names = "--size", paramLabel = "SIZE", description = "default, large, or both (default both).")
    String size = "both";

    @Option(names = "--backend", paramLabel = "B", description = "cpu (ND4J, default), cuda, or java.")
    String backend = "cpu";

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed frames before each sweep, taken from the sweep run backwards"
            + " (JIT warm-up; default 120, about one sweep: the timed sweep then measures a warmed-up program, as a user who has been"
            + " moving sliders for a few seconds sees it).")
    int warmup = 120;

    @Option(names = "--split", description = "Also print compute and draw percentiles separately (where the time goes).")
    boolean split;

    @Override public Integer call() {
        List<Lab<?>> chosen = new ArrayList<>();
        if (labs.isEmpty()) chosen.addAll(Labs.all());
        else for (String id : labs) chosen.add(Labs.get(id));
        List<String> sizes = switch (size) {
            case "both" -> List.of("default", "large");
            case "default", "large" -> List.of(size);
            default -> throw new glassbox.core.ParamException("--size", size, "allowed: default, large, both");
        };
        if (warmup < 0 || warmup > 1000) throw new glassbox.core.ParamException("--warmup", Integer.toString(warmup), "allowed: 0 to 1000");
        Backend wanted = Backend.parse(backend);
        Backend b = wanted == Backend.PLAIN ? Backend.PLAIN : Nd4jRuntime.require();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("backend: %s, board 1200x800, %d warm-up frames per sweep%n", b.label(), warmup);
        out.printf("%-16s %-8s %6s %9s %9s %9s%n", "lab", "size", "steps", "p50 ms", "p95 ms", "max ms");
        List<Map<String, Object>> results = new ArrayList<>();
        for (Lab<?> lab : chosen) {
            for (String sz : sizes) {
                List<Values> sweep = lab.benchSweep(sz);
                double[] draw = new double[sweep.size()];
                double[] t = sweep(lab, sweep, b, warmup, draw);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("lab", lab.id());
                r.put("size", sz);
                r.put("p50_ms", percentile(t, 50));
                r.put("p95_ms", percentile(t, 95));
                r.put("max_ms", Arrays.stream(t).max().orElse(0));
                r.put("steps", t.length);
                results.add(r);
                out.printf("%-16s %-8s %6d %9.2f %9.2f %9.2f%n", lab.id(), sz, t.length, (double) r.get("p50_ms"), (double) r.get("p95_ms"), (double) r.get("max_ms"));
                if (split) {
                    double[] compute = new double[t.length];
                    for (int k = 0; k < t.length; k++) compute[k] = t[k] - draw[k];
                    out.printf("%-16s %-8s %6s %9.2f %9.2f %9.2f   (compute)%n", "", "", "", percentile(compute, 50), percentile(compute, 95), Arrays.stream(compute).max().orElse(0));
                    out.printf("%-16s %-8s %6s %9.2f %9.2f %9.2f   (draw)%n", "", "", "", percentile(draw, 50), percentile(draw, 95), Arrays.stream(draw).max().orElse(0));
                }
                out.flush();
            }
        }
        if (json != null) {
            try {
                Json.write(json, Map.of("backend", b.label(), "results", results));
            } catch (IOException e) {
                throw new Cli.UserError("cannot write " + e.getMessage());
            }
        }
        return 0;
    }

    /**
     * Milliseconds per step: compute (when values changed) + drawing the board, as the window's
     * worker does; {@code drawMs[k]} receives step k's drawing time (the rest of t[k] is compute).
     */
    static double[] sweep(Lab<?> lab, List<Values> sweep, Backend b, int warmupFrames, double[] drawMs) {
        FrameRenderer fr = new FrameRenderer();
        FrameRenderer.Frame shown = null;
        for (int k = 0; k < warmupFrames && !sweep.isEmpty(); k++) {
            FrameRenderer.Frame f = fr.frame(new FrameRenderer.Request(lab, sweep.get(sweep.size() - 1 - k % sweep.size()), b, 1200, 800, Style.DEFAULT, null));
            fr.recycle(shown);
            shown = f;
        }
        fr.reset();
        double[] t = new double[sweep.size()];
        for (int k = 0; k < sweep.size(); k++) {
            long t0 = System.nanoTime();
            FrameRenderer.Frame f = fr.frame(new FrameRenderer.Request(lab, sweep.get(k), b, 1200, 800, Style.DEFAULT, null));
            t[k] = (System.nanoTime() - t0) / 1e6;
            drawMs[k] = f.renderMs();
            // As the window does: the frame a new one replaces gives its image back.
            fr.recycle(shown);
            shown = f;
        }
        return t;
    }

    static double percentile(double[] t, double p) {
        if (t.length == 0) return 0;
        double[] s = t.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }
}
