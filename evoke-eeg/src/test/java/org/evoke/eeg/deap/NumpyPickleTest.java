package org.evoke.eeg.deap;

import net.razorvine.pickle.PickleException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumpyPickleTest {
    @Test
    void dtypeTakesItsByteOrderFromTheCodeOrFromTheBuildState() {
        NumpyPickle.Dtype d = new NumpyPickle.Dtype("f8");
        assertEquals(ByteOrder.LITTLE_ENDIAN, d.order);
        d.__setstate__(new Object[]{3, ">", null, null, null, -1, -1, 0});
        assertEquals(ByteOrder.BIG_ENDIAN, d.order);
        assertEquals(">f8", d.toString());
        assertEquals(ByteOrder.BIG_ENDIAN, new NumpyPickle.Dtype(">i4").order);
        assertEquals('i', new NumpyPickle.Dtype(">i4").kind);
        assertThrows(PickleException.class, () -> new NumpyPickle.Dtype("O8"));
        assertThrows(PickleException.class, () -> new NumpyPickle.Dtype("U"));
    }

    @Test
    void fortranOrderedFloat32ArrayBecomesCOrderFloat64() {
        // (2, 3) float32 in Fortran order: values in column-major order 0..5
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i);
        }
        NumpyPickle.ArrayState s = new NumpyPickle.ArrayState();
        s.__setstate__(new Object[]{1, new Object[]{2, 3}, new NumpyPickle.Dtype("f4"), true, b.array()});
        INDArray a = s.toDouble();
        assertEquals('c', a.ordering());
        assertArrayEquals(new double[]{0, 2, 4, 1, 3, 5}, a.data().asDouble(), 0.0);
    }

    @Test
    void latin1StringsCarryTheRawBytes() {
        // Python 3 loading a Python 2 pickle with encoding='latin1' turns bytes into chars 0..255
        byte[] raw = new byte[256];
        for (int i = 0; i < 256; i++) {
            raw[i] = (byte) i;
        }
        String latin1 = new String(raw, StandardCharsets.ISO_8859_1);
        assertArrayEquals(raw, NumpyPickle.bytes(latin1));
        assertArrayEquals(raw, NumpyPickle.bytes(raw));
    }

    @Test
    void arrayWhoseBytesDoNotMatchItsShapeIsRejected() {
        NumpyPickle.ArrayState s = new NumpyPickle.ArrayState();
        s.__setstate__(new Object[]{1, new Object[]{2, 3}, new NumpyPickle.Dtype("f8"), false, new byte[40]});
        PickleException e = assertThrows(PickleException.class, s::toDouble);
        assertTrue(e.getMessage().contains("needs 48 bytes but holds 40"), e.getMessage());
    }
}
