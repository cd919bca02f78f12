package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.StoreSnapshot;
import io.sweep.driver.TestData;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.TestSweeps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, table-driven, through the real CLI against a real store holding a finished sweep:
 * each case must exit with code 2, print a message naming what is wrong and where, and leave every
 * byte of the store as it was.
 */
class BadInputIT {
  @TempDir static Path dir; // JUnit removes it afterwards (a createTempDirectory was left in /tmp per run)
  static Path store;
  static Path good;

  /**
   * One bad input.
   *
   * @param name     what is wrong
   * @param args     the CLI arguments; {@code {dir}}, {@code {store}} and {@code {good}} are replaced
   * @param files    extra sweep files to write first: name → text
   * @param expected a fragment the error message must contain ({@code {dir}} replaced)
   */
  record Case(String name, List<String> args, Map<String, String> files, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void aStoreWithOneFinishedSweep() throws IOException {
    TestSpark.session();
    store = dir.resolve("store");
    good = TestSweeps.write(dir, "good.conf", TestSweeps.tiny("good"));
    CliRun run = CliRun.of("run", good.toString(), "--quiet", "--store", store.toString(),
        "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
    assertEquals(0, run.code(), run.err());
    Files.writeString(dir.resolve("a-file"), "not a directory");
    badDataSets();
    warmStartSources();
  }

  /** Run ids the warm-start cases name: an ok run with weights, one without, a diverged run. */
  static String goodRun;
  static String okWithoutWeights;
  static String divergedRun;

  /** A sweep stored with engine.store-weights = false: one ok run, one diverged (lr = 1000). */
  static void warmStartSources() {
    Path f = TestSweeps.write(dir, "noweights.conf", TestSweeps.tiny("noweights")
        .replace("lr = [0.02, 0.05], batch-size = [4, 8], seed = [0, 1]",
            "lr = [0.02, 1000], batch-size = [4], seed = [0]"));
    CliRun run = CliRun.of("run", f.toString(), "--quiet", "--store", store.toString(),
        "--set", "engine.store-weights=false",
        "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
    assertEquals(0, run.code(), run.err());
    org.apache.spark.sql.Dataset<Row> runs =
        TestSpark.session().read().parquet(store.resolve("runs").toString());
    goodRun = runs.where("sweep = 'good' AND status = 'ok'").select("run_id").first().getString(0);
    okWithoutWeights = runs.where("sweep = 'noweights' AND status = 'ok'").select("run_id").first()
        .getString(0);
    divergedRun = runs.where("sweep = 'noweights' AND status = 'diverged'").select("run_id")
        .first().getString(0);
  }

  /** A sweep named warm of the tiny model with its model block replaced. */
  private static Case warm(String name, String model, String expected) {
    return badFile(name, tiny(t -> t.replace("name = good", "name = warm")
        .replace("model { width = 8 }", "model { " + model + " }")), expected);
  }

  /** Bad warm starts and diagnoses: each refused before anything is written. */
  static Stream<Case> badWeights() {
    return Stream.of(
        warm("warm start: unknown run id", "width = 8, init-from = \"0123456789abcdef\"",
            "{dir}/f.conf: sweep.model.init-from: no run '0123456789abcdef' in store file:{store}"),
        warm("warm start: a diverged run", "width = 8, init-from = \"{diverged}\"",
            "sweep.model.init-from: run {diverged} of sweep noweights is diverged: only ok runs have weights"),
        warm("warm start: a run stored without weights", "width = 8, init-from = \"{noWeights}\"",
            "sweep.model.init-from: run {noWeights} of sweep noweights has no stored weights (it ran with engine.store-weights = false"),
        warm("warm start: another width", "width = 9, init-from = \"{goodRun}\"",
            "sweep.model.init-from: the stored network of run {goodRun} (depth 1, width 8, input dim 4, 1 output, no bias) does not fit run "),
        warm("warm start: another depth", "width = 8, depth = 2, init-from = \"{goodRun}\"",
            "(depth 1, width 8, input dim 4, 1 output, no bias) does not fit run"),
        warm("warm start: biases the source lacks", "width = 8, bias = true, init-from = \"{goodRun}\"",
            "(depth 1, width 8, input dim 4, 1 output, no bias) does not fit run"),
        badFile("warm start: another input dimension", tiny(t -> t.replace("name = good", "name = warm")
                .replace("model { width = 8 }", "model { width = 8, init-from = \"{goodRun}\" }")
                .replace("input-dim = 4", "input-dim = 5")),
            "(depth 1, width 8, input dim 5, 1 output, no bias)"),
        warm("warm start: negative perturbation", "width = 8, init-perturb = -1",
            "{dir}/f.conf:4: sweep.model.init-perturb: value -1 must be >= 0"),
        bad("diagnose with a setting outside diagnostics",
            "--set model.width=3: diagnose takes diagnostics settings only",
            "diagnose", "--sweep", "good", "--store", "{store}", "--set", "model.width=3"),
        bad("diagnose an unknown sweep", "--sweep 'nope': no such sweep in file:{store}",
            "diagnose", "--sweep", "nope", "--store", "{store}"),
        bad("diagnose with a bad diagnostics value", "sweep.diagnostics.hessian-probes",
            "diagnose", "--sweep", "good", "--store", "{store}", "--set", "diagnostics.hessian-probes=-3"));
  }

  /** The Parquet data sets of the bad-data cases ({@link #parquet}). */
  static void badDataSets() throws IOException {
    TestData.regression(dir, "reg.parquet", 200, 42);
    TestData.classification(dir, "iris.parquet", 60, 7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double nan = i == 5 || i == 9 || i == 12 ? Double.NaN : i;
      double inf = i == 7 ? Double.NEGATIVE_INFINITY : i;
      rows.add(RowFactory.create((double) i, "row" + i, nan, inf, i == 3 ? null : (double) i, 1.0));
    }
    TestData.write(dir, "bad.parquet", rows, TestData.schema(
        "x1 double", "name string", "xnan double", "yinf double", "xnull double", "y double"));
    TestData.write(dir, "no-rows.parquet", List.of(), TestData.schema("x1 double", "y double"));
    Files.write(dir.resolve("zero-bytes.parquet"), new byte[0]);
    Files.writeString(dir.resolve("text.parquet"), "x1,y\n1,2\n");
    TestData.write(dir, "mixed", List.of(RowFactory.create(1.0, 2.0)),
        TestData.schema("x1 double", "y double"));
    TestSpark.session().createDataFrame(List.of(RowFactory.create(1.0, "two")),
            TestData.schema("x1 double", "y string")).coalesce(1).write()
        .mode(org.apache.spark.sql.SaveMode.Append).parquet(dir.resolve("mixed").toString());
  }

  /** A sweep of the Parquet data set {dir}/reg.parquet with its data block edited. */
  private static Case parquet(String name, String data, String expected) {
    return badFile(name, parquetSweep(data, "model { width = 4 }", "samples = [16, 32]"), expected);
  }

  private static String parquetSweep(String data, String model, String grid) {
    return """
        sweep {
          name = pq
          grid { %s }
          %s
          data { type = parquet, %s }
          train { steps = 20, log-every = 10, batch-size = 4 }
        }
        """.formatted(grid, model, data);
  }

  private static final String REG = "path = \"{dir}/reg.parquet\", features = [x1, x2, x3], label = y";

  /** Bad data: each refused with the sweep file's key and line, the data file and the column. */
  static Stream<Case> badData() {
    return Stream.of(
        parquet("data: missing file", REG.replace("reg.parquet", "nope.parquet"),
            "{dir}/f.conf:5: sweep.data.path: no such file or directory: file:{dir}/nope.parquet"),
        parquet("data: missing column", REG.replace("x3]", "x9]"),
            "{dir}/f.conf:5: sweep.data.features: no column 'x9' in {dir}/reg.parquet; its columns: x1 double, x2 double"),
        parquet("data: non-numeric feature", "path = \"{dir}/bad.parquet\", features = [x1, name], label = y",
            "{dir}/f.conf:5: sweep.data.features: column 'name' of {dir}/bad.parquet is string, not numeric"),
        parquet("data: NaN in a feature", "path = \"{dir}/bad.parquet\", features = [x1, xnan], label = y",
            "sweep.data.features: column 'xnan' of {dir}/bad.parquet has 3 NaN or infinite values, the first in row 5 of file:{dir}/bad.parquet/part-"),
        parquet("data: infinite label", "path = \"{dir}/bad.parquet\", features = [x1], label = yinf",
            "sweep.data.label: column 'yinf' of {dir}/bad.parquet has 1 NaN or infinite value, the first in row 7 of"),
        parquet("data: null feature", "path = \"{dir}/bad.parquet\", features = [xnull], label = y",
            "sweep.data.features: column 'xnull' of {dir}/bad.parquet has 1 null value, the first in row 3 of"),
        badFile("data: fewer rows than the largest sample count",
            parquetSweep(REG, "model { width = 4 }", "samples = [16, 500]"),
            "{dir}/f.conf:3: sweep.grid.samples: {dir}/reg.parquet has 160 training rows (after holding out test-fraction = 0.2 of its rows for the test set), fewer than samples = 500"),
        parquet("data: label width is not output-dim", REG.replace("label = y", "label = [y, y2]"),
            "sweep.model.output-dim: the label width of {dir}/reg.parquet is 2: label names 2 columns (y, y2); model.output-dim must equal it, got 1"),
        badFile("data: classes are not output-dim", parquetSweep(
                "path = \"{dir}/iris.parquet\", features = x, label = species, one-hot = true",
                "model { width = 4, output-dim = 2 }", "samples = [16, 32]"),
            "{dir}/f.conf:4: sweep.model.output-dim: the label width of {dir}/iris.parquet is 3: column 'species' has 3 classes (setosa, versicolor, virginica)"),
        parquet("data: class names without one-hot", "path = \"{dir}/iris.parquet\", features = x, label = species",
            "sweep.data.label: column 'species' of {dir}/iris.parquet is string, not numeric; a column of class names needs data.one-hot = true"),
        parquet("data: file without rows", REG.replace("reg.parquet", "no-rows.parquet").replace("x1, x2, x3", "x1"),
            "{dir}/f.conf:5: sweep.data.path: {dir}/no-rows.parquet has no rows"),
        parquet("data: empty file", REG.replace("reg.parquet", "zero-bytes.parquet"),
            "{dir}/f.conf:5: sweep.data.path: {dir}/zero-bytes.parquet is an empty file (0 bytes), not a Parquet file"),
        parquet("data: not a Parquet file", REG.replace("reg.parquet", "text.parquet"),
            "{dir}/f.conf:5: sweep.data.path: {dir}/text.parquet cannot be read as Parquet"),
        parquet("data: directory of mixed schemas", REG.replace("reg.parquet", "mixed").replace("x1, x2, x3", "x1"),
            "{dir}/f.conf:5: sweep.data.path: {dir}/mixed is a directory of mixed schemas: column 'y' is "),
        parquet("data: test set lacks a column", REG + ", test-path = \"{dir}/bad.parquet\"",
            "sweep.data.features: no column 'x2' in {dir}/bad.parquet"),
        parquet("data: no path", "features = [x1], label = y",
            "sweep.data.path: required with data.type = parquet"),
        badFile("data: input-dim axis of parquet data",
            parquetSweep(REG, "model { width = 4 }", "samples = [16], input-dim = [2, 3]"),
            "{dir}/f.conf:3: sweep.grid.input-dim: input-dim describes teacher-student data; with data.type = parquet the data set fixes it"),
        badFile("data: parquet keys with teacher-student data",
            tiny(t -> t.replace("data { input-dim = 4,", "data { features = [x1], input-dim = 4,")),
            "{dir}/f.conf:5: sweep.data.features: applies to data.type = parquet only (data.type is teacher-student)"));
  }

  private static Case bad(String name, String expected, String... args) {
    return new Case(name, List.of(args), Map.of(), expected);
  }

  private static Case badFile(String name, String text, String expected) {
    return new Case(name, List.of("run", "{dir}/f.conf", "--store", "{store}"), Map.of("f.conf", text), expected);
  }

  private static String tiny(Function<String, String> edit) {
    return edit.apply(TestSweeps.tiny("good"));
  }

  static Stream<Case> cases() {
    return Stream.of(
        badFile("malformed HOCON", "sweep { name = x\n grid { lr = [0.1 }\n}\n", "{dir}/f.conf:2:"),
        badFile("unknown key", tiny(t -> t.replace("model { width = 8 }", "model { widht = 8 }")),
            "{dir}/f.conf:4: sweep.model.widht: unknown key (did you mean 'width'?)"),
        badFile("wrong type", tiny(t -> t.replace("model { width = 8 }", "model { width = eight }")),
            "{dir}/f.conf:4: sweep.model.width: must be an integer, got \"eight\""),
        badFile("empty axis", tiny(t -> t.replace("seed = [0, 1]", "seed = []")),
            "{dir}/f.conf:3: sweep.grid.seed: empty axis: give at least one value"),
        badFile("non-positive step size", tiny(t -> t.replace("lr = [0.02, 0.05]", "lr = [0, 0.05]")),
            "{dir}/f.conf:3: sweep.grid.lr[0]: value 0 must be > 0"),
        badFile("batch larger than samples", tiny(t -> t.replace("batch-size = [4, 8]", "batch-size = [4, 32]")),
            "sweep.grid.batch-size: batch size 32 exceeds sample count 16 (4 of 8 runs)"),
        badFile("unknown axis", tiny(t -> t.replace("seed = [0, 1]", "seeds = [0, 1]")),
            "{dir}/f.conf:3: sweep.grid.seeds: unknown axis (did you mean 'seed'?)"),
        badFile("missing name", tiny(t -> t.replace("name = good", "")),
            "sweep.name: required: give the sweep a name"),
        badFile("invalid name", tiny(t -> t.replace("name = good", "name = \"a b\"")),
            "sweep.name: 'a b' is not a valid name"),
        badFile("unknown activation", tiny(t -> t.replace("model { width = 8 }", "model { activation = swish }")),
            "{dir}/f.conf:4: sweep.model.activation: unknown activation 'swish'; allowed: relu, tanh, linear, gelu, cubic, softplus"),
        bad("unknown pack backend", "engine.pack-backend: must be auto, native-cpu or nd4j, got 'cuda'",
            "run", "{good}", "--store", "{store}", "--set", "engine.pack-backend=cuda"),
        badFile("depth 0", tiny(t -> t.replace("model { width = 8 }", "model { width = 8, depth = 0 }")),
            "{dir}/f.conf:4: sweep.model.depth: value 0 must be >= 1"),
        badFile("unknown init", tiny(t -> t.replace("model { width = 8 }", "model { init = xavier }")),
            "{dir}/f.conf:4: sweep.model.init: unknown init 'xavier'; allowed: lecun, balanced"),
        badFile("unknown output init", tiny(t -> t.replace("model { width = 8 }", "model { output-init = zeros }")),
            "{dir}/f.conf:4: sweep.model.output-init: unknown output-init 'zeros'; allowed: random, ones, ones-over-width"),
        badFile("balanced init with fixed output weights",
            tiny(t -> t.replace("model { width = 8 }", "model { init = balanced, output-init = ones }")),
            "{dir}/f.conf:4: sweep.model.output-init: output-init ones cannot be combined with init balanced"),
        badFile("stability bound too large",
            tiny(t -> t + "\nsweep.diagnostics.stability-max-params = 6000\n"),
            "{dir}/f.conf:9: sweep.diagnostics.stability-max-params: must be at most 5000 (μ and ρ(T) are dense computations in P), got 6000"),
        badFile("negative stability bound",
            tiny(t -> t + "\nsweep.diagnostics.stability-max-params = -1\n"),
            "{dir}/f.conf:9: sweep.diagnostics.stability-max-params: value -1 must be >= 0"),
        badFile("unknown sampling", tiny(t -> t.replace("log-every = 20 }", "log-every = 20, sampling = shuffled }")),
            "{dir}/f.conf:6: sweep.train.sampling: unknown sampling 'shuffled'; allowed: without-replacement, with-replacement"),
        badFile("momentum of one", tiny(t -> t.replace("seed = [0, 1] }", "seed = [0, 1], momentum = [0.5, 1] }")),
            "{dir}/f.conf:3: sweep.grid.momentum[1]: value 1 must be in [0, 1)"),
        badFile("negative momentum", tiny(t -> t.replace("log-every = 20 }", "log-every = 20, momentum = -0.5 }")),
            "{dir}/f.conf:6: sweep.train.momentum: value -0.5 must be in [0, 1)"),
        badFile("unknown input law",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 4, samples = 16, test-samples = 64, inputs = cauchy }")),
            "{dir}/f.conf:5: sweep.data.inputs: unknown input law 'cauchy'; allowed: gaussian, sphere, uniform01, uniform-pm1"),
        badFile("unknown label law",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 4, samples = 16, test-samples = 64, labels = cauchy }")),
            "{dir}/f.conf:5: sweep.data.labels: unknown label law 'cauchy'; allowed: teacher, uniform, gaussian"),
        badFile("label scale of zero",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 4, samples = 16, test-samples = 64, labels = uniform, label-scale = 0 }")),
            "{dir}/f.conf:5: sweep.data.label-scale: value 0 must be > 0"),
        badFile("unknown teacher activation",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 4, samples = 16, test-samples = 64, teacher = two-layer, teacher-activation = sigmoid }")),
            "{dir}/f.conf:5: sweep.data.teacher-activation: unknown activation 'sigmoid'"),
        badFile("sparse teacher without its support",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 4, samples = 16, test-samples = 64, teacher = sparse }")),
            "{dir}/f.conf:5: sweep.data.teacher: teacher = sparse needs teacher-sparsity = s"),
        badFile("sparse teacher support above the input dimension",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 4, samples = 16, test-samples = 64, teacher = sparse, teacher-sparsity = 5 }")),
            "{dir}/f.conf:5: sweep.data.teacher-sparsity: teacher-sparsity 5 exceeds input-dim 4"),
        badFile("teacher sparsity without a sparse teacher",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 4, samples = 16, test-samples = 64, teacher-sparsity = 2 }")),
            "{dir}/f.conf:5: sweep.data.teacher-sparsity: teacher-sparsity applies to teacher = sparse only"),
        badFile("constant input with one input coordinate",
            tiny(t -> t.replace("data { input-dim = 4, samples = 16, test-samples = 64 }", "data { input-dim = 1, samples = 16, test-samples = 64, constant-input = true }")),
            "{dir}/f.conf:5: sweep.data.constant-input: constant-input = true makes the last of the input-dim coordinates the constant 1, so input-dim must be >= 2"),
        badFile("negative weight decay", tiny(t -> t.replace("log-every = 20 }", "log-every = 20, weight-decay = -1 }")),
            "{dir}/f.conf:6: sweep.train.weight-decay: value -1 must be >= 0"),
        badFile("full batch with sampling with replacement",
            tiny(t -> t.replace("batch-size = [4, 8], ", "").replace("log-every = 20 }",
                "log-every = 20, batch-size = full, sampling = with-replacement }")),
            "{dir}/f.conf:6: sweep.train.sampling: sampling with-replacement cannot be combined with full batches"),
        badFile("phase at the last step", tiny(t -> t.replace("log-every = 20 }",
                "log-every = 20, schedule = [{at = 60, lr = 0.01}] }")),
            "{dir}/f.conf:6: sweep.train.schedule[0].at: the phase at 60 starts at or after the last step (steps = 60)"),
        badFile("phases out of order", tiny(t -> t.replace("log-every = 20 }",
                "log-every = 20, schedule = [{at = 40, lr = 0.01}, {at = 20, lr = 0.001}] }")),
            "{dir}/f.conf:6: sweep.train.schedule[1].at: phases must start at increasing steps: phase 2 at 20 does not come after phase 1 at 40"),
        badFile("phase that changes nothing", tiny(t -> t.replace("log-every = 20 }",
                "log-every = 20, schedule = [{at = 40}] }")),
            "{dir}/f.conf:6: sweep.train.schedule[0]: the phase at 40 changes nothing"),
        badFile("unknown phase knob", tiny(t -> t.replace("log-every = 20 }",
                "log-every = 20, schedule = [{at = 40, decay = 0.1}] }")),
            "{dir}/f.conf:6: sweep.train.schedule[0].decay: unknown phase knob; known keys: at, lr, batch-size, label-noise, momentum"),
        badFile("phase batch size above the sample count", tiny(t -> t.replace("log-every = 20 }",
                "log-every = 20, schedule = [{at = 40, batch-size = 32}] }")),
            "{dir}/f.conf:6: sweep.train.schedule[0].batch-size: phase 1 batch size 32 exceeds sample count 16"),
        badFile("phase axis of a phase the schedule lacks", tiny(t -> t.replace("seed = [0, 1] }",
                "seed = [0, 1], schedule-1-at = [20, 40] }")),
            "{dir}/f.conf:3: sweep.grid.schedule-1-at: phase 1 is not in sweep.train.schedule, which has 0 phases"),
        badFile("changed fixed setting under the same name", tiny(t -> t.replace("steps = 60", "steps = 61")),
            "steps: the file fixes 61, stored runs have 60"),
        bad("absurd grid without --yes", "sweep good has 8 runs, more than engine.max-runs = 4",
            "run", "{good}", "--store", "{store}", "--set", "engine.max-runs=4"),
        bad("missing sweep file", "sweep file not found: {dir}/nope.conf", "run", "{dir}/nope.conf", "--store", "{store}"),
        bad("sweep file is a directory", "sweep file not found: {dir} (a directory)", "plan", "{dir}"),
        bad("store is a file", "store file:{dir}/a-file is a file, not a directory", "run", "{good}", "--store", "{dir}/a-file"),
        bad("--set without =", "--set sweep.train.steps: sweep.train.steps: expected key=value", "plan", "{good}", "--set", "sweep.train.steps"),
        bad("--set of a wrong type", "--set sweep.train.steps=many: sweep.train.steps: must be an integer", "plan", "{good}", "--set", "sweep.train.steps=many"),
        bad("unknown verb", "unknown command 'launch'; commands: run, plan, sql, export, compact, diagnose, status, phase, curves, threshold, refine, bench, help", "launch", "{good}"),
        bad("unknown flag", "Unknown options: '--stor', '{store}'\nPossible solutions: --store", "run", "{good}", "--stor", "{store}"),
        bad("bad output format", "Invalid value for option '--format'", "sql", "SELECT 1", "--format", "xml", "--store", "{store}"),
        bad("SQL syntax error", "SQL error: [PARSE_SYNTAX_ERROR]", "sql", "SELEC lr FROM runs", "--store", "{store}"),
        bad("SQL unknown table", "SQL error: [TABLE_OR_VIEW_NOT_FOUND]", "sql", "SELECT * FROM runz", "--store", "{store}"),
        bad("bad master URL", "--master: 'locale[2]' is not a Spark master URL", "run", "{good}", "--store", "{store}", "--master", "locale[2]"),
        bad("--conf without =", "--conf spark.ui.enabled: expected KEY=VALUE, e.g. --conf spark.ui.enabled=true",
            "run", "{good}", "--store", "{store}", "--conf", "spark.ui.enabled"),
        bad("--conf of a key that is not Spark's", "--conf wave-size=8: 'wave-size' is not a Spark setting",
            "status", "--store", "{store}", "--conf", "wave-size=8"),
        bad("bad engine setting", "engine.wave-size: value -1 must be >= 0", "run", "{good}", "--store", "{store}", "--set", "engine.wave-size=-1"),
        bad("phase of an unknown column", "--metric 'nope': ",
            "phase", "--sweep", "good", "--x", "lr", "--y", "batch_size", "--metric", "nope", "--store", "{store}"),
        bad("phase with an unknown aggregation", "--agg: unknown aggregation 'max'; allowed: mean, median, fraction",
            "phase", "--sweep", "good", "--x", "lr", "--y", "batch_size", "--metric", "train_loss", "--agg", "max", "--store", "{store}"),
        bad("phase at a step never logged", "--at-step 7: sweep 'good' has no trajectory points at that step; logged steps: [0, 20, 40, 60]",
            "phase", "--sweep", "good", "--x", "lr", "--y", "batch_size", "--metric", "train_loss", "--at-step", "7", "--store", "{store}"),
        bad("curves of a column trajectories lack", "--metric 'lr' is not a column of trajectories; allowed: train_loss, test_loss, "
                + "independent_neurons, collapse_fraction, stable_rank, hessian_max_eig",
            "curves", "--sweep", "good", "--metric", "lr", "--out", "{dir}/c.png", "--store", "{store}"),
        bad("curves by an unknown column", "--by 'lrr': ",
            "curves", "--sweep", "good", "--metric", "train_loss", "--by", "lrr", "--out", "{dir}/c.png", "--store", "{store}"),
        bad("curves with a bad filter", "--where 'lr =': ",
            "curves", "--sweep", "good", "--metric", "train_loss", "--where", "lr =", "--out", "{dir}/c.png", "--store", "{store}"),
        bad("curves of an unknown sweep", "no runs of sweep 'nope' in file:{store}; sweeps there: good, noweights",
            "curves", "--sweep", "nope", "--metric", "train_loss", "--out", "{dir}/c.png", "--store", "{store}"),
        bad("curves to an unknown format", "--out {dir}/c.jpg: give a file ending in .png or .svg",
            "curves", "--sweep", "good", "--metric", "train_loss", "--out", "{dir}/c.jpg", "--store", "{store}"),
        bad("threshold along an axis the sweep does not vary", "--axis samples: sweep 'good' has a single value of samples (16)",
            "threshold", "--sweep", "good", "--store", "{store}"),
        bad("refine along a text axis", "--axis 'activation' is not a numeric axis column",
            "refine", "--sweep", "good", "--axis", "activation", "--metric", "interpolated", "--store", "{store}"),
        bad("refine with no budget", "--budget must be ≥ 1, got 0",
            "refine", "--sweep", "good", "--axis", "lr", "--metric", "interpolated", "--budget", "0", "--store", "{store}"),
        bad("export of an unknown sweep", "--sweep 'nope': no such sweep in file:{store}; sweeps there: good, noweights",
            "export", "--sweep", "nope", "--table", "runs", "--to", "{dir}/runs.csv", "--store", "{store}"),
        bad("export of an unknown table", "--table 'weightz': unknown table; allowed: runs, trajectories, weights, phases, thresholds",
            "export", "--sweep", "good", "--table", "weightz", "--to", "{dir}/runs.csv", "--store", "{store}"),
        bad("export to an unknown format", "--to {dir}/runs.txt: give a file ending in .parquet, .csv or .jsonl",
            "export", "--sweep", "good", "--table", "runs", "--to", "{dir}/runs.txt", "--store", "{store}"),
        bad("export under a file", "--to {dir}/a-file/runs.csv: file:{dir}/a-file is a file, not a directory",
            "export", "--sweep", "good", "--table", "runs", "--to", "{dir}/a-file/runs.csv", "--store", "{store}"),
        bad("export into a missing directory", "--to {dir}/nope/runs.csv: directory file:{dir}/nope does not exist",
            "export", "--sweep", "good", "--table", "runs", "--to", "{dir}/nope/runs.csv", "--store", "{store}"),
        new Case("export over an existing file", List.of("export", "--sweep", "good", "--table", "runs", "--to",
            "{dir}/old.csv", "--store", "{store}"), Map.of("old.csv", "old\n"),
            "--to {dir}/old.csv: exists; give --force to overwrite it"),
        bad("export into the store", "--to {store}/runs/x.parquet: lies inside the store file:{store}",
            "export", "--sweep", "good", "--table", "runs", "--to", "{store}/runs/x.parquet", "--store", "{store}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"cases", "badData", "badWeights"})
  void isRefusedWithAClearMessageAndTheStoreUnchanged(Case c) throws IOException {
    for (Map.Entry<String, String> f : c.files().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), expand(f.getValue())); // {dir}: data set paths
    }
    Map<String, String> before = StoreSnapshot.of(store);
    List<String> args = new ArrayList<>();
    for (String a : c.args()) {
      args.add(expand(a));
    }
    args.addAll(List.of("--set", "engine.log-dir=\"" + dir.resolve("logs") + "\""));
    if (args.get(0).equals("launch")) {
      args = args.subList(0, 2); // an unknown verb takes no options
    }
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(2, run.code(), c.name() + "\nout: " + run.out() + "\nerr: " + run.err());
    assertTrue(run.err().startsWith("error: "), run.err());
    assertTrue(run.err().contains(expand(c.expected())), "expected «" + expand(c.expected()) + "» in:\n" + run.err());
    assertTrue(!run.err().contains("\tat "), "no stack trace for a user error:\n" + run.err());
    assertEquals(before, StoreSnapshot.of(store), "the store changed");
  }

  @org.junit.jupiter.api.Test
  void aCorruptFileInTheStoreIsNamedAndNothingIsWritten() throws IOException {
    Path copy = dir.resolve("corrupt-store");
    TestStore.copyTree(store, copy);
    Path corrupt = copy.resolve("runs/sweep=good/zz-corrupt.parquet");
    Files.writeString(corrupt, "garbage");
    Map<String, String> before = StoreSnapshot.of(copy);
    CliRun run = CliRun.of("run", good.toString(), "--quiet", "--store", copy.toString(),
        "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().startsWith("error: the store holds an unreadable file: file:"), run.err());
    assertTrue(run.err().contains(corrupt.toString()), run.err());
    assertEquals(before, StoreSnapshot.of(copy));
  }

  private static String expand(String s) {
    return s.replace("{dir}", dir.toString()).replace("{store}", store.toString())
        .replace("{good}", good.toString()).replace("{goodRun}", String.valueOf(goodRun))
        .replace("{noWeights}", String.valueOf(okWithoutWeights))
        .replace("{diverged}", String.valueOf(divergedRun));
  }
}
