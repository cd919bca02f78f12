package io.sweep.driver.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.sweep.driver.UserError;
import io.sweep.driver.app.Logging;
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

/**
 * Options shared by the verbs: store, master, overrides ({@code --set}, and {@code --conf} for Spark
 * settings as spark-submit takes them), debug, help. Flags override config, never
 * redefine it. Every verb mixes these in, so {@code --help} works on each (a verb without it is
 * caught by {@code HelpTest}).
 */
final class CommonOptions {
  // usageHelp: picocli prints the verb's usage, exits 0 and skips the check of required parameters.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this verb's usage and exit.")
  boolean help;

  @Option(names = "--store", paramLabel = "DIR", description = "Store directory or Hadoop URI (default: engine.store, env SWEEP_STORE).")
  String store;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: engine.master, local[*]).")
  String master;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any config key, e.g. --set sweep.train.steps=500 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, as spark-submit's --conf, e.g. --conf spark.ui.enabled=true: short for --set engine.spark.\"KEY\"=VALUE (repeatable).")
  List<String> sparkConf = new ArrayList<>();

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  /** Loads the layered config (with the sweep file when given). */
  private Config config(Path sweepFile) {
    List<String> all = new ArrayList<>(overrides);
    for (String c : sparkConf) {
      all.add(sparkOverride(c));
    }
    return ConfigLoader.load(sweepFile, all);
  }

  /**
   * {@code --conf KEY=VALUE} as the {@code --set} override {@code engine.spark."KEY"="VALUE"}: the
   * key is quoted because Spark keys contain dots, the value because it may contain HOCON syntax
   * ({@code -Dx=y}, commas, colons). Spark-submit splits at the first {@code =}, so does this.
   *
   * @throws UserError when there is no {@code =} or the key does not start with {@code spark.}
   */
  static String sparkOverride(String conf) {
    int eq = conf.indexOf('=');
    String key = eq < 0 ? "" : conf.substring(0, eq).trim();
    if (eq < 0 || key.isEmpty()) {
      throw new UserError("--conf " + conf + ": expected KEY=VALUE, e.g. --conf spark.ui.enabled=true");
    }
    if (!key.startsWith("spark.")) {
      throw new UserError("--conf " + conf + ": '" + key + "' is not a Spark setting (they start with "
          + "'spark.'); sweep's own settings go through --set, e.g. --set engine.wave-size=8");
    }
    return "engine.spark." + ConfigUtil.quoteString(key) + "=" + ConfigUtil.quoteString(conf.substring(eq + 1));
  }

  /** Engine settings (no sweep file) with {@code --store} applied. */
  EngineSettings engine() {
    return withStore(SettingsParser.engine(config(null)));
  }

  /** Engine and sweep settings of a sweep file, validated together, with {@code --store} applied. */
  SettingsParser.Settings settings(Path sweepFile) {
    SettingsParser.Settings s = SettingsParser.all(config(sweepFile), sweepFile.toString());
    return new SettingsParser.Settings(withStore(s.engine()), s.sweep());
  }

  private EngineSettings withStore(EngineSettings e) {
    return e.withStore(store);
  }

  /** Sends logs to a file, then starts Spark. */
  SparkSession spark(EngineSettings engine) {
    Logging.toFile(engine.logDir());
    return SparkSessions.start(engine, master);
  }

  /** Starts Spark and opens the store with its SQL views registered (the read-only verbs). */
  io.sweep.driver.store.Store storeWithViews(EngineSettings engine) {
    io.sweep.driver.store.Store store = io.sweep.driver.store.Store.open(spark(engine), engine.store());
    io.sweep.driver.views.StoreViews.register(store);
    return store;
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
