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
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Times slider-to-frame for every lab at default and large sizes.")
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

    /**
     * At the large sizes a frame takes 20–50 ms, so code run once per frame (readouts, layout, text)
     * reaches the JIT's C2 thresholds only after hundreds of frames. Until then the compiler thread
     * takes 60–120 % of one of the two cores beside the compute (measured with the
     * CompilationMXBean over windows of 60 frames). In 12 interleaved pairs of large sweeps, p95
     * after 120 warm-up frames was higher than after 600 in 9 (attention 46/42/50 against 34/33/30 ms,
     * the JIT compiling 2.9–4.1 s against 0.3 s during the timed sweep). The timed sweep measures the
     * program a user has been moving sliders in for a while; the JIT column shows how much compiling
     * was still going on.
     */
    static final int DEFAULT_WARMUP = 600;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed frames before each sweep, taken from the sweep run backwards"
            + " (JIT warm-up; default " + DEFAULT_WARMUP + ": five sweeps, after which the JIT compiles little; 120 shows the first seconds of use).")
    int warmup = DEFAULT_WARMUP;

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
        if (warmup < 0 || warmup > 5000) throw new glassbox.core.ParamException("--warmup", Integer.toString(warmup), "allowed: 0 to 5000");
        Backend wanted = Backend.parse(backend);
        Backend b = Nd4jRuntime.orPlain(wanted, msg -> spec.commandLine().getErr().println("glassbox: " + msg));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("backend: %s, board 1200x800, %d warm-up frames per sweep%n", b.label(), warmup);
        out.printf("%-16s %-8s %6s %9s %9s %9s %9s%n", "lab", "size", "steps", "p50 ms", "p95 ms", "max ms", "JIT ms");
        List<Map<String, Object>> results = new ArrayList<>();
        for (Lab<?> lab : chosen) {
            for (String sz : sizes) {
                Timed timed = sweep(lab, lab.benchSweep(sz), b, warmup);
                double[] t = timed.ms();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("lab", lab.id());
                r.put("size", sz);
                r.put("p50_ms", percentile(t, 50));
                r.put("p95_ms", percentile(t, 95));
                r.put("max_ms", Arrays.stream(t).max().orElse(0));
                r.put("steps", t.length);
                r.put("warmup_frames", warmup);
                if (timed.jitMs() >= 0) r.put("jit_ms", timed.jitMs());
                results.add(r);
                out.printf("%-16s %-8s %6d %9.2f %9.2f %9.2f %9s%n", lab.id(), sz, t.length, (double) r.get("p50_ms"), (double) r.get("p95_ms"), (double) r.get("max_ms"),
                        timed.jitMs() >= 0 ? Long.toString(timed.jitMs()) : "n/a");
                if (split) {
                    double[] compute = new double[t.length];
                    double[] draw = timed.drawMs();
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
     * A timed sweep: milliseconds per step (compute when values changed + drawing the board, as the
     * window's worker does), the drawing part of each, and the JIT's compiling time during the timed
     * steps (−1 where the JVM does not say).
     */
    record Timed(double[] ms, double[] drawMs, long jitMs) {}

    static Timed sweep(Lab<?> lab, List<Values> sweep, Backend b, int warmupFrames) {
        FrameRenderer fr = new FrameRenderer();
        FrameRenderer.Frame shown = null;
        for (int k = 0; k < warmupFrames && !sweep.isEmpty(); k++) {
            FrameRenderer.Frame f = fr.frame(new FrameRenderer.Request(lab, sweep.get(sweep.size() - 1 - k % sweep.size()), b, 1200, 800, Style.DEFAULT, null));
            fr.recycle(shown);
            shown = f;
        }
        fr.reset();
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean jitKnown = jit != null && jit.isCompilationTimeMonitoringSupported();
        long jit0 = jitKnown ? jit.getTotalCompilationTime() : 0;
        double[] t = new double[sweep.size()], drawMs = new double[sweep.size()];
        for (int k = 0; k < sweep.size(); k++) {
            long t0 = System.nanoTime();
            FrameRenderer.Frame f = fr.frame(new FrameRenderer.Request(lab, sweep.get(k), b, 1200, 800, Style.DEFAULT, null));
            t[k] = (System.nanoTime() - t0) / 1e6;
            drawMs[k] = f.renderMs();
            // As the window does: the frame a new one replaces gives its image back.
            fr.recycle(shown);
            shown = f;
        }
        return new Timed(t, drawMs, jitKnown ? jit.getTotalCompilationTime() - jit0 : -1);
    }

    static double percentile(double[] t, double p) {
        if (t.length == 0) return 0;
        double[] s = t.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }
}
