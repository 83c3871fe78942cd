package org.evoke.eeg.deap;

import net.razorvine.pickle.Pickler;
import org.evoke.tensor.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeapReaderTest {

    static {
        NumpyPickle.init(); // registers the Py2Str / PyArray picklers the bad-file builders below use
    }

    @TempDir
    Path tmp;

    @Test
    void allThreeGoldenFormatsHoldIdenticalData() {
        DeapSubject py2 = DeapReader.read(Golden.path("deap_s01.dat"));
        DeapSubject py3 = DeapReader.read(Golden.path("deap_s01_py3.dat"));
        DeapSubject mat = DeapReader.read(Golden.path("deap_s01.mat"));
        assertEquals("deap_s01", py2.id());
        assertEquals(DataType.DOUBLE, py2.data().dataType());
        assertEquals(3, py2.data().rank());
        assertEquals(40, py2.channels());
        assertEquals(8064, py2.samples());
        assertArrayEquals(new long[]{py2.trials(), 4}, py2.labels().shape());
        for (DeapSubject other : List.of(py3, mat)) {
            assertArrayEquals(py2.data().shape(), other.data().shape());
            assertArrayEquals(py2.data().data().asDouble(), other.data().data().asDouble(), 0.0, other.id());
            assertArrayEquals(py2.labels().data().asDouble(), other.labels().data().asDouble(), 0.0, other.id());
        }
        // the golden README: trial 0's valence is exactly 5.0
        assertEquals(5.0, py2.labels().getDouble(0, 0), 0.0);
    }

    @Test
    void formatIsRecognisedByContentNotByName() throws IOException {
        Path matNamedDat = tmp.resolve("s07.dat");
        Files.copy(Golden.path("deap_s01.mat"), matNamedDat);
        Path pickleNamedMat = tmp.resolve("s08.mat");
        Files.copy(Golden.path("deap_s01.dat"), pickleNamedMat);
        assertEquals(DeapReader.Format.MAT, DeapReader.detect(matNamedDat));
        assertEquals(DeapReader.Format.PICKLE, DeapReader.detect(pickleNamedMat));
        DeapSubject a = DeapReader.read(matNamedDat);
        DeapSubject b = DeapReader.read(pickleNamedMat);
        assertEquals("s07", a.id());
        assertArrayEquals(a.data().data().asDouble(), b.data().data().asDouble(), 0.0);
    }

    @Test
    void truncatedPickleIsReportedAsTruncated() throws IOException {
        for (String golden : List.of("deap_s01.dat", "deap_s01_py3.dat")) {
            byte[] all = Files.readAllBytes(Golden.path(golden));
            for (int len : new int[]{2, 100, all.length / 2, all.length - 1}) {
                Path f = tmp.resolve("cut" + len + golden);
                Files.write(f, Arrays.copyOf(all, len));
                assertMessage(f, "truncated");
            }
        }
    }

    /**
     * MAT-files whose dimensions lie (labels declared (2, 5) over 8 stored values; data declared with a negative
     * dimension) and one cut in half: one line in our words, no exception class of the MAT reader.
     */
    @Test
    void matFilesWhoseDimensionsLieAreOneLineInOurWords() throws IOException {
        byte[] all = Files.readAllBytes(Golden.path("deap_s01.mat"));
        // the dimensions subelement of 'labels': miINT32 (5), 8 bytes, 2, 4 (little-endian)
        int labels = indexOf(all, new byte[]{5, 0, 0, 0, 8, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0});
        // the dimensions subelement of 'data': miINT32, 12 bytes, 2, 40, 8064
        int data = indexOf(all, new byte[]{5, 0, 0, 0, 12, 0, 0, 0, 2, 0, 0, 0, 40, 0, 0, 0, (byte) 0x80, 0x1f, 0, 0});
        assertTrue(labels > 0 && data > 0, "the golden MAT-file's dimension subelements");
        byte[] more = all.clone();
        more[labels + 12] = 5;
        Path f = tmp.resolve("dims.mat");
        Files.write(f, more);
        assertMessage(f, "disagree with the number of values");
        byte[] negative = all.clone();
        negative[data + 8] = (byte) 0xfe;
        negative[data + 9] = (byte) 0xff;
        negative[data + 10] = (byte) 0xff;
        negative[data + 11] = (byte) 0xff;
        Path g = tmp.resolve("negative.mat");
        Files.write(g, negative);
        for (Path p : new Path[]{f, g, tmp.resolve("half.mat")}) {
            if (p.getFileName().toString().equals("half.mat")) {
                Files.write(p, Arrays.copyOf(all, all.length / 2));
            }
            DeapFormatException e = assertThrows(DeapFormatException.class, () -> DeapReader.read(p));
            assertFalse(e.getMessage().contains("java.") || e.getMessage().contains("Exception"), e.getMessage());
            assertTrue(e.getMessage().contains("MAT-file"), e.getMessage());
        }
        assertMessage(tmp.resolve("half.mat"), "cut short");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void truncatedMatFileIsReportedAsTruncated() throws IOException {
        byte[] all = Files.readAllBytes(Golden.path("deap_s01.mat"));
        for (int len : new int[]{60, 200, all.length / 2, all.length - 1}) {
            Path f = tmp.resolve("cut" + len + ".mat");
            Files.write(f, Arrays.copyOf(all, len));
            assertMessage(f, "truncated");
        }
    }

    @Test
    void pickledListIsNotDeap() throws IOException {
        Path f = tmp.resolve("list.dat");
        Files.write(f, new Pickler(false).dumps(List.of(1, 2, 3)));
        assertMessage(f, "a list, not a DEAP subject");
    }

    @Test
    void dictWithoutLabelsIsNotDeap() throws IOException {
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put(NumpyPickle.Py2Str.of("data"), new NumpyPickle.PyArray(Nd4j.rand(DataType.DOUBLE, 2, 32, 10)));
        Path f = tmp.resolve("nolabels.dat");
        Files.write(f, new Pickler(false).dumps(dict));
        assertMessage(f, "without 'labels'");
    }

    @Test
    void dictWithoutDataIsNotDeap() throws IOException {
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("labels", new NumpyPickle.PyArray(Nd4j.rand(DataType.DOUBLE, 2, 4)));
        Path f = tmp.resolve("nodata.dat");
        Files.write(f, new Pickler(false).dumps(dict));
        assertMessage(f, "without 'data'");
    }

    @Test
    void labelsThatAreNotAnArrayAreRejected() throws IOException {
        Path f = tmp.resolve("labelstr.dat");
        writePickle(f, Nd4j.rand(DataType.DOUBLE, 2, 32, 10), null);
        assertMessage(f, "expected a numpy array");
    }

    @Test
    void dataThatIsNotThreeDimensionalIsRejected() throws IOException {
        Path f = tmp.resolve("flat.dat");
        writePickle(f, Nd4j.rand(DataType.DOUBLE, 2, 320), Nd4j.rand(DataType.DOUBLE, 2, 4));
        assertMessage(f, "expected 3-D");
    }

    @Test
    void fewerThan32ChannelsIsRejected() throws IOException {
        Path f = tmp.resolve("few.dat");
        writePickle(f, Nd4j.rand(DataType.DOUBLE, 2, 31, 10), Nd4j.rand(DataType.DOUBLE, 2, 4));
        assertMessage(f, "31 channels");
    }

    @Test
    void labelsOfTheWrongShapeAreRejected() throws IOException {
        Path three = tmp.resolve("three.dat");
        writePickle(three, Nd4j.rand(DataType.DOUBLE, 2, 32, 10), Nd4j.rand(DataType.DOUBLE, 2, 3));
        assertMessage(three, "expected (trials, 4)");
        Path rows = tmp.resolve("rows.dat");
        writePickle(rows, Nd4j.rand(DataType.DOUBLE, 2, 32, 10), Nd4j.rand(DataType.DOUBLE, 3, 4));
        assertMessage(rows, "expected (trials, 4)");
    }

    @Test
    void nanInDataAndInfinityInLabelsAreRejectedWithTheirPosition() throws IOException {
        INDArray data = Nd4j.rand(DataType.DOUBLE, 2, 32, 10);
        data.putScalar(new long[]{1, 5, 7}, Double.NaN);
        Path f = tmp.resolve("nan.dat");
        writePickle(f, data, Nd4j.rand(DataType.DOUBLE, 2, 4));
        assertMessage(f, "NaN at [1, 5, 7]");

        INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 4);
        labels.putScalar(new long[]{0, 2}, Double.POSITIVE_INFINITY);
        Path g = tmp.resolve("inf.mat");
        writeMat(g, Nd4j.rand(DataType.DOUBLE, 2, 32, 10), labels);
        assertMessage(g, "Infinity at [0, 2]");
    }

    @Test
    void matFileWithoutLabelsIsNotDeap() throws IOException {
        Path f = tmp.resolve("nolabels.mat");
        MatFile mat = Mat5.newMatFile().addArray("data", Mat5.newMatrix(new int[]{2, 32, 10}));
        Mat5.writeToFile(mat, f.toFile());
        assertMessage(f, "no variable 'labels'");
    }

    @Test
    void fileOfNeitherFormatIsRejected() throws IOException {
        Path f = tmp.resolve("s01.dat");
        Files.writeString(f, "channel,value\n1,2\n".repeat(20));
        assertMessage(f, "neither a Python pickle");
        Path empty = tmp.resolve("empty.mat");
        Files.write(empty, new byte[0]);
        assertMessage(empty, "empty file");
    }

    @Test
    void missingFileIsNamed() {
        assertMessage(tmp.resolve("s99.dat"), "no such file");
    }

    @Test
    void numpy2Protocol5FromBufferWithBigEndianFortranArraysIsRead() throws IOException {
        registerFromBuffer();
        // data (2, 32, 3) = 0..191 as big-endian float32 in Fortran order; labels (2, 4) little-endian int64, C order
        java.nio.ByteBuffer d = java.nio.ByteBuffer.allocate(192 * 4).order(java.nio.ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 32; j++) {
                for (int i = 0; i < 2; i++) {
                    d.putFloat((i * 32 + j) * 3 + k);
                }
            }
        }
        java.nio.ByteBuffer l = java.nio.ByteBuffer.allocate(8 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            l.putLong(i + 1);
        }
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("data", new FromBuffer(d.array(), ">f4", new Object[]{2, 32, 3}, "F"));
        dict.put("labels", new FromBuffer(l.array(), "<i8", new Object[]{2, 4}, "C"));
        byte[] bytes = new Pickler(false).dumps(dict);
        bytes[1] = 5; // PROTO 5, as NumPy 2 under Python 3.8+ with protocol=5
        Path f = tmp.resolve("p5.dat");
        Files.write(f, bytes);
        DeapSubject s = DeapReader.read(f);
        double[] expected = new double[192];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, s.data().data().asDouble(), 0.0);
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 7, 8}, s.labels().data().asDouble(), 0.0);
    }

    @Test
    void compressedMatFileIsRead() throws IOException {
        INDArray data = Nd4j.rand(DataType.DOUBLE, 2, 32, 10);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 4).muli(8).addi(1);
        Path f = tmp.resolve("compressed.mat");
        writeMat(f, data, labels); // mfl-core's writeToFile compresses by default
        DeapSubject s = DeapReader.read(f);
        assertArrayEquals(data.data().asDouble(), s.data().data().asDouble(), 0.0);
        assertArrayEquals(labels.data().asDouble(), s.labels().data().asDouble(), 0.0);
    }

    /** What NumPy 2 writes at protocol 5: numpy._core.numeric._frombuffer(buffer, dtype, shape, order). */
    static void registerFromBuffer() {
        Pickler.registerCustomPickler(FromBuffer.class, (o, out, p) -> {
            FromBuffer fb = (FromBuffer) o;
            out.write(net.razorvine.pickle.Opcodes.GLOBAL);
            out.write("numpy._core.numeric\n_frombuffer\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(net.razorvine.pickle.Opcodes.MARK);
            out.write(net.razorvine.pickle.Opcodes.BINBYTES);
            out.write(net.razorvine.pickle.PickleUtils.integer_to_bytes(fb.raw().length));
            out.write(fb.raw());
            out.write(net.razorvine.pickle.Opcodes.GLOBAL);
            out.write("numpy\ndtype\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            p.save(fb.dtype().substring(1));
            out.write(net.razorvine.pickle.Opcodes.NEWFALSE);
            out.write(net.razorvine.pickle.Opcodes.NEWTRUE);
            out.write(net.razorvine.pickle.Opcodes.TUPLE3);
            out.write(net.razorvine.pickle.Opcodes.REDUCE);
            p.save(new Object[]{3, fb.dtype().substring(0, 1), null, null, null, -1, -1, 0});
            out.write(net.razorvine.pickle.Opcodes.BUILD);
            p.save(fb.shape());
            p.save(fb.order());
            out.write(net.razorvine.pickle.Opcodes.TUPLE);
            out.write(net.razorvine.pickle.Opcodes.REDUCE);
        });
    }

    // ---- crafted pickles (issue 24): each one line, at once, no hang, no stack overflow, no huge allocation

    @Test
    void aListAsDictKeyIsRefusedAtOnceAsPythonDoes() throws IOException {
        // l0 = []; l(i+1) = [l(i), l(i)]; {l60: None}: hashing l60 in Java takes 2^60 steps; Python refuses the key
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(new byte[]{(byte) 0x80, 2, '}', ']', 'q', 0});
        for (int i = 0; i < 60; i++) {
            b.write(new byte[]{'(', 'h', (byte) i, 'h', (byte) i, 'l', 'q', (byte) (i + 1)});
        }
        b.write(new byte[]{'h', 60, 'N', 's', '.'});
        Path f = tmp.resolve("exp.dat");
        Files.write(f, b.toByteArray());
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertMessage(f, "a dict key is a list, which Python cannot hash"));
        Path g = tmp.resolve("inner.dat");
        Files.write(g, new byte[]{(byte) 0x80, 2, '}', ']', (byte) 0x85, 'N', 's', '.'});
        assertMessage(g, "a dict key is a list inside a tuple");
    }

    @Test
    void aKeyNestedDeepIsRefusedWithoutOverflowingTheStack() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(new byte[]{(byte) 0x80, 2, '}', ')'});
        for (int i = 0; i < 200_000; i++) {
            b.write(0x85); // TUPLE1
        }
        b.write(new byte[]{'N', 's', '.'});
        Path f = tmp.resolve("deep.dat");
        Files.write(f, b.toByteArray());
        assertMessage(f, "nested more than 100 deep");
    }

    @Test
    void shapesWhoseSizeOverflowsAreRefusedBeforeAllocating() throws IOException {
        registerFromBuffer();
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("data", new FromBuffer(new byte[0], "<f8", new Object[]{1L << 40, 1L << 40}, "C"));
        dict.put("labels", new FromBuffer(new byte[0], "<f8", new Object[]{0, 4}, "C"));
        byte[] bytes = new Pickler(false).dumps(dict);
        Path f = tmp.resolve("overflow.dat");
        Files.write(f, bytes);
        assertMessage(f, "has more elements than a long counts");
        dict.put("data", new FromBuffer(new byte[0], "<f8", new Object[]{1L << 28, 1L << 28}, "C"));
        Files.write(f, new Pickler(false).dumps(dict));
        assertMessage(f, "needs 576460752303423488 bytes but holds 0");
        // a dtype of 0 bytes: the shape's product times 0 matched the empty buffer, and 2^44 doubles were allocated
        dict.put("data", new FromBuffer(new byte[0], "<f0", new Object[]{1L << 40, 16}, "C"));
        Files.write(f, new Pickler(false).dumps(dict));
        assertMessage(f, "has an item size of 0 bytes");
    }

    @Test
    void zeroTrialsIsOneLine() throws IOException {
        registerFromBuffer();
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("data", new FromBuffer(new byte[0], "<f8", new Object[]{0, 40, 8064}, "C"));
        dict.put("labels", new FromBuffer(new byte[0], "<f8", new Object[]{0, 4}, "C"));
        Path f = tmp.resolve("empty.dat");
        Files.write(f, new Pickler(false).dumps(dict));
        assertMessage(f, "0 trials");
    }

    /** A test-side stand-in for a NumPy 2 array pickled at protocol 5. */
    record FromBuffer(byte[] raw, String dtype, Object[] shape, String order) {
    }

    private void assertMessage(Path f, String expected) {
        DeapFormatException e = assertThrows(DeapFormatException.class, () -> DeapReader.read(f));
        String m = e.getMessage();
        assertTrue(m.contains(f.toString()), () -> "message does not name the file: " + m);
        assertTrue(m.contains(expected), () -> "expected '" + expected + "' in: " + m);
        assertFalse(m.contains("\n"), () -> "message is not one line: " + m);
    }

    private static void writePickle(Path f, INDArray data, INDArray labels) throws IOException {
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put(NumpyPickle.Py2Str.of("data"), new NumpyPickle.PyArray(data));
        dict.put(NumpyPickle.Py2Str.of("labels"), labels == null ? "not an array" : new NumpyPickle.PyArray(labels));
        Files.write(f, new Pickler(false).dumps(dict));
    }

    private static void writeMat(Path f, INDArray data, INDArray labels) throws IOException {
        MatFile mat = Mat5.newMatFile().addArray("data", toMatrix(data)).addArray("labels", toMatrix(labels));
        Mat5.writeToFile(mat, f.toFile());
    }

    private static Matrix toMatrix(INDArray a) {
        int[] dims = Arrays.stream(a.shape()).mapToInt(d -> (int) d).toArray();
        Matrix m = Mat5.newMatrix(dims);
        int[] idx = new int[dims.length];
        for (long p = 0; p < a.length(); p++) {
            long r = p;
            for (int d = dims.length - 1; d >= 0; d--) {
                idx[d] = (int) (r % dims[d]);
                r /= dims[d];
            }
            m.setDouble(idx, a.getDouble(p));
        }
        return m;
    }
}
