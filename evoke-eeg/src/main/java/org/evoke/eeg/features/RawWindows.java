package org.evoke.eeg.features;

/**
 * Raw EEG windows for models that read the signal itself (Arjun ViT): each channel's window minus its mean, divided
 * by its standard deviation (population, ddof 0, as NumPy's {@code std} in torcheeg's {@code MeanStdNormalize}),
 * per window and per channel. A flat channel (standard deviation 0) becomes zeros rather than NaN.
 *
 * <pre>
 * z[i] = (x[i] - mean(x)) / std(x),   mean and std over the window's L samples of one channel
 * </pre>
 *
 * torcheeg's {@code MeanStdNormalize()} without an axis normalises over the whole (32, L) window at once; per channel
 * is what the Arjun ViT issue asks for and keeps one loud channel from flattening the others (docs/eeg-pipeline.md).
 */
public final class RawWindows {
    private RawWindows() {
    }

    /** Writes the z-score of x[off .. off+n) to out[outOff .. outOff+n). */
    public static void zscore(double[] x, int off, int n, double[] out, int outOff) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[off + i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = x[off + i] - mean;
            var += d * d;
        }
        double std = Math.sqrt(var / n);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = std > 0 ? (x[off + i] - mean) / std : 0.0;
        }
    }
}
