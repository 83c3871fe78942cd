package org.evoke.eeg.avatar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.eeg.emotion.EmotionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionLibraryTest {
    @Test
    void defaultPresetsUseTheFacsActionUnitsOfEachEmotion() {
        ExpressionLibrary lib = ExpressionLibrary.defaultLibrary();
        lib.requireCovers(EmotionTable.defaultTable());
        assertEquals(Set.of(ActionUnit.AU6, ActionUnit.AU12), lib.get("happy").actionUnits().keySet());
        assertEquals(Set.of(ActionUnit.AU1, ActionUnit.AU2, ActionUnit.AU5, ActionUnit.AU26), lib.get("surprised").actionUnits().keySet());
        assertEquals(Set.of(ActionUnit.AU1, ActionUnit.AU4, ActionUnit.AU15), lib.get("sad").actionUnits().keySet());
        assertEquals(Set.of(ActionUnit.AU1, ActionUnit.AU2, ActionUnit.AU4, ActionUnit.AU5, ActionUnit.AU7, ActionUnit.AU20,
                ActionUnit.AU26), lib.get("fearful").actionUnits().keySet());
        assertEquals(Set.of(ActionUnit.AU4, ActionUnit.AU5, ActionUnit.AU7, ActionUnit.AU23), lib.get("angry").actionUnits().keySet());
        assertEquals(Set.of(ActionUnit.AU9, ActionUnit.AU15, ActionUnit.AU16), lib.get("disgusted").actionUnits().keySet());
        assertTrue(lib.get("neutral").actionUnits().isEmpty());
        assertTrue(lib.get("happy").weight(Blendshape.MOUTH_SMILE_LEFT) > 0.9);
        assertTrue(lib.get("surprised").weight(Blendshape.JAW_OPEN) > 0.5);
        assertTrue(lib.get("sad").weight(Blendshape.MOUTH_FROWN_RIGHT) > 0.5);
    }

    @Test
    void jsonExportHasAll52BlendshapesPerEmotionAndReadsBack(@TempDir Path dir) throws Exception {
        ExpressionLibrary lib = ExpressionLibrary.defaultLibrary();
        Path f = dir.resolve("avatars.json");
        lib.save(f);
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        assertEquals(8, root.get("expressions").size());
        JsonNode happy = root.get("expressions").get("happy");
        assertEquals(52, happy.get("blendshapes").size());
        assertEquals(1.0, happy.get("blendshapes").get("mouthSmileLeft").asDouble());
        assertEquals("lip corner puller", happy.get("facsNames").get("AU12").asText());
        ExpressionLibrary back = ExpressionLibrary.load(f);
        for (String name : lib.all().keySet()) {
            assertEquals(lib.get(name), back.get(name), name);
        }
    }

    @Test
    void badLibrariesAndUnknownEmotionsGiveClearErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"expressions\": {\"joy\": {\"AU99\": 1.0}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExpressionLibrary.load(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("AU99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExpressionLibrary.defaultLibrary().get("bored"));
        assertTrue(e.getMessage().contains("bored"), e.getMessage());
    }
}
