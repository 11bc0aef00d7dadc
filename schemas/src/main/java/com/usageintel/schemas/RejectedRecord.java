package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A quarantined input record (contract section 2): where it starts, its raw text exactly as in
 * the file without the line end, and every reason that applies. The raw bytes are kept beside the
 * text because a malformed record may not be valid UTF-8, and its bytes must survive unchanged.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RejectedRecord {
  public abstract String getSourceFile();

  public abstract long getLineNumber();

  /** The raw record decoded as UTF-8 (invalid sequences replaced); for people reading the table. */
  public abstract String getRawText();

  /** The raw record's bytes as in the file, without the line end (a prefix if it was too large). */
  @SuppressWarnings("mutable")
  public abstract byte[] getRawBytes();

  /** Issue code names, each once, in the order of {@link IssueCode}. */
  public abstract List<String> getReasons();

  @SchemaCreate
  public static RejectedRecord create(
      String sourceFile, long lineNumber, String rawText, byte[] rawBytes, List<String> reasons) {
    return new AutoValue_RejectedRecord(sourceFile, lineNumber, rawText, rawBytes, reasons);
  }
}
