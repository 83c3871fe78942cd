package org.evoke.eeg.edf;

/** The six variants: EDF (16-bit samples) and BDF (24-bit), each plain, "plus" continuous (C) or discontinuous (D). */
public enum EdfFormat {
    EDF(2, false, false), EDF_PLUS_C(2, true, false), EDF_PLUS_D(2, true, true),
    BDF(3, false, false), BDF_PLUS_C(3, true, false), BDF_PLUS_D(3, true, true);

    private final int bytesPerSample;
    private final boolean plus;
    private final boolean discontinuous;

    EdfFormat(int bytesPerSample, boolean plus, boolean discontinuous) {
        this.bytesPerSample = bytesPerSample;
        this.plus = plus;
        this.discontinuous = discontinuous;
    }

    /** 2 for EDF, 3 for BDF: little-endian two's complement. */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** EDF+ or BDF+: annotation signals and time-keeping in every data record. */
    public boolean isPlus() {
        return plus;
    }

    /** EDF+D or BDF+D: data records may be separated by gaps (their start times are in the annotations). */
    public boolean isDiscontinuous() {
        return discontinuous;
    }

    public boolean isBdf() {
        return bytesPerSample == 3;
    }

    /** The smallest and largest digital value a sample can hold. */
    public int digitalLimit(boolean max) {
        if (isBdf()) {
            return max ? 8_388_607 : -8_388_608;
        }
        return max ? 32_767 : -32_768;
    }

    @Override
    public String toString() {
        return name().replace("_PLUS_", "+").replace("_", "");
    }
}
