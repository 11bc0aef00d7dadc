package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A run's count of one issue code on one field, with the first distinct raw values in file order. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class IssueCount {
  public abstract String getField();

  public abstract String getIssueCode();

  public abstract long getIssueCount();

  public abstract List<String> getSampleValues();

  @SchemaCreate
  public static IssueCount create(
      String field, String issueCode, long issueCount, List<String> sampleValues) {
    return new AutoValue_IssueCount(field, issueCode, issueCount, sampleValues);
  }
}
