package com.usageintel.pipeline.generate;

import java.time.LocalDate;

/**
 * App releases in order. Two are bad, so that the stability report has regressions to find: v5.0
 * fails about three times as often everywhere, v5.3 only on Android (fixed in v5.4).
 */
enum AppVersion {
  V4_8(4, 8, LocalDate.of(2025, 5, 20), 1.0, 1.0),
  V4_9(4, 9, LocalDate.of(2025, 6, 17), 1.0, 1.0),
  V5_0(5, 0, LocalDate.of(2025, 7, 8), 3.0, 3.0),
  V5_1(5, 1, LocalDate.of(2025, 7, 22), 0.9, 0.9),
  V5_2(5, 2, LocalDate.of(2025, 8, 12), 1.0, 1.0),
  V5_3(5, 3, LocalDate.of(2025, 8, 28), 3.2, 1.0),
  V5_4(5, 4, LocalDate.of(2025, 9, 16), 0.9, 0.9),
  V5_5(5, 5, LocalDate.of(2025, 10, 1), 1.0, 1.0),
  V5_6(5, 6, LocalDate.of(2025, 10, 21), 1.1, 1.1);

  /** Day index in the usage calendar; negative for releases before it starts. */
  final int releaseDay;
  final Spelling spelling;
  private final double androidErrorFactor;
  private final double otherPlatformsErrorFactor;

  AppVersion(int major, int minor, LocalDate released, double androidErrorFactor, double otherPlatformsErrorFactor) {
    this.releaseDay = UsageCalendar.dayIndexOf(released);
    this.androidErrorFactor = androidErrorFactor;
    this.otherPlatformsErrorFactor = otherPlatformsErrorFactor;
    String number = major + "." + minor;
    this.spelling =
        new Spelling(
            "v" + number,
            number,
            "V" + number,
            major + "_" + minor,
            major + "-" + minor,
            "v" + number + ".1",
            "version " + number);
  }

  double errorFactor(OsType os) {
    return os == OsType.ANDROID ? androidErrorFactor : otherPlatformsErrorFactor;
  }
}
