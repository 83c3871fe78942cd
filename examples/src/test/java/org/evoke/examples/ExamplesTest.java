package org.evoke.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples run as a user would run them, and print what their javadoc says. */
class ExamplesTest {

    private static String run(ThrowingMain main) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(out);
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        out.print(s);
        return s;
    }

    @FunctionalInterface
    interface ThrowingMain {
        void run() throws Exception;
    }

    @Test
    void modelFromWeights() throws Exception {
        String s = run(() -> ModelFromWeights.main(new String[0]));
        assertTrue(s.contains("353,363") || s.contains("353363"), "the student's parameter count:\n" + s);
        assertTrue(s.matches("(?s).*evoke-student: valence 0\\.\\d{3}, arousal 0\\.\\d{3}, dominance 0\\.\\d{3}.*"), s);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void emotionsFromLsl() throws Exception {
        String s = run(() -> EmotionsFromLsl.main(new String[0]));
        assertTrue(s.contains("60 windows recognised"), s);
        assertTrue(s.matches("(?s).*\\n *59 +59\\.0- *60\\.0 s +valence .*"), "the last window:\n" + s);
    }
}
