package io.sweep.driver.data;

import io.sweep.driver.config.Axis;
import io.sweep.driver.config.ConfigProblem;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.ParquetSource;
import io.sweep.driver.config.SweepSettings;
import io.sweep.worker.data.Columns;
import io.sweep.worker.data.ProvidedDataSet;
import io.sweep.worker.data.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The data set of a sweep on the driver: {@code data.type = parquet} read with Spark, validated
 * and prepared into a {@link ProvidedDataSet}, once per sweep; shipped to the executors as one
 * broadcast per sweep. Teacher–student sweeps pass through untouched.
 *
 * <p>Preparation, in order: the rows of {@code data.path} (by file, then row within the file);
 * the test set, either {@code data.test-path} or round(f·N) rows drawn by a Fisher–Yates shuffle
 * from stream {@code "test-split"} of {@code data.split-seed} (the training pool keeps the other
 * rows in file order); a class column one-hot encoded with classes in sorted order (numbers
 * numerically, text lexicographically), classes from the training pool; with {@code
 * data.standardize}, each feature minus its training-pool mean, divided by its training-pool
 * standard deviation (population; a constant feature is only centred). Labels are never scaled.
 */
public final class DataSets {
  /** The stream of {@code data.split-seed} that draws the test rows. */
  static final String SPLIT_STREAM = "test-split";
  /** Prepared data sets of this JVM by content hash (the few latest), for the broadcast. */
  private static final Map<String, ProvidedDataSet> PREPARED = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ProvidedDataSet> eldest) {
      return size() > 2;
    }
  };

  private DataSets() {}

  /**
   * The settings with what the data set fixes: {@code data_hash}, {@code input-dim} (features per
   * row) and {@code test-samples} (test rows). Teacher–student settings are returned as they are.
   *
   * @throws DataSetError when the data set cannot be used: every problem, located
   */
  public static SweepSettings resolve(SparkSession spark, SweepSettings settings) {
    if (settings.parquet() == null) {
      return settings;
    }
    ProvidedDataSet data = prepare(spark, settings);
    Map<Parameter, Object> fixed = new EnumMap<>(Parameter.class);
    fixed.put(Parameter.DATA_HASH, data.hash());
    fixed.put(Parameter.INPUT_DIM, data.d());
    fixed.put(Parameter.TEST_SAMPLES, data.testRows());
    return settings.withFixed(fixed);
  }

  /**
   * The sweep's data set as a broadcast for the tasks, or null for teacher–student data. The data
   * set {@link #resolve} prepared is reused; otherwise it is read again, and must hash the same.
   */
  public static Broadcast<ProvidedDataSet> broadcast(SparkSession spark, SweepSettings settings) {
    Object hash = settings.base().get(Parameter.DATA_HASH);
    if (settings.parquet() == null || hash == null || "".equals(hash)) {
      return null;
    }
    ProvidedDataSet data;
    synchronized (PREPARED) {
      data = PREPARED.get(hash);
    }
    if (data == null) {
      data = prepare(spark, settings);
      if (!data.hash().equals(hash)) {
        throw new io.sweep.driver.UserError("the data set " + settings.parquet().path()
            + " changed while sweep " + settings.name() + " was planned (content hash " + hash
            + ", now " + data.hash() + "); run the sweep again");
      }
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(data);
  }

  /** Reads, validates and prepares the data set of parquet settings. */
  static ProvidedDataSet prepare(SparkSession spark, SweepSettings settings) {
    ParquetSource src = settings.parquet();
    List<ConfigProblem> problems = new ArrayList<>();
    String dataKey = Parameter.DATA_PATH.path();
    String featuresKey = "sweep.data.features";
    String labelKey = "sweep.data.label";
    ParquetTable.Keys keys = new ParquetTable.Keys(dataKey, src.where(dataKey), featuresKey,
        src.where(featuresKey), labelKey, src.where(labelKey));
    ParquetTable all = ParquetTable.read(spark, src.path(), src.features(), src.label(),
        src.oneHot(), keys, problems);
    ParquetTable test = null;
    if (src.testPath() != null) {
      String testKey = "sweep.data.test-path";
      test = ParquetTable.read(spark, src.testPath(), src.features(), src.label(), src.oneHot(),
          new ParquetTable.Keys(testKey, src.where(testKey), featuresKey, src.where(featuresKey),
              labelKey, src.where(labelKey)), problems);
    }
    fail(problems);
    ParquetTable pool = all;
    if (test == null) {
      int n = all.rows();
      int nTest = (int) Math.round(src.testFraction() * n);
      if (nTest < 1 || nTest >= n) {
        String key = "sweep.data.test-fraction";
        problems.add(new ConfigProblem(src.where(key), key, src.path() + " has " + n
            + (n == 1 ? " row" : " rows") + ": test-fraction = " + src.testFraction() + " holds out "
            + nTest + ", leaving " + (nTest < 1 ? "no test set" : "no training rows")
            + "; the test set and the training pool each need at least one row"));
        fail(problems);
      }
      boolean[] isTest = new boolean[n];
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      SplittableRandom rng = new SplittableRandom(Seeds.derive(src.splitSeed(), SPLIT_STREAM));
      for (int i = 0; i < nTest; i++) {
        int j = i + rng.nextInt(n - i);
        int t = order[j];
        order[j] = order[i];
        order[i] = t;
        isTest[t] = true;
      }
      pool = rows(all, isTest, false);
      test = rows(all, isTest, true);
    } else if (test.d() != pool.d()) {
      String key = "sweep.data.test-path";
      problems.add(new ConfigProblem(src.where(key), key, "the test set " + src.testPath() + " has "
          + test.d() + " features per row, the training data " + src.path() + " " + pool.d()));
      fail(problems);
    }
    double[] poolY = pool.y();
    double[] testY = test.y();
    int k = src.label().size();
    if (src.oneHot()) {
      List<Object> classes = classes(pool.labels());
      k = classes.size();
      Map<Object, Integer> index = new java.util.HashMap<>();
      for (int c = 0; c < k; c++) {
        index.put(classes.get(c), c);
      }
      List<Object> unknown = Arrays.stream(test.labels()).filter(v -> !index.containsKey(v))
          .distinct().limit(5).toList();
      if (!unknown.isEmpty()) {
        problems.add(new ConfigProblem(src.where(labelKey), labelKey, "column '" + src.label().get(0)
            + "' of the test set " + (src.testPath() != null ? src.testPath() : src.path())
            + " has classes the training pool lacks: " + show(unknown) + "; training classes: "
            + show(classes)));
        fail(problems);
      }
      poolY = oneHot(pool.labels(), index, k);
      testY = oneHot(test.labels(), index, k);
    }
    checkAgainstSettings(settings, src, pool, k, problems);
    fail(problems);
    double[] poolX = pool.x().clone();
    double[] testX = test.x().clone();
    if (src.standardize()) {
      standardize(poolX, testX, pool.d());
    }
    String hash = ProvidedDataSet.contentHash(pool.d(), k, poolX, poolY, testX, testY);
    ProvidedDataSet data =
        new ProvidedDataSet(hash, src.path(), pool.d(), k, poolX, poolY, testX, testY);
    synchronized (PREPARED) {
      PREPARED.put(hash, data);
    }
    return data;
  }

  /** Label width = model.output-dim in every run; the largest sample count fits the pool. */
  private static void checkAgainstSettings(SweepSettings settings, ParquetSource src,
      ParquetTable pool, int k, List<ConfigProblem> problems) {
    List<Object> outputs = settings.valuesOf(Parameter.OUTPUT_DIM);
    List<Object> wrong = outputs.stream().filter(o -> ((Number) o).intValue() != k).toList();
    if (!wrong.isEmpty()) {
      String width = src.oneHot()
          ? "column '" + src.label().get(0) + "' has " + k + " classes (" + show(classes(pool.labels()))
              + "), one-hot encoded as " + k + " outputs"
          : "label names " + k + (k == 1 ? " column" : " columns") + " (" + String.join(", ", src.label())
              + ")";
      Axis axis = settings.axis(Parameter.OUTPUT_DIM);
      String key = axis != null ? "sweep.grid." + Parameter.OUTPUT_DIM.key() : Parameter.OUTPUT_DIM.path();
      String where = axis != null ? axis.origin() : src.where(Parameter.OUTPUT_DIM.path());
      problems.add(new ConfigProblem(where, key, "the label width of " + src.path() + " is " + k + ": "
          + width + "; model.output-dim must equal it, got "
          + wrong.stream().map(String::valueOf).collect(Collectors.joining(", "))));
    }
    int most = settings.valuesOf(Parameter.SAMPLES).stream().mapToInt(o -> ((Number) o).intValue())
        .max().orElse(0);
    if (most > pool.rows()) {
      Axis axis = settings.axis(Parameter.SAMPLES);
      String key = axis != null ? "sweep.grid." + Parameter.SAMPLES.key() : Parameter.SAMPLES.path();
      String where = axis != null ? axis.origin() : src.where(Parameter.SAMPLES.path());
      problems.add(new ConfigProblem(where, key, src.path() + " has " + pool.rows()
          + " training rows" + (src.testPath() == null ? " (after holding out test-fraction = "
              + src.testFraction() + " of its rows for the test set)" : "")
          + ", fewer than samples = " + most + "; every sample count must be <= " + pool.rows()));
    }
  }

  private static void fail(List<ConfigProblem> problems) {
    if (!problems.isEmpty()) {
      throw new DataSetError(problems);
    }
  }

  /** The rows of {@code t} that are ({@code test}) or are not in the test set, in file order. */
  private static ParquetTable rows(ParquetTable t, boolean[] isTest, boolean test) {
    int n = 0;
    for (boolean b : isTest) {
      n += b == test ? 1 : 0;
    }
    int d = t.d();
    int k = t.y() == null ? 0 : t.y().length / t.rows();
    double[] x = new double[n * d];
    double[] y = t.y() == null ? null : new double[n * k];
    Object[] labels = t.labels() == null ? null : new Object[n];
    int r = 0;
    for (int i = 0; i < t.rows(); i++) {
      if (isTest[i] != test) {
        continue;
      }
      System.arraycopy(t.x(), i * d, x, r * d, d);
      if (y != null) {
        System.arraycopy(t.y(), i * k, y, r * k, k);
      }
      if (labels != null) {
        labels[r] = t.labels()[i];
      }
      r++;
    }
    return new ParquetTable(n, d, x, y, labels, t.name());
  }

  /** The distinct classes in sorted order: numbers numerically, text lexicographically. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<Object> classes(Object[] labels) {
    TreeSet<Object> sorted = new TreeSet<>((a, b) -> {
      if (a instanceof Double x && b instanceof Double y) {
        return Double.compare(x, y);
      }
      return ((Comparable) a.toString()).compareTo(b.toString());
    });
    sorted.addAll(Arrays.asList(labels));
    return new ArrayList<>(sorted);
  }

  private static double[] oneHot(Object[] labels, Map<Object, Integer> index, int k) {
    double[] y = new double[labels.length * k];
    for (int i = 0; i < labels.length; i++) {
      y[i * k + index.get(labels[i])] = 1;
    }
    return y;
  }

  /** Feature-wise (x − mean) / std with the pool's statistics, applied to pool and test alike. */
  static void standardize(double[] poolX, double[] testX, int d) {
    for (int j = 0; j < d; j++) {
      double[] moments = Columns.meanAndVariance(poolX, d, j);
      double mean = moments[0];
      double sd = Math.sqrt(moments[1]);
      double scale = sd > 0 ? 1 / sd : 1;
      for (double[] x : new double[][] {poolX, testX}) {
        for (int i = 0; i < x.length / d; i++) {
          x[i * d + j] = (x[i * d + j] - mean) * scale;
        }
      }
    }
  }

  private static String show(List<Object> classes) {
    return classes.stream().map(c -> c instanceof Double v && v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf(v.longValue()) : String.valueOf(c)).collect(Collectors.joining(", "));
  }
}
