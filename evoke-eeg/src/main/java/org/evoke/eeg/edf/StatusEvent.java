package org.evoke.eeg.edf;

/**
 * A trigger on a BDF Status channel (BioSemi): the low 16 bits of the status word changed to a non-zero code. The
 * bits above (CMS in range, battery, speed mode) are not triggers and are masked off.
 *
 * @param sample   index of the first sample with the new code
 * @param previous the code before it (0 when the trigger lines were idle)
 * @param code     the new code, 1..65535
 */
public record StatusEvent(long sample, int previous, int code) {
}
