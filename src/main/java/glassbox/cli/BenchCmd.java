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

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed frames before each sweep (JIT warm-up; default 20).")
    int warmup = 20;

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
                double[] t = sweep(lab, sweep, b, warmup);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("lab", lab.id());
                r.put("size", sz);
                r.put("p50_ms", percentile(t, 50));
                r.put("p95_ms", percentile(t, 95));
                r.put("max_ms", Arrays.stream(t).max().orElse(0));
                r.put("steps", t.length);
                results.add(r);
                out.printf("%-16s %-8s %6d %9.2f %9.2f %9.2f%n", lab.id(), sz, t.length, (double) r.get("p50_ms"), (double) r.get("p95_ms"), (double) r.get("max_ms"));
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

    /** Milliseconds per step: compute (when values changed) + drawing the board, as the window's worker does. */
    static double[] sweep(Lab<?> lab, List<Values> sweep, Backend b, int warmupFrames) {
        FrameRenderer fr = new FrameRenderer();
        for (int k = 0; k < Math.min(warmupFrames, sweep.size()); k++) {
            fr.frame(new FrameRenderer.Request(lab, sweep.get(sweep.size() - 1 - k), b, 1200, 800, Style.DEFAULT, null));
        }
        fr.reset();
        double[] t = new double[sweep.size()];
        for (int k = 0; k < sweep.size(); k++) {
            long t0 = System.nanoTime();
            fr.frame(new FrameRenderer.Request(lab, sweep.get(k), b, 1200, 800, Style.DEFAULT, null));
            t[k] = (System.nanoTime() - t0) / 1e6;
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
