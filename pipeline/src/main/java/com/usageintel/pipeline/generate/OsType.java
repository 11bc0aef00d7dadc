package com.usageintel.pipeline.generate;

/** The phone platforms, with each one's share of users and how much more or less often the app fails on it. */
enum OsType {
  ANDROID(52, 1.0, "Android", "android", "ANDROID", "a n d r o i d"),
  IOS(45, 0.85, "iOS", "  ios", "IOS", "ios", "iPhone OS"),
  OTHER(3, 1.6, "Other", "winphone", "Windows Phone", "other");

  final double userShare;
  final double errorFactor;
  final Spelling spelling;

  OsType(double userShare, double errorFactor, String canonical, String... variants) {
    this.userShare = userShare;
    this.errorFactor = errorFactor;
    this.spelling = new Spelling(canonical, variants);
  }
}
