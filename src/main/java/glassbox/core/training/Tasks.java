package glassbox.core.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * docs/LABS.md §9: the tasks' data, generated from seeds. Copy: x = (0, u₁, u₂, u₁), y = (u₁, u₂, u₁, u₂),
 * u ~ U[0,1]. Token tasks over A–D with ⟨START⟩ and ⟨STOP⟩: the input tokens, ⟨START⟩, then the answer (the
 * reversed tokens; the sorted distinct tokens and ⟨STOP⟩); under teacher forcing position i predicts token i+1
 * from ⟨START⟩ on.
 */
public final class Tasks {
    private Tasks() {}

    public static final List<String> VOCAB = List.of("A", "B", "C", "D", "<START>", "<STOP>");
    static final int START = 4, STOP = 5;

    /**
     * One sequence. {@code x}: the copy task's inputs (null for tokens); {@code y}: its targets; {@code tokens}: the
     * token sequence (null for the copy task); {@code target[i]}: the token position i must predict, −1 for none.
     */
    public record Example(int length, double[] x, double[] y, int[] tokens, int[] target) {
        public int predicted() {
            if (target == null) return length;
            int n = 0;
            for (int t : target) if (t >= 0) n++;
            return n;
        }
    }

    /** A seed for the k-th stream of a run (the batch of step k; negative k for the held-out set and the weights). */
    public static long mix(long seed, long k) {
        long z = seed * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static Example[] batch(TrainingSpec s, long stream, int n) {
        SplittableRandom r = new SplittableRandom(mix(s.seed(), stream));
        Example[] out = new Example[n];
        for (int i = 0; i < n; i++) out[i] = example(s.task(), s.length(), r);
        return out;
    }

    /** The fixed held-out set. */
    public static Example[] heldOut(TrainingSpec s) {
        return batch(s, -1, TrainingSpec.HELD_OUT);
    }

    static Example example(TrainingSpec.Task task, int n, SplittableRandom r) {
        switch (task) {
            case COPY -> {
                double u1 = r.nextDouble(), u2 = r.nextDouble();
                return new Example(4, new double[]{0, u1, u2, u1}, new double[]{u1, u2, u1, u2}, null, null);
            }
            case REVERSAL -> {
                int[] in = new int[n];
                for (int i = 0; i < n; i++) in[i] = r.nextInt(4);
                int[] seq = new int[2 * n + 1];
                System.arraycopy(in, 0, seq, 0, n);
                seq[n] = START;
                for (int i = 0; i < n; i++) seq[n + 1 + i] = in[n - 1 - i];
                return tokens(seq, n);
            }
            default -> {
                int[] in = new int[n];
                TreeSet<Integer> distinct = new TreeSet<>();
                for (int i = 0; i < n; i++) {
                    in[i] = r.nextInt(4);
                    distinct.add(in[i]);
                }
                List<Integer> seq = new ArrayList<>();
                for (int t : in) seq.add(t);
                seq.add(START);
                seq.addAll(distinct);
                seq.add(STOP);
                return tokens(seq.stream().mapToInt(Integer::intValue).toArray(), n);
            }
        }
    }

    /** Teacher forcing: positions from ⟨START⟩ (index {@code start}) to the second last predict the next token. */
    static Example tokens(int[] seq, int start) {
        int[] target = new int[seq.length];
        java.util.Arrays.fill(target, -1);
        for (int i = start; i < seq.length - 1; i++) target[i] = seq[i + 1];
        return new Example(seq.length, null, null, seq, target);
    }
}
