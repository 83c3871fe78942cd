/**
 * Signal processing in double precision, ported from SciPy so the numbers match it: the Butterworth band-pass
 * design ({@link org.evoke.eeg.signal.Butterworth}, scipy.signal.butter's zeros/poles/gain route), the
 * direct-form-II-transposed filter ({@link org.evoke.eeg.signal.LinearFilter}, scipy.signal.lfilter) and the
 * window functions ({@link org.evoke.eeg.signal.Windows}).
 */
package org.evoke.eeg.signal;
