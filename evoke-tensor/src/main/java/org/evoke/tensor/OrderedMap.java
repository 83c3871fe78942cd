package org.evoke.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The one ordered parallel map of coarse tasks (a subject's features, a synthetic subject, a fold): tasks 0..n-1 on
 * a pool of at most {@code threads} daemon threads, results in task order, whatever order they finish in. The first
 * task that fails cancels the others, and its exception is thrown as it was (a RuntimeException or an Error; a
 * checked one wrapped once), never as an ExecutionException. With one thread the tasks run in the caller, in order.
 * (The kernels' fine-grained parallelism is {@link Parallel}'s.)
 */
public final class OrderedMap {
    private OrderedMap() {
    }

    /** Called as each task finishes: how many have finished, the index of the one that just did, and its result. */
    @FunctionalInterface
    public interface Progress<T> {
        void finished(int count, int index, T result);
    }

    /** {@code task(i)} for i in 0..n-1 on {@code threads} threads named {@code name}; results in index order. */
    public static <T> List<T> map(int n, int threads, String name, IntFunction<T> task) {
        return map(n, threads, name, task, (count, index, result) -> { });
    }

    /** As {@link #map(int, int, String, IntFunction)}, telling {@code progress} as tasks finish (in the caller's thread). */
    public static <T> List<T> map(int n, int threads, String name, IntFunction<T> task, Progress<? super T> progress) {
        if (n < 0 || threads < 1) {
            throw new IllegalArgumentException("ordered map: " + n + " tasks on " + threads + " threads");
        }
        List<T> out = new ArrayList<>(n);
        if (threads == 1 || n <= 1) {
            for (int i = 0; i < n; i++) {
                T r = task.apply(i);
                out.add(r);
                progress.finished(i + 1, i, r);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        CompletionService<Indexed<T>> done = new ExecutorCompletionService<>(pool);
        List<Future<Indexed<T>>> futures = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(done.submit(() -> new Indexed<>(k, task.apply(k))));
            }
            @SuppressWarnings("unchecked")
            T[] results = (T[]) new Object[n];
            for (int i = 0; i < n; i++) {
                Indexed<T> r = done.take().get();
                results[r.index] = r.value;
                progress.finished(i + 1, r.index, r.value);
            }
            for (T r : results) {
                out.add(r);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c.getMessage(), c);
        } finally {
            futures.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private record Indexed<T>(int index, T value) {
    }
}
