package org.evoke.cli;

import org.evoke.eeg.cache.FeatureSet;
import org.evoke.nn.models.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EDF and BDF recordings through features, predict and live (the recordings of evoke-eeg's tests, written by
 * EDFlib or assembled from the specification: tools/edf/make_fixtures.c).
 */
class RecordingInputTest {
    /** Maven runs the tests in the module's directory; the recordings are evoke-eeg's test resources. */
    static final Path EDF = Path.of("..", "evoke-eeg", "src", "test", "resources", "edf");

    @TempDir
    static Path tmp;
    static Path student;

    @BeforeAll
    static void weights() {
        student = tmp.resolve("student.safetensors");
        Models.evokeStudent(3).save(student);
    }

    @Test
    void featuresOfAnEdfRecordingAreItsWindowsWithTheMontageReport() {
        Path out = tmp.resolve("edf-features.safetensors");
        Cli c = Cli.run("features", "--data", EDF.resolve("edfplus.edf").toString(), "--out", out.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().startsWith("Montage: 4 of DEAP's 32 electrodes found (Fp1 from 'EEG Fp1-REF', T7 from 'EEG T3-REF'"), c.out());
        FeatureSet f = FeatureSet.load(out);
        // 12 s at 256 Hz: 3 s of baseline, then nine windows of 1 s
        assertEquals(9, f.size());
        assertEquals(java.util.List.of("edfplus.edf"), f.subjectIds());
        assertTrue(Float.isNaN(f.labels().getFloat(0, 0)));
        for (int i = 0; i < f.size(); i++) {
            assertTrue(Float.isFinite(f.features().getFloat(i, 0, 0, 3)), "Fp1's cell is recorded");
            assertEquals(0f, f.features().getFloat(i, 0, 1, 3), "AF3's cell is not");
        }
    }

    @Test
    void predictOnABdfRecordingAgreesWithItsLiveReplay() {
        Cli p = Cli.run("predict", "--weights", student.toString(), "--input", EDF.resolve("bdfplus.bdf").toString());
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.out().contains("Montage: 3 of DEAP's 32 electrodes found."), p.out());
        assertTrue(p.out().contains("Ignored (not EEG electrodes): 'Status'."), p.out());
        assertTrue(p.out().contains("resampled from 512 Hz to 128 Hz"), p.out());
        // 8 s: 3 s of baseline, five windows
        assertTrue(p.out().contains("\n     4  "), p.out());
        assertTrue(!p.out().contains("\n     5  "), p.out());

