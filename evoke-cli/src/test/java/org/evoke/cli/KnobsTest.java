package org.evoke.cli;

import org.evoke.eeg.synth.Difficulty;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnobsTest {
    @Test
    void theHelpTextsDefaultIsTheGeneratorsDefault() {
        assertEquals(Difficulty.DEFAULT.toString(), Knobs.DEFAULT);
        assertEquals(Difficulty.DEFAULT, Knobs.parse(null));
    }

    @Test
    void knobsReplaceOnlyWhatTheyNameAndBadOnesAreUserErrors() {
        Difficulty d = Knobs.parse(Map.of("nuisance", "0.5", "artifacts", "0"));
        assertEquals(0.5, d.nuisance());
        assertEquals(0.0, d.artifacts());
        assertEquals(Difficulty.DEFAULT.effect(), d.effect());
        UserException e = assertThrows(UserException.class, () -> Knobs.parse(Map.of("effect", "lots")));
        assertTrue(e.getMessage().contains("must be a number"), e.getMessage());
    }
}
