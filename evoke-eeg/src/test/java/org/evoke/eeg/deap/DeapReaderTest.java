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
    void fortranOrderedAndFloat32ArraysAreConverted() {
        // (2, 3) float32 in Fortran order: values in column-major order 0..5
        NumpyPickle.ArrayState s = new NumpyPickle.ArrayState();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i);
        }
        s.__setstate__(new Object[]{1, new Object[]{2, 3}, new NumpyPickle.Dtype("f4"), true, b.array()});
        INDArray a = s.toDouble();
        assertEquals('c', a.ordering());
        assertArrayEquals(new double[]{0, 2, 4, 1, 3, 5}, a.data().asDouble(), 0.0);
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
