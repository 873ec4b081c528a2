package io.github.userservice.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatTest {

  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void cpuTicksGrowWhileThisProcessComputes() {
    long before = ProcStat.cpuTicks(SELF);
    long deadline = System.nanoTime() + 300_000_000L;
    long spin = 0;
    while (System.nanoTime() < deadline) {
      spin += System.nanoTime() % 7;
    }
    assertTrue(spin >= 0);
    assertTrue(ProcStat.cpuTicks(SELF) > before, "300 ms of computing count at least one tick of 10 ms");
  }

  @Test
  void threadTicksAreGroupedByNameWithoutDigits() {
    assertTrue(ProcStat.threadTicks(SELF).keySet().stream().noneMatch(name -> name.matches(".*[0-9].*")));
  }

  @Test
  void residentMemoryIsReadFromStatus() {
    assertTrue(ProcStat.statusKiB(SELF, "VmRSS") > 0);
    assertTrue(ProcStat.machineBusyTicks() > 0);
  }

  @Test
  void aProcessThatIsGoneReadsAsNothing() {
    assertEquals(0, ProcStat.cpuTicks(Long.MAX_VALUE));
    assertEquals(0, ProcStat.statusKiB(Long.MAX_VALUE, "VmRSS"));
  }
}
