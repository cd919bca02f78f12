package io.sweep.worker.run;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The cores of this JVM that no pack holds, lent to the packs still running. Every pack holds one
 * of the JVM's {@link #slots} while it runs ({@link #hold}); when fewer packs than slots run — the
 * tail of a sweep, where a core has finished its last pack and the others still diagnose theirs —
 * the per-run work a pack hands to {@link #map} is shared with helper threads on the idle cores.
 * A helper stops after its current item as soon as a new pack takes its core back, so the JVM
 * never runs more threads than slots for long.
 *
 * <p>Which thread computes an item does not change its result: each thread has its own state
 * ({@code state}, e.g. a pack's diagnostics scratch), and items are independent. With the default
 * one slot (a JVM that was not told its cores: tests, {@code diagnose}, the reference paths) no
 * helper ever starts.
 */
public final class SpareCores {
  private static final SpareCores JVM = new SpareCores(Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sweep-spare-core");
    t.setDaemon(true);
    return t;
  }));

  private final Executor threads;
  private volatile int slots = 1;
  private final AtomicInteger packs = new AtomicInteger();
  private final AtomicInteger helpers = new AtomicInteger();
  /** Items helpers have run, for tests. */
  private final java.util.concurrent.atomic.AtomicLong helped = new java.util.concurrent.atomic.AtomicLong();
  /** Work with items not yet claimed. */
  private final Set<Work<?, ?>> open = ConcurrentHashMap.newKeySet();

  SpareCores(Executor threads) {
    this.threads = threads;
  }

  /** This JVM's. */
  public static SpareCores jvm() {
    return JVM;
  }

  /**
   * Sets how many packs this JVM runs at once (an executor's cores over {@code spark.task.cpus};
   * a local master's threads).
   */
  public void slots(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, got " + slots);
    }
    this.slots = slots;
  }

  /** The slots set. */
  public int slots() {
    return slots;
  }

  /** A pack's hold on a core; closing it frees the core for the work of packs still running. */
  public interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /** Holds a core while a pack runs. */
  public Hold hold() {
    packs.incrementAndGet();
    return () -> {
      packs.decrementAndGet();
      offer();
    };
  }

  /** Items run by helpers so far. */
  long helped() {
    return helped.get();
  }

  /** Cores neither a pack nor a helper holds (negative while a new pack waits for a helper). */
  int spare() {
    return slots - packs.get() - helpers.get();
  }

  /**
   * {@code item(state, i)} for i = 0 … n − 1, in order in the list returned: on the calling thread,
   * and on spare cores when there are any now or become free before the items run out. Each
   * thread gets its own {@code state}. An item's exception reaches the caller once every claimed
   * item has ended; no item is started after it.
   */
  public <S, T> List<T> map(int n, Supplier<S> state, BiFunction<S, Integer, T> item) {
    Work<S, T> work = new Work<>(n, state, item);
    open.add(work);
    try {
      offer();
      S mine = state.get();
      for (int i = work.claim(); i >= 0; i = work.claim()) {
        work.run(mine, i);
      }
      work.await();
    } finally {
      open.remove(work);
    }
    return work.results();
  }

  /** Starts helpers while there are spare cores and unclaimed items. */
  private void offer() {
    while (open.stream().anyMatch(Work::unclaimed)) {
      int h = helpers.get();
      if (slots - packs.get() - h <= 0) {
        return;
      }
      if (helpers.compareAndSet(h, h + 1)) {
        try {
          threads.execute(this::help);
        } catch (RejectedExecutionException e) {
          helpers.decrementAndGet();
          return;
        }
      }
    }
  }

  /** A helper: claims items of any open work while its core is still spare. */
  private void help() {
    Map<Work<?, ?>, Object> states = new IdentityHashMap<>();
    try {
      while (spare() >= 0) { // counting this helper: its core is not wanted by a pack
        Work<?, ?> work = open.stream().filter(Work::unclaimed).findFirst().orElse(null);
        if (work == null) {
          return;
        }
        if (work.runClaimed(states)) {
          helped.incrementAndGet();
        }
      }
    } finally {
      helpers.decrementAndGet();
    }
  }

  /** n items, claimed in index order by any thread. */
  private static final class Work<S, T> {
    private final int n;
    private final Supplier<S> state;
    private final BiFunction<S, Integer, T> item;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch ended;
    private final Object[] results;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Work(int n, Supplier<S> state, BiFunction<S, Integer, T> item) {
      this.n = n;
      this.state = state;
      this.item = item;
      this.ended = new CountDownLatch(n);
      this.results = new Object[n];
    }

    boolean unclaimed() {
      return next.get() < n;
    }

    /** The next item's index, or -1 when every item is claimed (or one failed). */
    int claim() {
      int i = next.getAndIncrement();
      return i < n ? i : -1;
    }

    void run(S s, int i) {
      try {
        results[i] = item.apply(s, i);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
        // no further item starts: count the unclaimed ones as ended
        for (int j = next.getAndSet(n); j < n; j++) {
          ended.countDown();
        }
      } finally {
        ended.countDown();
      }
    }

    /**
     * Claims and runs one item with this helper's state for this work (made on first use); false
     * when none was left.
     */
    @SuppressWarnings("unchecked")
    boolean runClaimed(Map<Work<?, ?>, Object> states) {
      int i = claim();
      if (i < 0) {
        return false;
      }
      run((S) states.computeIfAbsent(this, k -> state.get()), i);
      return true;
    }

    void await() {
      try {
        ended.await();
      } catch (InterruptedException e) {
        next.set(n); // the pack's task is being killed: start nothing more
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the runs of a pack were diagnosed", e);
      }
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }

    @SuppressWarnings("unchecked")
    List<T> results() {
      List<T> list = new ArrayList<>(n);
      for (Object r : results) {
        list.add((T) r);
      }
      return list;
    }
  }
}
