package io.sweep.driver.exec;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a task's training on the GPU Spark's scheduler assigned to it, when it can, and says what
 * happened. Executor side; called by {@link RunTask} on the task's own thread before the worker
 * runs, because ND4J binds devices per thread.
 *
 * <ul>
 *   <li>Spark assigns GPUs only when the application asks for them ({@code
 *       spark.executor.resource.gpu.amount}, {@code spark.task.resource.gpu.amount}); the
 *       addresses are the strings the cluster's discovery script announced (nvidia-smi indices
 *       for conf/gpu-discovery.sh).
 *   <li>With ND4J's CUDA backend (the {@code cuda} build profile) the thread is bound to the CUDA
 *       device of the first assigned address, and the run's device is {@code gpu:N}, N the CUDA
 *       ordinal ND4J reports for the thread afterwards.
 *   <li>With the CPU backend the run trains on the CPU; the first such task of an executor JVM
 *       logs one warning, and the row keeps both facts: device {@code cpu}, assigned address
 *       {@code N} (see {@link ExecutedRun}).
 * </ul>
 *
 * <p>Thread-safe: the warning flag is the only shared state.
 */
final class TaskDevice {
  /** Spark's resource name for GPUs. */
  static final String GPU = "gpu";
  /** ND4J's CUDA backend; present only in builds with the {@code cuda} profile. */
  static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);
  private static final AtomicBoolean WARNED_NO_CUDA = new AtomicBoolean();

  private TaskDevice() {}

  /**
   * Where a task trains.
   *
   * @param gpuAssigned the GPU addresses Spark assigned to the task, comma-separated; null when
   *                    it assigned none
   * @param cudaDevice  the CUDA ordinal ND4J uses on the task's thread; null on the CPU backend
   */
  record Placement(String gpuAssigned, Integer cudaDevice) {
    /** The {@code device} column: {@code gpu:N} on the CUDA backend, else what the worker said. */
    String device(String workerDevice) {
      return cudaDevice == null ? workerDevice : "gpu:" + cudaDevice;
    }
  }

  /** The GPU addresses Spark assigned to the running task; empty outside a task or without GPUs. */
  static List<String> assignedGpus() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return List.of();
    }
    ResourceInformation gpu = task.resourcesJMap().get(GPU);
    return gpu == null ? List.of() : List.of(gpu.addresses());
  }

  /** Binds this thread to the first assigned GPU where the CUDA backend is present. */
  static Placement place(List<String> assigned) {
    String joined = assigned.isEmpty() ? null : String.join(",", assigned);
    if (!cudaBackend()) {
      if (joined != null && WARNED_NO_CUDA.compareAndSet(false, true)) {
        LOG.warn("Spark assigned GPU {} to this task, but ND4J's CUDA backend is not in this executor's "
            + "classpath (backend: {}): runs train on the CPU and record device 'cpu' with the assigned "
            + "GPU beside it. Build the cluster jar with -Pcuda to use the GPUs. (Logged once per "
            + "executor.)", joined, backendName());
      }
      return new Placement(joined, null);
    }
    AffinityManager affinity = Nd4j.getAffinityManager();
    if (!assigned.isEmpty()) {
      int devices = affinity.getNumberOfDevices();
      Integer ordinal = cudaOrdinal(assigned.get(0), System.getenv("CUDA_VISIBLE_DEVICES"), devices);
      if (ordinal == null) {
        LOG.warn("Spark assigned GPU '{}', which is none of the {} CUDA devices ND4J sees "
            + "(CUDA_VISIBLE_DEVICES={}); the task stays on ND4J's device {}", assigned.get(0), devices,
            System.getenv("CUDA_VISIBLE_DEVICES"), affinity.getDeviceForCurrentThread());
      } else {
        affinity.unsafeSetDevice(ordinal);
      }
    }
    return new Placement(joined, affinity.getDeviceForCurrentThread());
  }

  /**
   * The CUDA ordinal of a GPU address: its position in {@code CUDA_VISIBLE_DEVICES} when that is
   * set (the process then sees only those devices, renumbered from 0), else the address itself
   * (an nvidia-smi index; the driver sets {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} on executors so that
   * CUDA numbers devices the same way).
   *
   * @return the ordinal, or null when the address names no device of the {@code devices} visible
   */
  static Integer cudaOrdinal(String address, String cudaVisibleDevices, int devices) {
    String a = address.trim();
    Integer ordinal = null;
    if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank()) {
      List<String> visible = List.of(cudaVisibleDevices.split(","));
      for (int i = 0; i < visible.size(); i++) {
        if (visible.get(i).trim().equals(a)) {
          ordinal = i;
          break;
        }
      }
    } else if (a.matches("\\d{1,4}")) {
      ordinal = Integer.parseInt(a);
    }
    return ordinal != null && ordinal < devices ? ordinal : null;
  }

  /** Whether ND4J runs on its CUDA backend; checks the class first so the CPU build loads nothing. */
  static boolean cudaBackend() {
    if (!classPresent(CUDA_BACKEND)) {
      return false;
    }
    return Nd4j.getBackend().getClass().getName().equals(CUDA_BACKEND);
  }

  private static String backendName() {
    try {
      return Nd4j.getBackend().getClass().getSimpleName();
    } catch (RuntimeException | LinkageError e) {
      return "unavailable: " + e;
    }
  }

  private static boolean classPresent(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class.forName(name, false, loader != null ? loader : TaskDevice.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** A task's Spark identity for log lines: stage, partition and task attempt id. */
  static String taskName() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return "no task";
    }
    return "stage " + task.stageId() + ", partition " + task.partitionId() + ", TID " + task.taskAttemptId();
  }
}
