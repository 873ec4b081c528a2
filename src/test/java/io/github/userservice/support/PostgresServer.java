package io.github.userservice.support;

import io.github.userservice.tls.LocalhostCertificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: Debian's {@code postgresql} binaries, a data directory of its own in a
 * temporary folder, a free port on 127.0.0.1, and password authentication over TCP (scram-sha-256), as a production
 * server asks for it. When the tests run as root it runs as the {@code postgres} user: the server refuses root.
 * {@link #shared()} serves every test of the JVM, each in a database of its own, and is removed when the JVM exits;
 * a test that kills the server, needs TLS, or serves nodes in network namespaces ({@link #startOn}), starts its own.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "test-only-password";

  private static final String LOOPBACK = "127.0.0.1";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer shared;

  private final Path bin;
  private final Path folder;
  private final Path data;
  private final int port;
  private final boolean tls;
  /** The address its URIs name: 127.0.0.1, or the one of {@link #startOn}, where it listens too. */
  private final String address;
  /** The range admitted on that address besides loopback, or null. */
  private final String clients;
  private final boolean asPostgresUser;

  private PostgresServer(Path bin, Path folder, int port, boolean tls, String address, String clients) {
    this.bin = bin;
    this.folder = folder;
    this.data = folder.resolve("data");
    this.port = port;
    this.tls = tls;
    this.address = address;
    this.clients = clients;
    this.asPostgresUser = "root".equals(System.getProperty("user.name"));
  }

  /** The server every test of this JVM shares; started at the first call. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A server of one's own, for tests that stop or kill it; close it afterwards. */
  public static PostgresServer start() {
    return start(null, LOOPBACK, null);
  }

  /**
   * A server that also listens on {@code address}, one of this machine's (a bridge to network namespaces), and admits
   * clients of the range {@code clients} (CIDR) there with a password: nodes in namespaces reach this host only
   * through the bridge. Its URIs name that address; the test's own {@link #psql} still connects over loopback.
   * Close it afterwards.
   */
  public static PostgresServer startOn(String address, String clients) {
    return start(null, address, clients);
  }

  /**
   * A server that accepts TLS connections only ({@code hostssl} in pg_hba.conf), with this certificate (for
   * 127.0.0.1 and localhost); close it afterwards.
   */
  public static PostgresServer startWithTls(LocalhostCertificate certificate) {
    return start(certificate, LOOPBACK, null);
  }

  private static PostgresServer start(LocalhostCertificate certificate, String address, String clients) {
    try {
      Path folder = Files.createTempDirectory("user-service-postgres-");
      PostgresServer server = new PostgresServer(binaries(), folder, FreePorts.next(), certificate != null, address, clients);
      server.initialize(certificate);
      server.startServer();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new, empty database; its URI for {@code db.url}, without the password. */
  public String createDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    psql("CREATE DATABASE " + name);
    return uri(name);
  }

  public String uri(String database) {
    return "postgresql://" + USER + "@" + address + ":" + port + "/" + database;
  }

  /** The password, in a file readable by the service only, for {@code db.passwordFile}. */
  public Path passwordFile(Path dir) {
    try {
      Path file = dir.resolve("postgres-password");
      Files.writeString(file, PASSWORD + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs SQL as the superuser in a database and returns psql's unaligned output. */
  public String psql(String database, String sql) {
    return run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
      "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", sql), false);
  }

  public String psql(String sql) {
    return psql("postgres", sql);
  }

  /** {@code kill -9} of the server's main process; its backends follow it. */
  public void kill() {
    try {
      long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      List<ProcessHandle> backends = postmaster.children().toList();
      postmaster.destroyForcibly();
      postmaster.onExit().get(10, TimeUnit.SECONDS);
      for (ProcessHandle backend : backends) {
        backend.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not kill the PostgreSQL server", e);
    }
  }

  /** Starts the server again on its data and port, after {@link #kill()}: it recovers from its write-ahead log. */
  public void restart() {
    startServer();
  }

  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
      }
    } finally {
      deleteRecursively(folder);
    }
  }

  private void initialize(LocalhostCertificate certificate) throws IOException {
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    List<Path> files = new ArrayList<>(List.of(folder, ownerOnly(folder.resolve("superuser-password"), PASSWORD + "\n")));
    if (certificate != null) {
      files.add(ownerOnly(folder.resolve("server.crt"), certificate.certificatePem()));
      files.add(ownerOnly(folder.resolve("server.key"), certificate.privateKeyPem()));
    }
    if (asPostgresUser) {
      UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
      for (Path file : files) {
        Files.setOwner(file, users.lookupPrincipalByName(USER));
      }
    }
    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + folder.resolve("superuser-password"),
      "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8"), true);
    if (certificate != null) {
      // TCP with TLS only: a client that does not ask for it is turned away
      run(List.of("sh", "-c", "printf 'local all all trust\\nhostssl all all 127.0.0.1/32 scram-sha-256\\n' > " + data.resolve("pg_hba.conf")), true);
    }
    if (clients != null) {
      // appended by the owner of the file (root or the postgres user), which keeps its owner and mode
      Files.writeString(data.resolve("pg_hba.conf"), "host all all " + clients + " scram-sha-256\n", StandardOpenOption.APPEND);
    }
  }

  private static Path ownerOnly(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private void startServer() {
    String listen = address.equals(LOOPBACK) ? LOOPBACK : LOOPBACK + "," + address;
    String options = "-p " + port + " -c listen_addresses=" + listen + " -c unix_socket_directories='' -c max_connections=300"
      + (tls ? " -c ssl=on -c ssl_cert_file=" + folder.resolve("server.crt") + " -c ssl_key_file=" + folder.resolve("server.key") : "");
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("server.log").toString(),
      "-o", options, "-w", "-t", "60", "start"), true);
  }

  /** A command, as the postgres user when needed; its output, or a failure carrying it. */
  private String run(List<String> command, boolean serverSide) {
    List<String> full = new ArrayList<>();
    if (serverSide && asPostgresUser) {
      full.addAll(List.of("runuser", "-u", USER, "--"));
    }
    full.addAll(command);
    try {
      ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
      Map<String, String> environment = builder.environment();
      environment.put("PGPASSWORD", PASSWORD);
      environment.put("PGCONNECT_TIMEOUT", "10");
      environment.put("PGSSLMODE", tls ? "require" : "prefer");
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The newest installed PostgreSQL's binaries (Debian keeps them out of PATH). */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("PostgreSQL is not installed: apt-get install postgresql (./run.sh test does)");
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(version -> version.resolve("bin"))
        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
        .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
        .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries under " + root));
    }
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // the temporary folder is left for the system to clear
    }
  }
}
