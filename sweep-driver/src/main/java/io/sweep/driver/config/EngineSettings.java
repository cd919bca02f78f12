package io.sweep.driver.config;

import java.util.Map;

/**
 * Settings of the engine itself (section {@code engine} of application.conf), not of a sweep.
 *
 * @param store     store root: a local path or Hadoop URI
 * @param master    Spark master URL used when neither {@code --master} nor spark-submit set one
 * @param logDir    directory of the log file
 * @param waveSize  runs committed per wave; 0 means four packs per core
 * @param packSize  most runs trained together as one pack, one Spark task (PERFORMANCE.md)
 * @param maxRuns   sweeps larger than this need {@code --yes}
 * @param sparkConf extra Spark settings, passed through
 * @param commitInterval a pack that finished this long ago is in the store (0: each pack is
 *                  committed as it finishes)
 * @param packBackend the pack trainer's path ({@code engine.pack-backend}: auto, native-cpu, nd4j)
 * @param storeWeights whether the final parameters of every ok run go to the {@code weights}
 *                  table ({@code engine.store-weights}, default true)
 * @param minPacks  a sweep of fewer than {@code packSize × minPacks} runs is spread over about
 *                  this many packs ({@code engine.min-packs}, default 16; 1 = off; {@code
 *                  PackPlan.packSize})
 */
public record EngineSettings(
    String store,
    String master,
    String logDir,
    int waveSize,
    int packSize,
    long maxRuns,
    Map<String, String> sparkConf,
    java.time.Duration commitInterval,
    io.sweep.worker.pack.PackBackend packBackend,
    boolean storeWeights,
    int minPacks) {

  /** {@code engine.commit-interval} when not given. */
  public static final java.time.Duration DEFAULT_COMMIT_INTERVAL = java.time.Duration.ofSeconds(30);

  public EngineSettings {
    sparkConf = Map.copyOf(sparkConf);
    java.util.Objects.requireNonNull(commitInterval, "commitInterval");
    java.util.Objects.requireNonNull(packBackend, "packBackend");
  }

  /** These settings with another store (e.g. from {@code --store}); null keeps this one. */
  public EngineSettings withStore(String otherStore) {
    if (otherStore == null) {
      return this;
    }
    return new EngineSettings(otherStore, master, logDir, waveSize, packSize, maxRuns, sparkConf,
        commitInterval, packBackend, storeWeights, minPacks);
  }
}
