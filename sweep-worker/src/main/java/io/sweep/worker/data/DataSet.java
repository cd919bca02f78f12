package io.sweep.worker.data;

/**
 * The data of one run: a training set and a test set of the same input dimension. What the
 * trainers and the diagnostics consume, whatever made it ({@link DataModel}): teacher–student data
 * today ({@link TeacherStudent}); a user's Parquet data set, shipped to the executors, next.
 *
 * <p>Implementations are immutable, so runs (and the replicas of a pack) may share one.
 */
public interface DataSet {

  /** The training samples; a run with n samples trains on exactly these n. */
  Samples train();

  /** The held-out samples the test loss is measured on. */
  Samples test();
}
