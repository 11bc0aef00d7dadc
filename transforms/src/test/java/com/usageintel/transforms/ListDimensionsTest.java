package com.usageintel.transforms;

import com.usageintel.schemas.DimAppVersion;
import com.usageintel.schemas.DimDate;
import com.usageintel.schemas.DimMember;
import com.usageintel.schemas.MemberDay;
import com.usageintel.schemas.UsageEvent;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.Rule;
import org.junit.Test;

public class ListDimensionsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void listsEachMemberOnceVersionsWithTheirFirstDayAndEveryDayBetween() {
    ListDimensions.Result result =
        pipeline
            .apply(Create.of(
                MemberDay.create(DimMember.REGION, "UK", 20260101),
                MemberDay.create(DimMember.REGION, "UK", 20251227),
                MemberDay.create(DimMember.REGION, "Germany", 20251228),
                // An unmapped member keeps its spelling: "uk" is not "UK".
                MemberDay.create(DimMember.REGION, "uk", 20251228),
                MemberDay.create(DimMember.FEATURE, "Navigation", 20251227),
                MemberDay.create(DimMember.PLATFORM, "Android", 20251227),
                MemberDay.create(DimMember.VEHICLE, "VW ID.4", 20260101),
                // The same text in two dimensions is two members.
                MemberDay.create(DimMember.VEHICLE, UsageEvent.UNKNOWN, 20251228),
                MemberDay.create(DimMember.PLATFORM, UsageEvent.UNKNOWN, 20251228),
                MemberDay.create(MemberDay.APP_VERSION, "v5.10", 20260101),
                MemberDay.create(MemberDay.APP_VERSION, "v5.10", 20251228),
                MemberDay.create(MemberDay.APP_VERSION, "v5.9", 20251227),
                MemberDay.create(MemberDay.APP_VERSION, UsageEvent.UNKNOWN, 20260101)))
            .apply(ListDimensions.fromMemberDays());

    PAssert.that(result.members())
        .containsInAnyOrder(
            DimMember.create(DimMember.REGION, "UK"),
            DimMember.create(DimMember.REGION, "Germany"),
            DimMember.create(DimMember.REGION, "uk"),
            DimMember.create(DimMember.FEATURE, "Navigation"),
            DimMember.create(DimMember.PLATFORM, "Android"),
            DimMember.create(DimMember.VEHICLE, "VW ID.4"),
            DimMember.create(DimMember.VEHICLE, UsageEvent.UNKNOWN),
            DimMember.create(DimMember.PLATFORM, UsageEvent.UNKNOWN));
    // Sort order by (major, minor): v5.9 1 before v5.10 2; Unknown has no number and sorts
    // first (0). First days: the earliest of each.
    PAssert.that(result.appVersions())
        .containsInAnyOrder(
            DimAppVersion.create("v5.10", 5, 10, 2L, 20251228),
            DimAppVersion.create("v5.9", 5, 9, 1L, 20251227),
            DimAppVersion.create(UsageEvent.UNKNOWN, null, null, 0L, 20260101));
    // 27 Dec 2025 to 1 Jan 2026, the 29th-31st included though no member names them.
    // ISO weeks: Monday 29 Dec 2025 starts week 1 of ISO year 2026 (it holds Thursday 1 Jan);
    // the 27th and 28th are the weekend of week 52 of 2025.
    PAssert.that(result.dates())
        .containsInAnyOrder(
            DimDate.create(20251227, "2025-12-27", 2025, 4, 12, "December", 2025, 52, 6, "Saturday", true),
            DimDate.create(20251228, "2025-12-28", 2025, 4, 12, "December", 2025, 52, 7, "Sunday", true),
            DimDate.create(20251229, "2025-12-29", 2025, 4, 12, "December", 2026, 1, 1, "Monday", false),
            DimDate.create(20251230, "2025-12-30", 2025, 4, 12, "December", 2026, 1, 2, "Tuesday", false),
            DimDate.create(20251231, "2025-12-31", 2025, 4, 12, "December", 2026, 1, 3, "Wednesday", false),
            DimDate.create(20260101, "2026-01-01", 2026, 1, 1, "January", 2026, 1, 4, "Thursday", false));
    pipeline.run();
  }

  @Test
  public void aSingleDayGivesOneDate() {
    ListDimensions.Result result =
        pipeline
            .apply(Create.of(
                MemberDay.create(DimMember.REGION, "Spain", 20240229),
                MemberDay.create(MemberDay.APP_VERSION, "v0.0", 20240229)))
            .apply(ListDimensions.fromMemberDays());

    PAssert.that(result.members()).containsInAnyOrder(DimMember.create(DimMember.REGION, "Spain"));
    // v0.0 is a numbered version: the first, 1, not Unknown's 0.
    PAssert.that(result.appVersions())
        .containsInAnyOrder(DimAppVersion.create("v0.0", 0, 0, 1L, 20240229));
    // 29 Feb 2024 (a leap day) was a Thursday of ISO week 9.
    PAssert.that(result.dates())
        .containsInAnyOrder(
            DimDate.create(20240229, "2024-02-29", 2024, 1, 2, "February", 2024, 9, 4, "Thursday", false));
    pipeline.run();
  }

  @Test
  public void noMembersGiveNoRows() {
    ListDimensions.Result result =
        pipeline.apply(Create.empty(TypeDescriptor.of(MemberDay.class))).apply(ListDimensions.fromMemberDays());

    PAssert.that(result.members()).empty();
    PAssert.that(result.appVersions()).empty();
    PAssert.that(result.dates()).empty();
    pipeline.run();
  }

  @Test
  public void aMinorOfAMillionOrMoreStillSortsBeforeTheNextMajor() {
    ListDimensions.Result result = pipeline
        .apply(Create.of(
            MemberDay.create(MemberDay.APP_VERSION, "v5.9", 20250917),
            MemberDay.create(MemberDay.APP_VERSION, "v5.20250917", 20250917),
            MemberDay.create(MemberDay.APP_VERSION, UsageEvent.UNKNOWN, 20250917),
            MemberDay.create(MemberDay.APP_VERSION, "v6.0", 20250917)))
        .apply(ListDimensions.fromMemberDays());

    // By hand: Unknown 0, then by (major, minor): v5.9 (5, 9), v5.20250917 (5, 20250917), v6.0.
    PAssert.that(result.appVersions()).containsInAnyOrder(
        DimAppVersion.create(UsageEvent.UNKNOWN, null, null, 0L, 20250917),
        DimAppVersion.create("v5.9", 5, 9, 1L, 20250917),
        DimAppVersion.create("v5.20250917", 5, 20250917, 2L, 20250917),
        DimAppVersion.create("v6.0", 6, 0, 3L, 20250917));
    pipeline.run();
  }
}
