package com.usageintel.pipeline.report;

import com.usageintel.pipeline.report.ReportData.DailyKpi;
import com.usageintel.pipeline.report.ReportData.DaysActiveCount;
import com.usageintel.pipeline.report.ReportData.UsageCount;
import com.usageintel.pipeline.report.ReportData.VersionStability;
import java.math.BigDecimal;
import java.util.List;

/** What the dashboard's charts need, with dates as ISO text: the page carries it as JSON. */
record ChartData(
    List<String> dates,
    List<Long> events,
    List<Long> dau,
    List<Double> dau7dAvg,
    List<BigDecimal> errorRatePct,
    List<AnomalyPoint> fleetAnomalies,
    List<RetentionPoint> retention,
    List<AdoptionPoint> adoption,
    List<DaysActiveCount> daysActive,
    List<UsageCount> features,
    long minKnownFlagEvents,
    List<VersionStability> versions,
    List<UsageCount> regions,
    List<UsageCount> vehicles) {

  record AnomalyPoint(
      String date, String metric, BigDecimal value, BigDecimal baselineMedian, BigDecimal robustZ) {}

  record RetentionPoint(
      String cohortWeekStart,
      int weeksSince,
      long cohortUsers,
      long retainedUsers,
      BigDecimal retentionPct) {}

  record AdoptionPoint(
      String feature, String date, long adopters, long usersToDate, BigDecimal adoptionPct) {}

  static ChartData of(ReportData data, long minKnownFlagEvents) {
    return new ChartData(
        data.daily().stream().map(d -> d.date().toString()).toList(),
        data.daily().stream().map(DailyKpi::events).toList(),
        data.daily().stream().map(DailyKpi::dau).toList(),
        data.daily().stream().map(DailyKpi::dau7dAvg).toList(),
        data.daily().stream().map(DailyKpi::errorRatePct).toList(),
        data.fleetAnomalies().stream().map(a -> new AnomalyPoint(a.date().toString(), a.metric(),
            a.value(), a.baselineMedian(), a.robustZ())).toList(),
        data.retention().stream().map(r -> new RetentionPoint(r.cohortWeekStart().toString(),
            r.weeksSince(), r.cohortUsers(), r.retainedUsers(), r.retentionPct())).toList(),
        data.adoption().stream().map(a -> new AdoptionPoint(a.feature(), a.date().toString(),
            a.adopters(), a.usersToDate(), a.adoptionPct())).toList(),
        data.daysActive().counts(),
        data.features(),
        minKnownFlagEvents,
        data.versions(),
        data.regions(),
        data.vehicles());
  }
}
