package org.evoke.eeg.emotion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmotionTableTest {
    @Test
    void defaultTableIsDesignSection9() {
        EmotionTable t = EmotionTable.defaultTable();
        String[] expected = {"neutral", "sad", "fearful", "angry", "disgusted", "happy", "surprised", "excited"};
        for (int c = 0; c < 8; c++) {
            assertEquals(expected[c], t.of(c).name(), "code " + EmotionTable.code(c));
        }
        assertEquals("neutral", t.of(false, false, false).name());
        assertEquals("happy", t.of(true, false, true).name());
        assertEquals("excited", t.of(new double[] {1, 1, 1}, 0.5).name());
    }

    @Test
    void disgustedIsTheForcedPlacementInAHighValenceOctant() {
        EmotionTable t = EmotionTable.defaultTable();
        Emotion d = t.of(0b100);
        assertEquals("disgusted", d.name());
        assertTrue(d.valence() < 0, "disgust is a negative emotion");
        assertEquals(List.of("001", "100", "101"), t.displacedCodes());
    }

    @Test
    void probabilitiesAreThresholded() {
        EmotionTable t = EmotionTable.defaultTable();
        assertEquals("surprised", t.ofProbabilities(new double[] {0.9, 0.51, 0.49}).name());
        assertEquals("neutral", t.ofProbabilities(new double[] {0.2, 0.1, 0.3}).name());
        assertEquals("excited", t.of(new double[] {0.3, 0.3, 0.3}, 0.25).name());
        assertThrows(IllegalArgumentException.class, () -> t.ofProbabilities(new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> t.ofProbabilities(new double[] {Double.NaN, 0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> t.of(8));
    }

    @Test
    void userTableReplacesTheDefaultAndRoundTripsThroughJson(@TempDir Path dir) {
        EmotionTable t = EmotionTable.defaultTable();
        String json = t.toJson().replace("\"disgusted\"", "\"content\"").replace("\"valence\" : -0.6,", "\"valence\" : 0.5,")
                .replace("\"arousal\" : 0.35,", "\"arousal\" : -0.35,").replace("\"dominance\" : 0.11", "\"dominance\" : -0.11");
        Path f = dir.resolve("mine.json");
        EmotionTable.writeAtomically(f, json);
        EmotionTable mine = EmotionTable.load(f);
        assertEquals("content", mine.of(0b100).name());
        assertEquals(0.5, mine.of(0b100).valence());
        assertEquals("happy", mine.of(0b101).name());
        assertEquals(List.of("001", "101"), mine.displacedCodes());
        assertEquals(4, mine.codeOf("content"));
        mine.save(f);
        assertEquals(mine.toJson(), EmotionTable.load(f).toJson());
    }

    @Test
    void badTablesNameTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"emotions\": [{\"code\": \"000\", \"name\": \"n\", \"valence\": 0, \"arousal\": 0, \"dominance\": 0}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmotionTable.load(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("001 is missing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("{\"emotions\": [{\"code\": \"0000\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> read("{\"emotions\": [{\"code\": \"000\", \"name\": \"x\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> read("not json"));
        assertThrows(IllegalArgumentException.class, () -> read("{}"));
    }

    private static EmotionTable read(String s) {
        return EmotionTable.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
