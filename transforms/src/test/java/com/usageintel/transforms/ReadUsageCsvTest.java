package com.usageintel.transforms;

import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.RejectedRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReadUsageCsvTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static final String HEADER =
      "user_id,region,vehicle_model,feature_name,session_duration_min,error_flag,"
          + "feedback_rating,app_version,os_type,subscription_status,feature_used_at";

  private Path write(String name, String text) throws IOException {
    Path file = folder.getRoot().toPath().resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static RawRecord record(
      Path file, long line, String rawText, String user, String region, String at) {
    return RawRecord.builder()
        .setSourceFile(file.toString())
        .setLineNumber(line)
        .setRawText(rawText)
        .setUserId(user)
        .setRegion(region)
        .setVehicleModel("VW Golf")
        .setFeatureName("nav")
        .setSessionDurationMin("1")
        .setErrorFlag("0")
        .setFeedbackRating("4")
        .setAppVersion("5.5")
        .setOsType("iOS")
        .setSubscriptionStatus("active")
        .setFeatureUsedAt(at)
        .build();
  }

  @Test
  public void readsRecordsWithFileAndStartLineAndQuarantinesMalformedOnes() throws IOException {
    String good = "U1,UK,VW Golf,nav,1,0,4,5.5,iOS,active,2025-09-17 10:00:00";
    String quotedBreak = "U2,\"Great\nBritain\",VW Golf,nav,1,0,4,5.5,iOS,active,2025-09-17 11:00:00";
    String short_ = "U3,UK,VW Golf";
    String afterQuote = "U4,\"UK\"x,VW Golf,nav,1,0,4,5.5,iOS,active,2025-09-17 12:00:00";
    Path file = write("a.csv", String.join("\r\n", HEADER, good, quotedBreak, "", short_, afterQuote));

    ReadUsageCsv.Result read = pipeline.apply(ReadUsageCsv.from(List.of(file.toString())));

    PAssert.that(read.records())
        .containsInAnyOrder(
            record(file, 2, good, "U1", "UK", "2025-09-17 10:00:00"),
            record(file, 3, quotedBreak, "U2", "Great\nBritain", "2025-09-17 11:00:00"));
    PAssert.that(read.malformed())
        .containsInAnyOrder(
            RejectedRecord.create(file.toString(), 6, short_,
                short_.getBytes(StandardCharsets.UTF_8), List.of("MALFORMED_RECORD")),
            RejectedRecord.create(file.toString(), 7, afterQuote,
                afterQuote.getBytes(StandardCharsets.UTF_8), List.of("MALFORMED_RECORD")));
    // Four data rows: two records, two malformed; the blank line is no row.
    PAssert.that(read.rowsReadPerFile()).containsInAnyOrder(4L);
    pipeline.run();
  }

  @Test
  public void readsGlobsGzipAndHeadersInAnyOrder() throws IOException {
    Path plain = write("part-1.csv", HEADER + "\nU1,UK,VW Golf,nav,1,0,4,5.5,iOS,active,t1\n");
    Path gz = folder.getRoot().toPath().resolve("part-2.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(("\uFEFF Feature_Used_At ,extra,user_id,region,vehicle_model,feature_name,"
              + "session_duration_min,error_flag,feedback_rating,app_version,os_type,"
              + "subscription_status\nt2,x,U2,DE,VW Golf,nav,1,0,4,5.5,iOS,active\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    write("part-3.csv", "");

    ReadUsageCsv.Result read =
        pipeline.apply(ReadUsageCsv.from(List.of(folder.getRoot().toPath().resolve("part-*").toString())));

    PAssert.that(read.records())
        .containsInAnyOrder(
            record(plain, 2, "U1,UK,VW Golf,nav,1,0,4,5.5,iOS,active,t1", "U1", "UK", "t1"),
            record(gz, 2, "t2,x,U2,DE,VW Golf,nav,1,0,4,5.5,iOS,active", "U2", "DE", "t2"));
    PAssert.that(read.malformed()).empty();
    // One count per file, the empty one's too.
    PAssert.that(read.rowsReadPerFile()).containsInAnyOrder(1L, 1L, 0L);
    pipeline.run();
  }

  @Test
  public void rejectsRecordsAboveTheSizeLimit() throws IOException {
    String good = "U1,UK,VW Golf,nav,1,0,4,5.5,iOS,active,t1";
    String huge = "U2,UK," + "x".repeat(500) + ",nav,1,0,4,5.5,iOS,active,t2";
    Path file = write("big.csv", HEADER + "\n" + huge + "\n" + good + "\n");

    ReadUsageCsv.Result read =
        pipeline.apply(ReadUsageCsv.from(List.of(file.toString())).withMaxRecordBytes(200));

    PAssert.that(read.records()).containsInAnyOrder(record(file, 3, good, "U1", "UK", "t1"));
    byte[] kept = huge.substring(0, 200).getBytes(StandardCharsets.UTF_8);
    PAssert.that(read.malformed())
        .containsInAnyOrder(
            RejectedRecord.create(file.toString(), 2, huge.substring(0, 200), kept,
                List.of("RECORD_TOO_LARGE")));
    pipeline.run();
  }
}
