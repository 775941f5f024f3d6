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

	/** Part {@code part} (0 or 1) of step {@code step} of {@link #lockstep}. */
	public interface StepPart {
		void run(int part, int step);
	}

	/** Prepares step {@code step} of {@link #lockstep} (on the calling thread). */
	public interface StepPrepare {
		void prepare(int step);
	}

	/**
	 * Steps 0..steps−1 in order, each in two parts that may run at the same time: {@code prepare(s)} on the
	 * calling thread, then parts 0 and 1 of step s, and step s+1 starts when both are done. With workers ≥ 2 a
	 * pool thread takes parts too: each part of a prepared step goes to whichever thread claims it first (the
	 * caller claims part 0 first), so a helper that is slow to be scheduled only means that the caller does more
	 * parts itself. NB: why not {@link #run} per step. A step here is ~100 µs, and a submit, a future and a park
	 * per step cost about as much (texture sampling with {@link #run} per step was 1.7–2× slower,
	 * BENCHMARKS.md); so the helper stays for all the steps and both threads wait for each other with short spin
	 * waits (then yields) on volatile counters, which also order every write of a step before the next step.
	 * Which thread runs a part never changes a result, as long as each part has its own buffers. Rethrows the
	 * first failure of a part (the other thread stops after its current part).
	 */
	public static void lockstep(int steps, int workers, StepPrepare prepare, StepPart part) {
		if (workers <= 1) {
			for (int s = 0; s < steps; s++) {
				prepare.prepare(s);
				part.run(0, s);
				part.run(1, s);
			}
			return;
		}
		Lockstep ls = new Lockstep(steps, part);
		Future<?> helper = POOL.submit(ls::help);
		try {
			for (int s = 0; s < steps; s++) {
				prepare.prepare(s);
				ls.ready = s;
				ls.claimUpTo(2 * s + 2);
				for (int spins = 0; ls.done.get() < 2 * s + 2; spins++) {
					ls.rethrow();
					pause(spins);
				}
			}
		} finally {
			ls.stop = true;
			await(helper, new AtomicInteger(), 0);
		}
		ls.rethrow();
	}

	/** Spin briefly, then yield the core (the machine may have fewer free cores than threads). */
	private static void pause(int spins) {
		if (spins < 2000) Thread.onSpinWait();
		else Thread.yield();
	}

	/** The shared counters of one {@link #lockstep} call: part p of step s is claim number 2s + p. */
	private static final class Lockstep {
		final int steps;
		final StepPart part;
		final AtomicInteger claim = new AtomicInteger(), done = new AtomicInteger();
		volatile int ready = -1;
		volatile boolean stop;
		volatile Throwable failure;

		Lockstep(int steps, StepPart part) {
			this.steps = steps;
			this.part = part;
		}

		/** Claims and runs parts while claim numbers below {@code end} are left. */
		void claimUpTo(int end) {
			for (int c = claim.get(); c < end && failure == null; c = claim.get())
				if (claim.compareAndSet(c, c + 1)) runPart(c);
		}

		private void runPart(int c) {
			try {
				part.run(c & 1, c >> 1);
			} catch (Throwable t) {
				if (failure == null) failure = t;
				stop = true;
			} finally {
				done.incrementAndGet();
			}
		}

		/** The pool thread: claims the parts of each step once it is prepared. */
		void help() {
			for (int spins = 0; !stop; ) {
				int c = claim.get();
				if (c >= 2 * steps) return;
				if (c < 2 * ready + 2) {
					if (claim.compareAndSet(c, c + 1)) runPart(c);
					spins = 0;
				} else {
					pause(spins++);
				}
			}
		}

		void rethrow() {
			Throwable t = failure;
			if (t instanceof RuntimeException re) throw re;
			if (t instanceof Error er) throw er;
			if (t != null) throw new IllegalStateException("step part failed: " + t, t);
		}
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
