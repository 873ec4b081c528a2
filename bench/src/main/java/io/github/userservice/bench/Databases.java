package io.github.userservice.bench;

import io.github.userservice.support.PostgresServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Path;

/**
 * PostgreSQL beside SQLite: logins and registrations at the shipped parameters on each database in turn, fresh
 * processes, interleaved; then 100 000 users imported and exported on each. The PostgreSQL server is the tests' own
 * (a temporary folder, a free port, default durability: fsync and synchronous commit, as SQLite's FULL).
 */
final class Databases {

  private static final int MOVED_USERS = 100_000;

  private final Run run;
  private PostgresServer postgres;

  Databases(Run run) {
    this.run = run;
  }

  void measure() {
    postgres = run.workspace.register(PostgresServer.start());
    run.results.meta("postgres", "PostgreSQL " + postgres.psql("SHOW server_version"));
    Durations d = run.durations;
    for (int rep = 1; rep <= d.reps(); rep++) {
      for (String db : new String[] {"sqlite", "postgres"}) {
        Bench.log("PostgreSQL beside SQLite: " + db + ", repetition " + rep + "/" + d.reps());
        String name = "db_" + db + "_" + rep;
        Path pool = run.file(name + "-pool.txt");
        Service service = start(db, name);
        run.client(service, "setup", "users=" + pool, "count=" + Run.POOL_USERS, "prefix=pool", "conc=4");
        run.warmup.fixed(service.port, service.pid(), pool, 2);
        run.client(service, "login", "section=db-login", "label=" + db, "users=" + pool, "conc=16", "reps=1", "rep=" + rep, "secs=" + d.secs(),
          "warmup=" + d.windowWarmup());
        run.client(service, "register", "section=db-register", "label=" + db, "conc=16", "reps=1", "rep=" + rep, "secs=" + d.secs(),
          "warmup=" + d.windowWarmup());
        service.stop();
      }
    }
    for (String db : new String[] {"sqlite", "postgres"}) {
      transfer(db);
    }
    postgres.close();
    run.workspace.closed(postgres);
  }

  /** The service on SQLite, or on a new PostgreSQL database. */
  private Service start(String db, String name) {
    Service.Spec spec = new Service.Spec(name, ShippedParameters.ARGON2);
    if (db.equals("postgres")) {
      Path dir = run.workspace.dir(name + "-secrets");
      spec = spec.on(new JsonObject().put("url", postgres.createDatabase()).put("passwordFile", postgres.passwordFile(dir).toString()));
    }
    return Service.start(run.workspace, spec);
  }

  /** 100 000 users imported through POST /admin/import, then exported through GET /admin/export; the service's peak RSS after each. */
  private void transfer(String db) {
    Bench.log("moving " + MOVED_USERS + " users in and out: " + db);
    Service service = start(db, "transfer_" + db);
    String token = service.token("bench-admin");
    String hash = exported(service, token).toString().lines().findFirst().map(JsonObject::new).orElseThrow().getString("passwordHash");
    StringBuilder users = new StringBuilder();
    for (int i = 0; i < MOVED_USERS; i++) {
      users.append(String.format("{\"login\":\"moved%07d\",\"passwordHash\":\"%s\",\"registeredAt\":\"2026-01-01T00:00:00Z\"}%n", i, hash));
    }
    long start = System.nanoTime();
    HttpResponse<Buffer> imported = service.client().post("/admin/import").putHeader("Authorization", "Bearer " + token)
      .putHeader("Content-Type", "application/x-ndjson").sendBuffer(Buffer.buffer(users.toString())).await();
    double importSecs = (System.nanoTime() - start) / 1e9;
    String summary = imported.bodyAsString().lines().reduce((a, b) -> b).orElse("");
    if (!summary.contains("\"created\":" + MOVED_USERS + ",")) {
      throw new IllegalStateException("the import did not create " + MOVED_USERS + " users: " + summary);
    }
    line(db, "import", MOVED_USERS, importSecs, service);
    start = System.nanoTime();
    Buffer exported = exported(service, token);
    double exportSecs = (System.nanoTime() - start) / 1e9;
    long lines = exported.toString().lines().count();
    if (lines != MOVED_USERS + 1) {
      throw new IllegalStateException("the export did not hold every user: " + lines + " lines");
    }
    line(db, "export", MOVED_USERS + 1, exportSecs, service);
    service.stop();
  }

  private static Buffer exported(Service service, String token) {
    return service.client().get("/admin/export").putHeader("Authorization", "Bearer " + token).send().await().body();
  }

  private void line(String db, String op, int users, double secs, Service service) {
    run.results.add(new JsonObject().put("section", "transfer").put("label", db).put("op", op).put("users", users)
      .put("secs", Math.round(secs * 1000) / 1000.0).put("hwmMB", Math.round(service.hwmMB())));
  }
}
