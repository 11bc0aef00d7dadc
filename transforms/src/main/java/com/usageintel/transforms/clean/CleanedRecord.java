package com.usageintel.transforms.clean;

import com.usageintel.schemas.FieldIssue;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.UsageEvent;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A raw record after cleaning: the event, or NULL with every reason the record is rejected; and
 * the field issues in either case, since the contract counts those over rejected records too.
 *
 * @param rejectReasons each record-rejecting code once, in {@link IssueCode} order
 * @param issues at most one per field, in the order of {@link
 *     com.usageintel.schemas.RawColumns#REQUIRED}
 */
public record CleanedRecord(
    @Nullable UsageEvent event, List<IssueCode> rejectReasons, List<FieldIssue> issues) {

  public CleanedRecord {
    rejectReasons = List.copyOf(rejectReasons);
    issues = List.copyOf(issues);
    if ((event == null) == rejectReasons.isEmpty()) {
      throw new IllegalArgumentException("a record has either an event or reject reasons");
    }
  }

  public boolean isRejected() {
    return event == null;
  }
}
