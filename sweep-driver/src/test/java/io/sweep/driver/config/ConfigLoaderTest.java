package io.sweep.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import io.sweep.driver.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  /** An environment variable no test machine sets. */
  private static final String UNSET = "SWEEP_TEST_UNSET_7F3A9C";

  private static final String SWEEP =
      """
      sweep {
        name = layers
        grid {
          lr = [0.5]
          seed = [0, 1]
        }
        train { steps = 1000 }
      }
      """;

  @TempDir Path dir;

  private Path sweepFile() {
    return SweepFiles.write(dir, "sweep.conf", SWEEP);
  }

  @Test
  void theSweepFileWinsOverTheDefaultsKeyByKey() {
    SweepSettings s = SweepFiles.parse(sweepFile());

    assertEquals(1000L, s.base().get(Parameter.STEPS));
    assertEquals(100, s.base().get(Parameter.LOG_EVERY));
    assertEquals(List.of(0.5), s.axis(Parameter.LR).values());
  }

  @Test
  void setOverridesWinOverTheSweepFile() {
    SweepSettings s =
        SweepFiles.parse(sweepFile(), "sweep.train.steps=500", "sweep.grid.lr=[0.1,0.2]");

    assertEquals(500L, s.base().get(Parameter.STEPS));
    assertEquals(List.of(0.1, 0.2), s.axis(Parameter.LR).values());
    assertEquals("--set sweep.grid.lr=[0.1,0.2]", s.axis(Parameter.LR).origin());
    assertEquals(List.of(0, 1), s.axis(Parameter.SEED).values());
    assertEquals(4, s.runCount());
  }

  @Test
  void aLaterSetWinsOverAnEarlierOne() {
    SweepSettings s =
        SweepFiles.parse(
            sweepFile(),
            "sweep.train.steps=500",
            "sweep.grid.lr=[0.1,0.2]",
            "sweep.train.steps=700",
            "sweep.grid.lr=[0.3]");

    assertEquals(700L, s.base().get(Parameter.STEPS));
    assertEquals(List.of(0.3), s.axis(Parameter.LR).values());
  }

  @Test
  void setMayAddAnAxisTheFileDoesNotHave() {
    SweepSettings s = SweepFiles.parse(sweepFile(), "sweep.grid.width=[8,16]");

    assertEquals(List.of(8, 16), s.axis(Parameter.WIDTH).values());
    assertEquals(4, s.runCount());
  }

  @Test
  void aBadValueFromSetIsReportedAtTheSetArgument() {
    List<ConfigProblem> problems = SweepFiles.problems(sweepFile(), "sweep.grid.lr=[0.1,-0.2]");

    assertEquals(
        List.of(new ConfigProblem(
            "--set sweep.grid.lr=[0.1,-0.2]", "sweep.grid.lr[1]", "value -0.2 must be > 0")),
        problems);
    assertEquals(
        "--set sweep.grid.lr=[0.1,-0.2]: sweep.grid.lr[1]: value -0.2 must be > 0",
        problems.get(0).toString());
  }

  @Test
  void everyMalformedSetIsReportedTogether() {
    List<ConfigProblem> problems =
        SweepFiles.problems(sweepFile(), "sweep.train.steps", "sweep.grid.lr=[", "seed");

    assertEquals(
        List.of("--set sweep.train.steps", "--set sweep.grid.lr=[", "--set seed"),
        problems.stream().map(ConfigProblem::where).toList());
  }

  @Test
  void anOptionalSubstitutionThatIsUnsetFallsBackToTheDefault() {
    assumeTrue(System.getenv(UNSET) == null);
    Path file =
        SweepFiles.write(
            dir,
            "sweep.conf",
            """
            sweep {
              name = env
              train { steps = ${?%s} }
            }
            """.formatted(UNSET));

    assertEquals(2000L, SweepFiles.parse(file).base().get(Parameter.STEPS));
  }

  @Test
  void theStoreIsTheDefaultWhenSweepStoreIsUnset() {
    assumeTrue(System.getenv("SWEEP_STORE") == null);

    EngineSettings e = SettingsParser.engine(ConfigLoader.load(null, List.of()));

    assertEquals("sweep-store", e.store());
  }

  @Test
  void anOptionalSubstitutionThatIsSetTakesTheEnvironmentsValue() {
    Optional<String> variable =
        System.getenv().keySet().stream()
            .filter(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*") && !System.getenv(k).isBlank())
            .sorted()
            .findFirst();
    assumeTrue(variable.isPresent());
    Path file =
        SweepFiles.write(
            dir,
            "sweep.conf",
            """
            engine { log-dir = ${?%s} }
            sweep { name = env }
            """.formatted(variable.get()));

    EngineSettings e = SettingsParser.engine(ConfigLoader.load(file, List.of()));

    assertEquals(System.getenv(variable.get()).trim(), e.logDir());
  }

  @Test
  void aRequiredSubstitutionThatIsUnsetIsALocatedProblem() {
    assumeTrue(System.getenv(UNSET) == null);
    Path file =
        SweepFiles.write(
            dir,
            "sweep.conf",
            """
            sweep {
              name = env
              train { steps = ${%s} }
            }
            """.formatted(UNSET));

    ConfigProblems e =
        assertThrows(ConfigProblems.class, () -> ConfigLoader.load(file, List.of()));

    assertEquals(
        List.of(new ConfigProblem(
            file + ":3", "substitution",
            "Could not resolve substitution to a value: ${" + UNSET + "}")),
        e.problems());
  }

  @Test
  void aMissingSweepFileIsAUserErrorNamingThePath() {
    Path missing = dir.resolve("nope.conf");

    UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(missing, List.of()));

    assertEquals("sweep file not found: " + missing, e.getMessage());
  }

  @Test
  void aDirectoryInsteadOfASweepFileIsAUserErrorSayingSo() {
    UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(dir, List.of()));

    assertEquals("sweep file not found: " + dir + " (a directory)", e.getMessage());
  }

  @Test
  void withoutASweepFileOnlyTheDefaultsAndOverridesApply() {
    Config config = ConfigLoader.load(null, List.of("engine.master=\"local[2]\""));

    assertEquals("local[2]", SettingsParser.engine(config).master());
    assertEquals(2000, config.getInt("sweep.train.steps"));
  }

  @Test
  void thePackagedDefaultsHoldEveryParameter() {
    Config defaults = ConfigLoader.defaults().resolve();

    for (Parameter p : Parameter.values()) {
      // a derived parameter (full-batch) follows from another key and has none of its own
      assertTrue(defaults.hasPath(p.path()) != p.derived(), p.path());
    }
  }
}
