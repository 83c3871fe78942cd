package org.evoke.eeg.edf;

/**
 * One signal of a recording, as its header describes it. Physical value = digital * {@link #gain()} +
 * {@link #offset()}: the linear map that takes digitalMin to physicalMin and digitalMax to physicalMax.
 *
 * @param index            position among the file's signals (annotation signals included)
 * @param label            e.g. "EEG Fp1-REF", "Fp1", "EDF Annotations", "Status" (trailing spaces removed)
 * @param samplesPerRecord samples of this signal in one data record
 * @param recordOffset     this signal's first byte within a data record
 */
public record EdfSignal(int index, String label, String transducer, String unit, double physicalMin,
                        double physicalMax, int digitalMin, int digitalMax, String prefilter, int samplesPerRecord,
                        int recordOffset, double recordDuration, boolean annotation) {

    /** Samples per second: samples per record / record duration (0 for a recording of annotations only). */
    public double sampleRate() {
        return recordDuration > 0 ? samplesPerRecord / recordDuration : 0;
    }

    /** Physical units per digital step. */
    public double gain() {
        return (physicalMax - physicalMin) / ((double) digitalMax - digitalMin);
    }

    /** The physical value of digital 0. */
    public double offset() {
        return physicalMin - digitalMin * gain();
    }

    /** The factor from this signal's unit to microvolts, or NaN when the unit is not a voltage (uV, mV, V, nV). */
    public double toMicrovolts() {
        String u = unit.trim();
        return switch (u) {
            case "uV", "µV", "μV", "microV", "UV" -> 1.0;
            case "mV", "MV" -> 1e3;
            case "V" -> 1e6;
            case "nV" -> 1e-3;
            default -> Double.NaN;
        };
    }
}
