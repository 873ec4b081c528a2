package io.github.userservice.bench;

import java.util.List;

/**
 * How long each part measures. Argon2 code needs ~10 s of hashing before C2 has compiled it (until then a hash costs 3x
 * more), and the service's JIT compilers take 5-7 % of its CPU for about two minutes of full load after start, so every
 * JVM is warmed up before anything is measured (the service until its compilers are done, see {@link Warmup}); the GET
 * routes too (the trivial route's cost falls 3x over its first 10 s). The cluster and PostgreSQL sections compare
 * processes warmed up alike for a fixed time ({@code fixedWarmup}), which is enough for their ratios.
 */
record Durations(int reps, double secs, double windowWarmup, int serviceWarmup, int serviceWarmupMax, double fixedWarmup,
                 double ceilingWarmup, double ceilingSecs, double getSecs, double getWarmup, double overloadSecs, int overloadReps,
                 int coldReps, List<Integer> sizes, double scaleRegSecs, double clusterSecs) {

  static Durations quick() {
    return new Durations(1, 4, 1, 20, 60, 10, 8, 2, 4, 3, 10, 1, 1, List.of(10_000, 100_000), 4, 10);
  }

  static Durations full() {
    return new Durations(3, 8, 2, 60, 120, 30, 10, 4, 10, 8, 30, 1, 5, List.of(10_000, 100_000, 1_000_000), 6, 20);
  }

  /** BENCH_REPS overrides the repetitions (the tuning pass asks for 2). */
  Durations withReps(String reps) {
    if (reps == null || reps.isBlank()) {
      return this;
    }
    return new Durations(Integer.parseInt(reps.trim()), secs, windowWarmup, serviceWarmup, serviceWarmupMax, fixedWarmup, ceilingWarmup,
      ceilingSecs, getSecs, getWarmup, overloadSecs, overloadReps, coldReps, sizes, scaleRegSecs, clusterSecs);
  }
}
