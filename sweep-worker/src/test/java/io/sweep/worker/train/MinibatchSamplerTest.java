package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.worker.data.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MinibatchSamplerTest {

  @Test
  void eachEpochCoversDistinctIndicesAndDropsTheRemainder() {
    int n = 10;
    int b = 3;
    MinibatchSampler sampler = new MinibatchSampler(n, b, 5);
    for (int epoch = 0; epoch < 4; epoch++) {
      TreeSet<Integer> seen = new TreeSet<>();
      for (int k = 0; k < n / b; k++) {
        int[] batch = sampler.next();
        assertEquals(b, batch.length);
        for (int i : batch) {
          assertEquals(true, i >= 0 && i < n, "index in range: " + i);
          assertEquals(true, seen.add(i), "index " + i + " repeated within epoch " + epoch);
        }
      }
      assertEquals(9, seen.size(), "3 batches of 3 per epoch, one index dropped");
    }
  }

  @Test
  void batchOfAllSamplesIsAPermutationEveryTime() {
    MinibatchSampler sampler = new MinibatchSampler(6, 6, 1);
    int[] first = sampler.next();
    int[] second = sampler.next();
    for (int[] batch : new int[][] {first, second}) {
      assertArrayEquals(IntStream.range(0, 6).toArray(), Arrays.stream(batch).sorted().toArray());
    }
    assertFalse(Arrays.equals(first, second), "every epoch is reshuffled");
  }

  @Test
  void firstEpochIsAFisherYatesShuffleOfTheBatchesStream() {
    int n = 7;
    SplittableRandom rng = new SplittableRandom(Seeds.derive(3, "batches"));
    int[] expected = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = expected[i];
      expected[i] = expected[j];
      expected[j] = t;
    }
    MinibatchSampler sampler = new MinibatchSampler(n, 7, 3);
    assertArrayEquals(expected, sampler.next());
  }

  @Test
  void orderDependsOnlyOnTheSeed() {
    MinibatchSampler a = new MinibatchSampler(50, 5, 9);
    MinibatchSampler b = new MinibatchSampler(50, 5, 9);
    MinibatchSampler c = new MinibatchSampler(50, 5, 10);
    int[] fromA = new int[5];
    int[] fromB = new int[5];
    boolean differsFromC = false;
    for (int k = 0; k < 30; k++) {
      a.next(fromA);
      b.next(fromB);
      assertArrayEquals(fromA, fromB);
      differsFromC |= !Arrays.equals(fromA, c.next());
    }
    assertEquals(true, differsFromC);
  }

  @Test
  void batchLargerThanTheSampleCountIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MinibatchSampler(4, 5, 0));
    assertEquals("need 1 <= batchSize <= n, got batchSize 5, n 4", e.getMessage());
  }
}
