package glassbox.core.ssm;

import glassbox.core.Backend;
import glassbox.core.ParamException;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ssm lab's computation: system, eigenvalues, kernels by every fitting method, forward passes.
 * An instance holds the lab's one-entry memos (one per lab, never static), so two labs or tests
 * never share stale results.
 */
public final class Ssm {

    /** What the kernels depend on; arrays compared by content. */
    private record Key(double[][] a, double[] b, double[] c, double d, StateSpace.Dplr f, int len, Backend backend) {
        @Override public boolean equals(Object o) {
            return o instanceof Key k && Arrays.deepEquals(a, k.a) && Arrays.equals(b, k.b) && Arrays.equals(c, k.c)
                    && Double.compare(d, k.d) == 0 && len == k.len && backend == k.backend && dplrEquals(f, k.f);
        }

        @Override public int hashCode() {
            return Arrays.deepHashCode(a) * 31 + Arrays.hashCode(b) * 17 + Arrays.hashCode(c) + len;
        }

        private static boolean dplrEquals(StateSpace.Dplr x, StateSpace.Dplr y) {
            if (x == null || y == null) return x == y;
            return x.c() == y.c() && Arrays.equals(x.p(), y.p()) && Arrays.equals(x.q(), y.q());
        }
    }

    // One-entry memos: a slider that does not move A, B, C, D or L (input, seed of the noise,
    // view options) reuses the kernels and eigenvalues, with the times measured when they were made.
    private Key kernelKey;
    private Map<SsmSpec.Method, SsmResult.Run> kernelRuns;
    private double[][] eigKey;
    private double[][] eigValue;
    /** The random draws and their eigenvalues: a radius move rescales the last draw. */
    private final StateSpace.RandomDraws draws = new StateSpace.RandomDraws();
    /** The kernel's transform: an input move reuses it. */
    private final Forward.Spectra spectra = new Forward.Spectra();
    /**
     * The multi-channel timing depends only on the backend and the seed (its problems are its own), so moving
     * any slider with timing on reuses it instead of timing again (seconds each time), and the last few are kept,
     * so switching back to a backend or seed already timed shows its timing at once.
     */
    private record TimingKey(Backend backend, long seed) {}
    private final glassbox.core.Memo<TimingKey, MultiChannel.Timing> timings = new glassbox.core.Memo<>(8);

    /** The system the spec describes, its random draw reused while n and the seed stay. */
    public StateSpace system(SsmSpec spec) {
        return spec.system(draws);
    }

