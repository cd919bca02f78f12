package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.driver.CliRun;
import io.sweep.driver.UserError;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * spark-submit's {@code --conf KEY=VALUE} on every verb (read from picocli, like {@code HelpTest}):
 * the value reaches {@code EngineSettings.sparkConf} as given, dots in the key and HOCON syntax in
 * the value included. No Spark starts.
 */
class SparkConfOptionTest {
  /** Every verb but picocli's {@code help}, which starts nothing. */
  static Stream<String> verbs() {
    return Main.commandLine().getSubcommands().keySet().stream().filter(v -> !v.equals("help"));
  }

  private static final String JAVA_OPTIONS = "-Dlog4j.configurationFile=a,b.xml -XX:+UseG1GC -Dx=y";

  @ParameterizedTest(name = "{0}")
  @MethodSource("verbs")
  void everyVerbPassesConfToTheEngineSparkSettings(String verb) {
    CommandLine cl = Main.commandLine();
    // --help lifts the check of the verb's required parameters; only the options matter here.
    CommandLine.ParseResult parsed = cl.parseArgs(verb, "--help",
        "--conf", "spark.ui.enabled=true",
        "--conf", "spark.executor.extraJavaOptions=" + JAVA_OPTIONS,
        "--conf", "spark.sql.shuffle.partitions=3",
        "--set", "engine.spark.\"spark.sql.shuffle.partitions\"=5");
    CommandLine sub = parsed.subcommand().commandSpec().commandLine();
    CommonOptions common = (CommonOptions) sub.getCommandSpec().mixins().get("common").userObject();
    Map<String, String> spark = common.engine().sparkConf();
    assertEquals("true", spark.get("spark.ui.enabled"));
    assertEquals(JAVA_OPTIONS, spark.get("spark.executor.extraJavaOptions"));
    assertEquals("3", spark.get("spark.sql.shuffle.partitions"), "--conf comes after --set");
    // untouched defaults of conf/application.conf stay
    assertEquals("dynamic", spark.get("spark.sql.sources.partitionOverwriteMode"));
  }

  @Test
  void confIsTheQuotedSetOverride() {
    assertEquals("engine.spark.\"spark.ui.enabled\"=\"true\"", CommonOptions.sparkOverride("spark.ui.enabled=true"));
    assertEquals("engine.spark.\"spark.a\"=\"b=c\"", CommonOptions.sparkOverride("spark.a=b=c"));
  }

  @Test
  void aConfWithoutEqualsOrNotOfSparkIsRefusedWithExitCode2() {
    assertEquals("--conf spark.ui.enabled: expected KEY=VALUE, e.g. --conf spark.ui.enabled=true",
        assertThrows(UserError.class, () -> CommonOptions.sparkOverride("spark.ui.enabled")).getMessage());
    assertEquals("--conf wave-size=8: 'wave-size' is not a Spark setting (they start with 'spark.'); "
            + "sweep's own settings go through --set, e.g. --set engine.wave-size=8",
        assertThrows(UserError.class, () -> CommonOptions.sparkOverride("wave-size=8")).getMessage());
    CliRun r = CliRun.of("plan", "no-such.conf", "--conf", "ui=true");
    assertEquals(2, r.code(), r.err());
    assertEquals("error: --conf ui=true: 'ui' is not a Spark setting (they start with 'spark.'); "
        + "sweep's own settings go through --set, e.g. --set engine.wave-size=8\n", r.err());
  }
}
