package com.usageintel.transforms;

import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.transforms.csv.CsvFiles;
import com.usageintel.transforms.csv.UsageCsvRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads raw usage CSV files (contract section 1) into {@link RawRecord}s, one per CSV record,
 * with the file name and the line where each record starts; records that are not valid CSV go to
 * {@link Result#malformed()} instead, byte for byte.
 *
 * <p>Beam's CsvIO parses each text line on its own, which breaks quoted line breaks and loses
 * the file name; so each matched file is scanned whole by one worker. Many files are read in
 * parallel; the records of one file meet the other workers at the first grouping step
 * (deduplication). Redistributing them earlier was measured to cost more than it gains: the Direct
 * runner copies a group's state once per incoming bundle.
 */
public final class ReadUsageCsv extends PTransform<PBegin, ReadUsageCsv.Result> {
  /** The Beam counter of data rows read, well-formed or not (in namespace ReadUsageCsv). */
  public static final String ROWS_READ = "rows_read";

  /** One MiB: a record longer than this is rejected without being held in memory. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  static final TupleTag<RawRecord> RECORDS = new TupleTag<>() {};
  static final TupleTag<RejectedRecord> MALFORMED = new TupleTag<>() {};
  static final TupleTag<Long> ROWS_READ_PER_FILE = new TupleTag<>() {};

  private final List<String> filePatterns;
  private final int maxRecordBytes;

  private ReadUsageCsv(List<String> filePatterns, int maxRecordBytes) {
    this.filePatterns = List.copyOf(filePatterns);
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Paths or globs; each must match at least one file. */
  public static ReadUsageCsv from(List<String> filePatterns) {
    return new ReadUsageCsv(filePatterns, DEFAULT_MAX_RECORD_BYTES);
  }

  public ReadUsageCsv withMaxRecordBytes(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
    }
    return new ReadUsageCsv(filePatterns, maxRecordBytes);
  }

  /** The well-formed records and the malformed ones. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<RawRecord> records() {
      return outputs.get(RECORDS);
    }

    public PCollection<RejectedRecord> malformed() {
      return outputs.get(MALFORMED);
    }

    /**
     * The data rows of each file, well-formed or not: to count rows without a second pass over
     * the records (on Flink, every step that reads a collection gets its own copy of it).
     */
    public PCollection<Long> rowsReadPerFile() {
      return outputs.get(ROWS_READ_PER_FILE);
    }
  }

  @Override
  public Result expand(PBegin input) {
    return new Result(
        input
            .apply("ListFilePatterns", Create.of(filePatterns))
            .apply(
                "MatchInputFiles",
                FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            // Decompression is decided by the ".gz" extension alone (contract section 7).
            .apply("OpenInputFiles", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
            .apply(
                "ScanCsvRecords",
                ParDo.of(new ScanFileFn(maxRecordBytes))
                    .withOutputTags(RECORDS, TupleTagList.of(MALFORMED).and(ROWS_READ_PER_FILE))));
  }

  private static class ScanFileFn extends ClockedDoFn<FileIO.ReadableFile, RawRecord> {
    private final Counter rowsRead = Metrics.counter(ReadUsageCsv.class, ROWS_READ);
    private final Counter rowsMalformed = Metrics.counter(ReadUsageCsv.class, "rows_malformed");
    private final int maxRecordBytes;

    ScanFileFn(int maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
    }

    @ProcessElement
    public void processElement(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      String sourceFile = file.getMetadata().resourceId().toString();
      try (InputStream in =
          CsvFiles.decompressed(
              Channels.newInputStream(file.open()), sourceFile)) {
        long[] rows = {0};
        UsageCsvRecords.scan(
            in,
            sourceFile,
            maxRecordBytes,
            record -> {
              rows[0]++;
              rowsRead.inc();
              out.get(RECORDS).output(record);
            },
            record -> {
              rows[0]++;
              rowsRead.inc();
              rowsMalformed.inc();
              out.get(MALFORMED).output(record);
            });
        out.get(ROWS_READ_PER_FILE).output(rows[0]);
      }
    }
  }
}
