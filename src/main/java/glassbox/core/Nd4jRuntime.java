package glassbox.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Starts ND4J once per JVM (0.5 s, or seconds while javacpp unpacks its natives the first time),
 * off the caller's thread, and says which ND4J backend loaded: CPU, or CUDA in a -Pgpu build
 * with a device present.
 */
public final class Nd4jRuntime {
    private static volatile CompletableFuture<Backend> started;

    private static final String SWITCHED_OFF = "ND4J switched off";

    private Nd4jRuntime() {}

    /**
     * Where javacpp unpacks natives when nobody said: a folder of Glassbox's own under the
     * user's cache directory (tests and builds set it under target/ instead).
     */
    public static void defaultCacheDirs() {
        Path base = Path.of(System.getProperty("user.home"), ".cache", "glassbox");
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty("org.bytedeco.javacpp.cachedir", base.resolve("javacpp").toString());
        }
        if (System.getProperty("javafx.cachedir") == null) {
            System.setProperty("javafx.cachedir", base.resolve("openjfx").toString());
        }
    }

    /** Starts ND4J on a daemon thread, once; later calls return the same future. */
    public static synchronized CompletableFuture<Backend> startAsync() {
        if (started == null) {
            CompletableFuture<Backend> f = new CompletableFuture<>();
            started = f;
            Thread t = new Thread(() -> {
                try {
                    f.complete(load());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }, "nd4j-start");
            t.setDaemon(true);
            t.start();
        }
        return started;
    }

    /** Blocks until ND4J is up (for the command line and tests). */
    public static Backend require() {
        try {
            return startAsync().join();
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("ND4J could not start: " + c, c);
        }
    }

    /**
     * The backend the command line computes on when the user asked for {@code wanted}: ND4J when it
     * starts, otherwise plain Java with one line to {@code warn} saying why. Glassbox never fails to
     * run because ND4J's natives are missing or do not load on a platform (docs/ARCHITECTURE.md).
     */
    public static Backend orPlain(Backend wanted, java.util.function.Consumer<String> warn) {
        return orPlain(wanted, Nd4jRuntime::require, warn);
    }

    static Backend orPlain(Backend wanted, java.util.function.Supplier<Backend> start, java.util.function.Consumer<String> warn) {
        if (wanted == Backend.PLAIN) return Backend.PLAIN;
        try {
            Backend got = start.get();
            if (wanted == Backend.ND4J_CUDA && got != Backend.ND4J_CUDA) {
                warn.accept("CUDA is not available in this build (build with -Pgpu on a machine with a CUDA device): computing on " + got.label());
            }
            return got;
        } catch (RuntimeException | LinkageError e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (String.valueOf(c.getMessage()).startsWith(SWITCHED_OFF)) {
                warn.accept(c.getMessage() + ": computing in plain Java");
                return Backend.PLAIN;
            }
            while (c.getCause() != null && c.getCause() != c) c = c.getCause(); // the loader's own reason
            warn.accept("ND4J could not start on this machine (" + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + firstLine(c.getMessage())) + "); computing in plain Java");
            return Backend.PLAIN;
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Runs an ND4J call with its CPU kernels on one OpenMP thread (the setting is per calling thread),
     * restoring the previous count after; for work that shares the cores with plain-Java work beside it.
     */
    public static <T> T singleThreaded(java.util.function.Supplier<T> call) {
        var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(1);
        try {
            return call.get();
        } finally {
            ops.setOmpNumThreads(before);
        }
    }

    public static boolean ready() {
        CompletableFuture<Backend> f = started;
        return f != null && f.isDone() && !f.isCompletedExceptionally();
    }

    private static Backend load() {
        // For platforms where ND4J's natives misbehave (and to test the fallback): start on plain Java.
        String off = System.getProperty("glassbox.nd4j", System.getenv("GLASSBOX_ND4J"));
        if ("off".equalsIgnoreCase(off)) {
            throw new IllegalStateException(SWITCHED_OFF + " (GLASSBOX_ND4J=off or -Dglassbox.nd4j=off)");
        }
        // Touching Nd4j loads the backend and its natives; a tiny op warms the executioner.
        Nd4j.create(DataType.DOUBLE, 2, 2).addi(1.0).sumNumber();
        String name = Nd4j.getBackend().getClass().getName().toLowerCase(java.util.Locale.ROOT);
        return name.contains("cublas") || name.contains("cuda") ? Backend.ND4J_CUDA : Backend.ND4J_CPU;
    }

    /**
     * The backend a computation should use when the user asked for {@code wanted}: plain Java when
     * asked or while ND4J is still starting, otherwise whichever ND4J backend loaded (CUDA only
     * exists in a -Pgpu build on a machine with a device; the window says so when it falls back).
     */
    public static Backend effective(Backend wanted) {
        if (wanted == Backend.PLAIN || !ready()) return Backend.PLAIN;
        return startAsync().join();
    }
}
