package org.evoke.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool that runs one piece of work on every core: {@code run(body)} calls {@code body.run(part, parts)}
 * for every part in [0, parts), part 0 on the calling thread and the others on the pool's workers, and returns
 * when all are done. The kernels split their work by part (samples, output rows or column blocks), each part
 * writing only its own outputs, so results do not depend on how many parts there are.
 *
 * <p>Latency matters here (a student inference at batch 1 is tens of microseconds, several parallel sections
 * long), so a worker that finished spins for a while ({@link #SPIN_NANOS}) before it parks: the next section,
 * usually microseconds away, then starts without a wake-up. After that it sleeps and costs nothing.
 *
 * <p>Parts are claimed, not assigned: the caller runs part 0 and then claims any part no worker has taken yet. A
 * worker that is still waking up, or whose core a busy neighbour holds, then costs nothing: the caller does its
 * part instead of waiting for it. And sections that find the workers parked (after idleness, as {@code evoke
 * live} meets the pool: one inference a second) run on the caller alone for the first {@link #WAKE_AFTER_NANOS} of
 * a burst; only a longer burst wakes them. Which thread runs a part never changes what the part computes.
 *
 * <p>No allocation per call: the body is an object the caller keeps (a layer's field), handed over through a
 * volatile field. One caller at a time owns the pool; a second thread calling {@link #run} meanwhile (two
 * models used from two threads), or a call from inside a body, runs all parts itself, in order, on its own
 * thread: same results, no deadlock.
 *
 * <p>The number of parts is {@link #threads()}: the system property {@code evoke.threads}, else the number of
 * available processors; {@link #setThreads} changes it (the command line's {@code --threads}).
 */
public final class Parallel {
    /** The work of one parallel section: part {@code part} of {@code parts}. */
    @FunctionalInterface
    public interface Body {
        void run(int part, int parts);
    }

    /** How long an idle worker spins before it parks: 200 us (a layer's work is 10 us to 10 ms). */
    static final long SPIN_NANOS = Long.getLong("evoke.parallel.spinNanos", 200_000L);

    /**
     * How long a burst of sections runs on the caller alone while the workers are parked, before it wakes them: 1 ms.
     * A small inference after idleness (the student at batch 1) then never pays a wake-up; a long one wakes the
     * workers early in it; back-to-back calls keep the workers spinning and are not affected.
     */
    static final long WAKE_AFTER_NANOS = Long.getLong("evoke.parallel.wakeAfterNanos", 1_000_000L);

    private static volatile Pool pool;

    private Parallel() {
    }

    /** How many parts {@link #run} splits work into. */
    public static int threads() {
        return pool().size;
    }

    /** Sets the number of parts (at least 1); the old workers stop. */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Pool old = pool;
        if (old != null && old.size == threads) {
            return;
        }
        pool = new Pool(threads);
        if (old != null) {
            old.shutdown();
        }
    }

    /** Runs {@code body.run(part, threads())} for every part; returns when all parts are done. */
    public static void run(Body body) {
        pool().run(body);
    }

    /** The [begin, end) of part {@code part} when {@code n} items are cut into {@code parts} near-equal parts. */
    public static int begin(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    private static Pool pool() {
        Pool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                if (pool == null) {
                    int n = Integer.getInteger("evoke.threads", Runtime.getRuntime().availableProcessors());
                    pool = new Pool(Math.max(1, n));
                }
                p = pool;
            }
        }
        return p;
    }

    private static final class Pool {
        final int size;
        private final Worker[] workers;
        private final ReentrantLock owner = new ReentrantLock();
        /** (generation << 32) | the next unclaimed part of that generation's section. */
        private final AtomicLong state = new AtomicLong();
        private final AtomicInteger done = new AtomicInteger(); // parts of the current section finished
        private volatile Body body;
        private volatile Throwable failure;
        private volatile boolean stopped;
        private long lastEnd;   // when the last section ended (owner only)
        private long busySince; // when the current burst of sections began (owner only)

        Pool(int size) {
            this.size = size;
            this.workers = new Worker[size - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void run(Body b) {
            if (size == 1 || Thread.currentThread() instanceof Worker || !owner.tryLock()) {
                for (int part = 0; part < size; part++) {
                    b.run(part, size);
                }
                return;
            }
            try {
                boolean parked = false;
                for (Worker w : workers) {
                    parked |= w.parked;
                }
                if (parked) {
                    long now = System.nanoTime();
                    if (now - lastEnd > SPIN_NANOS) {
                        busySince = now; // a new burst of work after idleness
                    }
                    if (now - busySince < WAKE_AFTER_NANOS) {
                        // a short burst (one small inference after idleness) runs on the caller alone: waking a
                        // parked core costs more than it saves, and a woken core is slow for a while
                        for (int part = 0; part < size; part++) {
                            b.run(part, size);
                        }
                        lastEnd = System.nanoTime();
                        return;
                    }
                    for (Worker w : workers) {
                        if (w.parked) {
                            LockSupport.unpark(w); // the burst goes on: the workers claim parts once awake
                        }
                    }
                }
                failure = null;
                body = b;
                done.set(0);
                long gen = (state.get() >>> 32) + 1;
                state.set(gen << 32); // volatile write: publishes body; parts from 0
                work(b, gen);         // part 0, and any part no worker has claimed yet
                while (done.get() != size) {
                    Thread.onSpinWait();
                }
                body = null;
                lastEnd = System.nanoTime();
                Throwable t = failure;
                if (t != null) {
                    if (t instanceof RuntimeException r) {
                        throw r;
                    }
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw new IllegalStateException(t);
                }
            } finally {
                owner.unlock();
            }
        }

        /**
         * Claims and runs parts of section {@code gen} until none is left. A claim is a compare-and-set on
         * {@link #state}, so it fails once the section is over: a worker that wakes late finds nothing to do and
         * never runs a part of a later section with an earlier body.
         */
        void work(Body b, long gen) {
            while (true) {
                long s = state.get();
                int part = (int) s;
                if ((s >>> 32) != gen || part >= size) {
                    return;
                }
                if (!state.compareAndSet(s, s + 1)) {
                    continue;
                }
                try {
                    b.run(part, size);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("evoke-parallel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0; // the generation at construction: a worker that starts late must still see generation 1
            while (!pool.stopped) {
                long spinStart = System.nanoTime();
                int spins = 0;
                while ((pool.state.get() >>> 32) == seen && !pool.stopped) {
                    Thread.onSpinWait();
                    if ((++spins & 255) == 0 && System.nanoTime() - spinStart > SPIN_NANOS) {
                        parked = true;
                        if ((pool.state.get() >>> 32) == seen && !pool.stopped) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        spinStart = System.nanoTime();
                    }
                }
                if (pool.stopped) {
                    return;
                }
                seen = pool.state.get() >>> 32;
                Body b = pool.body;
                if (b != null) {
                    pool.work(b, seen);
                }
            }
        }
    }
}
