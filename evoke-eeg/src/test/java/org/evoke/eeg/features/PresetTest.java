package org.evoke.eeg.features;

import org.evoke.eeg.labels.Comparison;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetTest {
    @Test
    void byNameFindsTheThreePresetsAndListsThemOnError() {
        assertSame(Preset.TORCHEEG, Preset.byName("torcheeg"));
        assertSame(Preset.TORCHEEG_1_1_0, Preset.byName("torcheeg-1.1.0"));
        assertSame(Preset.DECNN, Preset.byName("DECNN"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.byName("torch"));
        assertTrue(e.getMessage().contains("torch'") && e.getMessage().contains("torcheeg, torcheeg-1.1.0, decnn"), e.getMessage());
    }

    @Test
    void presetsDifferOnlyInTheirDocumentedSettings() {
        Preset t = Preset.TORCHEEG, d = Preset.DECNN;
        assertEquals(5, t.filterOrder());
        assertEquals(2.0, t.logBase());
        assertEquals(0, t.varianceDdof());
        assertEquals(Preset.Baseline.AVERAGED_SIGNAL, t.baseline());
        assertEquals(Preset.Filtering.PER_WINDOW, t.filtering());
        assertEquals(Comparison.GREATER_OR_EQUAL, t.labelComparison());
        assertTrue(Preset.TORCHEEG_1_1_0.deWithStd());
        assertEquals(Preset.TORCHEEG.withDeWithStd(true).fingerprint(), Preset.TORCHEEG_1_1_0.fingerprint());
        assertEquals(3, d.filterOrder());
        assertEquals(Math.E, d.logBase());
        assertEquals(1, d.varianceDdof());
        assertEquals(45.0, d.bands().get(3).highHz());
        assertEquals(Preset.Filtering.WHOLE_SEGMENT, d.filtering());
        assertEquals(Preset.Baseline.MEAN_OF_WINDOW_FEATURES, d.baseline());
    }

    @Test
    void fingerprintsAreStableAndDistinguishEverySetting() {
        assertEquals(Preset.TORCHEEG.fingerprint(), Preset.byName("torcheeg").fingerprint());
        assertTrue(Preset.TORCHEEG.fingerprint().startsWith("evoke-features-v1;fs=128;bands=theta:4.0-8.0,alpha:8.0-14.0"),
                Preset.TORCHEEG.fingerprint());
        List<Preset> variants = List.of(Preset.TORCHEEG, Preset.TORCHEEG_1_1_0, Preset.DECNN,
                Preset.TORCHEEG.withWindow(256, 0), Preset.TORCHEEG.withWindow(128, 64),
                Preset.TORCHEEG.withLabelThreshold(5.0, Comparison.GREATER), Preset.TORCHEEG.withLabelThreshold(4.5),
                Preset.TORCHEEG.withBaseline(Preset.Baseline.NONE), Preset.TORCHEEG.withBaseline(Preset.Baseline.AVERAGED_SIGNAL, 2, false),
                Preset.TORCHEEG.withBaseline(Preset.Baseline.AVERAGED_SIGNAL, 3, true),
                Preset.TORCHEEG.withFilter(4, Preset.Filtering.PER_WINDOW), Preset.TORCHEEG.withFilter(5, Preset.Filtering.WHOLE_SEGMENT),
                Preset.TORCHEEG.withEntropy(Math.E, 0, false), Preset.TORCHEEG.withEntropy(2.0, 1, false),
                Preset.TORCHEEG.withSampling(128, 256), Preset.TORCHEEG.withBands(List.of(new Band("alpha", 8, 13))));
        Set<String> prints = new HashSet<>();
        for (Preset p : variants) {
            assertTrue(prints.add(p.fingerprint()), "duplicate fingerprint " + p);
        }
    }

    @Test
    void derivedPresetsAreMarkedAndRenamable() {
        Preset p = Preset.TORCHEEG.withWindow(256, 128);
        assertEquals("torcheeg*", p.name());
        assertEquals("torcheeg*", p.withLabelThreshold(4.0).name());
        assertEquals("mine", p.withName("mine").name());
        assertEquals(p.fingerprint(), p.withName("mine").fingerprint());
        assertNotEquals(Preset.TORCHEEG.fingerprint(), p.fingerprint());
    }

    @Test
    void windowsPerTrialCountsWholeWindowsAfterTheBaseline() {
        assertEquals(60, Preset.TORCHEEG.windowsPerTrial(8064));
        assertEquals(0, Preset.TORCHEEG.windowsPerTrial(511));
        assertEquals(1, Preset.TORCHEEG.windowsPerTrial(512));
        assertEquals(59, Preset.TORCHEEG.withWindow(256, 128).windowsPerTrial(8064));
    }

    @Test
    void rejectsImpossibleSettingsWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.TORCHEEG.withWindow(128, 128));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Preset.TORCHEEG.withBands(List.of(new Band("x", 40, 64))));
        assertThrows(IllegalArgumentException.class, () -> Preset.TORCHEEG.withEntropy(1.0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Preset.TORCHEEG.withFilter(0, Preset.Filtering.PER_WINDOW));
        assertThrows(IllegalArgumentException.class, () -> Preset.TORCHEEG.withBaseline(Preset.Baseline.AVERAGED_SIGNAL, 0, false));
    }
}
