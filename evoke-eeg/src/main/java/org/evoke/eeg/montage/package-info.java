/**
 * From a recording's channels to the 32 electrodes of DEAP's 9x9 grid. {@link org.evoke.eeg.montage.Electrodes}
 * knows the 10-20/10-10 names (old and new: T3/T7, T4/T8, T5/P7, T6/P8) and each electrode's place on the grid's
 * coordinates; {@link org.evoke.eeg.montage.Montage} finds DEAP's electrodes among a recording's labels (any case,
 * decorations such as "EEG Fp1-REF" or "Fp1-A1" removed, bipolar and non-EEG channels set aside), fills the missing
 * ones with zeros or from their nearest recorded neighbours, and says what it did in one paragraph;
 * {@link org.evoke.eeg.montage.RecordingEeg} streams an EDF/BDF recording through the montage, the common average
 * reference and the resampler as DEAP-ordered microvolts at 128 Hz, the pipeline's input.
 */
package org.evoke.eeg.montage;
