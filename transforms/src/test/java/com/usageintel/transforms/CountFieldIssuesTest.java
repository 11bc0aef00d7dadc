package com.usageintel.transforms;

import com.usageintel.schemas.FieldIssue;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.IssueCount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class CountFieldIssuesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static FieldIssue issue(String field, IssueCode code, String value, String file, long line) {
    return FieldIssue.create(field, code, value, file, line);
  }

  @Test
  public void countsPerFieldAndCodeWithFirstDistinctValuesInFileOrder() {
    List<FieldIssue> issues = new ArrayList<>();
    // region UNMAPPED in two files: file order is a.csv lines, then b.csv lines.
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Austria", "b.csv", 2));
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Mars", "a.csv", 9));
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Austria", "a.csv", 30));
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Texas", "a.csv", 4));
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Moon", "b.csv", 3));
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Ohio", "a.csv", 12));
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Pluto", "a.csv", 13));
    issues.add(issue("region", IssueCode.UNMAPPED_VALUE, "Texas", "a.csv", 3));
    issues.add(issue("region", IssueCode.MISSING_REGION, "na", "a.csv", 5));
    issues.add(issue("region", IssueCode.MISSING_REGION, "", "a.csv", 6));
    issues.add(issue("region", IssueCode.MISSING_REGION, "na", "a.csv", 7));
    issues.add(issue("error_flag", IssueCode.INVALID_ERROR_FLAG, "maybe", "a.csv", 8));
    Collections.shuffle(issues, new java.util.Random(3));

    PCollection<IssueCount> counts =
        pipeline.apply(Create.of(issues)).apply(CountFieldIssues.perFieldAndCode());

    // By hand: first sightings a.csv:3 Texas, :9 Mars, :12 Ohio, :13 Pluto, :30 Austria
    // (Austria's a.csv:30 is before b.csv:2), then Moon in b.csv is sixth and dropped.
    PAssert.that(counts)
        .containsInAnyOrder(
            IssueCount.create(
                "region", "UNMAPPED_VALUE", 8, List.of("Texas", "Mars", "Ohio", "Pluto", "Austria")),
            IssueCount.create("region", "MISSING_REGION", 3, List.of("na", "")),
            IssueCount.create("error_flag", "INVALID_ERROR_FLAG", 1, List.of("maybe")));
    pipeline.run();
  }
}
