package com.usageintel.pipeline.report;

import static com.usageintel.pipeline.report.Html.escape;

import com.usageintel.pipeline.report.ReportData.DataQuality;
import com.usageintel.pipeline.report.ReportData.FieldIssue;
import com.usageintel.pipeline.report.ReportData.Kpis;
import com.usageintel.pipeline.report.ReportData.VersionStability;
import java.util.List;
import java.util.function.Function;

/** The dashboard's HTML written here rather than drawn in the browser: KPI cards and tables. */
final class DashboardSections {
  private DashboardSections() {}

  static String kpiCards(ReportData data) {
    Kpis k = data.kpis();
    return String.join("\n",
        card("events", "Total events", HumanFormat.count(k.events()),
            "loaded events, duplicates and rejected rows excluded"),
        card("users", "Active users", HumanFormat.count(k.users()),
            "distinct users over the period, not a sum of daily DAUs"),
        card("errors", "Errors", HumanFormat.count(k.errorEvents()),
            "of " + HumanFormat.count(k.knownFlagEvents()) + " events with a known error flag"),
        card("error-rate", "Error rate", HumanFormat.percent(k.errorRatePct(), 2),
            "errors / events with a known error flag"),
        card("avg-session", "Average session", HumanFormat.minutes(k.avgSessionMinutes()),
            "m:ss, mean of " + HumanFormat.count(k.sessionCount()) + " known durations"));
  }

  private static String card(String id, String label, String value, String note) {
    return "<div class=\"kpi\" data-kpi=\"" + id + "\"><div class=\"label\">" + escape(label)
        + "</div><div class=\"value\">" + escape(value) + "</div><div class=\"sub\">"
        + escape(note) + "</div></div>";
  }

  static String versionTable(List<VersionStability> versions) {
    if (versions.isEmpty()) {
      return "<p class=\"muted\">No numbered app version in the loaded events.</p>";
    }
    StringBuilder table = new StringBuilder("<table id=\"version-table\"><thead><tr>"
        + "<th>OS</th><th>version</th><th class=\"num\">events</th><th class=\"num\">users</th>"
        + "<th class=\"num\">error rate</th><th>previous</th><th class=\"num\">its rate</th>"
        + "<th class=\"num\">change</th><th class=\"num\">z</th><th></th></tr></thead><tbody>");
    for (VersionStability v : versions) {
      table.append(v.regression() ? "<tr class=\"regression\">" : "<tr>")
          .append(cell(v.osType())).append(cell(v.appVersion()))
          .append(numberCell(HumanFormat.count(v.events())))
          .append(numberCell(HumanFormat.count(v.users())))
          .append(numberCell(HumanFormat.percent(v.errorRatePct(), 2)))
          .append(cell(v.prevAppVersion() == null ? HumanFormat.NONE : v.prevAppVersion()))
          .append(numberCell(HumanFormat.percent(v.prevErrorRatePct(), 2)))
          .append(numberCell(HumanFormat.points(v.diffPp())))
          .append(numberCell(HumanFormat.decimal(v.zScore(), 2)))
          .append(v.regression() ? "<td><span class=\"badge\">regression</span></td>" : "<td></td>")
          .append("</tr>");
    }
    return table.append("</tbody></table>").toString();
  }

  static String dataQuality(DataQuality dq) {
    StringBuilder html = new StringBuilder();
    html.append("<h2>Data quality of the last run</h2><p class=\"note\">Run ")
        .append(dq.run().runId()).append(", finished ")
        .append(escape(HumanFormat.instant(dq.finishedAt())))
        .append(". Every input row is accounted for:</p><p class=\"accounting\" id=\"accounting\">")
        .append(escape(dq.run().describe())).append("</p>");

    html.append("<h3>Rows rejected, by reason</h3>");
    if (dq.rejectsByReason().isEmpty()) {
      html.append("<p class=\"muted\">No row was rejected.</p>");
    } else {
      html.append("<p class=\"note\">A row rejected for several reasons counts under each.</p>")
          .append(table("rejects-table", List.of("reason", "rows"), dq.rejectsByReason(),
              r -> cell(r.reason()) + numberCell(HumanFormat.count(r.rows()))));
    }

    List<FieldIssue> unmapped = dq.fieldIssues().stream().filter(FieldIssue::unmapped).toList();
    html.append("<h3>Unmapped values</h3>");
    if (unmapped.isEmpty()) {
      html.append("<p class=\"muted\">Every categorical value matched the reference data.</p>");
    } else {
      html.append("<p class=\"note\">Kept as their own members; extend the reference data to map"
              + " them.</p>")
          .append(table("unmapped-table", List.of("field", "rows", "first values"), unmapped,
              i -> cell(i.field()) + numberCell(HumanFormat.count(i.count())) + samples(i)));
    }

    List<FieldIssue> others = dq.fieldIssues().stream().filter(i -> !i.unmapped()).toList();
    html.append("<h3>Other field issues</h3>");
    if (others.isEmpty()) {
      html.append("<p class=\"muted\">None.</p>");
    } else {
      html.append("<p class=\"note\">Values cleaned to NULL or Unknown, capped, or missing.</p>")
          .append(table("issues-table", List.of("field", "issue", "rows", "first values"), others,
              i -> cell(i.field()) + cell(i.issueCode()) + numberCell(HumanFormat.count(i.count()))
                  + samples(i)));
    }
    return html.toString();
  }

  private static <T> String table(
      String id, List<String> headings, List<T> rows, Function<T, String> cells) {
    StringBuilder table = new StringBuilder("<table id=\"" + id + "\"><thead><tr>");
    for (String heading : headings) {
      table.append(heading.equals("rows") ? "<th class=\"num\">" : "<th>")
          .append(escape(heading)).append("</th>");
    }
    table.append("</tr></thead><tbody>");
    rows.forEach(row -> table.append("<tr>").append(cells.apply(row)).append("</tr>"));
    return table.append("</tbody></table>").toString();
  }

  private static String samples(FieldIssue issue) {
    StringBuilder cell = new StringBuilder("<td>");
    for (String sample : issue.sampleValues()) {
      cell.append("<code>").append(escape(sample)).append("</code> ");
    }
    return cell.append("</td>").toString();
  }

  private static String cell(String text) {
    return "<td>" + escape(text) + "</td>";
  }

  private static String numberCell(String text) {
    return "<td class=\"num\">" + escape(text) + "</td>";
  }
}
