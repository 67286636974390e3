package glassbox.core;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The live compute model: requests are numbered; one worker takes only the newest pending request
 * (older ones are skipped, never queued), computes it, and hands the result to the publisher
 * (the FX thread in the window) tagged with its generation. A result older than one already
 * delivered is dropped, so a stale frame never overwrites a newer one.
 *
 * Both executors are injected: tests pass {@code Runnable::run} and get synchronous, deterministic behaviour.
 */
public final class LatestWins<Q, R> {

    /** What the publisher receives. Exactly one of result and error is non-null. */
    public record Outcome<Q, R>(long generation, Q request, R result, RuntimeException error) {}

    public interface Listener<Q, R> {
        void deliver(Outcome<Q, R> outcome);
    }

    private record Job<Q>(long generation, Q request) {}

    private final Executor worker;
    private final Executor publisher;
    private final Function<Q, R> compute;
    private final Listener<Q, R> listener;
    private final AtomicReference<Job<Q>> pending = new AtomicReference<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong computed = new AtomicLong();
    private long delivered = -1; // touched only on the publisher

    public LatestWins(Executor worker, Executor publisher, Function<Q, R> compute, Listener<Q, R> listener) {
        this.worker = worker;
        this.publisher = publisher;
        this.compute = compute;
        this.listener = listener;
    }

    /** Queues a request, replacing any that has not started; returns its generation. */
    public long submit(Q request) {
        long gen = generations.incrementAndGet();
        pending.set(new Job<>(gen, request));
        if (draining.compareAndSet(false, true)) worker.execute(this::drain);
        return gen;
    }

    /** How many requests were actually computed (the rest were superseded before they started). */
    public long computedCount() {
        return computed.get();
    }

    public long latestGeneration() {
        return generations.get();
    }

    private void drain() {
        while (true) {
            Job<Q> job = pending.getAndSet(null);
            if (job == null) {
                draining.set(false);
                // A submit may have slipped in between the read and the reset.
                if (pending.get() != null && draining.compareAndSet(false, true)) continue;
                return;
            }
            R result = null;
            RuntimeException error = null;
            try {
                computed.incrementAndGet();
                result = compute.apply(job.request());
            } catch (RuntimeException e) {
                error = e;
            }
            Outcome<Q, R> out = new Outcome<>(job.generation(), job.request(), result, error);
            publisher.execute(() -> {
                if (out.generation() <= delivered) return;
                delivered = out.generation();
                listener.deliver(out);
            });
        }
    }
}
