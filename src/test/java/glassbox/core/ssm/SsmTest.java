package glassbox.core.ssm;

import glassbox.core.Backend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The lab's computation spreads a large system over two threads; the numbers must be those of the plain calls. */
class SsmTest {

    @Test
    void aLargeSystemOnTwoThreadsGivesTheNumbersOfThePlainCalls() {
        // n²·L = 64²·2048 is above the size where the helper thread is used.
        assertTrue(64L * 64 * 2048 >= Ssm.PARALLEL_FROM);
        Ssm ssm = new Ssm(); // one engine: the second seed-1 pass goes through its memos
        for (SsmSpec.Method method : new SsmSpec.Method[]{SsmSpec.Method.DOUBLING, SsmSpec.Method.SEQUENTIAL}) {
            for (long seed : new long[]{1, 2, 1}) { // fresh kernels, fresh again, then a change back
                SsmSpec spec = spec(seed, method, Forward.Input.NOISE);
                SsmResult r = ssm.compute(spec, Backend.PLAIN);
                StateSpace s = spec.system();
                double[] u = Forward.input(Forward.Input.NOISE, 2048, 16, seed);
                double[] seq = Kernels.sequential(s, 2048), dbl = Kernels.doubling(s, 2048, false);
                assertArrayEquals(seq, r.runs().get(SsmSpec.Method.SEQUENTIAL).kernel());
                assertArrayEquals(dbl, r.runs().get(SsmSpec.Method.DOUBLING).kernel());
                assertArrayEquals(method == SsmSpec.Method.DOUBLING ? dbl : seq, r.kernel());
                assertArrayEquals(Forward.recurrent(s, u), r.yRecurrent());
                assertArrayEquals(Forward.convolve(r.kernel(), u, true), r.yConvolution());
                assertEquals(SsmResult.Diff.of(dbl, seq).maxAbs(), r.runs().get(SsmSpec.Method.DOUBLING).diff().maxAbs());
                assertTrue(r.runs().get(SsmSpec.Method.DOUBLING).ms() > 0);
                // Only the input moves: the kernels are reused, the outputs are new.
                SsmSpec step = spec(seed, method, Forward.Input.STEP);
                SsmResult q = ssm.compute(step, Backend.PLAIN);
                double[] us = Forward.input(Forward.Input.STEP, 2048, 16, seed);
                assertSame(r.runs().get(SsmSpec.Method.DOUBLING).kernel(), q.runs().get(SsmSpec.Method.DOUBLING).kernel());
                assertArrayEquals(Forward.recurrent(s, us), q.yRecurrent());
                assertArrayEquals(Forward.convolve(q.kernel(), us, true), q.yConvolution());
            }
        }
    }

    /** A random 64-state system rescaled to spectral radius 0.97, L = 2048, FFT convolution. */
    private static SsmSpec spec(long seed, SsmSpec.Method method, Forward.Input input) {
        double[][] none = {{0}};
        return new SsmSpec(StateSpace.Structure.RANDOM, none, false, 64, 0.97, seed, null, null, null, null, null,
                none, none, none, 2048, method, input, 16, null, SsmSpec.Conv.FFT, false);
    }
}
