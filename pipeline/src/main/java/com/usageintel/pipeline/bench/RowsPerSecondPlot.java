package com.usageintel.pipeline.bench;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart, written by hand so the benchmark needs no plotting library or network:
 * rows per second against input rows, one line per variant. Both axes are logarithmic: COPY runs
 * at a hundred times the rate of the rest, which a linear axis would flatten to zero.
 */
public final class RowsPerSecondPlot {
  static final int WIDTH = 760;
  static final int HEIGHT = 440;
  static final int LEFT = 90;
  static final int RIGHT = 560;
  static final int TOP = 50;
  static final int BOTTOM = 370;

  /** One point of a line: input rows and rows per second. */
  public record Point(long rows, double rowsPerSecond) {}

  /** One variant's line, in its own colour (an SVG colour) whichever variants ran. */
  public record Line(String label, String colour, List<Point> points) {}

  private final Decades x;
  private final Decades y;

  /** The powers of ten an axis spans, at least one decade. */
  record Decades(double low, double high) {
    static Decades spanning(List<Double> values) {
      double low = Math.floor(Math.log10(values.stream().mapToDouble(v -> v).min().orElseThrow()));
      double high = Math.ceil(Math.log10(values.stream().mapToDouble(v -> v).max().orElseThrow()));
      return new Decades(low, Math.max(high, low + 1));
    }

    /** Where {@code value} falls, from 0 (the lowest power) to 1 (the highest). */
    double fraction(double value) {
      return (Math.log10(value) - low) / (high - low);
    }
  }

  private RowsPerSecondPlot(Decades x, Decades y) {
    this.x = x;
    this.y = y;
  }

  /** The SVG document; {@code lines} in legend order, each line's points in any order. */
  public static String svg(String title, List<Line> lines) {
    List<Point> all = lines.stream().flatMap(line -> line.points().stream()).toList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot");
    }
    if (all.stream().anyMatch(p -> p.rows() <= 0 || !(p.rowsPerSecond() > 0))) {
      throw new IllegalArgumentException("a log scale needs positive values: " + all);
    }
    return new RowsPerSecondPlot(
            Decades.spanning(all.stream().map(p -> (double) p.rows()).toList()),
            Decades.spanning(all.stream().map(Point::rowsPerSecond).toList()))
        .draw(title, lines);
  }

  double x(long rows) {
    return LEFT + x.fraction(rows) * (RIGHT - LEFT);
  }

  double y(double rowsPerSecond) {
    return BOTTOM - y.fraction(rowsPerSecond) * (BOTTOM - TOP);
  }

  private String draw(String title, List<Line> lines) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT,
        "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"15\">%s</text>%n",
        (LEFT + RIGHT) / 2, escape(title)));
    for (double decade = x.low(); decade <= x.high(); decade++) {
      long rows = Math.round(Math.pow(10, decade));
      double at = x(rows);
      svg.append(line(at, TOP, at, BOTTOM, "#dddddd"));
      svg.append(text(at, BOTTOM + 18, "middle", count(rows)));
    }
    for (double decade = y.low(); decade <= y.high(); decade++) {
      long rate = Math.round(Math.pow(10, decade));
      double at = y(rate);
      svg.append(line(LEFT, at, RIGHT, at, "#dddddd"));
      svg.append(text(LEFT - 8, at + 4, "end", count(rate)));
    }
    svg.append(line(LEFT, BOTTOM, RIGHT, BOTTOM, "black"));
    svg.append(line(LEFT, TOP, LEFT, BOTTOM, "black"));
    svg.append(text((LEFT + RIGHT) / 2.0, BOTTOM + 44, "middle", "input rows (log scale)"));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"22\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 22 %.1f)\">rows per"
            + " second (log scale)</text>%n", (TOP + BOTTOM) / 2.0, (TOP + BOTTOM) / 2.0));

    int index = 0;
    for (Line line : lines) {
      String colour = line.colour();
      List<Point> points = line.points().stream()
          .sorted(java.util.Comparator.comparingLong(Point::rows)).toList();
      StringBuilder coordinates = new StringBuilder();
      for (Point point : points) {
        coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(point.rows()), y(point.rowsPerSecond())));
      }
      svg.append(String.format(Locale.ROOT,
          "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
          colour, coordinates.toString().strip()));
      for (Point point : points) {
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n",
            x(point.rows()), y(point.rowsPerSecond()), colour));
      }
      double legendY = TOP + 10 + index * 22;
      svg.append(line(RIGHT + 20, legendY, RIGHT + 44, legendY, colour).replace("stroke-width=\"1\"", "stroke-width=\"3\""));
      svg.append(text(RIGHT + 50, legendY + 4, "start", line.label()));
      index++;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** 1,500 as 1.5k, 2,000,000 as 2M. */
  static String count(long value) {
    if (value >= 1_000_000 && value % 100_000 == 0) {
      return trim(value / 1e6) + "M";
    }
    if (value >= 1_000 && value % 100 == 0) {
      return trim(value / 1e3) + "k";
    }
    return Long.toString(value);
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String line(double x1, double y1, double x2, double y2, String colour) {
    return String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>%n",
        x1, y1, x2, y2, colour);
  }

  private static String text(double x, double y, String anchor, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
        x, y, anchor, escape(content));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
