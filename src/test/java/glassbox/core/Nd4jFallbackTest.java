package glassbox.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A platform where ND4J's natives are missing or fail to load still computes, in plain Java, and says so. */
class Nd4jFallbackTest {
    @Test
    void aFailedStartFallsBackToPlainJavaWithOneLine() {
        List<String> said = new ArrayList<>();
        Backend b = Nd4jRuntime.orPlain(Backend.ND4J_CPU,
                () -> { throw new IllegalStateException("ND4J could not start", new UnsatisfiedLinkError("no jnind4jcpu in java.library.path\nmore")); },
                said::add);
        assertEquals(Backend.PLAIN, b);
        assertEquals(1, said.size());
        assertTrue(said.get(0).contains("UnsatisfiedLinkError: no jnind4jcpu in java.library.path"), said.get(0));
        assertTrue(said.get(0).endsWith("computing in plain Java"), said.get(0));
    }

    @Test
    void aLinkageErrorThrownDirectlyIsCaughtToo() {
        List<String> said = new ArrayList<>();
        assertEquals(Backend.PLAIN, Nd4jRuntime.orPlain(Backend.ND4J_CUDA, () -> { throw new NoClassDefFoundError("org/nd4j/Foo"); }, said::add));
        assertEquals(1, said.size());
    }

    @Test
    void aWorkingStartIsUsedAndPlainIsNeverStarted() {
        List<String> said = new ArrayList<>();
        assertEquals(Backend.ND4J_CPU, Nd4jRuntime.orPlain(Backend.ND4J_CPU, () -> Backend.ND4J_CPU, said::add));
        assertEquals(Backend.PLAIN, Nd4jRuntime.orPlain(Backend.PLAIN, () -> { throw new AssertionError("must not start ND4J"); }, said::add));
        assertTrue(said.isEmpty());
    }

    @Test
    void askingForCudaOnABuildWithoutItSaysWhereItComputes() {
        // Was: --backend cuda on a CPU build ran on the CPU without a word.
        List<String> said = new ArrayList<>();
        assertEquals(Backend.ND4J_CPU, Nd4jRuntime.orPlain(Backend.ND4J_CUDA, () -> Backend.ND4J_CPU, said::add));
        assertEquals(List.of("CUDA is not available in this build (build with -Pgpu on a machine with a CUDA device): computing on ND4J CPU"), said);
    }
}
