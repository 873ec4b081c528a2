package io.github.userservice.bench;

import io.github.userservice.bench.ceiling.Ceiling;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * Keycloak side by side with our service, in the same run, at the same Argon2id cost (Keycloak 26's default, m=7168
 * KiB, t=5, p=1): per repetition the hash ceiling at those parameters, our service (logins and registrations at the
 * same client counts), then Keycloak alone on the machine (our service stopped first: it needs its own JVM and several
 * hundred MB), measured by the same load client. For both: the start to the first ready answer (a restart), resident
 * memory idle and after the load.
 */
final class KeycloakSide {

  static final JsonObject ARGON2 = Service.argon2(7168, 5, 1);
  static final Ceiling.Parameters CEILING = new Ceiling.Parameters("keycloak", 7168, 5, 1);
  static final String KEYCLOAK_LABEL = "keycloak-server";

  private final Run run;
  private final Durations d;

  KeycloakSide(Run run) {
    this.run = run;
    this.d = run.durations;
  }

  void measure() {
    Path pool = run.file("kc-pool.txt");
    Path keycloakPool = run.file("keycloak-server-pool.txt");
    Bench.log("Keycloak's parameters (m=7168, t=5, p=1): ceiling and our service");
    Service service = Service.start(run.workspace, new Service.Spec("keycloak", ARGON2));
    run.client(service, "setup", "users=" + pool, "count=" + Run.POOL_USERS, "prefix=pool", "conc=4");
    KeycloakServer keycloak = keycloak(service);
    for (int rep = 1; rep <= d.reps(); rep++) {
      Bench.log("Keycloak side by side, repetition " + rep + "/" + d.reps());
      run.ceiling(CEILING, rep);
      service = service.restart(); // a fresh process each repetition, its start to ready measured
      started("user-service", rep, service.readySecs, service::rssMB);
      run.warmup.untilCompiled(service, pool);
      run.client(service, "login", "label=keycloak", "users=" + pool, "conc=" + Run.CONCURRENCIES, "reps=1", "rep=" + rep,
        "secs=" + d.secs(), "warmup=" + d.windowWarmup());
      run.client(service, "register", "label=keycloak", "conc=" + Run.CONCURRENCIES, "reps=1", "rep=" + rep, "secs=" + d.secs(),
        "warmup=" + d.windowWarmup());
      loaded("user-service", rep, service.rssMB());
      service.stop();
      if (keycloak != null) {
        measure(keycloak, keycloakPool, rep);
      }
    }
  }

  /** Keycloak started on an empty database, configured, its pool created, stopped; or null, said in the report, when it cannot run here. */
  private KeycloakServer keycloak(Service service) {
    try {
      Path home = KeycloakDistribution.prepare(run.workspace.out);
      KeycloakServer keycloak = new KeycloakServer(run.workspace, home, service.dir.resolve("certs/server.crt"), service.dir.resolve("certs/server.key"));
      service.stop(); // Keycloak runs alone
      Bench.log("Keycloak " + KeycloakDistribution.VERSION + ": first start on an empty dev database");
      keycloak.start(600);
      run.results.add(new JsonObject().put("section", "keycloak-start").put("who", "keycloak").put("kind", "first")
        .put("secs", round(keycloak.readySecs())));
      keycloak.configure();
      String token = keycloak.adminToken();
      run.clients.run(keycloak.port(), keycloak.pid(), "setup", "users=" + run.file("keycloak-server-pool.txt"), "count=" + Run.POOL_USERS,
        "prefix=pool", "conc=4", "api=keycloak", "admin-token=" + token);
      int right = keycloak.login("pool-000", Service.PASSWORD);
      int wrong = keycloak.login("pool-000", Service.PASSWORD + " but wrong");
      run.results.meta("keycloak_login_check", "right password " + right + ", wrong password " + wrong);
      if (right != 200 || wrong != 401) {
        throw new IllegalStateException("Keycloak does not check passwords as expected: right " + right + ", wrong " + wrong);
      }
      run.results.meta("keycloak_hash", keycloak.storedHashParameters("pool-000"));
      run.results.meta("keycloak_version", KeycloakDistribution.VERSION);
      run.results.meta("keycloak_jdk", System.getProperty("java.runtime.version"));
      keycloak.stop();
      return keycloak;
    } catch (RuntimeException e) {
      Bench.log("KEYCLOAK COULD NOT BE MEASURED: " + e.getMessage());
      run.results.meta("keycloak_failure", e.getMessage().lines().findFirst().orElse(e.toString()));
      return null;
    }
  }

  private void measure(KeycloakServer keycloak, Path pool, int rep) {
    Bench.log("Keycloak " + KeycloakDistribution.VERSION + ", repetition " + rep + ": restart, warm-up, logins and registrations");
    String[] api = {"api=keycloak", "realm=" + KeycloakServer.REALM, "client=" + KeycloakServer.CLIENT};
    keycloak.start(300);
    started("keycloak", rep, keycloak.readySecs(), keycloak::rssMB);
    run.warmup.untilCompiled(keycloak.port(), keycloak.pid(), pool, api);
    // a Keycloak login takes seconds at 64 clients: windows of at least 16 s, and a warm-up in which every client is in
    // flight, so that requests sent in the window come back within it (only those give latencies)
    String secs = "secs=" + Math.max(d.secs(), 16);
    String warmup = "warmup=" + Math.max(d.windowWarmup(), 10);
    String[] login = concat(new String[] {"label=" + KEYCLOAK_LABEL, "users=" + pool, "conc=" + Run.CONCURRENCIES, "reps=1", "rep=" + rep,
      secs, warmup}, api);
    run.clients.run(keycloak.port(), keycloak.pid(), "login", login);
    String[] register = concat(new String[] {"label=" + KEYCLOAK_LABEL, "prefix=kcreg" + rep + "-", "conc=" + Run.CONCURRENCIES, "reps=1",
      "rep=" + rep, secs, warmup, "admin-token=" + keycloak.adminToken()}, api);
    run.clients.run(keycloak.port(), keycloak.pid(), "register", register);
    loaded("keycloak", rep, keycloak.rssMB());
    keycloak.stop();
  }

  /** A restart's seconds to the first ready answer, and the resident memory 5 s later, idle. */
  private void started(String who, int rep, double secs, java.util.function.DoubleSupplier rssMB) {
    Service.sleep(5000);
    run.results.add(new JsonObject().put("section", "keycloak-start").put("who", who).put("kind", "restart").put("rep", rep)
      .put("secs", round(secs)).put("idleRssMB", round(rssMB.getAsDouble())));
  }

  private void loaded(String who, int rep, double rssMB) {
    run.results.add(new JsonObject().put("section", "keycloak-rss").put("who", who).put("rep", rep).put("afterLoadMB", round(rssMB)));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
