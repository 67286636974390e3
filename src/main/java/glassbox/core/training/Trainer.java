package glassbox.core.training;

import java.util.concurrent.CancellationException;

/**
 * The run off the frame path: one background thread (a daemon, started on first use) trains the current run
 * towards its target, at most {@code speed} new steps per second (replayed steps go at full speed). Asking about
 * another run key replaces the run; asking with a smaller target goes back to it. Held by the lab object.
 */
public final class Trainer {
    /** Longest the worker holds the run's lock at a time, so a frame's snapshot never waits long. */
    private static final long CHUNK_NANOS = 2_000_000L;

    private Run run;
    private int target, speed;
    private long epochNanos;
    private int epochStep;
    private Thread worker;

    /** The run for {@code spec}, training towards {@code spec.steps()} in the background. */
    public Run.Snapshot status(TrainingSpec spec) {
        Run r;
        synchronized (this) {
            TrainingSpec key = spec.runKey();
            boolean fresh = run == null || !run.key.equals(key);
            if (fresh) run = new Run(key);
            if (fresh || target != spec.steps() || speed != spec.speed()) {
                // The throttle counts new steps from here (a new run starts its count at 0).
                target = spec.steps();
                speed = spec.speed();
                epochNanos = System.nanoTime();
                synchronized (run) { epochStep = run.step(); }
            }
            r = run;
            if (worker == null) {
                worker = new Thread(this::work, "training");
                worker.setDaemon(true);
                worker.start();
            }
            notifyAll();
        }
        synchronized (r) {
            return r.snapshot();
        }
    }

    /** The step the current run has reached (0 without a run): where Pause stops. */
    public int currentStep() {
        Run r;
        synchronized (this) {
            r = run;
        }
        if (r == null) return 0;
        synchronized (r) {
            return r.step();
        }
    }

    /** The run for {@code spec} once it has reached its target or stopped (exports; never on the frame path). */
    public Run.Snapshot await(TrainingSpec spec) {
        status(spec.withSpeed(0));
        synchronized (this) {
            Run mine = run;
            while (run == mine && !idle()) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while training");
                }
            }
            if (run != mine) throw new CancellationException("another run replaced this one");
        }
        return status(spec);
    }

    /** True when the current run has nothing left to do (caller holds this lock). */
    private boolean idle() {
        synchronized (run) {
            return run.stopped() != null || (run.step() == target && run.gradChecked());
        }
    }

    private void work() {
        while (true) {
            Run r;
            int tgt, spd, fromStep;
            long since;
            synchronized (this) {
                while (run == null || idle()) {
                    notifyAll();
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                r = run;
                tgt = target;
                spd = speed;
                since = epochNanos;
                fromStep = epochStep;
            }
            boolean throttled = false;
            boolean checked;
            synchronized (r) {
                checked = r.gradChecked();
            }
            if (!checked) {
                // Outside the run's lock: a frame's snapshot does not wait for the check.
                GradCheck.Result g = r.checkStart();
                synchronized (r) {
                    r.setGradCheck(g);
                }
                continue;
            }
            synchronized (r) {
                if (r.step() > tgt) {
                    r.rewindTo(tgt);
                } else {
                    long t0 = System.nanoTime();
                    while (r.step() < tgt && r.stopped() == null && System.nanoTime() - t0 < CHUNK_NANOS) {
                        if (spd > 0 && r.step() >= r.maxReached()
                                && r.step() - fromStep >= (System.nanoTime() - since) * 1e-9 * spd) {
                            throttled = true;
                            break;
                        }
                        r.stepOnce();
                    }
                }
            }
            synchronized (this) {
                notifyAll();
            }
            if (throttled) {
                try {
                    Thread.sleep(Math.max(1, Math.min(20, 1000 / Math.max(1, spd))));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
