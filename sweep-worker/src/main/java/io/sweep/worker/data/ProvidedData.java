package io.sweep.worker.data;

import io.sweep.worker.spec.DataSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The data sets the driver provided to this JVM (an executor, or the driver in local mode), by
 * content hash, and the {@link DataModel} of specs whose {@link DataSpec#source()} is provided.
 *
 * <p>The Spark task registers the sweep's broadcast data set ({@link #provide}) before training;
 * the worker itself knows nothing of Spark. A registered data set is the broadcast's object, so
 * every task, run and pack replica of an executor shares one copy. The registry keeps the few most
 * recently provided data sets (a long-lived JVM runs sweep after sweep).
 *
 * <p><b>Training sets.</b> The run with seed s and n samples trains on rows π(0) … π(n−1) of the
 * training pool, where π is a Fisher–Yates shuffle of the pool's N rows drawn from stream {@code
 * "train"} of s ({@link Seeds}): position i swaps with i + nextInt(N − i), positions in order. The
 * first n positions depend only on the first n draws, so the training set of a run is a prefix of
 * that of the same seed at a larger n (nested, paired runs, as with teacher–student data). Every
 * run is tested on the whole test set.
 *
 * <p>Thread-safe.
 */
public final class ProvidedData {
  /** How many data sets a JVM keeps. */
  static final int KEEP = 4;

  private static final Map<String, ProvidedDataSet> BY_HASH =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProvidedDataSet> eldest) {
          return size() > KEEP;
        }
      };

  /** The data model of provided data: {@link #dataSet}. */
  public static final DataModel MODEL = ProvidedData::dataSet;

  private ProvidedData() {}

  /** Makes {@code data} available to the runs of this JVM (idempotent). */
  public static synchronized void provide(ProvidedDataSet data) {
    Objects.requireNonNull(data, "data");
    ProvidedDataSet known = BY_HASH.get(data.hash());
    if (known == null) {
      BY_HASH.put(data.hash(), data);
    }
  }

  /**
   * The provided data set of a hash.
   *
   * @throws IllegalStateException when this JVM was not given it
   */
  public static synchronized ProvidedDataSet get(String hash) {
    ProvidedDataSet data = BY_HASH.get(hash);
    if (data == null) {
      throw new IllegalStateException("data set " + (hash.isEmpty() ? "(not read: no hash)" : hash)
          + " was not provided to this JVM; a run of a Parquet data set is trained by a sweep, which"
          + " reads the data on the driver and ships it with the tasks");
    }
    return data;
  }

  /**
   * The data set of a run of a provided source: {@code spec.samples()} rows of the training pool
   * (see the class comment) and the whole test set.
   *
   * @throws IllegalStateException when the data set was not provided or has another shape
   */
  public static DataSet dataSet(DataSpec spec, long seed) {
    ProvidedDataSet data = get(spec.source().hash());
    if (data.d() != spec.inputDim() || data.k() != spec.outputs()) {
      throw new IllegalStateException("data set " + data.path() + " has " + data.d()
          + " features and " + data.k() + " labels per row, the run expects " + spec.inputDim()
          + " and " + spec.outputs());
    }
    int n = spec.samples();
    if (n > data.poolRows()) {
      throw new IllegalStateException("data set " + data.path() + " has " + data.poolRows()
          + " training rows, the run asks for " + n);
    }
    return new Split(trainingSet(data, n, seed), data.test());
  }

  /** The first n rows of the seed's shuffle of the training pool. */
  static Samples trainingSet(ProvidedDataSet data, int n, long seed) {
    int rows = data.poolRows();
    int d = data.d();
    int k = data.k();
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.TRAIN));
    double[] x = new double[Math.multiplyExact(n, d)];
    double[] y = new double[Math.multiplyExact(n, k)];
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(rows - i);
      int row = order[j];
      order[j] = order[i];
      order[i] = row;
      System.arraycopy(data.poolX(), row * d, x, i * d, d);
      System.arraycopy(data.poolY(), row * k, y, i * k, k);
    }
    return new Samples(n, d, k, x, y);
  }

  /** A training set and a test set. */
  private record Split(Samples train, Samples test) implements DataSet {}
}
