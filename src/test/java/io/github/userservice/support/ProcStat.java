package io.github.userservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Linux's /proc says about a process and the machine: CPU time in clock ticks (USER_HZ), by process and by
 * thread, the machine's busy ticks, and memory fields of /proc/PID/status. The benchmark reads these around its
 * measurement windows; a process that has exited reads as 0.
 */
public final class ProcStat {

  /** USER_HZ: 100 on every Linux architecture the JDK runs on (sysconf(_SC_CLK_TCK) is fixed by the kernel ABI). */
  public static final int CLOCK_TICKS_PER_SECOND = 100;

  private ProcStat() {
  }

  /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat; the name before them may hold spaces). */
  public static long cpuTicks(long pid) {
    long[] times = userAndSystemTicks(pid);
    return times[0] + times[1];
  }

  /** {utime, stime} of a process; {0, 0} once it has exited. */
  public static long[] userAndSystemTicks(long pid) {
    String[] fields = statFields(Path.of("/proc/" + pid + "/stat"));
    return fields == null ? new long[] {0, 0} : new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
  }

  /**
   * {cutime, cstime} of this process: the CPU of its children that have exited and been reaped (fields 16 and 17), so
   * that a tool run to its end, wrk say, can be charged its CPU.
   */
  public static long[] childrenTicks() {
    String[] fields = statFields(Path.of("/proc/self/stat"));
    return new long[] {Long.parseLong(fields[13]), Long.parseLong(fields[14])};
  }

  /** The sum of several processes' utime + stime. */
  public static long cpuTicks(long... pids) {
    long sum = 0;
    for (long pid : pids) {
      sum += cpuTicks(pid);
    }
    return sum;
  }

  /**
   * utime + stime of a process's threads, summed by kind: the thread's name with its digits and trailing {@code #-}
   * dropped ("user-store-" hashes, "vert.x-eventloop-thread-" serves HTTPS, "C2 CompilerThread" compiles, ...). A
   * thread that ended meanwhile is not counted.
   */
  public static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> groups = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat = read(task.resolve("stat"));
        if (stat == null) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "").replaceAll("[#-]+$", "").trim();
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        groups.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
      }
    } catch (IOException | UncheckedIOException gone) {
      return groups;
    }
    return groups;
  }

  /** utime + stime of the JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"). */
  public static long jitTicks(long pid) {
    return threadTicks(pid).entrySet().stream().filter(e -> e.getKey().startsWith("C CompilerThre"))
      .mapToLong(Map.Entry::getValue).sum();
  }

  /** Busy clock ticks of the whole machine, all cores: everything but idle and iowait in /proc/stat's "cpu" line. */
  public static long machineBusyTicks() {
    String[] cpu = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split(" +");
    long busy = 0;
    for (int i = 1; i < cpu.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
      if (i != 4 && i != 5) {
        busy += Long.parseLong(cpu[i]);
      }
    }
    return busy;
  }

  /** A kB field of /proc/PID/status, e.g. VmRSS or VmHWM; 0 when the process has exited. */
  public static long statusKiB(long pid, String field) {
    String status = read(Path.of("/proc/" + pid + "/status"));
    if (status == null) {
      return 0;
    }
    return status.lines().filter(line -> line.startsWith(field + ":")).findFirst()
      .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(0L);
  }

  public static double rssMB(long pid) {
    return statusKiB(pid, "VmRSS") / 1024.0;
  }

  public static double ticksToMs(long ticks) {
    return ticks * 1000.0 / CLOCK_TICKS_PER_SECOND;
  }

  private static String[] statFields(Path stat) {
    String text = read(stat);
    return text == null ? null : text.substring(text.lastIndexOf(')') + 2).split(" ");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException gone) {
      return null;
    }
  }
}
