package io.github.userservice.bench.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one window saw, keyed "kind status"; touched only on the client's event loop. Every response that
 * arrives in the window is counted (throughput), but only those of requests sent in the window give a latency:
 * a request sent during the warm-up (say, behind 256 TLS handshakes) would otherwise lend the window its wait.
 */
class Window {
  final Map<String, Latencies> byKindStatus = new TreeMap<>();
  final Map<String, long[]> counts = new TreeMap<>();
  /** Per kind, from a request's first sending to its success: the Retry-After waits of a polite client included. */
  final Map<String, Latencies> withWaits = new TreeMap<>();
  final long startNanos = System.nanoTime();
  /** The longest a virtual client went without a success within the window (starved clients show here). */
  long longestGapNanos;

  void record(String kind, int status, long sentNanos, long nowNanos) {
    String key = kind + " " + status;
    counts.computeIfAbsent(key, k -> new long[1])[0]++;
    Latencies latencies = byKindStatus.computeIfAbsent(key, k -> new Latencies());
    if (sentNanos >= startNanos) {
      latencies.add(nowNanos - sentNanos);
    }
  }

  void recordSuccess(String kind, long firstSentNanos, long nowNanos) {
    if (firstSentNanos >= startNanos) {
      withWaits.computeIfAbsent(kind, k -> new Latencies()).add(nowNanos - firstSentNanos);
    }
  }

  void gap(long sinceNanos, long nowNanos) {
    longestGapNanos = Math.max(longestGapNanos, nowNanos - Math.max(sinceNanos, startNanos));
  }
}
