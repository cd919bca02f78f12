package io.sweep.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.driver.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsParserTest {
  private static final String AXES =
      "lr, batch-size, label-noise, samples, width, activation, init-scale, bias, depth, init, "
          + "output-init, train-output, input-dim, teacher, teacher-width, data-noise, "
          + "test-samples, steps, log-every, divergence-factor, momentum, weight-decay, sampling, "
          + "output-dim, inputs, input-shift, constant-input, teacher-sparsity, teacher-activation, "
          + "teacher-offset, labels, label-scale, init-from, init-perturb, seed, schedule-<phase>-<knob> (knobs: at, lr, batch-size, label-noise, momentum)";
  private static final String SCHEDULE_EXAMPLE =
      "[{at = 20000, lr = 0.01}, {at = 39000, label-noise = 0, batch-size = full}]";
  private static final String MODEL_KEYS =
      "width, activation, init-scale, bias, depth, init, output-init, train-output, output-dim, "
          + "init-from, init-perturb";
  private static final String SWEEP_KEYS =
      "data, description, diagnostics, grid, model, name, train";
  private static final String BATCH_RULE =
      "every batch size must be <= every sample count it is combined with (or use batch-size = "
          + "full: B = n of each run)";
  private static final String NAME_RULE =
      "is not a valid name: use letters, digits, '_', '-' and '.', starting with a letter or "
          + "digit, at most 100 characters";

  @TempDir Path dir;

  // ------------------------------------------------------------------ valid files

  @Test
  void quickstartParsesTo24RunsWithAxesInCanonicalOrderAndDefaultsUnderneath() {
    SweepSettings s = SweepFiles.parse(SweepFiles.quickstart());

    assertEquals("quickstart", s.name());
    assertEquals(SweepFiles.quickstart().toString(), s.source());
    assertEquals(24, s.runCount());
    assertEquals(
        List.of(
            Parameter.LR, Parameter.BATCH_SIZE, Parameter.LABEL_NOISE, Parameter.SAMPLES,
            Parameter.SEED),
        s.axes().stream().map(Axis::parameter).toList());
    assertEquals(List.of(0.01, 0.05, 0.2), s.axis(Parameter.LR).values());
    assertEquals(List.of(8, 32), s.axis(Parameter.BATCH_SIZE).values());
    assertEquals(List.of(0.0, 0.5), s.axis(Parameter.LABEL_NOISE).values());
    assertEquals(List.of(32, 128), s.axis(Parameter.SAMPLES).values());
    assertEquals(List.of(0), s.axis(Parameter.SEED).values());
    assertEquals(SweepFiles.quickstart() + ":7", s.axis(Parameter.LR).origin());
    assertNull(s.axis(Parameter.WIDTH));

    // Every parameter has a base value: the file's where it sets one (steps = 1000), else the
    // packaged defaults' (divergence-factor, samples, lr, ...). Axes override these per run.
    Map<Parameter, Object> expected =
        Map.ofEntries(
            Map.entry(Parameter.LR, 0.05),
            Map.entry(Parameter.BATCH_SIZE, 32),
            Map.entry(Parameter.LABEL_NOISE, 0.0),
            Map.entry(Parameter.SAMPLES, 128),
            Map.entry(Parameter.WIDTH, 32),
            Map.entry(Parameter.ACTIVATION, "relu"),
            Map.entry(Parameter.INIT_SCALE, 1.0),
            Map.entry(Parameter.BIAS, false),
            Map.entry(Parameter.INPUT_DIM, 16),
            Map.entry(Parameter.TEACHER, "linear"),
            Map.entry(Parameter.TEACHER_WIDTH, 4),
            Map.entry(Parameter.DATA_NOISE, 0.0),
            Map.entry(Parameter.TEST_SAMPLES, 1000),
            Map.entry(Parameter.DATA_TYPE, "teacher-student"),
            Map.entry(Parameter.STEPS, 1000L),
            Map.entry(Parameter.LOG_EVERY, 100),
            Map.entry(Parameter.DIVERGENCE_FACTOR, 1000.0),
            Map.entry(Parameter.DEPTH, 1),
            Map.entry(Parameter.INIT, "lecun"),
            Map.entry(Parameter.OUTPUT_INIT, "random"),
            Map.entry(Parameter.TRAIN_OUTPUT, true),
            Map.entry(Parameter.MOMENTUM, 0.0),
            Map.entry(Parameter.WEIGHT_DECAY, 0.0),
            Map.entry(Parameter.SAMPLING, "without-replacement"),
            Map.entry(Parameter.FULL_BATCH, false),
            Map.entry(Parameter.SCHEDULE, "[]"),
            Map.entry(Parameter.OUTPUT_DIM, 1),
            Map.entry(Parameter.DATA_PATH, ""),
            Map.entry(Parameter.DATA_HASH, ""),
            Map.entry(Parameter.INPUTS, "gaussian"),
            Map.entry(Parameter.INPUT_SHIFT, 0.0),
            Map.entry(Parameter.CONSTANT_INPUT, false),
            Map.entry(Parameter.TEACHER_SPARSITY, 0),
            Map.entry(Parameter.TEACHER_ACTIVATION, "relu"),
            Map.entry(Parameter.TEACHER_OFFSET, 0.0),
            Map.entry(Parameter.LABELS, "teacher"),
            Map.entry(Parameter.LABEL_SCALE, 1.0),
            Map.entry(Parameter.INIT_FROM, ""),
            Map.entry(Parameter.INIT_PERTURB, 0.0),
            Map.entry(Parameter.SEED, 0));
    assertEquals(expected, s.base());
    assertEquals(new DiagnosticsSpec(0.1, 0.1, 1e-3, 32, 600, 500), s.diagnostics());
  }

  @Test
  void everyShippedSweepParsesAndValidates() throws IOException {
    List<Path> files = new java.util.ArrayList<>();
    for (Path dir : List.of(SweepFiles.shippedSweeps(), SweepFiles.notebookSweeps())) {
      try (Stream<Path> list = Files.list(dir)) {
        List<Path> here = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        assertFalse(here.isEmpty(), dir.toString());
        files.addAll(here);
      }
    }
    for (Path file : files) {
      SweepSettings s = SweepFiles.parse(file);
      assertEquals(
          file.getFileName().toString().replaceFirst("\\.conf$", ""), s.name(), file.toString());
    }
  }

  /** The convergence tolerances are optional keys: defaults without them, the file's with them. */
  @Test
  void convergenceTolerancesDefaultAndOverride() {
    DiagnosticsSpec d = SweepFiles.parse(SweepFiles.quickstart()).diagnostics();
    assertEquals(List.of(1e-3, 1e-3, 5),
        List.of(d.gradientTolerance(), d.lossChangeTolerance(), d.convergenceWindow()));
    SweepSettings set = SettingsParser.sweep(ConfigFactory.parseString("sweep { name = t, diagnostics {"
        + " gradient-tolerance = 1e-6, loss-change-tolerance = 0.01, convergence-window = 3 } }")
        .withFallback(ConfigLoader.defaults()).resolve(), "my.conf");
    assertEquals(new DiagnosticsSpec(0.1, 0.1, 1e-3, 32, 600, 500, 1e-6, 0.01, 3),
        set.diagnostics());
    assertEquals(3, set.diagnostics().convergenceWindow());
    assertEquals(DiagnosticsSpec.DEFAULT_LOSS_FLOOR, d.lossFloor());
    SweepSettings floor = SettingsParser.sweep(ConfigFactory.parseString(
        "sweep { name = t, diagnostics { loss-floor = 0 } }")
        .withFallback(ConfigLoader.defaults()).resolve(), "my.conf");
    assertEquals(0.0, floor.diagnostics().lossFloor());
  }

  /** stability-max-params is optional: DiagnosticsSpec's default without it, the file's with it. */
  @Test
  void stabilityMaxParamsDefaultsAndOverrides() {
    DiagnosticsSpec d = SweepFiles.parse(SweepFiles.quickstart()).diagnostics();
    assertEquals(DiagnosticsSpec.DEFAULT_STABILITY_MAX_PARAMS, d.stabilityMaxParams());
    SweepSettings set = SettingsParser.sweep(ConfigFactory.parseString(
        "sweep { name = t, diagnostics { stability-max-params = 64 } }")
        .withFallback(ConfigLoader.defaults()).resolve(), "my.conf");
    assertEquals(64, set.diagnostics().stabilityMaxParams());
  }

  @Test
  void configTextOfASweepParsesBackToTheSameSettings() {
    SweepSettings s = SweepFiles.parse(SweepFiles.quickstart());

    SweepSettings again =
        SettingsParser.sweep(
            ConfigFactory.parseString("sweep {\n" + s.configText() + "\n}").resolve(), "stored");

    assertEquals(s.name(), again.name());
    assertEquals(s.base(), again.base());
    assertEquals(
        s.axes().stream().map(Axis::values).toList(),
        again.axes().stream().map(Axis::values).toList());
  }

  @Test
  void axesAreSortedInParameterOrderWhateverTheirOrderInTheFile() {
    SweepSettings s =
        SweepFiles.parseText(
            dir,
            """
            sweep {
              name = shuffled
              grid {
                seed = [0, 1]
                width = [8, 16]
                samples = [64]
                lr = [0.1]
              }
            }
            """);

    assertEquals(
        List.of(Parameter.LR, Parameter.SAMPLES, Parameter.WIDTH, Parameter.SEED),
        s.axes().stream().map(Axis::parameter).toList());
  }

  @Test
  void anySettingOfModelDataOrTrainMayBeAnAxisWithValuesNormalised() {
    SweepSettings s =
        SweepFiles.parseText(
            dir,
            """
            sweep {
              name = axes
              grid {
                activation = [TANH, " relu "]
                bias = [false, true]
                init-scale = {from = 0.01, to = 1, count = 3, scale = log}
                steps = [100, 1e3]
                data-noise = ["0.5"]
              }
            }
            """);

    assertEquals(List.of("tanh", "relu"), s.axis(Parameter.ACTIVATION).values());
    assertEquals(List.of(false, true), s.axis(Parameter.BIAS).values());
    assertEquals(List.of(0.01, 0.1, 1.0), s.axis(Parameter.INIT_SCALE).values());
    assertEquals(List.of(100L, 1000L), s.axis(Parameter.STEPS).values());
    assertEquals(List.of(0.5), s.axis(Parameter.DATA_NOISE).values());
    assertEquals(2 * 2 * 3 * 2, s.runCount());
  }

  @Test
  void anUnquotedNumericNameIsTheNameAsWritten() {
    assertEquals("2024", SweepFiles.parseText(dir, "sweep { name = 2024 }\n").name());
    assertEquals("1.50", SweepFiles.parseText(dir, "sweep { name = 1.50 }\n").name());
  }

  @Test
  void aGridOfNoAxesIsOneRun() {
    SweepSettings s = SweepFiles.parseText(dir, "sweep { name = single }\n");

    assertEquals(List.of(), s.axes());
    assertEquals(1, s.runCount());
  }

  // ------------------------------------------------------------------ bad files

  /**
   * One bad input: the sweep file's text, {@code --set} overrides, and every problem expected, in
   * order. In {@code where}, {@code {file}} stands for the path of the written sweep file.
   */
  record Case(String name, String text, List<String> overrides, List<ConfigProblem> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case bad(String name, String text, ConfigProblem... expected) {
    return new Case(name, text, List.of(), List.of(expected));
  }

  private static Case badSet(String name, String override, ConfigProblem... expected) {
    return new Case(name, "sweep { name = t }\n", List.of(override), List.of(expected));
  }

  private static ConfigProblem at(int line, String path, String message) {
    return new ConfigProblem("{file}:" + line, path, message);
  }

  private static ConfigProblem at(String where, String path, String message) {
    return new ConfigProblem(where, path, message);
  }

  static Stream<Case> badInputs() {
    return Stream.of(
        bad("unknown key in a section, with a suggestion",
            """
            sweep {
              name = t
              model { widht = 8 }
            }
            """,
            at(3, "sweep.model.widht",
                "unknown key (did you mean 'width'?); known keys: " + MODEL_KEYS)),
        bad("key in the wrong section",
            """
            sweep {
              name = t
              model { lr = 0.1 }
            }
            """,
            at(3, "sweep.model.lr", "unknown key here; 'lr' belongs in sweep.train")),
        bad("unknown key under sweep",
            """
            sweep {
              name = t
              gird { lr = [0.1] }
            }
            """,
            at(3, "sweep.gird",
                "unknown key (did you mean 'grid'?); known keys: " + SWEEP_KEYS)),
        bad("section outside the sweep block",
            """
            sweep {
              name = t
            }
            model { width = 8 }
            """,
            at(4, "model", "unknown top-level key; 'model' belongs inside sweep { ... }")),
        bad("misspelt sweep block",
            """
            swep {
              name = t
            }
            """,
            at("{file}", "sweep.name", "required: give the sweep a name, e.g. name = my-sweep"),
            at(1, "swep", "unknown top-level key (did you mean 'sweep'?); known keys: engine, sweep")),
        bad("absurd range count",
            """
            sweep {
              name = t
              grid { lr = {from = 0.001, to = 1, count = 1e9, scale = log} }
            }
            """,
            at(3, "sweep.grid.lr.count", "must be an integer from 1 to 100000, got 1000000000")),
        bad("sweep is not an object",
            "sweep = 3\n",
            at(1, "sweep", "must be an object { ... }, got 3")),
        bad("section is not an object",
            """
            sweep {
              name = t
              model = 3
            }
            """,
            at(3, "sweep.model", "must be an object { ... }, got 3")),
        bad("unknown axis, with a suggestion",
            """
            sweep {
              name = t
              grid { batch_size = [8] }
            }
            """,
            at(3, "sweep.grid.batch_size",
                "unknown axis (did you mean 'batch-size'?); axes may be: " + AXES)),
        bad("unknown axis, nothing close",
            """
            sweep {
              name = t
              grid { nesterov = [0.9] }
            }
            """,
            at(3, "sweep.grid.nesterov", "unknown axis; axes may be: " + AXES)),
        bad("setting that cannot be an axis",
            """
            sweep {
              name = t
              grid { type = [teacher-student] }
            }
            """,
            at(3, "sweep.grid.type", "cannot be an axis; axes may be: " + AXES)),
        bad("string for an integer",
            """
            sweep {
              name = t
              model { width = "abc" }
            }
            """,
            at(3, "sweep.model.width", "must be an integer, got \"abc\"")),
        bad("number for a boolean",
            """
            sweep {
              name = t
              model { bias = 3 }
            }
            """,
            at(3, "sweep.model.bias", "must be true or false, got 3")),
        bad("fraction for an integer",
            """
            sweep {
              name = t
              model { width = 3.5 }
            }
            """,
            at(3, "sweep.model.width", "must be an integer, got 3.5")),
        bad("fraction in an integer axis",
            """
            sweep {
              name = t
              train { batch-size = 8 }
              grid { samples = [32, 64.5] }
            }
            """,
            at(4, "sweep.grid.samples[1]", "must be an integer, got 64.5")),
        bad("null for a setting",
            """
            sweep {
              name = t
              model { width = null }
            }
            """,
            at(3, "sweep.model.width", "must be an integer, got null")),
        bad("string in a number axis",
            """
            sweep {
              name = t
              grid { lr = [0.1, fast] }
            }
            """,
            at(3, "sweep.grid.lr[1]", "must be a number, got \"fast\"")),
        bad("unknown activation",
            """
            sweep {
              name = t
              model { activation = sigmoid }
            }
            """,
            at(3, "sweep.model.activation",
                "unknown activation 'sigmoid'; allowed: relu, tanh, linear, gelu, cubic, softplus")),
        bad("empty axis",
            """
            sweep {
              name = t
              grid { lr = [] }
            }
            """,
            at(3, "sweep.grid.lr", "empty axis: give at least one value")),
        bad("duplicate value in an axis, spelt differently, located at the repeat",
            """
            sweep {
              name = t
              grid {
                lr = [
                  0.1,
                  0.2,
                  0.10
                ]
              }
            }
            """,
            at(7, "sweep.grid.lr", "value 0.1 appears twice")),
        bad("duplicate string in an axis after normalising case",
            """
            sweep {
              name = t
              grid { activation = [relu, RELU] }
            }
            """,
            at(3, "sweep.grid.activation", "value relu appears twice")),
        bad("non-positive step size in an axis",
            """
            sweep {
              name = t
              grid { lr = [0.1, -0.1] }
            }
            """,
            at(3, "sweep.grid.lr[1]", "value -0.1 must be > 0")),
        bad("zero step size",
            """
            sweep {
              name = t
              train { lr = 0 }
            }
            """,
            at(3, "sweep.train.lr", "value 0 must be > 0")),
        bad("infinite step size",
            """
            sweep {
              name = t
              grid { lr = [1e400] }
            }
            """,
            at(3, "sweep.grid.lr[0]", "value Infinity must be finite")),
        bad("negative label noise",
            """
            sweep {
              name = t
              train { label-noise = -0.5 }
            }
            """,
            at(3, "sweep.train.label-noise", "value -0.5 must be >= 0")),
        bad("divergence factor not above one",
            """
            sweep {
              name = t
              train { divergence-factor = 1 }
            }
            """,
            at(3, "sweep.train.divergence-factor", "value 1 must be > 1")),
        bad("batch size above some sample counts of the grid",
            """
            sweep {
              name = t
              grid {
                batch-size = [8, 64]
                samples = [32, 128]
                seed = [0, 1]
              }
            }
            """,
            at(4, "sweep.grid.batch-size",
                "batch size 64 exceeds sample count 32 (2 of 8 runs); " + BATCH_RULE)),
        bad("fixed batch size above the fixed sample count",
            """
            sweep {
              name = t
              train { batch-size = 256 }
            }
            """,
            at(3, "sweep.train.batch-size",
                "batch size 256 exceeds sample count 128 (1 of 1 runs); " + BATCH_RULE)),
        bad("scalar instead of a list for an axis",
            """
            sweep {
              name = t
              grid { lr = 0.1 }
            }
            """,
            at(3, "sweep.grid.lr",
                "an axis must be a list, e.g. [0.1], or a range {from, to, count, scale = "
                    + "log|linear}; got 0.1")),
        bad("log range from zero",
            """
            sweep {
              name = t
              grid { lr = {from = 0, to = 1, count = 3, scale = log} }
            }
            """,
            at(3, "sweep.grid.lr", "a log range needs from > 0 and to > 0, got from = 0, to = 1")),
        bad("range of zero values",
            """
            sweep {
              name = t
              grid { lr = {from = 0.1, to = 1, count = 0} }
            }
            """,
            at(3, "sweep.grid.lr.count", "must be an integer from 1 to 100000, got 0")),
        bad("fractional range count",
            """
            sweep {
              name = t
              grid { lr = {from = 0.1, to = 1, count = 2.5} }
            }
            """,
            at(3, "sweep.grid.lr.count", "must be an integer from 1 to 100000, got 2.5")),
        bad("unknown range key, with a suggestion",
            """
            sweep {
              name = t
              grid { lr = {from = 0.1, to = 1, count = 3, scael = log} }
            }
            """,
            at(3, "sweep.grid.lr.scael",
                "unknown range key (did you mean 'scale'?); a range has from, to, count, scale")),
        bad("range without its end",
            """
            sweep {
              name = t
              grid { lr = {from = 0.1, count = 3} }
            }
            """,
            at(3, "sweep.grid.lr", "a range needs 'to' (keys: from, to, count, scale = log|linear)")),
        bad("unknown range scale",
            """
            sweep {
              name = t
              grid { lr = {from = 0.1, to = 1, count = 3, scale = exp} }
            }
            """,
            at(3, "sweep.grid.lr.scale", "must be log or linear, got \"exp\"")),
        bad("range on a string axis",
            """
            sweep {
              name = t
              grid { activation = {from = 1, to = 2, count = 2} }
            }
            """,
            at(3, "sweep.grid.activation",
                "a range needs a numeric axis; give a list of values instead")),
        bad("integer range beyond the integers",
            """
            sweep {
              name = t
              train { batch-size = 1 }
              grid { samples = {from = 1, to = 5e9, count = 2} }
            }
            """,
            at(4, "sweep.grid.samples",
                "an integer range needs from and to of magnitude <= 2147483647, got from = 1, "
                    + "to = 5000000000")),
        bad("range whose values break the parameter's rule",
            """
            sweep {
              name = t
              grid { label-noise = {from = -1, to = 1, count = 3} }
            }
            """,
            at(3, "sweep.grid.label-noise", "value -1 must be >= 0")),
        bad("missing sweep name",
            """
            sweep {
              grid { lr = [0.1] }
            }
            """,
            at("{file}", "sweep.name", "required: give the sweep a name, e.g. name = my-sweep")),
        bad("name with a space",
            """
            sweep {
              name = "a b"
            }
            """,
            at(2, "sweep.name", "'a b' " + NAME_RULE)),
        bad("name that is a list",
            """
            sweep {
              name = [a]
            }
            """,
            at(2, "sweep.name", "'[\"a\"]' " + NAME_RULE)),
        bad("non-positive diagnostic tolerance",
            """
            sweep {
              name = t
              diagnostics { vanish-tolerance = 0 }
            }
            """,
            at(3, "sweep.diagnostics.vanish-tolerance", "must be a number > 0, got 0")),
        bad("negative gradient tolerance",
            """
            sweep {
              name = t
              diagnostics { gradient-tolerance = -1 }
            }
            """,
            at(3, "sweep.diagnostics.gradient-tolerance", "must be a number >= 0, got -1")),
        bad("vanish tolerance above 1",
            """
            sweep {
              name = t
              diagnostics { vanish-tolerance = 2 }
            }
            """,
            at(3, "sweep.diagnostics.vanish-tolerance", "must be at most 1 (a fraction of the largest neuron), got 2")),
        bad("too few Hessian probes",
            """
            sweep {
              name = t
              diagnostics { hessian-probes = 1 }
            }
            """,
            at(3, "sweep.diagnostics.hessian-probes", "value 1 must be >= 2")),
        bad("negative loss floor",
            """
            sweep {
              name = t
              diagnostics { loss-floor = -0.5 }
            }
            """,
            at(3, "sweep.diagnostics.loss-floor", "must be a number >= 0, got -0.5")),
        bad("malformed HOCON",
            """
            sweep {
              name = t
              model { width = [ }
            }
            """,
            at(3, "{file}",
                "List should have ] or a first element after the open [, instead had token: '}' "
                    + "(if you want '}' to be part of a string value, then double-quote it)")),
        bad("unknown engine key, with a suggestion",
            """
            engine { stor = elsewhere }
            sweep {
              name = t
            }
            """,
            at(1, "engine.stor",
                "unknown key (did you mean 'store'?); known keys: commit-interval, log-dir, master, max-runs, min-packs, pack-backend, pack-size, "
                    + "spark, "
                    + "store, store-weights, wave-size")),
        bad("no packs at all",
            """
            sweep { name = t }
            engine.min-packs = 0
            """,
            at(2, "engine.min-packs", "value 0 must be >= 1")),
        bad("unknown pack backend",
            """
            sweep { name = t }
            engine.pack-backend = cuda
            """,
            at(2, "engine.pack-backend", "must be auto, native-cpu or nd4j, got 'cuda'")),
        bad("nested engine.spark value",
            """
            sweep { name = t }
            engine.spark.spark.ui.enabled = false
            """,
            at(2, "engine.spark.spark", "must be a plain value (string, number or boolean)")),
        bad("depth 0",
            """
            sweep {
              name = t
              model { depth = 0 }
            }
            """,
            at(3, "sweep.model.depth", "value 0 must be >= 1")),
        bad("unknown init",
            """
            sweep {
              name = t
              grid { init = [lecun, xavier] }
            }
            """,
            at(3, "sweep.grid.init[1]", "unknown init 'xavier'; allowed: lecun, balanced")),
        bad("unknown output init",
            """
            sweep {
              name = t
              model { output-init = zeros }
            }
            """,
            at(3, "sweep.model.output-init",
                "unknown output-init 'zeros'; allowed: random, ones, ones-over-width")),
        bad("unknown sampling",
            """
            sweep {
              name = t
              train { sampling = shuffled }
            }
            """,
            at(3, "sweep.train.sampling",
                "unknown sampling 'shuffled'; allowed: without-replacement, with-replacement")),
        bad("momentum of one",
            """
            sweep {
              name = t
              grid { momentum = [0.9, 1] }
            }
            """,
            at(3, "sweep.grid.momentum[1]", "value 1 must be in [0, 1)")),
        bad("negative momentum",
            """
            sweep {
              name = t
              train { momentum = -0.1 }
            }
            """,
            at(3, "sweep.train.momentum", "value -0.1 must be in [0, 1)")),
        bad("unknown input law",
            """
            sweep {
              name = t
              grid { inputs = [gaussian, cauchy] }
            }
            """,
            at(3, "sweep.grid.inputs[1]",
                "unknown input law 'cauchy'; allowed: gaussian, sphere, uniform01, uniform-pm1")),
        bad("unknown label law",
            """
            sweep {
              name = t
              data { labels = cauchy }
            }
            """,
            at(3, "sweep.data.labels", "unknown label law 'cauchy'; allowed: teacher, uniform, gaussian")),
        bad("label scale of zero",
            """
            sweep {
              name = t
              grid { label-scale = [1, 0] }
            }
            """,
            at(3, "sweep.grid.label-scale[1]", "value 0 must be > 0")),
        bad("unknown teacher activation",
            """
            sweep {
              name = t
              data { teacher = two-layer, teacher-activation = sigmoid }
            }
            """,
            at(3, "sweep.data.teacher-activation",
                "unknown activation 'sigmoid'; allowed: relu, tanh, linear, gelu, cubic, softplus")),
        bad("sparse teacher without its support",
            """
            sweep {
              name = t
              grid { teacher = [linear, sparse] }
            }
            """,
            at(3, "sweep.grid.teacher", "teacher = sparse needs teacher-sparsity = s, its support (a "
                + "linear teacher on the first s coordinates), 1 <= s <= input-dim in every run; set "
                + "e.g. teacher-sparsity = 2")),
        bad("sparse teacher support above the input dimension",
            """
            sweep {
              name = t
              data { teacher = sparse, input-dim = 4 }
              grid { teacher-sparsity = [2, 5] }
            }
            """,
            at(4, "sweep.grid.teacher-sparsity", "teacher-sparsity 5 exceeds input-dim 4; the sparse "
                + "teacher's support must be <= every input-dim it is combined with")),
        bad("teacher sparsity without a sparse teacher",
            """
            sweep {
              name = t
              data { teacher = two-layer, teacher-sparsity = 3 }
            }
            """,
            at(3, "sweep.data.teacher-sparsity", "teacher-sparsity applies to teacher = sparse only, "
                + "and no run has that teacher (teacher: [two-layer]); remove it or set teacher = "
                + "sparse")),
        bad("constant input with one input coordinate",
            """
            sweep {
              name = t
              data { input-dim = 1, constant-input = true }
            }
            """,
            at(3, "sweep.data.constant-input", "constant-input = true makes the last of the "
                + "input-dim coordinates the constant 1, so input-dim must be >= 2 (it is 1 in some "
                + "runs); input-dim counts the constant coordinate")),
        bad("negative weight decay",
            """
            sweep {
              name = t
              train { weight-decay = -1e-4 }
            }
            """,
            at(3, "sweep.train.weight-decay", "value -0.0001 must be >= 0")),
        bad("batch size that is neither an integer nor full",
            """
            sweep {
              name = t
              train { batch-size = all }
            }
            """,
            at(3, "sweep.train.batch-size", "must be an integer or full, got \"all\"")),
        bad("full batch with sampling with replacement",
            """
            sweep {
              name = t
              train { batch-size = full }
              grid { sampling = [without-replacement, with-replacement] }
            }
            """,
            at(4, "sweep.grid.sampling", "sampling with-replacement cannot be combined with full "
                + "batches (batch-size = full): n indices drawn with replacement are not full-batch "
                + "gradient descent; use sampling = without-replacement or an integer batch size")),
        bad("balanced init with fixed output weights",
            """
            sweep {
              name = t
              model { init = balanced }
              grid { output-init = [random, ones] }
            }
            """,
            at(4, "sweep.grid.output-init", "output-init ones cannot be combined with init balanced, "
                + "which draws the output weights itself (aⱼ = ±‖wⱼ‖): every combination of init and "
                + "output-init must be valid; use output-init = random with balanced")),
        bad("schedule that is not a list",
            """
            sweep {
              name = t
              train { schedule = {at = 100, lr = 0.01} }
            }
            """,
            at(3, "sweep.train.schedule", "must be a list of phases, e.g. " + SCHEDULE_EXAMPLE
                + "; got {\"at\":100,\"lr\":0.01}")),
        bad("phase without at",
            """
            sweep {
              name = t
              train { schedule = [{lr = 0.01}] }
            }
            """,
            at(3, "sweep.train.schedule[0].at", "required: the number of steps after which the phase "
                + "starts, e.g. {at = 20000, lr = 0.01}")),
        bad("unknown phase knob, with a suggestion",
            """
            sweep {
              name = t
              train {
                schedule = [{at = 100, lr = 0.01}, {at = 1500, label_noise = 0}]
              }
            }
            """,
            at(4, "sweep.train.schedule[1].label_noise", "unknown phase knob (did you mean "
                + "'label-noise'?); known keys: at, lr, batch-size, label-noise, momentum")),
        bad("phase value out of its range",
            """
            sweep {
              name = t
              train { schedule = [{at = 100, lr = -0.01}] }
            }
            """,
            at(3, "sweep.train.schedule[0].lr", "value -0.01 must be > 0")),
        bad("phase that changes nothing",
            """
            sweep {
              name = t
              train {
                schedule = [
                  {at = 100, lr = 0.01}
                  {at = 500}
                ]
              }
            }
            """,
            at(6, "sweep.train.schedule[1]", "the phase at 500 changes nothing: give it at least one "
                + "of lr, batch-size, label-noise, momentum (or vary one with a schedule-2-KNOB axis)")),
        bad("phases out of order",
            """
            sweep {
              name = t
              train {
                schedule = [
                  {at = 500, lr = 0.01}
                  {at = 100, lr = 0.001}
                ]
              }
            }
            """,
            at(6, "sweep.train.schedule[1].at", "phases must start at increasing steps: phase 2 at "
                + "100 does not come after phase 1 at 500")),
        bad("phase axis that can put phases out of order",
            """
            sweep {
              name = t
              train { schedule = [{at = 500, lr = 0.01}, {at = 1000, lr = 0.001}] }
              grid { schedule-1-at = [200, 1000] }
            }
            """,
            at(3, "sweep.train.schedule[1].at", "phases must start at increasing steps: phase 2 at "
                + "1000 does not come after phase 1 at 1000 (in some runs of the grid)")),
        bad("phase at the last step",
            """
            sweep {
              name = t
              train { steps = 2000, schedule = [{at = 2000, label-noise = 0}] }
            }
            """,
            at(3, "sweep.train.schedule[0].at", "the phase at 2000 starts at or after the last step "
                + "(steps = 2000); a phase starts after `at` steps, so at must be < every value of "
                + "steps")),
        bad("phase axis past a steps axis",
            """
            sweep {
              name = t
              train { schedule = [{at = 100, lr = 0.01}] }
              grid {
                steps = [500, 2000]
                schedule-1-at = [100, 1000]
              }
            }
            """,
            at(6, "sweep.grid.schedule-1-at", "the phase at 1000 starts at or after the last step "
                + "(steps = 500); a phase starts after `at` steps, so at must be < every value of "
                + "steps")),
        bad("phase batch size above the sample count",
            """
            sweep {
              name = t
              train { schedule = [{at = 100, batch-size = 256}] }
            }
            """,
            at(3, "sweep.train.schedule[0].batch-size", "phase 1 batch size 256 exceeds sample count "
                + "128; every batch size must be <= every sample count it is combined with (or use "
                + "batch-size = full: B = n of each run)")),
        bad("phase axis of a phase the schedule lacks",
            """
            sweep {
              name = t
              train { schedule = [{at = 100, lr = 0.01}] }
              grid { schedule-2-lr = [0.1] }
            }
            """,
            at(4, "sweep.grid.schedule-2-lr", "phase 2 is not in sweep.train.schedule, which has 1 "
                + "phase; declare the phase there (with its at), e.g. schedule = " + SCHEDULE_EXAMPLE)),
        bad("phase axis of an unknown knob",
            """
            sweep {
              name = t
              grid { schedule-1-decay = [0.1] }
            }
            """,
            at(3, "sweep.grid.schedule-1-decay",
                "unknown phase knob; known keys: at, lr, batch-size, label-noise, momentum")),
        bad("phase axis without a phase number",
            """
            sweep {
              name = t
              grid { schedule-lr = [0.1] }
            }
            """,
            at(3, "sweep.grid.schedule-lr", "a phase axis is named schedule-<phase>-<knob> (knobs: "
                + "at, lr, batch-size, label-noise, momentum), the phase numbered from 1 in "
                + "train.schedule, e.g. schedule-1-at")),
        bad("the schedule itself as an axis",
            """
            sweep {
              name = t
              grid { schedule = [[]] }
            }
            """,
            at(3, "sweep.grid.schedule", "cannot be an axis; vary a knob of one of its phases with "
                + "schedule-<phase>-<knob> (knobs: at, lr, batch-size, label-noise, momentum), e.g. "
                + "schedule-1-at = [10000, 20000]; axes may be: " + AXES)),
        bad("full batch is no key of its own",
            """
            sweep {
              name = t
              train { full-batch = true }
            }
            """,
            at(3, "sweep.train.full-batch",
                "not a key: the column full_batch records batch-size = full; write that instead")),
        badSet("--set without '='", "sweep.train.steps",
            at("--set sweep.train.steps", "sweep.train.steps",
                "expected key=value, e.g. sweep.train.steps=500")),
        badSet("--set that is not HOCON", "sweep.grid.lr=[0.1",
            at("--set sweep.grid.lr=[0.1", "sweep.grid.lr",
                "List should have ended with ] or had a comma, instead had token: end of file "
                    + "(if you want end of file to be part of a string value, then double-quote it)")),
        badSet("--set of a bad engine value", "engine.wave-size=-1",
            at("--set engine.wave-size=-1", "engine.wave-size", "value -1 must be >= 0")),
        badSet("--set of a non-integer engine value", "engine.max-runs=many",
            at("--set engine.max-runs=many", "engine.max-runs", "must be an integer, got \"many\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsReportedWithItsPathFileLineAndWhatIsAllowed(Case c) {
    Path file = SweepFiles.write(dir, "s.conf", c.text());

    List<ConfigProblem> problems =
        SweepFiles.problems(file, c.overrides().toArray(String[]::new));

    List<ConfigProblem> expected =
        c.expected().stream()
            .map(p -> new ConfigProblem(
                p.where().replace("{file}", file.toString()),
                p.path().replace("{file}", file.toString()),
                p.message()))
            .toList();
    assertEquals(expected, problems);
  }

  @Test
  void aProblemPrintsAsFileLinePathMessage() {
    Path file =
        SweepFiles.write(
            dir,
            "s.conf",
            """
            sweep {
              name = t
              grid {
                lr = [-0.1]
              }
            }
            """);

    ConfigProblems e = assertThrows(ConfigProblems.class, () -> SweepFiles.parse(file));

    assertEquals(file + ":4: sweep.grid.lr[0]: value -0.1 must be > 0", e.problems().get(0).toString());
    assertEquals(
        "invalid configuration:\n  " + file + ":4: sweep.grid.lr[0]: value -0.1 must be > 0",
        e.getMessage());
    assertInstanceOf(UserError.class, e);
  }

  @Test
  void everyProblemOfAFileIsReportedTogether() {
    Path file =
        SweepFiles.write(
            dir,
            "s.conf",
            """
            sweep {
              name = "a b"
              model {
                widht = 8
                bias = 3
              }
              grid {
                lr = [-1]
                foo = [1]
              }
              tran {}
            }
            """);

    ConfigProblems e = assertThrows(ConfigProblems.class, () -> SweepFiles.parse(file));

    // Problems come section by section; within a section in the config library's key order.
    assertEquals(
        Set.of(
            file + ":11: sweep.tran: unknown key (did you mean 'train'?); known keys: " + SWEEP_KEYS,
            file + ":2: sweep.name: 'a b' " + NAME_RULE,
            file + ":4: sweep.model.widht: unknown key (did you mean 'width'?); known keys: "
                + MODEL_KEYS,
            file + ":5: sweep.model.bias: must be true or false, got 3",
            file + ":9: sweep.grid.foo: unknown axis; axes may be: " + AXES,
            file + ":8: sweep.grid.lr[0]: value -1 must be > 0"),
        e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toSet()));
    assertEquals(6, e.problems().size());
    assertEquals(
        "invalid configuration (6 problems):"
            + e.problems().stream().map(p -> "\n  " + p).collect(Collectors.joining()),
        e.getMessage());
  }

  @Test
  void aSweepWithoutASweepBlockIsReportedAtTheSource() {
    ConfigProblems e =
        assertThrows(
            ConfigProblems.class,
            () -> SettingsParser.sweep(ConfigFactory.parseString("engine {}"), "my.conf"));

    assertEquals(
        List.of(new ConfigProblem(
            "my.conf", "sweep", "missing: a sweep file holds a `sweep { ... }` block")),
        e.problems());
  }

  @Test
  void engineSettingsComeFromThePackagedDefaults() {
    EngineSettings e = SettingsParser.engine(ConfigLoader.defaults().resolve());

    assertEquals("local[*]", e.master());
    assertEquals(0, e.waveSize());
    assertEquals(java.time.Duration.ofSeconds(30), e.commitInterval());
    assertEquals(100000, e.maxRuns());
    assertEquals(io.sweep.worker.pack.PackBackend.AUTO, e.packBackend());
    assertEquals(io.sweep.worker.pack.PackBackend.ND4J, SettingsParser.engine(
        ConfigFactory.parseString("engine.pack-backend = nd4j")
            .withFallback(ConfigLoader.defaults()).resolve()).packBackend());
    assertEquals(
        Map.of(
            "spark.ui.enabled", "true",
            "spark.sql.shuffle.partitions", "8",
            "spark.executor.heartbeatInterval", "2s",
            "spark.sql.sources.partitionOverwriteMode", "dynamic"),
        e.sparkConf());
  }
}
