package org.evoke.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableCommandTest {

    @Test
    void tablePrintsTableOneMeasuredHereNextToThePaper() {
        Cli c = Cli.run("table", "--warmup", "0", "--iterations", "1", "--time-ms", "50", "--forks", "0");
        assertEquals(0, c.exit(), c.err());
        for (String row : new String[] {"| CCNN (teacher), evoke here | 12 | 6,234,627 | 79,961,088 |", "| CCNN, paper (RTX A6000) | 12 |",
                "| EVOKE (student), evoke here | 8 | 353,363 | 1,991,424 |", "| EVOKE, paper (RTX A6000) | 8 |", "Here: ",
                "| CCNN, " + org.evoke.bench.Peers.label("onnxruntime") + " here (same run) |",
                "| EVOKE, " + org.evoke.bench.Peers.label("onnxruntime") + " here (same run) |",
                "| EVOKE, " + org.evoke.bench.Peers.label("pytorch") + " here (same run) |",
                "| ViT, " + org.evoke.bench.Peers.label("pytorch") + " here (same run) |"}) {
            assertTrue(c.out().contains(row), "missing '" + row + "' in\n" + c.out());
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        Cli c = Cli.run("table", "--iterations", "0");
        assertEquals(Main.USER_ERROR, c.exit());
        assertTrue(c.oneLineError() && c.err().contains("--iterations >= 1"), c.err());
    }

    @Test
    void staticPrintsAllFourModelsWithThePapersCountsWithoutJmh() {
        Cli c = Cli.run("table", "--static");
        org.junit.jupiter.api.Assertions.assertEquals(0, c.exit(), c.err());
        String out = c.out();
        for (String row : new String[] {"| ViT | 3 x 224 x 224 image | 147 (140) | 85,649,668 (85.64M)",
                "| Arjun ViT | 32 x 128 raw EEG | 41 (41) | 144,356 (144.356K) | 144,548 | 688,968 (767.592K)",
                "| CCNN | 4 x 9 x 9 DE grid | 12 (12) | 6,234,627 (6.235M)", "| EVOKE | 4 x 9 x 9 DE grid | 8 (8) | 353,363 (353.363K)"}) {
            org.junit.jupiter.api.Assertions.assertTrue(out.contains(row), "missing row " + row + " in\n" + out);
        }
        org.junit.jupiter.api.Assertions.assertTrue(out.contains("16,862,865,408 (16.86G)"), out);
    }
}