    public SsmResult compute(SsmSpec spec, Backend backend) {
        StateSpace s = system(spec);
        int len = spec.len();
        // The closed form: A = c·I + p qᵀ as built, or I + p pᵀ recovered from A.
        StateSpace.Dplr f = s.dplr();
        String dplrWhy = null;
        if (f == null) {
            if (s.structure() == StateSpace.Structure.DPLR) {
                dplrWhy = "lambda is not constant: the closed form needs A = c·I + p qᵀ";
            } else {
                double[] p = StateSpace.recoverIdentityPlusPpt(s.a());
                if (p != null) f = new StateSpace.Dplr(1, p, p);
                else dplrWhy = "A − I is not p pᵀ for any p (not symmetric positive rank one)";
            }
        }
        String diagWhy = StateSpace.notDiagonal(s.a());
        if (spec.method() == SsmSpec.Method.DIAGONAL && diagWhy != null) {
            throw new ParamException("method", "diagonal", "method = diagonal needs a diagonal A (2×2 blocks [[a, −b], [b, a]] allowed for a"
                    + " conjugate pair a ± ib), but " + diagWhy + "; use sequential or doubling, or structure = diagonal");
        }
        if (spec.method() == SsmSpec.Method.DPLR && f == null) {
            throw new ParamException("method", "dplr", "method = dplr needs A = I + p pᵀ (or c·I + p qᵀ built with structure = dplr), but "
                    + dplrWhy + "; give p (e.g. p = 0.3,0.2) or use sequential or doubling");
        }
        boolean fft = switch (spec.conv()) {
            case FFT -> true;
            case DIRECT -> false;
            case AUTO -> len + 1 >= SsmSpec.FFT_FROM;
        };
        if (!fft && len > SsmSpec.MAX_DIRECT_L) {
            throw new ParamException("conv", "direct", "direct convolution is O(L²): at most L = " + SsmSpec.MAX_DIRECT_L + " (L = " + len + "); use fft or auto");
        }
        double[] u = spec.input() == Forward.Input.DRAWN ? Forward.resample(spec.drawn(), len)
                : Forward.input(spec.input(), len, spec.period(), spec.seed());
        // A large system spreads its three long passes (recurrence, sequential kernel, doubling) over
        // both cores. The recurrence needs only the system and the input: it goes to the helper first.
        // When the kernels are new, this thread does the doubling's first steps and then the sequential
        // kernel, while the helper, once the recurrence is done, does the doubling's last step and then
        // the convolution.
        boolean big = (long) s.n() * s.n() * len >= PARALLEL_FROM;
        Key key = new Key(s.a(), s.b(), s.c(), s.d(), f, len, backend);
        Task<double[]> rec = Task.start(() -> Forward.recurrent(s, u), big);
        Map<SsmSpec.Method, SsmResult.Run> runs;
        Task<double[]> conv;
        if (!big || cached(key)) {
            runs = kernels(key, s, f, len, backend, diagWhy, dplrWhy, big, null);
            double[] kernel = runs.get(spec.method()).kernel();
            conv = Task.start(() -> Forward.convolve(kernel, u, fft, spectra), false);
        } else {
            java.util.concurrent.atomic.AtomicReference<Task<double[]>> convLater = new java.util.concurrent.atomic.AtomicReference<>();
            // Queued on the helper behind the kernels it may need.
            runs = kernels(key, s, f, len, backend, diagWhy, dplrWhy, true,
                    kernelOf -> convLater.set(Task.start(() -> Forward.convolve(kernelOf.apply(spec.method()), u, fft, spectra), true)));
            conv = convLater.get();
        }
        double[] seq = runs.get(SsmSpec.Method.SEQUENTIAL).kernel();
        double[] kernel = runs.get(spec.method()).kernel();

        // A random A is a rescaled draw whose eigenvalues are already known (scaled with it).
        double[][] eig = s.structure() == StateSpace.Structure.RANDOM ? draws.eigenvalues(spec.n(), spec.seed(), spec.radius())
                : eigenvalues(s.a());
        double rho = 0;
        for (int i = 0; i < eig[0].length; i++) rho = Math.max(rho, Math.hypot(eig[0][i], eig[1][i]));

        double[] yConv = conv.join();
        double[] yRec = rec.join();
        MultiChannel.Timing timing = spec.timing() ? timings.get(new TimingKey(backend, spec.seed()), k -> MultiChannel.run(k.backend(), k.seed())) : null;
        return new SsmResult(s, len, spec.method(), backend, eig, rho, runs, kernel, seq, u, yRec, yConv, fft,
                rec.ms(), conv.ms(), SsmResult.Diff.of(yConv, yRec), timing);
    }

    /** From this many multiply-adds (n²·L) the recurrence and the doubling's last step run on the helper. */
    static final long PARALLEL_FROM = 1L << 22;

