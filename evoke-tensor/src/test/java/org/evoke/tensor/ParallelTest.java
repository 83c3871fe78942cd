package org.evoke.tensor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pool runs every part of every section exactly once, whoever claims it: back to back (workers spinning),
 * after idleness (workers parked, the caller taking their parts), from two threads at once, and with a part that
 * throws.
 */
class ParallelTest {
    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void everyPartRunsOnceInEverySectionWithWorkersSpinningOrParked() throws InterruptedException {
        Parallel.setThreads(3);
        int sections = 20_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        for (int s = 0; s < sections; s++) {
            Parallel.run((part, parts) -> {
                assertEquals(3, parts);
                runs.incrementAndGet(part);
            });
            if (s % 5_000 == 0) {
                Thread.sleep(5); // past the spin time: the workers park, and wake late for the next section
            }
        }
        for (int p = 0; p < 3; p++) {
            assertEquals(sections, runs.get(p), "part " + p);
        }
    }

    @Test
    void afterIdlenessAShortBurstRunsOnTheCallerAndALongOneWakesTheWorkers() throws InterruptedException {
        Parallel.setThreads(2);
        Parallel.run((part, parts) -> { });
        Thread.sleep(20); // past the spin time: the worker parks
        Thread[] ran = new Thread[2];
        Parallel.run((part, parts) -> ran[part] = Thread.currentThread());
        assertSame(Thread.currentThread(), ran[0]);
        assertSame(Thread.currentThread(), ran[1], "one section after idleness runs on the caller alone");
        boolean workerRan = false;
        long end = System.nanoTime() + 2_000_000_000L;
        while (!workerRan && System.nanoTime() < end) { // a burst of sections longer than WAKE_AFTER_NANOS
            Parallel.run((part, parts) -> {
                ran[part] = Thread.currentThread();
                long until = System.nanoTime() + 50_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            workerRan = ran[1] != Thread.currentThread();
        }
        assertTrue(workerRan, "a long burst wakes the worker, which then claims a part");
    }

    @Test
    void aPartThatThrowsFailsTheSectionAndThePoolGoesOn() {
        Parallel.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run((part, parts) -> {
            if (part == 1) {
                throw new IllegalStateException("part 1 failed");
            }
        }));
        assertEquals("part 1 failed", e.getMessage());
        int[] sum = new int[2];
        Parallel.run((part, parts) -> sum[part] = part + 1);
        assertArrayEquals(new int[]{1, 2}, sum);
    }

    @Test
    void twoCallersAtOnceEachGetEveryPartOfTheirOwnSections() throws Exception {
        Parallel.setThreads(2);
        int sections = 5_000;
        AtomicIntegerArray a = new AtomicIntegerArray(2), b = new AtomicIntegerArray(2);
        Thread other = new Thread(() -> {
            for (int s = 0; s < sections; s++) {
                Parallel.run((part, parts) -> b.incrementAndGet(part));
            }
        });
        other.start();
        for (int s = 0; s < sections; s++) {
            Parallel.run((part, parts) -> a.incrementAndGet(part));
        }
        other.join();
        for (int p = 0; p < 2; p++) {
            assertEquals(sections, a.get(p));
            assertEquals(sections, b.get(p));
        }
    }
}
