package org.evoke.eeg.split;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitProtocolTest {
    @Test
    void parsesCommandLineNamesCaseInsensitively() {
        assertEquals(SplitProtocol.WINDOW, SplitProtocol.parse("Window"));
        assertEquals(SplitProtocol.TRIAL, SplitProtocol.parse(" trial "));
        assertEquals(SplitProtocol.SUBJECT, SplitProtocol.parse("LOSO"));
        assertEquals("subject", SplitProtocol.SUBJECT.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitProtocol.parse("fold"));
        assertTrue(e.getMessage().contains("window, trial or subject"));
    }

    @Test
    void instanceFactoryEqualsStaticFactory() {
        int[] subject = {0, 0, 0, 0, 1, 1, 1, 1};
        int[] trial = {0, 0, 1, 1, 0, 0, 1, 1};
        assertEquals(Splits.folds(SplitProtocol.TRIAL, 2, subject, trial, 5),
                SplitProtocol.TRIAL.folds(2, subject, trial, 5));
    }
}
