package io.github.userservice.bench.load;

import java.util.Arrays;

/** Latencies (ns) of one kind and status, in a growable array: sorting it once gives exact percentiles. */
final class Latencies {
  long[] values = new long[1024];
  int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, index))] / 1e6;
  }
}
