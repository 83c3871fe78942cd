package org.evoke.eeg.features;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.List;

/**
 * torcheeg's {@code BandPowerSpectralDensity} for one window: the window is multiplied by a symmetric Hann window
 * of its own length, transformed with an {@code fftSize}-point FFT (zero padded, or cut to the first
 * {@code fftSize} samples, as {@code np.fft.fft(x, n)} does), and each band's value is the mean of |X_k|^2 over
 * the bins
 * <pre>
 *   k = floor(lo / fs * fftSize) - 1  ..  floor(hi / fs * fftSize) - 1      (inclusive)
 * </pre>
 * with no scaling. The "- 1" shifts every band down by one bin (theta 4-8 Hz uses bins 3..7, i.e. 3-7 Hz at
 * 1 Hz per bin); that is torcheeg's code, kept as it is. Only bins below fftSize/2 exist (torcheeg keeps the
 * first half of the spectrum).
 * <p>
 * An instance holds the window and the bin ranges (immutable, shareable); the FFT plan and scratch come from the
 * caller, one per thread ({@link #newFft()}, {@link #scratchSize()}).
 */
public final class BandPowerSpectralDensity {
    private final int windowLength;
    private final int fftSize;
    private final double[] hann; // (windowLength,)
    private final int[] firstBin; // (bands,) inclusive
    private final int[] endBin; // (bands,) exclusive

    public BandPowerSpectralDensity(int windowLength, int fftSize, double samplingRate, List<Band> bands) {
        if (windowLength < 1 || fftSize < 2) {
            throw new IllegalArgumentException("PSD needs window length >= 1 and FFT size >= 2, got " + windowLength + ", " + fftSize);
        }
        this.windowLength = windowLength;
        this.fftSize = fftSize;
        this.hann = org.evoke.eeg.signal.Windows.hannSymmetric(windowLength);
        this.firstBin = new int[bands.size()];
        this.endBin = new int[bands.size()];
        for (int b = 0; b < bands.size(); b++) {
            Band band = bands.get(b);
            int start = (int) Math.floor(band.lowHz() / samplingRate * fftSize) - 1;
            int end = (int) Math.floor(band.highHz() / samplingRate * fftSize);
            if (start < 0 || end <= start || end > fftSize / 2) {
                throw new IllegalArgumentException("PSD band " + band + " maps to FFT bins [" + start + ", " + end
                        + ") with fs " + samplingRate + " Hz and " + fftSize + " points; expected bins within [0, "
                        + fftSize / 2 + ")");
            }
            firstBin[b] = start;
            endBin[b] = end;
        }
    }

    /** A new FFT plan of this size (JTransforms plans keep state; use one per thread). */
    public DoubleFFT_1D newFft() {
        return new DoubleFFT_1D(fftSize);
    }

    /** Scratch doubles {@link #compute} needs. */
    public int scratchSize() {
        return fftSize;
    }

    public int windowLength() {
        return windowLength;
    }

    /** The first FFT bin (inclusive) averaged for band {@code b}. */
    public int firstBin(int b) {
        return firstBin[b];
    }

    /** The last FFT bin + 1 averaged for band {@code b}. */
    public int endBin(int b) {
        return endBin[b];
    }

    /**
     * Band powers of {@code x[off .. off+windowLength)} into {@code out[outOff + b*outStride]}.
     *
     * @param scratch at least {@link #scratchSize()} doubles
     */
    public void compute(double[] x, int off, double[] out, int outOff, int outStride, double[] scratch, DoubleFFT_1D fft) {
        int n = Math.min(windowLength, fftSize);
        for (int i = 0; i < n; i++) {
            scratch[i] = x[off + i] * hann[i];
        }
        java.util.Arrays.fill(scratch, n, fftSize, 0.0);
        // packed real FFT: scratch[2k] = Re X_k, scratch[2k+1] = Im X_k for 0 < k < fftSize/2; scratch[0] = X_0
        fft.realForward(scratch);
        for (int b = 0; b < firstBin.length; b++) {
            double sum = 0;
            for (int k = firstBin[b]; k < endBin[b]; k++) {
                sum += power(scratch, k);
            }
            out[outOff + b * outStride] = sum / (endBin[b] - firstBin[b]);
        }
    }

    private static double power(double[] packed, int k) {
        if (k == 0) {
            return packed[0] * packed[0];
        }
        double re = packed[2 * k], im = packed[2 * k + 1];
        return re * re + im * im;
    }
}
