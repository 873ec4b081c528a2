package io.github.userservice.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What can be won back from inside the process when the JVM was started without {@code conf/jvm.options}, i.e. on G1
 * with a heap bounded by a quarter of the RAM: G1 hands memory back to the OS only after a collection that shrinks
 * the heap, and only down to what {@code MaxHeapFreeRatio} (70 % free) leaves it. These HotSpot flags can still be set
 * at run time ("manageable"): a periodic collection every 5 s while the node is idle, and a heap kept at most 20 %
 * free (at least 5 %) after one, so that an idle node returns what a burst of requests made it grow to. A flag given
 * on the command line is left alone, and so is every other collector (the documented options choose the serial one,
 * whose heap is small from the start). The collector and the heap's bounds cannot change after start: the one line
 * for those is in docs/memory.md.
 */
public final class IdleHeap {

  private static final Logger LOG = LoggerFactory.getLogger(IdleHeap.class);
  private static final AtomicBoolean DONE = new AtomicBoolean();

  private IdleHeap() {
  }

  /** Once per process; later calls return at once. */
  public static void returnWhenIdle() {
    if (!DONE.compareAndSet(false, true)) {
      return;
    }
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (!"true".equals(hotspot.getVMOption("UseG1GC").getValue())) {
        return;
      }
      // the lower bound first: HotSpot refuses a MaxHeapFreeRatio below MinHeapFreeRatio (40 by default)
      setIfDefault(hotspot, "MinHeapFreeRatio", "5");
      setIfDefault(hotspot, "MaxHeapFreeRatio", "20");
      setIfDefault(hotspot, "G1PeriodicGCInterval", "5000");
    } catch (RuntimeException unavailable) {
      LOG.debug("heap flags left as they are: {}", unavailable.toString());
    }
  }

  private static void setIfDefault(HotSpotDiagnosticMXBean hotspot, String flag, String value) {
    if (hotspot.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT) {
      hotspot.setVMOption(flag, value);
    }
  }
}
