package io.github.userservice.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("An idle node on G1 returns its heap")
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
}
