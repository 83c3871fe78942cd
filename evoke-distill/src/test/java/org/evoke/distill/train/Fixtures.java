package org.evoke.distill.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Small learnable data sets for the trainer and study tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** n windows whose labels are the signs of three fixed band/cell features plus noise: learnable. */
    public static TrainingData learnable(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 324];
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 324; k++) {
                x[i * 324 + k] = (float) (r.nextGaussian() * 0.5);
            }
            for (int j = 0; j < 3; j++) {
                float s = (float) (r.nextBoolean() ? 1 : -1);
                for (int c = 0; c < 9; c++) { // a 3x3 patch of band j carries label j
                    x[i * 324 + j * 81 + (3 + c / 3) * 9 + 3 + c % 3] += s;
                }
                y[i * 3 + j] = s > 0 ? 1 : 0;
            }
        }
        return TrainingData.of(Nd4j.create(x, new long[] {n, 4, 9, 9}, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, 3}, DataType.FLOAT));
    }

    public static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

}
