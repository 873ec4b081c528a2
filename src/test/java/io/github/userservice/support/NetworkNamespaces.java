package io.github.userservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts of their own on this machine, for tests of what a network does to a cluster: one Linux network namespace per
 * node, each linked by a veth pair to a bridge in this (the test's) namespace, which has an address on the same
 * private /24 and so reaches every node. {@link #cut} takes a node's link down on the bridge side: its packets then
 * vanish without a reset, as when a cable is pulled or a host dies, which a killed process on a live host never
 * shows (its kernel closes the connections at once). Needs root and {@code ip netns} ({@link #unavailable()}).
 *
 * <p>Names carry this JVM's pid ({@code usp-PID-N} namespaces, {@code uspHEXb} bridge, {@code uspHEXhN} links), so
 * that runs side by side keep apart, and a run that finds leftovers of a process that is gone (a crashed run) removes
 * them first, with the processes still running in them. {@link #close} removes this run's, test failed or not.
 */
public final class NetworkNamespaces implements AutoCloseable {

  private static final Pattern NAMESPACE = Pattern.compile("^usp-(\\d+)-\\d+\\b", Pattern.MULTILINE);
  private static final Pattern BRIDGE = Pattern.compile("^\\d+: usp([0-9a-f]+)b[:@]", Pattern.MULTILINE);

  private final String tag = Long.toHexString(ProcessHandle.current().pid());
  private final String subnet;
  private final Map<String, String> namespaces = new LinkedHashMap<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();

  private NetworkNamespaces(String subnet) {
    this.subnet = subnet;
  }

  /** Why these tests cannot run here, or null when they can: root, and {@code ip netns} that works. */
  public static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root (CI runs as root); running as " + System.getProperty("user.name");
    }
    String probe = "usp-probe-" + ProcessHandle.current().pid();
    try {
      run("ip", "netns", "add", probe);
      run("ip", "netns", "del", probe);
      return null;
    } catch (RuntimeException e) {
      return "ip netns does not work here: " + e.getMessage();
    }
  }

  /** A bridge on a /24 of 10.0.0.0/8 that this machine does not use yet, after removing leftovers of dead runs. */
  public static NetworkNamespaces create() {
    removeLeftovers();
    String used = run("ip", "-o", "-4", "addr", "show") + run("ip", "-4", "route", "show");
    Random random = new Random();
    String subnet;
    do {
      subnet = "10." + (100 + random.nextInt(150)) + "." + random.nextInt(256);
    } while (used.contains(subnet + "."));
    NetworkNamespaces network = new NetworkNamespaces(subnet);
    try {
      run("ip", "link", "add", network.bridge(), "type", "bridge");
      run("ip", "addr", "add", network.bridgeAddress() + "/24", "dev", network.bridge());
      run("ip", "link", "set", network.bridge(), "up");
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    return network;
  }

  /** This test's own address on the bridge: how nodes see the test's requests (and a PostgreSQL server it runs). */
  public String bridgeAddress() {
    return subnet + ".1";
  }

  public String subnet() {
    return subnet + ".0/24";
  }

  /** A namespace for {@code node}, its link up; its address. */
  public String add(String node) {
    int index = namespaces.size() + 1;
    String namespace = "usp-" + ProcessHandle.current().pid() + "-" + index;
    String address = subnet + "." + (10 + index);
    String host = link(index);
    String peer = "usp" + tag + "n" + index;
    namespaces.put(node, namespace);
    addresses.put(node, address);
    run("ip", "netns", "add", namespace);
    run("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
    run("ip", "link", "set", peer, "netns", namespace);
    run("ip", "link", "set", host, "master", bridge());
    run("ip", "link", "set", host, "up");
    run("ip", "-n", namespace, "link", "set", "lo", "up");
    run("ip", "-n", namespace, "link", "set", peer, "name", "eth0");
    run("ip", "-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
    run("ip", "-n", namespace, "link", "set", "eth0", "up");
    return address;
  }

  public String address(String node) {
    return addresses.get(node);
  }

  /** The command prefix that runs a program in the node's namespace. */
  public List<String> inside(String node) {
    return List.of("ip", "netns", "exec", namespaces.get(node));
  }

  /** Takes the node's link down on the bridge side: from now on its packets vanish, in both directions. */
  public void cut(String node) {
    run("ip", "link", "set", link(indexOf(node)), "down");
  }

  public void heal(String node) {
    run("ip", "link", "set", link(indexOf(node)), "up");
  }

  /** An answer to a GET: its status (0 when nothing answered in time) and body. */
  public record Answer(int status, String body) {
  }

  /**
   * {@code curl} of a URL from inside the node's namespace, which the test cannot reach while the node is cut off,
   * given up after {@code seconds}.
   */
  public Answer get(String node, String url, int seconds) {
    List<String> command = new ArrayList<>(inside(node));
    command.addAll(List.of("curl", "-s", "-w", "\n%{http_code}", "--max-time", Integer.toString(seconds), url));
    String out = execute(command, false).strip();
    int newline = out.lastIndexOf('\n');
    try {
      return new Answer(Integer.parseInt(out.substring(newline + 1)), newline < 0 ? "" : out.substring(0, newline));
    } catch (NumberFormatException e) {
      return new Answer(0, out);
    }
  }

  /** Removes this run's namespaces (killing what still runs in them), links and bridge. */
  @Override
  public void close() {
    for (String namespace : namespaces.values()) {
      removeNamespace(namespace);
    }
    for (int index = 1; index <= namespaces.size(); index++) {
      execute(List.of("ip", "link", "del", link(index)), false);
    }
    execute(List.of("ip", "link", "del", bridge()), false);
  }

  private String bridge() {
    return "usp" + tag + "b";
  }

  private String link(int index) {
    return "usp" + tag + "h" + index;
  }

  private int indexOf(String node) {
    return new ArrayList<>(namespaces.keySet()).indexOf(node) + 1;
  }

  private static void removeLeftovers() {
    Matcher namespace = NAMESPACE.matcher(run("ip", "netns", "list"));
    while (namespace.find()) {
      if (ProcessHandle.of(Long.parseLong(namespace.group(1))).isEmpty()) {
        removeNamespace(namespace.group(0));
      }
    }
    Matcher bridge = BRIDGE.matcher(run("ip", "-o", "link", "show"));
    while (bridge.find()) {
      if (ProcessHandle.of(Long.parseLong(bridge.group(1), 16)).isEmpty()) {
        String tag = bridge.group(1);
        Matcher links = Pattern.compile("^\\d+: (usp" + tag + "h\\d+)@", Pattern.MULTILINE).matcher(run("ip", "-o", "link", "show"));
        while (links.find()) {
          execute(List.of("ip", "link", "del", links.group(1)), false);
        }
        execute(List.of("ip", "link", "del", "usp" + tag + "b"), false);
      }
    }
  }

  private static void removeNamespace(String namespace) {
    for (String pid : execute(List.of("ip", "netns", "pids", namespace), false).split("\\s+")) {
      if (!pid.isBlank()) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    execute(List.of("ip", "netns", "del", namespace), false);
  }

  private static String run(String... command) {
    return execute(List.of(command), true);
  }

  private static String execute(List<String> command, boolean check) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      if (check && process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
