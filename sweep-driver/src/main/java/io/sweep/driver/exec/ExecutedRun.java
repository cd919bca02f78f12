package io.sweep.driver.exec;

import io.sweep.worker.run.RunResult;
import java.io.Serializable;

/** A worker's result with where it ran, as it comes back from an executor. */
public record ExecutedRun(RunResult result, String executor) implements Serializable {}
