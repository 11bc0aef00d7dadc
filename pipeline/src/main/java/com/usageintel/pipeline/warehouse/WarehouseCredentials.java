package com.usageintel.pipeline.warehouse;

import static com.usageintel.pipeline.warehouse.EmbeddedDatabase.USER;

import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The warehouse superuser's password, generated at the first start and kept beside the data
 * directory in the format of a PostgreSQL password file, readable by its owner only.
 */
final class WarehouseCredentials {
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private WarehouseCredentials() {}

  /** {@code <dataDirectory>.pgpass}, beside the data directory. */
  static Path fileOf(Path dataDirectory) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    return directory.resolveSibling(directory.getFileName() + ".pgpass");
  }

  /**
   * The password kept in {@code credentials}, generated first when there is none yet. A cluster
   * that admits only a password the file no longer holds is refused: a new password would not open it.
   */
  static String passwordFor(Path directory, Path credentials, boolean newCluster) throws IOException {
    if (!Files.exists(credentials)) {
      if (!newCluster && OwnerOnlyAccess.isOwnerOnly(directory)) {
        throw new UserFacingException("the embedded database in " + directory + " admits only the"
            + " password kept in " + credentials + ", which is missing: restore that file, or"
            + " load into a new --embeddedDataDir");
      }
      write(credentials, newPassword());
    }
    Files.setPosixFilePermissions(credentials, OWNER_READ_WRITE);
    return readPassword(credentials);
  }

  /** The password in a credentials file written by {@link #write}. */
  static String readPassword(Path credentials) {
    try {
      for (String line : Files.readAllLines(credentials, StandardCharsets.UTF_8)) {
        String[] fields = line.split(":", 5);
        if (!line.startsWith("#") && fields.length == 5 && fields[3].equals(USER)) {
          return fields[4];
        }
      }
    } catch (IOException e) {
      throw new UserFacingException("cannot read the embedded database's credentials "
          + credentials + ": " + UserFacingException.firstLine(e), e);
    }
    throw new UserFacingException("the embedded database's credentials file " + credentials
        + " has no line for user " + USER);
  }

  /** A new file in {@code directory} that only its owner can read or write. */
  static Path ownerOnlyTempFile(Path directory, String prefix, String suffix) throws IOException {
    FileAttribute<Set<PosixFilePermission>> ownerOnly =
        PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
    return Files.createTempFile(directory, prefix, suffix, ownerOnly);
  }

  /** 32 characters of [A-Za-z0-9_-]: nothing a password file would need to escape. */
  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Written whole and synced, then moved into place: never half a file, never readable by others. */
  private static void write(Path credentials, String password) throws IOException {
    String text = "# the embedded PostgreSQL of " + credentials.resolveSibling(
            credentials.getFileName().toString().replaceFirst("\\.pgpass$", ""))
        + " (usage-intel); a PostgreSQL password file\n"
        + "127.0.0.1:*:*:" + USER + ":" + password + "\n"
        + "localhost:*:*:" + USER + ":" + password + "\n";
    Path temporary = ownerOnlyTempFile(credentials.getParent(), ".pgpass-", ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temporary, credentials, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
