package com.usageintel.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Validates a Power BI project's JSON file against the schema its {@code $schema} names, from
 * Microsoft's published schemas in a local folder: {@code https://developer.microsoft.com/json-schemas/}
 * maps to the folder, so nothing is fetched. The schemas refer to each other by relative
 * {@code $ref}; those resolve against the same URLs and are read from the folder too. A schema
 * the folder does not have is an error, never a download (the validator fetches nothing
 * remote unless told to).
 */
final class PowerBiSchemas {
  static final String PREFIX = "https://developer.microsoft.com/json-schemas/";

  private final Path folder;
  private final SchemaRegistry registry;

  /** {@code folder} holds {@code fabric/...} as in Microsoft's json-schemas repository. */
  PowerBiSchemas(Path folder) {
    this.folder = folder;
    // Microsoft's schemas are all draft-07.
    this.registry = SchemaRegistry.withDialect(Dialects.getDraft7(),
        builder -> builder.schemas(this::localSchema));
  }

  /** The schema errors of a file's content: none when it is valid against its own $schema. */
  List<String> errors(JsonNode document) {
    JsonNode schemaUrl = document.get("$schema");
    if (schemaUrl == null || !schemaUrl.isTextual() || !schemaUrl.asText().startsWith(PREFIX)) {
      return List.of("$schema is missing or not one of Microsoft's: " + schemaUrl);
    }
    if (localSchema(schemaUrl.asText()) == null) {
      return List.of("no schema " + schemaUrl.asText() + " in " + folder);
    }
    Schema schema = registry.getSchema(SchemaLocation.of(schemaUrl.asText()));
    schema.initializeValidators();
    return schema.validate(document).stream().map(Error::toString).toList();
  }

  /** A schema's text by its URL, from the folder; null when it is not one of Microsoft's. */
  private String localSchema(String url) {
    if (!url.startsWith(PREFIX)) {
      return null;
    }
    Path file = folder.resolve(url.substring(PREFIX.length()).replaceFirst("#.*$", "")).normalize();
    if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
