package io.sweep.worker.data;

import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.RunSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's {@link DataSet} comes from: a pure function of the data spec and the run's seed,
 * so that every executor, and the reference and pack trainers alike, see bitwise the same data.
 *
 * <p>The one place the worker chooses a data model: teacher–student data, generated here, or a
 * data set the driver provided ({@code data.type = parquet}, {@link ProvidedData}), chosen from
 * the spec's {@link DataSpec#source()}.
 */
@FunctionalInterface
public interface DataModel {

  /** Synthetic teacher–student data ({@link TeacherStudent#generate}). */
  DataModel TEACHER_STUDENT = TeacherStudent::generate;

  /** The data set of a run. */
  DataSet generate(DataSpec spec, long seed);

  /** The data model of a spec. */
  static DataModel of(DataSpec spec) {
    return spec.source().provided() ? ProvidedData.MODEL : TEACHER_STUDENT;
  }

  /** The data set of a run of {@code spec} with seed {@code seed}, from its data model. */
  static DataSet dataSet(DataSpec spec, long seed) {
    return of(spec).generate(spec, seed);
  }

  /**
   * One data set per run, in order, generated once per distinct seed: the runs of a pack share
   * their data spec, so runs of one seed share one data set (the same object).
   */
  static List<DataSet> perSeed(List<RunSpec> runs) {
    Map<Long, DataSet> bySeed = new HashMap<>();
    List<DataSet> data = new ArrayList<>(runs.size());
    for (RunSpec r : runs) {
      data.add(bySeed.computeIfAbsent(r.seed(), s -> dataSet(r.data(), s)));
    }
    return data;
  }
}
