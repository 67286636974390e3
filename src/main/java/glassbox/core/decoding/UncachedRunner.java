package glassbox.core.decoding;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The uncached generation off the frame path: one background run at a time, for one spec. Asking about another
 * spec cancels the run in flight (it stops before its next pass); the finished run is kept until the spec
 * changes. Held by the lab object (no static state); its thread is a daemon.
 */
public final class UncachedRunner {

    /** Where the run for {@code key} stands: {@code done} of {@code total} tokens; {@code run} once finished. */
    public record Status(DecodingSpec key, int done, int total, Generation.Run run, String failure) {
        public boolean finished() { return run != null; }
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "decoding-uncached");
        t.setDaemon(true);
        return t;
    });
    private DecodingSpec key;
    private Job job;

    private static final class Job {
        final AtomicInteger done = new AtomicInteger();
        volatile boolean cancelled;
        volatile Generation.Run run;
        volatile String failure;
        final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    }

    /** The status for {@code spec}'s generation key, starting the run if none is kept or running for it. */
    public synchronized Status status(DecodingSpec spec, Model model) {
        DecodingSpec k = spec.generationKey();
        if (!k.equals(key)) {
            cancel();
            key = k;
            Job j = new Job();
            job = j;
            executor.execute(() -> {
                try {
                    if (j.cancelled) return;
                    j.run = Generation.uncached(model, spec, true, () -> j.cancelled, j.done::set);
                } catch (CancellationException e) {
                    // Superseded: nobody reads this job any more.
                } catch (RuntimeException | OutOfMemoryError e) {
                    j.failure = e.toString();
                } finally {
                    j.finished.countDown();
                }
            });
        }
        return new Status(key, job.done.get(), spec.generate(), job.run, job.failure);
    }

    /**
     * The status for {@code spec} once its run has ended (finished, failed, or cancelled by a request for another
     * spec), waiting for it: for exports and the command line, never on the frame path.
     */
    public Status await(DecodingSpec spec, Model model) {
        Job j;
        synchronized (this) {
            status(spec, model);
            j = job;
        }
        try {
            j.finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the uncached run");
        }
        return new Status(spec.generationKey(), j.done.get(), spec.generate(), j.run, j.run == null && j.failure == null ? "cancelled" : j.failure);
    }

    /** Stops the run in flight, if any, and forgets the kept result. */
    public synchronized void cancel() {
        if (job != null) job.cancelled = true;
        job = null;
        key = null;
    }
}
