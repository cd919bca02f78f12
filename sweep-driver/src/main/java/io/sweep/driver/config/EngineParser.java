package io.sweep.driver.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.TreeMap;

/** Parses the {@code engine} block into {@link EngineSettings}. */
final class EngineParser {
  /** Where the block lives. */
  static final String PATH = "engine";

  /** The keys of the block: what {@link #parse} reads, and all the block may hold. */
  enum Key {
    STORE, MASTER, LOG_DIR, WAVE_SIZE, COMMIT_INTERVAL, PACK_SIZE, PACK_BACKEND, MAX_RUNS, SPARK,
    STORE_WEIGHTS, MIN_PACKS
  }

  private static final int MAX_PACK_SIZE = 4096;

  private EngineParser() {}

  /** The engine settings, or null when the block is missing or has problems (then recorded). */
  static EngineSettings parse(ConfigReader r) {
    if (!r.block(PATH, Key.class)) {
      return null;
    }
    String store = r.string(path(Key.STORE));
    String master = r.string(path(Key.MASTER));
    String logDir = r.string(path(Key.LOG_DIR));
    long wave = r.integer(path(Key.WAVE_SIZE), 0);
    java.time.Duration commitInterval = duration(r, path(Key.COMMIT_INTERVAL));
    long pack = r.integer(path(Key.PACK_SIZE), 1);
    if (pack > MAX_PACK_SIZE) {
      r.add(r.config().getValue(path(Key.PACK_SIZE)).origin(), path(Key.PACK_SIZE),
          "must be at most " + MAX_PACK_SIZE + ", got " + pack);
    }
    int minPacks = minPacks(r);
    io.sweep.worker.pack.PackBackend packBackend = packBackend(r);
    long maxRuns = r.integer(path(Key.MAX_RUNS), 1);
    Map<String, String> spark = sparkConf(r);
    boolean storeWeights = storeWeights(r);
    if (r.hasProblems()) {
      return null;
    }
    return new EngineSettings(store, master, logDir, (int) wave, (int) pack, maxRuns, spark,
        commitInterval, packBackend, storeWeights, minPacks);
  }

  /** {@code engine.min-packs}: at least 1; the default when absent (a configuration older than the key). */
  private static int minPacks(ConfigReader r) {
    String path = path(Key.MIN_PACKS);
    if (!r.config().hasPath(path)) {
      return io.sweep.driver.plan.PackPlan.DEFAULT_MIN_PACKS;
    }
    long n = r.integer(path, 1);
    if (n > MAX_PACK_SIZE) {
      r.add(r.config().getValue(path).origin(), path,
          "must be at most " + MAX_PACK_SIZE + ", got " + n);
    }
    return (int) Math.min(n, MAX_PACK_SIZE);
  }

  /**
   * {@code engine.pack-backend}: auto (the default, also when absent), native-cpu or nd4j. Not
   * checked against the driver's ND4J backend: the executors' may differ (a CPU driver, CUDA
   * executors); native-cpu on a non-CPU executor falls back to the reference trainer per pack.
   */
  private static io.sweep.worker.pack.PackBackend packBackend(ConfigReader r) {
    String path = path(Key.PACK_BACKEND);
    if (!r.config().hasPath(path)) {
      return io.sweep.worker.pack.PackBackend.AUTO;
    }
    String value = r.string(path);
    if (value == null || value.isEmpty()) {
      return io.sweep.worker.pack.PackBackend.AUTO;
    }
    try {
      return io.sweep.worker.pack.PackBackend.of(value);
    } catch (IllegalArgumentException e) {
      r.add(r.config().getValue(path).origin(), path,
          "must be auto, native-cpu or nd4j, got '" + value + "'");
      return io.sweep.worker.pack.PackBackend.AUTO;
    }
  }

  /** {@code engine.store-weights}: true when absent (a configuration older than the key). */
  private static boolean storeWeights(ConfigReader r) {
    String path = path(Key.STORE_WEIGHTS);
    if (!r.config().hasPath(path)) {
      return true;
    }
    try {
      return r.config().getBoolean(path);
    } catch (com.typesafe.config.ConfigException e) {
      r.add(r.config().getValue(path).origin(), path, "must be true or false, got "
          + ConfigReader.render(r.config().getValue(path)));
      return true;
    }
  }

  /** {@code engine.spark}: Spark settings passed through as they are, each a plain value. */
  private static Map<String, String> sparkConf(ConfigReader r) {
    Map<String, String> spark = new TreeMap<>();
    String path = path(Key.SPARK);
    if (r.isObject(path)) {
      for (Map.Entry<String, ConfigValue> e : r.config().getObject(path).entrySet()) {
        ConfigValue v = e.getValue();
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
          r.add(v.origin(), path + "." + e.getKey(),
              "must be a plain value (string, number or boolean)");
        } else {
          spark.put(e.getKey(), String.valueOf(v.unwrapped()));
        }
      }
    }
    return spark;
  }

  /** A duration ({@code 30s}, {@code 2m}, {@code 0}); the default when the key is absent. */
  private static java.time.Duration duration(ConfigReader r, String path) {
    if (!r.config().hasPath(path)) {
      return EngineSettings.DEFAULT_COMMIT_INTERVAL;
    }
    try {
      java.time.Duration d = r.config().getDuration(path);
      if (d.isNegative()) {
        r.add(r.config().getValue(path).origin(), path, "must not be negative, got " + d);
      }
      return d;
    } catch (com.typesafe.config.ConfigException e) {
      r.add(r.config().getValue(path).origin(), path,
          "must be a duration such as 30s, 2m or 0 (commit every pack as it finishes)");
      return EngineSettings.DEFAULT_COMMIT_INTERVAL;
    }
  }

  private static String path(Key key) {
    return KnownKeys.path(PATH, key);
  }
}
