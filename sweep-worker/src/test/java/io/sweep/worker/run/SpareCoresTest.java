package io.sweep.worker.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpareCoresTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** What ran where: item → thread, and each thread's state object. */
  private static final class Trace {
    final Map<Integer, Thread> threadOf = new ConcurrentHashMap<>();
    final Map<Thread, Object> stateOf = new ConcurrentHashMap<>();

    String item(Object state, int i, long sleepMillis) {
      threadOf.put(i, Thread.currentThread());
      Object before = stateOf.putIfAbsent(Thread.currentThread(), state);
      assertTrue(before == null || before == state, "one state per thread");
      sleep(sleepMillis);
      return "item " + i;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> expected(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "item " + i).toList();
  }

  @Test
  void oneSlotRunsEverythingOnTheCaller() {
    SpareCores cores = new SpareCores(pool);
    Trace t = new Trace();
    try (SpareCores.Hold h = cores.hold()) {
      assertEquals(expected(20), cores.map(20, Object::new, (s, i) -> t.item(s, i, 0)));
    }
    assertEquals(Set.of(Thread.currentThread()), Set.copyOf(t.threadOf.values()));
  }

  @Test
  void spareSlotsHelpAndTheResultsKeepTheirOrder() {
    SpareCores cores = new SpareCores(pool);
    cores.slots(3);
    Trace t = new Trace();
    try (SpareCores.Hold h = cores.hold()) {
      assertEquals(expected(24), cores.map(24, Object::new, (s, i) -> t.item(s, i, 10)));
    }
    Set<Thread> threads = Set.copyOf(t.threadOf.values());
    assertTrue(threads.size() >= 2 && threads.size() <= 3, "the caller and up to two helpers: " + threads);
    assertEquals(threads.size(), Set.copyOf(t.stateOf.values()).size(), "a state per thread");
  }

  /** A helper gives its core back after its current item when a new pack takes the core. */
  @Test
  void aHelperStopsWhenAPackTakesItsCore() throws InterruptedException {
    SpareCores cores = new SpareCores(pool);
    cores.slots(2);
    Trace t = new Trace();
    CountDownLatch helperStarted = new CountDownLatch(1);
    CountDownLatch packTookCore = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    SpareCores.Hold[] newPack = new SpareCores.Hold[1];
    try (SpareCores.Hold h = cores.hold()) {
      cores.map(12, Object::new, (s, i) -> {
        if (Thread.currentThread() != caller && helperStarted.getCount() > 0) {
          newPack[0] = cores.hold(); // another task starts on this executor meanwhile
          helperStarted.countDown();
          packTookCore.countDown();
        } else if (Thread.currentThread() == caller) {
          await(packTookCore); // the caller waits until the core was taken back
        }
        return t.item(s, i, 1);
      });
    } finally {
      if (newPack[0] != null) {
        newPack[0].close();
      }
    }
    long byHelpers = t.threadOf.values().stream().filter(th -> th != caller).count();
    assertEquals(1, byHelpers, "the helper finished the item it had and stopped: " + t.threadOf);
  }

  /** A core freed while a pack diagnoses (another pack ended) starts a helper at once. */
  @Test
  void aFreedCoreJoinsWorkAlreadyUnderWay() {
    SpareCores cores = new SpareCores(pool);
    cores.slots(2);
    Trace t = new Trace();
    SpareCores.Hold other = cores.hold();
    try (SpareCores.Hold h = cores.hold()) {
      cores.map(30, Object::new, (s, i) -> {
        if (i == 2) {
          other.close(); // the other pack ends
        }
        return t.item(s, i, 10);
      });
    }
    assertTrue(t.threadOf.values().stream().anyMatch(th -> th != Thread.currentThread()),
        "a helper took items after the other pack ended");
    for (int i = 0; i <= 2; i++) {
      assertSame(Thread.currentThread(), t.threadOf.get(i), "no spare core before: item " + i);
    }
  }

  @Test
  void aFailureReachesTheCallerAndNoLaterItemStarts() {
    SpareCores cores = new SpareCores(pool);
    cores.slots(4);
    AtomicInteger started = new AtomicInteger();
    try (SpareCores.Hold h = cores.hold()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> cores.map(200, Object::new, (s, i) -> {
            started.incrementAndGet();
            if (i == 5) {
              throw new IllegalStateException("item 5 broke");
            }
            sleep(2);
            return i;
          }));
      assertEquals("item 5 broke", e.getMessage());
    }
    assertTrue(started.get() < 200, "items after the failure were not started: " + started.get());
  }

  @Test
  void slotsAreAtLeastOne() {
    assertThrows(IllegalArgumentException.class, () -> new SpareCores(pool).slots(0));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
