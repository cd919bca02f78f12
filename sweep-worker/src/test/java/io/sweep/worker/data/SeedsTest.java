package io.sweep.worker.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

  private static final List<String> STREAMS =
      List.of(
          Seeds.TEACHER, Seeds.TRAIN, Seeds.TEST, Seeds.INIT, Seeds.BATCHES, Seeds.LABEL_NOISE);

  @Test
  void streamNamesAreTheDocumentedOnes() {
    assertEquals(List.of("teacher", "train", "test", "init", "batches", "label-noise"), STREAMS);
  }

  @Test
  void deriveIsDeterministic() {
    for (String s : STREAMS) {
      assertEquals(Seeds.derive(42, s), Seeds.derive(42, s));
    }
  }

  @Test
  void everyStreamOfARunHasItsOwnSeed() {
    Set<Long> seeds = new HashSet<>();
    for (long seed : new long[] {0, 1, -1, 42, Long.MAX_VALUE}) {
      for (String s : STREAMS) {
        seeds.add(Seeds.derive(seed, s));
      }
    }
    assertEquals(5 * STREAMS.size(), seeds.size());
  }

  @Test
  void neighbouringRunSeedsGiveUnrelatedStreams() {
    long a = Seeds.derive(0, Seeds.TRAIN);
    long b = Seeds.derive(1, Seeds.TRAIN);
    assertNotEquals(a, b);
    // About half of the 64 bits flip between neighbouring seeds (a well-mixed hash).
    int flipped = Long.bitCount(a ^ b);
    assertEquals(32, flipped, 16);
  }

  @Test
  void derivedValuesArePinnedBecauseStoredResultsDependOnThem() {
    // Changing Seeds.derive changes every data set, init and batch order ever stored.
    assertEquals(PINNED_0_TRAIN, Seeds.derive(0, "train"));
    assertEquals(PINNED_42_LABEL_NOISE, Seeds.derive(42, "label-noise"));
    assertEquals(
        PINNED_FIRST_GAUSSIAN,
        new SplittableRandom(Seeds.derive(0, "train")).nextGaussian(),
        0.0);
  }

  private static final long PINNED_0_TRAIN = 6352959259570377575L;
  private static final long PINNED_42_LABEL_NOISE = -8688958682700147234L;
  private static final double PINNED_FIRST_GAUSSIAN = -0.4021788059049849;
}
