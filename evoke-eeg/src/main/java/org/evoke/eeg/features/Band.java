package org.evoke.eeg.features;

/**
 * A frequency band, edges in Hz.
 *
 * @param name   for example {@code alpha}
 * @param lowHz  lower edge
 * @param highHz upper edge
 */
public record Band(String name, double lowHz, double highHz) {
    public Band {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("band needs a name");
        }
        if (!(lowHz > 0 && highHz > lowHz)) {
            throw new IllegalArgumentException("band " + name + ": need 0 < low < high, got " + lowHz + " .. " + highHz + " Hz");
        }
    }

    @Override
    public String toString() {
        return name + " " + lowHz + "-" + highHz + " Hz";
    }
}
