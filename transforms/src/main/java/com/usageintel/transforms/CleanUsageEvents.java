package com.usageintel.transforms;

import com.usageintel.schemas.FieldIssue;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.clean.CleanedRecord;
import com.usageintel.transforms.clean.SessionDurations;
import com.usageintel.transforms.clean.UsageEventCleaner;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Cleans raw records field by field against the reference data (contract section 2): usable
 * records become {@link UsageEvent}s, records without a user, feature or valid time are
 * rejected with every reason that applies, and every field issue is emitted for the data-quality
 * report, rejected records' issues included.
 */
public final class CleanUsageEvents extends PTransform<PCollection<RawRecord>, CleanUsageEvents.Result> {
  static final TupleTag<UsageEvent> EVENTS = new TupleTag<>() {};
  static final TupleTag<RejectedRecord> REJECTED = new TupleTag<>() {};
  static final TupleTag<FieldIssue> ISSUES = new TupleTag<>() {};

  private final ReferenceData referenceData;
  private final ZoneId sourceZone;
  private final double durationCapMinutes;

  private CleanUsageEvents(ReferenceData referenceData, ZoneId sourceZone, double durationCapMinutes) {
    this.referenceData = referenceData;
    this.sourceZone = sourceZone;
    this.durationCapMinutes = durationCapMinutes;
  }

  public static CleanUsageEvents with(ReferenceData referenceData) {
    return new CleanUsageEvents(referenceData, ZoneOffset.UTC, SessionDurations.DEFAULT_CAP_MINUTES);
  }

  /** The zone of timestamps written without an offset. */
  public CleanUsageEvents withSourceZone(ZoneId sourceZone) {
    return new CleanUsageEvents(referenceData, sourceZone, durationCapMinutes);
  }

  public CleanUsageEvents withDurationCapMinutes(double durationCapMinutes) {
    if (!(durationCapMinutes > 0)) {
      throw new IllegalArgumentException("the duration cap must be positive, was " + durationCapMinutes);
    }
    return new CleanUsageEvents(referenceData, sourceZone, durationCapMinutes);
  }

  /** The cleaned events, the rejected records and the field issues. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<UsageEvent> events() {
      return outputs.get(EVENTS);
    }

    public PCollection<RejectedRecord> rejected() {
      return outputs.get(REJECTED);
    }

    public PCollection<FieldIssue> issues() {
      return outputs.get(ISSUES);
    }
  }

  @Override
  public Result expand(PCollection<RawRecord> records) {
    return new Result(
        records.apply(
            "CleanFields",
            ParDo.of(new CleanFn(new UsageEventCleaner(referenceData, sourceZone, durationCapMinutes)))
                .withOutputTags(EVENTS, TupleTagList.of(REJECTED).and(ISSUES))));
  }

  private static class CleanFn extends ClockedDoFn<RawRecord, UsageEvent> {
    private final Counter rowsRejected = Metrics.counter(CleanUsageEvents.class, "rows_rejected");
    private final UsageEventCleaner cleaner;

    CleanFn(UsageEventCleaner cleaner) {
      this.cleaner = cleaner;
    }

    @ProcessElement
    public void processElement(@Element RawRecord raw, MultiOutputReceiver out) {
      CleanedRecord cleaned = cleaner.clean(raw);
      for (FieldIssue issue : cleaned.issues()) {
        out.get(ISSUES).output(issue);
      }
      UsageEvent event = cleaned.event();
      if (event != null) {
        out.get(EVENTS).output(event);
        return;
      }
      rowsRejected.inc();
      List<String> reasons = new ArrayList<>();
      for (IssueCode reason : cleaned.rejectReasons()) {
        reasons.add(reason.name());
      }
      out.get(REJECTED)
          .output(
              RejectedRecord.create(
                  raw.getSourceFile(),
                  raw.getLineNumber(),
                  raw.getRawText(),
                  raw.getRawText().getBytes(StandardCharsets.UTF_8),
                  reasons));
    }
  }
}
