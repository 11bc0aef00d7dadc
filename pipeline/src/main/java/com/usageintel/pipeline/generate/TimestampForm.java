package com.usageintel.pipeline.generate;

/** The ways the raw file writes feature_used_at. */
enum TimestampForm {
  /** The usual form, {@code 2025-09-17 23:04:01.205001}. */
  SPACED_MICROS,
  /** {@code 2025-09-17T23:04:01.205001Z}. */
  ISO_UTC,
  /** {@code 2025/09/17 23:04}. */
  SLASHED_MINUTES,
  /** {@code 17.09.2025 23:04:01}. */
  DAY_FIRST_DOTTED,
  /** {@code 17/09/2025 23:04}. */
  DAY_FIRST_SLASHED_MINUTES,
  /** {@code 1758150241205}. */
  EPOCH_MILLIS,
  /** {@code 2025-09-17}: a date without a time, which the pipeline rejects. */
  DATE_ONLY,
  /** A null-like value. */
  MISSING
}
