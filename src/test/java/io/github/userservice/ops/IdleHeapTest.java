package io.github.userservice.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("An idle node returns its memory, however the JVM was started")
class IdleHeapTest {

  @Test
  @DisplayName("on G1 (the JVM's own choice, as in the test JVM) idle collections and a lean heap are switched on")
  void g1Flags() {
    HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    IdleHeap.returnWhenIdle();

    if ("true".equals(hotspot.getVMOption("UseG1GC").getValue())) {
      assertEquals("5000", hotspot.getVMOption("G1PeriodicGCInterval").getValue());
      assertEquals("20", hotspot.getVMOption("MaxHeapFreeRatio").getValue());
      assertEquals("5", hotspot.getVMOption("MinHeapFreeRatio").getValue());
    } else {
      assertTrue(Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue()) >= 20, "left alone");
    }
  }

  @Test
  @DisplayName("without -XX:TrimNativeHeapInterval (as in the test JVM), the native heap is trimmed from inside, the first time right away")
  void nativeTrims() throws InterruptedException {
    HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    assertEquals("0", hotspot.getVMOption("TrimNativeHeapInterval").getValue(), "the JVM does not trim by itself here");

    IdleHeap.returnWhenIdle();

    for (int i = 0; i < 100 && IdleHeap.nativeTrims() == 0; i++) {
      Thread.sleep(50);
    }
    assertTrue(IdleHeap.nativeTrims() > 0, "trimmed once");
  }
}
