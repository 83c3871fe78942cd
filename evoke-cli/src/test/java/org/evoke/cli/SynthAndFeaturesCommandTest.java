package org.evoke.cli;

import org.evoke.tensor.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class SynthAndFeaturesCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void synthesise() {
        data = tmp.resolve("data");
        Cli c = Cli.run("synth", "--out", data.toString(), "--subjects", "2", "--seed", "5");
        assertEquals(0, c.exit(), c.err());
        assertTrue(Files.isRegularFile(data.resolve("s01.dat")) && Files.isRegularFile(data.resolve("s02.dat")));
        assertTrue(c.out().contains("2 files for 2 subjects"), c.out());
    }

    @Test
    void featuresWritesTheDocumentedTensors() {
        Path out = tmp.resolve("f.safetensors");
        Cli c = Cli.run("features", "--data", data.toString(), "--out", out.toString(), "--cache", tmp.resolve("cache").toString());
        assertEquals(0, c.exit(), c.err());
        SafeTensors.Contents f = SafeTensors.read(out);
        assertArrayEquals(new long[]{4800, 4, 9, 9}, f.get("features").shape());
        assertArrayEquals(new long[]{4800, 3}, f.get("labels").shape());
        assertArrayEquals(new long[]{4800}, f.get("subject").shape());
        assertArrayEquals(new long[]{4800}, f.get("trial").shape());
        assertEquals("torcheeg", f.metadata().get("preset"));

        Cli again = Cli.run("features", "--data", data.toString(), "--out", out.toString(), "--cache", tmp.resolve("cache").toString());
        assertTrue(again.out().contains("(2 from cache)"), again.out());
    }

    @Test
    void psdAndOtherPresetsAreOptions() {
        Path out = tmp.resolve("psd.safetensors");
        Cli c = Cli.run("features", "--data", data.toString(), "--out", out.toString(), "--feature", "psd",
                "--preset", "decnn", "--no-cache");
        assertEquals(0, c.exit(), c.err());
        assertEquals("decnn", SafeTensors.read(out).metadata().get("preset"));
    }

    @Test
    void badInputEndsInOneLineAndWritesNothing() throws Exception {
        Path out = tmp.resolve("never.safetensors");
        Cli c = Cli.run("features", "--data", tmp.resolve("missing").toString(), "--out", out.toString());
        assertEquals(Main.USER_ERROR, c.exit());
        assertTrue(c.oneLineError() && c.err().contains("not a directory"), c.err());

        c = Cli.run("features", "--data", data.toString(), "--out", out.toString(), "--preset", "nope");
        assertEquals(Main.USER_ERROR, c.exit());
        assertTrue(c.oneLineError() && c.err().contains("known presets"), c.err());

        c = Cli.run("features", "--data", data.toString(), "--out", out.toString(), "--feature", "fft");
        assertTrue(c.oneLineError() && c.err().contains("de, psd or raw"), c.err());

        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("s01.dat"), "this is not a pickle");
        c = Cli.run("features", "--data", foreign.toString(), "--out", out.toString(), "--no-cache");
        assertEquals(Main.USER_ERROR, c.exit());
        assertTrue(c.oneLineError() && c.err().contains("s01.dat"), c.err());
        assertFalse(Files.exists(out), "no partial output");

        c = Cli.run("synth", "--out", tmp.resolve("x").toString(), "--format", "csv");
        assertTrue(c.oneLineError() && c.err().contains("dat, mat or both"), c.err());
        c = Cli.run("synth", "--out", tmp.resolve("x").toString(), "--subjects", "0");
        assertEquals(Main.USER_ERROR, c.exit());
        c = Cli.run("synth", "--frobnicate");
        assertEquals(Main.BAD_OPTION, c.exit(), "an unknown option is a usage error");
        assertTrue(c.oneLineError() && c.err().contains("try 'evoke synth --help'"), c.err());
    }

    @Test
    void helpAndVersion() {
        Cli c = Cli.run("--version");
        assertEquals(0, c.exit());
        assertTrue(c.out().startsWith("evoke "), c.out());
        c = Cli.run("--help");
        assertTrue(c.out().contains("synth") && c.out().contains("features"), c.out());
        assertTrue(Cli.run("features", "--help").out().contains("--preset"));
    }
}
