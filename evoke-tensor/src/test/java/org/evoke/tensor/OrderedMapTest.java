package org.evoke.tensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedMapTest {

    @Test
    void resultsComeInTaskOrderWhateverOrderTheyFinishIn() {
        List<Integer> finishedOrder = Collections.synchronizedList(new ArrayList<>());
        List<Integer> out = OrderedMap.map(8, 3, "test", i -> {
            try {
                Thread.sleep((8 - i) * 15L); // the last tasks finish first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return i * i;
        }, (count, index, result) -> {
            assertEquals(index * index, result);
            finishedOrder.add(count);
        });
        assertEquals(IntStream.range(0, 8).map(i -> i * i).boxed().toList(), out);
        assertEquals(IntStream.rangeClosed(1, 8).boxed().toList(), finishedOrder, "counts 1..n in the caller");
        assertEquals(List.of(0, 1, 4), OrderedMap.map(3, 1, "one", i -> i * i), "one thread: in the caller");
        assertEquals(List.of(), OrderedMap.map(0, 2, "none", i -> i));
    }

    @Test
    void theFirstFailureIsThrownAsItWasNotAsAnExecutionException() {
        UncheckedIOException boom = new UncheckedIOException(new IOException("disk full"));
        UncheckedIOException thrown = assertThrows(UncheckedIOException.class, () -> OrderedMap.map(6, 2, "fail", i -> {
            if (i == 3) {
                throw boom;
            }
            return i;
        }));
        assertSame(boom, thrown);
        AssertionError error = assertThrows(AssertionError.class, () -> OrderedMap.map(2, 2, "error", i -> {
            throw new AssertionError("bad " + i);
        }));
        assertTrue(error.getMessage().startsWith("bad "), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OrderedMap.map(2, 0, "x", i -> i));
    }
}
