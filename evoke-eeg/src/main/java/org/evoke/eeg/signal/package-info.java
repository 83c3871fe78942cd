/**
 * Signal processing in double precision, ported from SciPy so the numbers match it: the Butterworth band-pass
 * design ({@link org.evoke.eeg.signal.Butterworth}, scipy.signal.butter's zeros/poles/gain route), the
 * direct-form-II-transposed filter ({@link org.evoke.eeg.signal.LinearFilter}, scipy.signal.lfilter) and the
 * window functions ({@link org.evoke.eeg.signal.Windows}: Hann, Kaiser), and rational resampling with a polyphase
 * anti-aliasing filter ({@link org.evoke.eeg.signal.PolyphaseResampler}, scipy.signal.resample_poly), which brings
 * any device's rate to the pipeline's 128 Hz.
 */
package org.evoke.eeg.signal;
