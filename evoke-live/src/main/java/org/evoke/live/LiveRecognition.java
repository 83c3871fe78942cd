package org.evoke.live;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Live emotion recognition in one call: weights, a source, a listener.
 *
 * <pre>
 * try (LiveRecognition live = LiveRecognition.open(Path.of("student.safetensors"))
 *         .from(EegSource.lsl("type=EEG"))
 *         .onRecognition(r -&gt; avatar.show(r.emotion().name(), r.expression().blendshapeMap()))
 *         .start()) {                       // a thread of its own; or run() in the caller's thread
 *     live.await();                          // until the stream ends (or close() from another thread)
 * }
 * </pre>
 *
 * <p>Every window the source completes reaches the listener in order, on the recognition thread: keep the listener
 * short, or hand the result to your own thread. A bad chunk (NaN, too few channels) or a source that fails ends the
 * run; {@link #failure()} then says why in one line. {@link #close()} stops the run and closes the source.
 */
public final class LiveRecognition implements AutoCloseable {
    private final EmotionRecognizer recognizer;
    private final EegSource source;
    private final Consumer<Recognition> listener;
    private final AtomicLong windows = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile RuntimeException failure;
    private Thread thread;
    private boolean closed, sourceClosed;

    private LiveRecognition(EmotionRecognizer recognizer, EegSource source, Consumer<Recognition> listener) {
        this.recognizer = recognizer;
        this.source = source;
        this.listener = listener;
    }

    /** Starts from trained weights: model, preset and feature kind from their metadata ({@link EmotionRecognizer#open}). */
    public static Builder open(Path weights) {
        return new Builder(EmotionRecognizer.open(weights));
    }

    /** Starts from a recogniser built by the caller (another emotion table, expressions, smoother). */
    public static Builder with(EmotionRecognizer recognizer) {
        return new Builder(Objects.requireNonNull(recognizer, "recognizer"));
    }

    /** The choices before the run: the source and the listener. */
    public static final class Builder {
        private final EmotionRecognizer recognizer;
        private EegSource source;
        private Consumer<Recognition> listener = r -> { };

        private Builder(EmotionRecognizer recognizer) {
            this.recognizer = recognizer;
        }

        /** Where the EEG comes from ({@link EegSource}'s factories). */
        public Builder from(EegSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Called with every recognised window, in order, on the recognition thread. */
        public Builder onRecognition(Consumer<Recognition> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Runs on a thread of its own ("evoke-live"); the handle waits for it, stops it and reports its end. */
        public LiveRecognition start() {
            LiveRecognition live = build();
            live.thread = new Thread(live::loop, "evoke-live");
            live.thread.setDaemon(true);
            live.thread.start();
            return live;
        }

        /**
         * Runs in the caller's thread until the source ends, then closes it.
         *
         * @return the number of windows recognised
         * @throws IllegalArgumentException with one line when a chunk or the source is bad
         */
        public long run() {
            try (LiveRecognition live = build()) {
                live.loop();
                if (live.failure != null) {
                    throw live.failure;
                }
                return live.windows();
            }
        }

        private LiveRecognition build() {
            if (source == null) {
                throw new IllegalStateException("no source: call from(EegSource) before start() or run()");
            }
            return new LiveRecognition(recognizer, source, listener);
        }
    }

    private void loop() {
        try {
            float[][] chunk;
            while (!stopped && (chunk = source.next()) != null) {
                for (Recognition r : recognizer.push(chunk)) {
                    windows.incrementAndGet();
                    listener.accept(r);
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (!stopped) {
                failure = e;
            }
        } catch (RuntimeException e) {
            if (!stopped) { // a source closed under a blocked read by close() is no failure
                failure = new IllegalStateException("live recognition stopped: " + e, e);
            }
        } finally {
            done.countDown();
        }
    }

    /** Waits until the stream has ended, failed or been closed. */
    public void await() throws InterruptedException {
        done.await();
    }

    /** Waits at most {@code millis}; true when the run has ended. */
    public boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Windows recognised so far. */
    public long windows() {
        return windows.get();
    }

    /** Whether the run has ended (the source ended, failed, or {@link #close()} was called). */
    public boolean ended() {
        return done.getCount() == 0;
    }

    /** Why the run ended early, in one line; null while it runs and when the source simply ended. */
    public RuntimeException failure() {
        return failure;
    }

    /** The recogniser (its model, windows so far). */
    public EmotionRecognizer recognizer() {
        return recognizer;
    }

    /** What the stream is, in one line. */
    public String describe() {
        return source.describe();
    }

    /** Stops the run (after the chunk in hand) and closes the source; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopped = true;
        try {
            if (thread != null && thread != Thread.currentThread()) {
                thread.interrupt(); // a paced source sleeping between chunks ends at once
                if (!done.await(1, TimeUnit.SECONDS)) {
                    source.close(); // a read blocked on a socket or an inlet ends with its stream
                    sourceClosed = true;
                    done.await(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!sourceClosed) {
                source.close();
            }
        }
    }
}
