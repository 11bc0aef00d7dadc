package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sslmode=verify-full} against a real PostgreSQL whose certificate a CA made in the test
 * signed: real handshakes, a run that loads through them, and refusals for a server the CA did not
 * vouch for or a host name the certificate does not name.
 */
class TlsTest {
  private static final SecureTestServer SERVER = SecureTestServer.get();

  @TempDir Path dir;

  @Test
  void verifiedConnectionsAreEncrypted() {
    String database = SERVER.freshDatabase();

    for (String host : List.of("localhost", "127.0.0.1")) {
      List<List<String>> session = TestDatabase.rows(SERVER.url(host, database),
          "select ssl, version like 'TLSv1._' from pg_stat_ssl where pid = pg_backend_pid()");
      assertEquals(List.of(List.of("t", "t")), session, host);
    }
  }

  @Test
  void theServerRefusesConnectionsWithoutTls() {
    String database = SERVER.freshDatabase();
    String plain = "jdbc:postgresql://localhost:" + SERVER.port() + "/" + database + "?sslmode=disable";

    UserFacingException refused = assertThrows(UserFacingException.class, () -> TestDatabase.connect(plain));

    assertTrue(refused.getMessage().contains("no encryption"), refused.getMessage());
  }

  @Test
  void aRunThroughVerifiedTlsLoadsTheData() throws IOException {
    String database = SERVER.freshDatabase();

    // Every connection of the run (the control connection and JdbcIO's pools) had to be TLS: the
    // server rejects any other (theServerRefusesConnectionsWithoutTls).
    RunSummary summary = TestRuns.load(SERVER.url("localhost", database), fixture());

    // The fixture's accounting, worked out line by line in LoadRunTest.FIXTURE.
    assertEquals(new RunSummary(1, "succeeded", 10, 5, 0, 1, 4), summary);
    assertEquals(List.of(List.of("5", "4")), SERVER.rows(database,
        "select (select count(*) from fact_feature_usage), (select count(*) from dq_rejected_rows)"));
  }

  @Test
  void aCertificateFromAnotherAuthorityIsRefusedInOneLine() throws IOException {
    String database = SERVER.freshDatabase();
    Path otherCa = TestCertificates.authority("some other CA").writeCertificate(dir.resolve("other-ca.pem"));
    String url = SERVER.url("localhost", database, otherCa);

    CommandLineRun outcome =
        CommandLineRun.execute("run", "--input=" + fixture(), "--jdbcUrl=" + url);

    assertRefused(outcome, url, database,
        "the server's TLS certificate is not signed by a certificate authority in sslrootcert");
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefusedInOneLine() throws IOException {
    String database = SERVER.freshDatabase();
    String url = SERVER.url(SecureTestServer.UNNAMED_ADDRESS, database);

    CommandLineRun outcome =
        CommandLineRun.execute("run", "--input=" + fixture(), "--jdbcUrl=" + url);

    assertRefused(outcome, url, database, "the server's TLS certificate does not name the host 127.0.0.2");
  }

  private static void assertRefused(
      CommandLineRun outcome, String url, String database, String reason) {
    assertEquals(1, outcome.exitCode());
    assertEquals("usage-intel: cannot connect to the database " + url + " as postgres: " + reason + "\n",
        outcome.err());
    // Refused before a single statement: the database was not even given its schema.
    assertEquals(List.of(List.of("t")), SERVER.rows(database, "select to_regclass('etl_run') is null"));
  }

  private Path fixture() throws IOException {
    return Files.writeString(dir.resolve("fixture.csv"), LoadRunTest.FIXTURE, StandardCharsets.UTF_8);
  }
}
