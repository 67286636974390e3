package glassbox.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class LatestWinsTest {

    @Test
    void burstOfHundredChangesComputesFarFewerAndEndsOnTheLast() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        List<Integer> delivered = new ArrayList<>();
        AtomicInteger computedCalls = new AtomicInteger();
        CountDownLatch last = new CountDownLatch(1);
        LatestWins<Integer, Integer> lw = new LatestWins<>(worker, publisher, q -> {
            computedCalls.incrementAndGet();
            try { Thread.sleep(5); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            return q * 10;
        }, o -> {
            delivered.add(o.result());
            if (o.request() == 99) last.countDown();
        });
        for (int k = 0; k < 100; k++) lw.submit(k);
        assertTrue(last.await(10, TimeUnit.SECONDS), "the last request is always computed and delivered");
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        publisher.shutdown();
        publisher.awaitTermination(5, TimeUnit.SECONDS);
        assertTrue(lw.computedCount() < 20, "computed " + lw.computedCount() + " of 100");
        assertEquals(computedCalls.get(), lw.computedCount());
        assertEquals(990, delivered.get(delivered.size() - 1));
        for (int i = 1; i < delivered.size(); i++) assertTrue(delivered.get(i) > delivered.get(i - 1), "deliveries only move forward");
    }

    @Test
    void staleResultNeverOverwritesANewerOne() {
        // A publisher that runs tasks in reverse order of arrival: the older result must be dropped.
        List<Runnable> queued = new ArrayList<>();
        List<Integer> delivered = new ArrayList<>();
        LatestWins<Integer, Integer> lw = new LatestWins<>(Runnable::run, queued::add, q -> q, o -> delivered.add(o.result()));
        lw.submit(1);
        lw.submit(2);
        assertEquals(2, queued.size());
        queued.get(1).run();
        queued.get(0).run();
        assertEquals(List.of(2), delivered);
    }

    @Test
    void synchronousExecutorsComputeEveryRequestInOrder() {
        List<Integer> delivered = new ArrayList<>();
        LatestWins<Integer, Integer> lw = new LatestWins<>(Runnable::run, Runnable::run, q -> q + 1, o -> delivered.add(o.result()));
        lw.submit(1);
        lw.submit(5);
        assertEquals(List.of(2, 6), delivered);
        assertEquals(2, lw.computedCount());
    }

    @Test
    void errorsArriveAsOutcomesNotExceptions() {
        List<String> errors = new ArrayList<>();
        LatestWins<Integer, Integer> lw = new LatestWins<>(Runnable::run, Runnable::run, q -> { throw new ParamException("h", "0", "must be 1 or more"); },
                o -> errors.add(o.error().getMessage()));
        lw.submit(1);
        assertEquals(List.of("h = 0: must be 1 or more"), errors);
    }
}