        Cli l = Cli.run("live", "--file", EDF.resolve("bdfplus.bdf").toString(), "--port", "0", "--speed", "40",
                "--exit-when-done", "--weights", student.toString());
        assertEquals(0, l.exit(), l.err() + l.out());
        assertTrue(l.out().contains("BDF+C recording bdfplus.bdf (512 Hz, 3 of DEAP's 32 electrodes, missing ones zero)"), l.out());
        assertTrue(l.out().contains("the stream ended after 5 windows"), l.out());
        Matcher m = Pattern.compile("emotions: \\{(.*)}").matcher(p.out());
        assertTrue(m.find(), p.out());
    }

    @Test
    void interpolationFillsTheNeighbours() {
        Cli p = Cli.run("predict", "--weights", student.toString(), "--input", EDF.resolve("biosemi.bdf").toString(),
                "--missing", "interpolate", "--reference", "none");
        assertEquals(0, p.exit(), p.err());
        // biosemi.bdf has Fp1 (0, 3), T7 (4, 0) and Oz (8, 4): AF3 and Fp2 lie within 2 cells of Fp1, F7 of T7, Pz of Oz
        assertTrue(p.out().contains("Interpolated from recorded neighbours within 2 cells: AF3 from Fp1, F7 from T7,"), p.out());
        assertTrue(p.out().contains("Pz from Oz, Fp2 from Fp1,"), p.out());
        assertTrue(p.out().contains("recorded reference kept"), p.out());
    }

    @Test
    void badRecordingsAndOptionsEndInOneLine() throws Exception {
        byte[] b = Files.readAllBytes(EDF.resolve("edfplus.edf"));
        Path cut = tmp.resolve("cut.edf");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 3000));
        Path foreign = tmp.resolve("notes.edf");
        Files.writeString(foreign, "0       but not a recording at all");
        String[][] cases = {
                {"predict", "--weights", student.toString(), "--input", cut.toString()},
                {"features", "--data", cut.toString(), "--out", tmp.resolve("x.safetensors").toString()},
                {"live", "--file", cut.toString(), "--port", "0", "--exit-when-done", "--weights", student.toString()},
                {"live", "--file", student.toString(), "--port", "0", "--exit-when-done", "--weights", student.toString()},
                {"live", "--file", tmp.resolve("none.edf").toString(), "--port", "0", "--weights", student.toString()},
                {"predict", "--weights", student.toString(), "--input", foreign.toString()},
                {"predict", "--weights", student.toString(), "--input", EDF.resolve("plain.edf").toString(), "--missing", "guess"},
                {"predict", "--weights", student.toString(), "--input", EDF.resolve("edfplus_d.edf").toString()}};
        String[] expected = {"declares 12 data records", "declares 12 data records", "declares 12 data records",
                "is not an EDF or BDF recording", "is not a file", "shorter than an EDF/BDF header",
                "--missing must be zero or interpolate", "gives no window"};
        for (int i = 0; i < cases.length; i++) {
            Cli c = Cli.run(cases[i]);
            assertEquals(Main.USER_ERROR, c.exit(), String.join(" ", cases[i]) + ": " + c.err() + c.out());
            assertTrue(c.oneLineError() && c.err().contains(expected[i]), String.join(" ", cases[i]) + " -> " + c.err());
        }
        assertTrue(!Files.exists(tmp.resolve("x.safetensors")));
    }

    @Test
    void aBioSemiCapInItsNumberedLayoutAsksForAChannelMapAndWorksWithOne() throws Exception {
        Path rec = EDF.resolve("biosemi128_numbered.bdf");
        Cli no = Cli.run("predict", "--weights", student.toString(), "--input", rec.toString());
        assertEquals(Main.USER_ERROR, no.exit());
        assertTrue(no.oneLineError() && no.err().contains("BioSemi's numbered layout (128 channels, A1..D32)")
                && no.err().contains("give --channel-map FILE"), no.err());

        StringBuilder csv = new StringBuilder("label,electrode\n");
        for (int c = 0; c < 32; c++) {
            csv.append('A').append(c + 1).append(',').append(org.evoke.eeg.montage.Montage.pretty(
                    org.evoke.eeg.features.ElectrodeGrid.NAMES[c])).append('\n');
        }
        Path map = tmp.resolve("cap128.csv");
        java.nio.file.Files.writeString(map, csv);
        Cli yes = Cli.run("predict", "--weights", student.toString(), "--input", rec.toString(), "--channel-map", map.toString());
        assertEquals(0, yes.exit(), yes.err());
        assertTrue(yes.out().contains("through the channel map cap128.csv (32 labels); positions it does not name are not"
                + " placed): 32 of DEAP's 32 electrodes found"), yes.out());
        assertTrue(!yes.out().contains("WARNING"), yes.out());

        Path few = tmp.resolve("few.csv");
        java.nio.file.Files.writeString(few, "A1,Cz\nA19,Pz\nA23,Oz\n");
        Cli warned = Cli.run("predict", "--weights", student.toString(), "--input", rec.toString(), "--channel-map", few.toString());
        assertEquals(0, warned.exit(), warned.err());
        assertTrue(warned.out().contains("\nWARNING: only 3 of DEAP's 32 electrodes found"), warned.out());

        Path bad = tmp.resolve("bad.csv");
        java.nio.file.Files.writeString(bad, "A1,Nose\n");
        Cli wrong = Cli.run("predict", "--weights", student.toString(), "--input", rec.toString(), "--channel-map", bad.toString());
        assertEquals(Main.USER_ERROR, wrong.exit());
        assertTrue(wrong.oneLineError() && wrong.err().contains("--channel-map: channel map") && wrong.err().contains("'Nose'"),
                wrong.err());
    }
}
