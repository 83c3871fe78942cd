package org.evoke.eeg.montage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.eeg.edf.EdfFormatException;
import org.evoke.eeg.features.ElectrodeGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The recording as the pipeline's input against the same chain in SciPy and NumPy on MNE's reading
 * (tools/edf/mne_reference.py: resample_poly to 128 Hz, common average reference).
 */
class RecordingEegTest {
    @TempDir
    Path tmp;

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = RecordingEegTest.class.getResourceAsStream("/edf/" + name)) {
            return in.readAllBytes();
        }
    }

    Path copy(String name) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes(name));
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"edfplus.edf", "biosemi.bdf"})
    void matchesResamplePolyAndTheAverageReferenceOnMnesValues(String name) throws IOException {
        JsonNode ref = new ObjectMapper().readTree(bytes(name + ".mne.json"));
        ByteBuffer bin = ByteBuffer.wrap(bytes(name + ".chain128.bin")).order(ByteOrder.LITTLE_ENDIAN);
        int n = bin.capacity() / 8 / ref.get("chain").size();
        double[][] expected = new double[ref.get("chain").size()][n];
        for (double[] row : expected) {
            for (int i = 0; i < n; i++) {
                row[i] = bin.getDouble();
            }
        }
        try (RecordingEeg r = RecordingEeg.open(copy(name), Montage.Missing.ZERO, RecordingEeg.Reference.AVERAGE)) {
            double[][] all = new double[32][n + 1];
            double[][] chunk = new double[32][100];
            int at = 0, k;
            while ((k = r.read(chunk, 37)) >= 0) {
                for (int c = 0; c < 32; c++) {
                    System.arraycopy(chunk[c], 0, all[c], at, k);
                }
                at += k;
            }
            assertEquals(n, at, "samples at 128 Hz");
            double scale = 0;
            for (double[] row : expected) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            boolean[] checked = new boolean[32];
            for (int j = 0; j < expected.length; j++) {
                String e = Montage.parse(ref.get("chain").get(j).asText())[0];
                int c = Arrays.asList(ElectrodeGrid.NAMES).indexOf(e);
                checked[c] = true;
                for (int i = 0; i < n; i++) {
                    if (Math.abs(all[c][i] - expected[j][i]) > 1e-9 * scale) {
                        fail(name + " " + e + " sample " + i + ": " + all[c][i] + ", SciPy " + expected[j][i]);
                    }
                }
            }
            for (int c = 0; c < 32; c++) {
                if (!checked[c]) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(0.0, all[c][i], ElectrodeGrid.NAMES[c] + " is not recorded: 0");
                    }
                }
            }
            assertTrue(r.report().contains("common average reference over " + expected.length + " EEG electrodes"), r.report());
        }
    }

    @Test
    void theReportNamesTheMontageRatesAndReference() throws IOException {
        try (RecordingEeg r = RecordingEeg.open(copy("edfplus.edf"), Montage.Missing.ZERO, RecordingEeg.Reference.AVERAGE)) {
            String s = r.report();
            assertTrue(s.startsWith("Montage: 4 of DEAP's 32 electrodes found (Fp1 from 'EEG Fp1-REF', T7 from "
                    + "'EEG T3-REF', Cz from 'EEG Cz-REF', O2 from 'EEG O2-REF')."), s);
            assertTrue(s.contains("Ignored (not EEG electrodes): 'ECG'."), s);
            assertTrue(s.contains("Signal: resampled from 256 Hz to 128 Hz; common average reference over 4 EEG electrodes."), s);
        }
    }

    @Test
    void aDiscontinuousRecordingIsReadSegmentBySegment() throws IOException {
        try (RecordingEeg r = RecordingEeg.open(copy("edfplus_d.edf"), Montage.Missing.ZERO, RecordingEeg.Reference.NONE)) {
            assertEquals(2, r.segments());
            assertEquals(5.5, r.segmentStart(1), 0);
            double[][] chunk = new double[32][1000];
            int[] perSegment = new int[2];
            int k;
            while ((k = r.read(chunk, 1000)) >= 0) {
                perSegment[r.segment()] += k;
            }
            // two records of 1 s at 256 Hz per segment: 256 samples at 128 Hz each
            assertEquals(256, perSegment[0]);
            assertEquals(256, perSegment[1]);
            assertTrue(r.report().contains("2 segments separated by gaps"), r.report());
        }
    }

    @Test
    void aRecordingWithoutDeapElectrodesIsOneLine() throws IOException {
        // plain.edf has Fp1 and 'Fp2-A1': edit both labels to Muse's
        byte[] b = bytes("plain.edf");
        System.arraycopy("TP9             AF8             ".getBytes(), 0, b, 256, 32);
        Path p = tmp.resolve("muse.edf");
        Files.write(p, b);
        EdfFormatException e = assertThrows(EdfFormatException.class,
                () -> RecordingEeg.open(p, Montage.Missing.ZERO, RecordingEeg.Reference.AVERAGE));
        assertEquals("muse.edf: none of DEAP's 32 EEG electrodes among its channels [TP9, AF8] (interpolating from "
                + "the EEG electrodes it has may help)", e.getMessage());
        try (RecordingEeg r = RecordingEeg.open(p, Montage.Missing.INTERPOLATE, RecordingEeg.Reference.AVERAGE)) {
            assertTrue(r.report().contains("Interpolated from recorded neighbours"), r.report());
            assertTrue(r.report().contains("upsampled") || r.report().contains("resampled from 256/128 Hz"), r.report());
        }
    }
}