    /**
     * One daemon helper thread: the large size does three independent long passes (recurrence,
     * sequential kernel, doubling), and one can run while the caller does the others.
     * Small systems stay on the caller's thread.
     */
    private static final java.util.concurrent.ExecutorService HELPER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ssm-helper");
        t.setDaemon(true);
        return t;
    });

    /** A computation with its own time, run on the helper thread or (small work) right away. */
    private static final class Task<T> {
        private java.util.concurrent.Future<T> future;
        private final T value;
        private volatile double ms;

        private Task(T value, double ms) {
            this.value = value;
            this.ms = ms;
        }

        static <T> Task<T> start(java.util.function.Supplier<T> work, boolean background) {
            if (!background) {
                long t0 = System.nanoTime();
                T v = work.get();
                return new Task<>(v, (System.nanoTime() - t0) / 1e6);
            }
            // The task object exists before the helper can run (it records its time there).
            Task<T> task = new Task<>(null, 0);
            task.future = HELPER.submit(() -> {
                long t0 = System.nanoTime();
                T v = work.get();
                task.ms = (System.nanoTime() - t0) / 1e6;
                return v;
            });
            return task;
        }

        T join() {
            if (future == null) return value;
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error er) throw er;
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Its own running time (valid after join). */
        double ms() {
            return ms;
        }
    }

    private synchronized boolean cached(Key key) {
        return key.equals(kernelKey);
    }

    /**
     * The kernel by every method that fits, with times and differences from the definition.
     * meanwhile (when not null) runs on this thread before the sequential kernel, once the helper has
     * the doubling's last step queued: it receives each method's kernel by name, to be read on the
     * helper (the sequential one waits for this thread).
     */
    private synchronized Map<SsmSpec.Method, SsmResult.Run> kernels(Key key, StateSpace s, StateSpace.Dplr f, int len, Backend backend,
                                                                          String diagWhy, String dplrWhy, boolean big,
                                                                          java.util.function.Consumer<java.util.function.Function<SsmSpec.Method, double[]>> meanwhile) {
        if (key.equals(kernelKey)) {
            Map<SsmSpec.Method, SsmResult.Run> done = kernelRuns;
            if (meanwhile != null) meanwhile.accept(m -> done.get(m).kernel());
            return done;
        }
        Map<SsmSpec.Method, SsmResult.Run> runs = new EnumMap<>(SsmSpec.Method.class);
        long t0, t1;
        // The closed forms first: O(n·L), and their kernels are then ready for a convolution queued early.
        if (diagWhy == null) {
            t0 = System.nanoTime();
            double[] dg = Kernels.diagonal(s, len);
            t1 = System.nanoTime();
            runs.put(SsmSpec.Method.DIAGONAL, new SsmResult.Run(SsmSpec.Method.DIAGONAL, dg, (t1 - t0) / 1e6, null, "plain Java", null));
        } else {
            runs.put(SsmSpec.Method.DIAGONAL, new SsmResult.Run(SsmSpec.Method.DIAGONAL, null, 0, null, null, diagWhy));
        }
        if (f != null) {
            t0 = System.nanoTime();
            double[] dp = Kernels.dplr(s, f, len);
            t1 = System.nanoTime();
            runs.put(SsmSpec.Method.DPLR, new SsmResult.Run(SsmSpec.Method.DPLR, dp, (t1 - t0) / 1e6, null, "plain Java", null));
        } else {
            runs.put(SsmSpec.Method.DPLR, new SsmResult.Run(SsmSpec.Method.DPLR, null, 0, null, null, dplrWhy));
        }
        // ND4J CPU measured slower than the plain loops at n ≤ 64 (per-call overhead, views, copies);
        // the CUDA backend is where a device-side product could pay.
        boolean nd = backend == Backend.ND4J_CUDA && s.n() >= Kernels.ND4J_MIN_N;
        Task<double[]> dblTask;
        double prefixMs = 0;
        String dblWhere = nd ? backend.label() : "plain Java";
        if (big && !nd) {
            // The doubling is split: this thread does the steps up to the last full one, the helper
            // (behind the recurrence) that step, the largest, and the kernel itself.
            Kernels.Doubling job = new Kernels.Doubling(s, len);
            t0 = System.nanoTime();
            job.prefix();
            prefixMs = (System.nanoTime() - t0) / 1e6;
            dblTask = Task.start(() -> {
                job.rows(0, s.n());
                return job.finish();
            }, true);
            dblWhere = "plain Java, both cores";
        } else {
            dblTask = Task.start(() -> Kernels.doubling(s, len, nd), false);
        }
        // The definition: here, after the share of the doubling (the helper is busy meanwhile).
        // What is queued on the helper now may ask for it: it waits on this future.
        java.util.concurrent.CompletableFuture<double[]> seqLater = new java.util.concurrent.CompletableFuture<>();
        if (meanwhile != null) {
            Map<SsmSpec.Method, double[]> ready = new EnumMap<>(SsmSpec.Method.class);
            for (Map.Entry<SsmSpec.Method, SsmResult.Run> e : runs.entrySet()) ready.put(e.getKey(), e.getValue().kernel());
            meanwhile.accept(m -> m == SsmSpec.Method.SEQUENTIAL ? seqLater.join() : m == SsmSpec.Method.DOUBLING ? dblTask.join() : ready.get(m));
        }
        Task<double[]> seqTask;
        try {
            seqTask = Task.start(() -> Kernels.sequential(s, len), false);
            seqLater.complete(seqTask.join());
        } finally {
            // never leave the helper waiting
            seqLater.completeExceptionally(new IllegalStateException("the sequential kernel failed"));
        }
        double[] dbl = dblTask.join();
        runs.put(SsmSpec.Method.DOUBLING, new SsmResult.Run(SsmSpec.Method.DOUBLING, dbl,
                prefixMs + dblTask.ms(), null, dblWhere, null));
        double[] seq = seqTask.join();
        runs.put(SsmSpec.Method.SEQUENTIAL, new SsmResult.Run(SsmSpec.Method.SEQUENTIAL, seq, seqTask.ms(),
                SsmResult.Diff.of(seq, seq), "plain Java", null));
        // The diffs against the definition, now that it is there.
        for (SsmSpec.Method m : SsmSpec.Method.values()) {
            SsmResult.Run r = runs.get(m);
            if (m != SsmSpec.Method.SEQUENTIAL && r.available()) {
                runs.put(m, new SsmResult.Run(m, r.kernel(), r.ms(), SsmResult.Diff.of(r.kernel(), seq), r.where(), null));
            }
        }
        kernelKey = key;
        kernelRuns = runs;
        return runs;
    }

    /** Eigenvalues of A, reused while A does not change. */
    public synchronized double[][] eigenvalues(double[][] a) {
        if (eigKey == null || !Arrays.deepEquals(eigKey, a)) {
            eigValue = Eigen.eigenvalues(a);
            eigKey = StateSpace.copy(a);
        }
        return eigValue;
    }
}
