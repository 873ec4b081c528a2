package io.github.userservice.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What can be won back from inside the process when the JVM was started without {@code conf/jvm.options}.
 *
 * <p>On G1 with a heap bounded by a quarter of the RAM: G1 hands memory back to the OS only after a collection that
 * shrinks the heap, and only down to what {@code MaxHeapFreeRatio} (70 % free) leaves it. These HotSpot flags can
 * still be set at run time ("manageable"): a periodic collection every 5 s while the node is idle, and a heap kept at
 * most 20 % free (at least 5 %) after one, so that an idle node returns what a burst of requests made it grow to. A
 * flag given on the command line is left alone, and so is every other collector (the documented options choose the
 * serial one, whose heap is small from the start).
 *
 * <p>Whatever the collector: memory that native code (TLS, the JIT, libsodium's Argon2 blocks) freed stays with
 * glibc's malloc until it is trimmed, about 13 MB a minute after start. {@code -XX:TrimNativeHeapInterval=5000} in
 * the documented options trims every 5 s; without it, the same trim ({@code jcmd PID System.trim_native_heap}, the
 * DiagnosticCommand MBean) is called every 5 s from a daemon thread, the first right away. A trim takes under 2 ms.
 *
 * <p>The collector and the heap's bounds cannot change after start: the one line for those is in docs/memory.md.
 */
public final class IdleHeap {

  private static final Logger LOG = LoggerFactory.getLogger(IdleHeap.class);
  private static final AtomicBoolean DONE = new AtomicBoolean();
  private static final long TRIM_EVERY_SECONDS = 5;
  private static final String TRIM_OPERATION = "systemTrimNativeHeap";
  private static final AtomicLong NATIVE_TRIMS = new AtomicLong();

  private IdleHeap() {
  }

  /** Once per process; later calls return at once. */
  public static void returnWhenIdle() {
    if (!DONE.compareAndSet(false, true)) {
      return;
    }
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if ("true".equals(hotspot.getVMOption("UseG1GC").getValue())) {
        // the lower bound first: HotSpot refuses a MaxHeapFreeRatio below MinHeapFreeRatio (40 by default)
        setIfDefault(hotspot, "MinHeapFreeRatio", "5");
        setIfDefault(hotspot, "MaxHeapFreeRatio", "20");
        setIfDefault(hotspot, "G1PeriodicGCInterval", "5000");
      }
      if (isDefault(hotspot, "TrimNativeHeapInterval")) {
        trimNativeHeapPeriodically();
      }
    } catch (RuntimeException | JMException unavailable) {
      LOG.debug("heap flags left as they are: {}", unavailable.toString());
    }
  }

  /** Trims of the native heap made so far by this class (none when the JVM trims by itself). */
  static long nativeTrims() {
    return NATIVE_TRIMS.get();
  }

  private static void trimNativeHeapPeriodically() throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
    boolean available = Arrays.stream(server.getMBeanInfo(diagnostics).getOperations())
      .map(MBeanOperationInfo::getName).anyMatch(TRIM_OPERATION::equals);
    if (!available) {
      return; // a JDK 17 before 17.0.9, or not glibc
    }
    ScheduledExecutorService trimmer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "native-heap-trim");
      thread.setDaemon(true);
      return thread;
    });
    trimmer.scheduleWithFixedDelay(() -> {
      try {
        server.invoke(diagnostics, TRIM_OPERATION, new Object[] {new String[0]}, new String[] {String[].class.getName()});
        NATIVE_TRIMS.incrementAndGet();
      } catch (JMException | RuntimeException failed) {
        LOG.debug("native heap trims stopped: {}", failed.toString());
        trimmer.shutdown();
      }
    }, 0, TRIM_EVERY_SECONDS, TimeUnit.SECONDS);
  }

  private static boolean isDefault(HotSpotDiagnosticMXBean hotspot, String flag) {
    try {
      return hotspot.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
    } catch (IllegalArgumentException noSuchFlag) {
      return false;
    }
  }

  private static void setIfDefault(HotSpotDiagnosticMXBean hotspot, String flag, String value) {
    if (isDefault(hotspot, flag)) {
      hotspot.setVMOption(flag, value);
    }
  }
}
