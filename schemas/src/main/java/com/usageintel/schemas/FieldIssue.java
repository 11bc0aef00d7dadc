package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * One field of one record that was null-like, unmapped or unusable (contract section 7): the
 * column, the issue code, the raw value as written and where it was found. These are counted per
 * run into {@code dq_issue_counts}.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class FieldIssue {
  public abstract String getField();

  public abstract String getIssueCode();

  public abstract String getRawValue();

  public abstract String getSourceFile();

  public abstract long getLineNumber();

  public static FieldIssue create(
      String field, IssueCode code, String rawValue, String sourceFile, long lineNumber) {
    return new AutoValue_FieldIssue(field, code.name(), rawValue, sourceFile, lineNumber);
  }
}
