package glassbox.app;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Shared by the window tests: wait until the compute thread and the FX thread have both gone quiet. */
final class WindowTests {
    private WindowTests() {}

    static void settle(ExecutorService worker) throws Exception {
        for (int k = 0; k < 6; k++) {
            WaitForAsyncUtils.waitForFxEvents();
            worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
