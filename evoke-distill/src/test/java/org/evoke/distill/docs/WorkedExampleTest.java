package org.evoke.distill.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkedExampleTest {

    @Test
    void docHoldsTheCurrentOutputOfTheGenerator() throws IOException {
        String doc = Files.readString(DocFiles.distillationDoc());
        int start = doc.indexOf(WorkedExample.START);
        int end = doc.indexOf(WorkedExample.END);
        assertTrue(start >= 0 && end > start, "docs/distillation.md must hold the worked example between its markers");
        String section = doc.substring(start, end + WorkedExample.END.length()) + "\n";
        assertEquals(WorkedExample.markdown(), section.replace("\r\n", "\n"),
                "the worked example in docs/distillation.md is stale: regenerate it with "
                        + "org.evoke.distill.docs.WorkedExample and paste it between the markers");
    }

    @Test
    void exampleHasTwoSamplesOfThreeLabelsAtThePapersSetting() {
        assertEquals(2, WorkedExample.STUDENT.length);
        assertEquals(3, WorkedExample.STUDENT[0].length);
        assertEquals(1.25, WorkedExample.TEMPERATURE);
        assertEquals(0.25, WorkedExample.ALPHA);
        String md = WorkedExample.markdown();
        assertTrue(md.startsWith(WorkedExample.START) && md.endsWith(WorkedExample.END + "\n"), md);
    }
}
