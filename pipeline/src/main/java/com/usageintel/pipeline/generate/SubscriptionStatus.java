package com.usageintel.pipeline.generate;

/** Subscription states, with each one's share of users when they first appear and the spellings seen. */
enum SubscriptionStatus {
  ACTIVE(50, "active", "Active", "ACTIVE", " active"),
  TRIAL(25, "trial", "Trial", "TRIAL"),
  CANCELLED(10, "cancelled", "canceled", "Cancelled", "churned"),
  INACTIVE(15, "inactive", " inactive", "Inactive", "expired");

  final double initialShare;
  final Spelling spelling;

  SubscriptionStatus(double initialShare, String canonical, String... variants) {
    this.initialShare = initialShare;
    this.spelling = new Spelling(canonical, variants);
  }
}
