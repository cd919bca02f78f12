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
 */
public record EngineSettings(
    String store,
    String master,
    String logDir,
    int waveSize,
    int packSize,
    long maxRuns,
    Map<String, String> sparkConf) {

  public EngineSettings {
    sparkConf = Map.copyOf(sparkConf);
  }

  /** These settings with another store (e.g. from {@code --store}); null keeps this one. */
  public EngineSettings withStore(String otherStore) {
    if (otherStore == null) {
      return this;
    }
    return new EngineSettings(otherStore, master, logDir, waveSize, packSize, maxRuns, sparkConf);
  }
}
