package org.evoke.bench;

import org.evoke.nn.models.Models;
import org.evoke.nn.summary.ModelSummary;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/** Renders Table I from given measurements (no benchmark runs in tests). */
class TableOneTest {
    @Test
    void tablePrintsTheSummaryNumbersTheMeasurementsAndThePapersRows() {
        ModelSummary t = Models.ccnn(0).summary(), s = Models.evokeStudent(0).summary();
        TableOne.Measured mt = new TableOne.Measured(new TableOne.Timed(2.5, 0.25), new TableOne.Timed(800, 40));
        TableOne.Measured ms = new TableOne.Measured(new TableOne.Timed(0.125, Double.NaN), new TableOne.Timed(40000, 100));
        TableOne.Measured ot = new TableOne.Measured(new TableOne.Timed(1.25, 0.1), new TableOne.Timed(1000, 10));
        TableOne.Measured pt = new TableOne.Measured(new TableOne.Timed(0.5, Double.NaN), new TableOne.Timed(20000, Double.NaN));
        String md = TableOne.render(t, s, java.util.Map.of("evoke/ccnn", mt, "evoke/student", ms, "onnxruntime/ccnn", ot, "pytorch/student", pt),
                "a test machine", TableOne.Settings.quick().toString());
        String[] lines = md.split("\n");
        String ccnn = line(lines, "CCNN (teacher), evoke here"), evoke = line(lines, "EVOKE (student), evoke here");
        String ort = line(lines, "CCNN, " + Peers.label("onnxruntime") + " here");
        assertTrue(ort.contains("1.2500 ± 0.1000 (evoke 0.50x faster)") && ort.contains("1,000 ± 10 (evoke 0.80x)"), ort);
        String torch = line(lines, "EVOKE, " + Peers.label("pytorch") + " here");
        assertTrue(torch.contains("| 0.5000 (evoke 4.00x faster) | 20,000 (evoke 2.00x) |"), torch);
        assertTrue(md.contains(Peers.describe()), md);
        assertFalse(md.contains("CCNN, " + Peers.label("pytorch")), "a peer without a measurement is left out:\n" + md);
        assertTrue(ccnn.contains(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d |", t.layerCount(), t.parameterCount(), t.macs(), t.flops())), ccnn);
        assertTrue(ccnn.contains("2.5000 ± 0.2500") && ccnn.contains("800 ± 40"), ccnn);
        assertTrue(evoke.contains(String.format(Locale.ROOT, "%,d", s.parameterCount())) && evoke.contains("| 0.1250 |"), evoke);
        assertTrue(evoke.contains(String.format(Locale.ROOT, "%.3f / %.3f MiB", ModelSummary.mib(s.weightBytes()), ModelSummary.mib(s.fileBytes()))), evoke);
        String paper = line(lines, "EVOKE, paper");
        assertTrue(paper.contains(TableOne.PAPER_EVOKE.params()) && paper.contains(String.format(Locale.ROOT, "%.4f", TableOne.PAPER_EVOKE.inferenceMs())), paper);
        assertTrue(md.contains("a test machine") && md.contains("1 fork(s)"), md);
    }

    @Test
    void settingsParseOverTheQuickDefaultsAndRejectBadOptions() {
        TableOne.Settings s = TableOne.parse(new String[]{"--iterations", "5", "--forks", "0"});
        assertEquals(5, s.iterations());
        assertEquals(0, s.forks());
        assertEquals(TableOne.Settings.quick().warmupIterations(), s.warmupIterations());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableOne.parse(new String[]{"--speed", "3"}));
        assertTrue(e.getMessage().contains("--speed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TableOne.parse(new String[]{"--forks", "x"}));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TableOne.parse(new String[]{"--iterations", "0"}));
    }

    private static String line(String[] lines, String start) {
        for (String l : lines) {
            if (l.startsWith("| " + start)) {
                return l;
            }
        }
        return fail("no row starting with " + start);
    }
}
