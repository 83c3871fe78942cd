package org.evoke.eeg.edf;

/**
 * One EDF+/BDF+ annotation (an entry of a time-stamped annotation list).
 *
 * @param onset    seconds after the start of the recording (the first data record's start)
 * @param duration seconds, or NaN when the annotation has none
 * @param text     UTF-8 text
 */
public record EdfAnnotation(double onset, double duration, String text) {
}
