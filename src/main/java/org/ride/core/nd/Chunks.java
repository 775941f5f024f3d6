package org.ride.core.nd;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one mechanism by which the engine uses several cores: the chunks of one call run on up to {@code workers}
 * threads, the calling thread and workers − 1 threads of a shared daemon pool, each taking the next chunk
 * index until none is left. Callers split their work into chunks that depend only on the problem's shape (never
 * on the thread count), give each worker its own buffers (worker index) and let every chunk write disjoint
 * outputs or its own partial sums, combined in chunk order afterwards; so which thread runs which chunk never
 * changes a result. Used by the MCGSM (column chunks) and the spatial LSTM (batch parts, diagonal parts).
 * NB: the caller takes chunks too, so when the pool's thread is slow to start on a loaded machine the caller
 * simply does more of them. Concurrent ND4J GEMMs from several Java threads are safe with OpenBLAS (tests run
 * them with OMP_NUM_THREADS=1; McgsmBenchmark compares thread counts).
 */
public final class Chunks {

	/** Default parallelism: one thread per processor. */
	public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();

	private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "ride-chunks");
		t.setDaemon(true);
		return t;
	});

	/** The work for chunk {@code chunk} on worker {@code worker} (0 = the calling thread). */
	public interface Task {
		void run(int worker, int chunk);
	}

	private Chunks() {}

	/** Runs chunks 0..chunks−1 (see the class comment); rethrows the first failure of any chunk. */
	public static void run(int chunks, int workers, Task task) {
		if (workers <= 1) {
			for (int i = 0; i < chunks; i++) task.run(0, i);
			return;
		}
		AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
		Future<?>[] others = new Future<?>[workers - 1];
		for (int w = 1; w < workers; w++) {
			int worker = w;
			others[w - 1] = POOL.submit(() -> loop(chunks, worker, next, done, task));
		}
		try {
			loop(chunks, 0, next, done, task);
		} catch (Throwable e) {
			next.set(chunks); // the others stop after their current chunk
			for (Future<?> f : others) await(f, next, chunks);
			throw e;
		}
		Throwable failure = null;
		for (Future<?> f : others) {
			Throwable t = await(f, next, chunks);
			if (failure == null) failure = t;
		}
		if (failure instanceof RuntimeException re) throw re;
		if (failure instanceof Error er) throw er;
		if (failure != null) throw new IllegalStateException("worker failed: " + failure, failure);
		if (done.get() != chunks)
			throw new CancellationException("interrupted (" + done.get() + " of " + chunks
				+ " chunks done)");
	}

	/** Waits for a worker; returns what it threw, if anything. */
	private static Throwable await(Future<?> f, AtomicInteger next, int chunks) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					f.get();
					return null;
				} catch (ExecutionException e) {
					next.set(chunks);
					return e.getCause();
				} catch (InterruptedException e) {
					// NB: the worker still uses this call's buffers: stop handing out chunks, but wait for it.
					next.set(chunks);
					interrupted = true;
				}
			}
		} finally {
			if (interrupted) Thread.currentThread().interrupt();
		}
	}

	private static void loop(int chunks, int worker, AtomicInteger next, AtomicInteger done, Task task) {
		for (int i = next.getAndIncrement(); i < chunks; i = next.getAndIncrement()) {
			task.run(worker, i);
			done.incrementAndGet();
		}
	}
}
