package org.evoke.eeg.montage;

import org.evoke.eeg.edf.EdfFormatException;
import org.evoke.eeg.features.ElectrodeGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BioSemi's numbered cap layouts (A1..H32) are not 10-20 names: a 128-channel BioSemi recording written by
 * tools/edf/make_fixtures.c (read back by EDFlib in EdfReaderTest) is refused without a channel map, with a line that
 * asks for one, and works with one.
 */
class NumberedLayoutTest {
    private static final String FILE = "biosemi128_numbered.bdf";

    @TempDir
    Path tmp;

    private Path recording() throws IOException {
        Path p = tmp.resolve(FILE);
        try (InputStream in = NumberedLayoutTest.class.getResourceAsStream("/edf/" + FILE)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void theNumberedLayoutIsRecognisedAndTenTwentyLabelsAreNot() {
        List<String> biosemi = new ArrayList<>();
        for (char c = 'A'; c <= 'D'; c++) {
            for (int i = 1; i <= 32; i++) {
                biosemi.add(c + Integer.toString(i));
            }
        }
        List<String> withStatus = new ArrayList<>(biosemi);
        withStatus.addAll(List.of("EXG1", "EXG2", "Status"));
        assertEquals("128 channels, A1..D32", Montage.numberedLayout(withStatus));
        assertEquals("32 channels, A1..A32", Montage.numberedLayout(biosemi.subList(0, 32)));
        assertEquals("16 channels, A1..A16", Montage.numberedLayout(biosemi.subList(0, 16)));
        assertNull(Montage.numberedLayout(biosemi.subList(0, 15)), "fewer than 16 positions");
        // a 10-10 cap: A1/A2 references, C1..C6 and F1..F8 are 10-10 names among many others
        assertNull(Montage.numberedLayout(List.of("Fp1", "Fp2", "AF3", "AF4", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8",
                "FC1", "FC2", "FC5", "FC6", "C1", "C2", "C3", "C4", "C5", "C6", "T7", "T8", "CP1", "CP2", "P3", "P4", "O1",
                "O2", "Cz", "Pz", "A1", "A2")));
        Montage m = Montage.of(withStatus, Montage.Missing.ZERO);
        assertTrue(m.numberedWithoutMap());
        assertEquals(0, m.found(), "its C3 and C4 are not the central electrodes");
        assertTrue(m.report().startsWith("Montage: BioSemi's numbered layout (128 channels, A1..D32)"), m.report());
        assertTrue(m.report().contains("'A1', 'A2', 'A3', 'A4', 'A5', 'A6', ..., 'D31', 'D32' (128)"), m.report());
        assertTrue(m.warning().contains("numbered cap positions: give a channel map"), m.warning());
    }

    @Test
    void aNumberedRecordingIsRefusedWithOneLineAskingForAChannelMap() throws IOException {
        Path rec = recording();
        EdfFormatException e = assertThrows(EdfFormatException.class,
                () -> RecordingEeg.open(rec, Montage.Missing.ZERO, RecordingEeg.Reference.AVERAGE));
        assertTrue(e.getMessage().contains("BioSemi's numbered layout (128 channels, A1..D32)")
                && e.getMessage().contains("give a channel map") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void withAChannelMapTheRecordingWorks() throws IOException {
        Path rec = recording();
        StringBuilder csv = new StringBuilder("label,electrode\n# positions A1..A32 as DEAP's 32 electrodes\n");
        for (int c = 0; c < 32; c++) {
            csv.append("A").append(c + 1).append(',').append(Montage.pretty(ElectrodeGrid.NAMES[c])).append('\n');
        }
        Path map = tmp.resolve("cap.csv");
        Files.writeString(map, csv);
        try (RecordingEeg r = RecordingEeg.open(rec, Montage.Missing.ZERO, RecordingEeg.Reference.AVERAGE, ChannelMap.read(map))) {
            assertEquals(32, r.montage().found());
            assertNull(r.montage().warning());
            for (int c = 0; c < 32; c++) {
                assertEquals(c, r.montage().sources(c)[0], "DEAP electrode " + c + " is position A" + (c + 1));
            }
            assertTrue(r.report().startsWith("Montage (BioSemi's numbered layout, 128 channels, A1..D32, through the channel map"
                    + " cap.csv (32 labels); positions it does not name are not placed): 32 of DEAP's 32"), r.report());
            double[][] eeg = new double[32][128];
            long total = 0;
            for (int n; (n = r.read(eeg, 128)) >= 0; ) {
                total += n;
            }
            assertEquals(4 * 128, total, "4 s at 256 Hz, resampled to 128 Hz");
        }
        ChannelMap few = ChannelMap.of(Map.of("A1", "Cz", "A19", "Pz", "A23", "Oz", "B1", "C4", "C1", "Fz", "D1", "C3"));
        try (RecordingEeg r = RecordingEeg.open(rec, Montage.Missing.ZERO, RecordingEeg.Reference.AVERAGE, few)) {
            assertEquals(6, r.montage().found());
            assertTrue(r.montage().warning().startsWith("only 6 of DEAP's 32 electrodes found"), r.montage().warning());
        }
    }

    @Test
    void badChannelMapsAreOneLineNamingTheLine() throws IOException {
        Map<String, String> cases = Map.of(
                "A1,Cz\nA2,Nose\n", "line 2: 'Nose' is not a 10-20/10-10 electrode name",
                "A1,Cz\nA1,Pz\n", "line 2: label 'A1' is mapped twice",
                "A1;Cz;Pz\n", "line 1: expected 'label,electrode'",
                "# nothing\n", "maps no label");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path p = tmp.resolve("map" + i++ + ".csv");
            Files.writeString(p, c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelMap.read(p));
            assertTrue(e.getMessage().contains(c.getValue()) && e.getMessage().contains(p.toString()), e.getMessage());
        }
        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> ChannelMap.read(tmp.resolve("no.csv")));
        assertTrue(gone.getMessage().contains("cannot be read"), gone.getMessage());
        assertFalse(ChannelMap.of(Map.of("E1", "fp1")).isEmpty());
        assertEquals("Fp1", ChannelMap.of(Map.of("e1", "Fp1")).apply(" E1 "));
        assertEquals("Cz", ChannelMap.none().apply("Cz"));
    }
}
