/**
 * EDF, EDF+ (continuous and discontinuous), BDF and BDF+ recordings, the formats EEG is saved in by most recording
 * tools (EDFbrowser, BioSemi ActiveView, OpenBCI GUI, MNE, EEGLAB): {@link org.evoke.eeg.edf.EdfReader} reads the
 * header ({@link org.evoke.eeg.edf.EdfHeader}, one {@link org.evoke.eeg.edf.EdfSignal} per signal), a signal's
 * digital or physical samples from any position in chunks of data records (a recording of gigabytes is never read
 * whole), EDF+ annotations from the time-stamped annotation lists ({@link org.evoke.eeg.edf.EdfAnnotation}) with the
 * start of every data record (gaps in EDF+D), and the trigger codes of a BDF Status channel
 * ({@link org.evoke.eeg.edf.StatusEvent}). Anything that does not follow the specification is one
 * {@link org.evoke.eeg.edf.EdfFormatException} line naming the file, the field and the value.
 * <p>
 * Checked against EDFlib (the library behind EDFbrowser) and MNE-Python: tools/edf/ writes the test recordings and
 * their references; see docs/eeg-input.md.
 */
package org.evoke.eeg.edf;
