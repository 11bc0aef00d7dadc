package com.usageintel.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference data of contract section 2: per categorical column, each canonical member and its
 * aliases. Read with Jackson from a JSON object whose keys are column names:
 *
 * <pre>{"region": [{"canonical": "UK", "aliases": ["gb", "united kingdom"]}], ...}</pre>
 *
 * The project ships a default ({@link #loadDefault()}); users pass their own with an option.
 */
public final class ReferenceData implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String DEFAULT_RESOURCE = "reference-data.json";

  /** The columns mapped through reference data. */
  public static final List<String> CATEGORICAL_COLUMNS =
      List.of(
          RawColumns.REGION,
          RawColumns.VEHICLE_MODEL,
          RawColumns.FEATURE_NAME,
          RawColumns.OS_TYPE,
          RawColumns.SUBSCRIPTION_STATUS);

  /** A canonical member and the other spellings that mean it. */
  public static final class Member implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String canonical;
    private final List<String> aliases;

    @JsonCreator
    public Member(
        @JsonProperty(value = "canonical", required = true) String canonical,
        @JsonProperty("aliases") List<String> aliases) {
      this.canonical = Objects.requireNonNull(canonical, "canonical");
      this.aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public String canonical() {
      return canonical;
    }

    public List<String> aliases() {
      return aliases;
    }
  }

  private final Map<String, List<Member>> membersByColumn;
  private final String checksum;

  private ReferenceData(Map<String, List<Member>> membersByColumn, String checksum) {
    this.membersByColumn = membersByColumn;
    this.checksum = checksum;
  }

  /** The members of a categorical column, in the file's order; empty if the file lists none. */
  public List<Member> members(String column) {
    return membersByColumn.getOrDefault(column, List.of());
  }

  /** SHA-256 of the JSON bytes, recorded with every run so results can be traced to it. */
  public String checksum() {
    return checksum;
  }

  public static ReferenceData loadDefault() {
    try (InputStream in = ReferenceData.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default reference data is missing from the classpath");
      }
      return parse(in.readAllBytes(), "the default reference data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a user's reference data file; a bad file fails with a message naming it. */
  public static ReferenceData load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read reference data file " + file + ": " + e, e);
    }
    return parse(bytes, "reference data file " + file);
  }

  static ReferenceData parse(byte[] json, String what) {
    Map<String, List<Member>> parsed;
    try {
      parsed =
          new ObjectMapper()
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(json, new TypeReference<LinkedHashMap<String, List<Member>>>() {});
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    for (String column : parsed.keySet()) {
      if (!CATEGORICAL_COLUMNS.contains(column)) {
        throw new IllegalArgumentException(
            what + " names column '" + column + "'; expected some of " + CATEGORICAL_COLUMNS);
      }
    }
    Map<String, List<Member>> copy = new LinkedHashMap<>();
    parsed.forEach((column, members) -> copy.put(column, List.copyOf(members)));
    return new ReferenceData(copy, sha256(json));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
