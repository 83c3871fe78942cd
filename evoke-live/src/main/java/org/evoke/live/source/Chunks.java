package org.evoke.live.source;

/** The sources' one conversion: the first {@code n} samples of DEAP's 32 channels, double to float. */
final class Chunks {
    private Chunks() {
    }

    /** (32, n) floats of {@code samples[c][0..n)}. */
    static float[][] of(double[][] samples, int n) {
        float[][] out = new float[32][n];
        for (int c = 0; c < 32; c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = (float) samples[c][i];
            }
        }
        return out;
    }
}
