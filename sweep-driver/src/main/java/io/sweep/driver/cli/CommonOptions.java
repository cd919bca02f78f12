package io.sweep.driver.cli;

import com.typesafe.config.Config;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.exec.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** Options shared by the verbs: store, master, overrides, debug. Flags override config, never redefine it. */
final class CommonOptions {
  @Option(names = "--store", paramLabel = "DIR", description = "Store directory or Hadoop URI (default: engine.store, env SWEEP_STORE).")
  String store;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: engine.master, local[*]).")
  String master;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any config key, e.g. --set sweep.train.steps=500 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  /** Loads the layered config (with the sweep file when given). */
  Config config(Path sweepFile) {
    return ConfigLoader.load(sweepFile, overrides);
  }

  /** Engine settings with {@code --store} applied. */
  EngineSettings engine(Config config) {
    EngineSettings e = SettingsParser.engine(config);
    if (store != null) {
      e = new EngineSettings(store, e.master(), e.logDir(), e.waveSize(), e.maxRuns(), e.sparkConf());
    }
    return e;
  }

  /** Sends logs to a file, then starts Spark. */
  SparkSession spark(EngineSettings engine) {
    Logging.toFile(engine.logDir());
    return SparkSessions.start(engine, master);
  }

  static boolean debugRequested(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
