package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses {@code feature_used_at} (contract sections 2 and 7) into an instant truncated to
 * microseconds. Accepted, with two-digit month, day, hour, minute and second fields:
 *
 * <ul>
 *   <li>ISO-8601 {@code yyyy-MM-dd(T| )HH:mm[:ss[.f{1,9}]][offset]}, {@code T} and {@code Z} in
 *       either case, offset {@code Z}, {@code ±hh:mm}, {@code ±hhmm} or {@code ±hh} up to ±18:00;
 *   <li>{@code yyyy/MM/dd HH:mm[:ss]}, {@code dd.MM.yyyy HH:mm[:ss]} and {@code dd/MM/yyyy
 *       HH:mm[:ss]};
 *   <li>epoch seconds (exactly 10 digits) or milliseconds (exactly 13 digits), always UTC.
 * </ul>
 *
 * A time without an offset is in the source time zone. The text is checked character by
 * character rather than by trying formatters and catching their exceptions: this runs on every
 * row.
 */
public final class EventTimestamps implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final int EPOCH_SECONDS_DIGITS = 10;
  private static final int EPOCH_MILLIS_DIGITS = 13;
  /** {@code yyyy-MM-dd HH:mm}, the shortest date-time form. */
  private static final int SHORTEST_DATE_TIME = 16;
  private static final int MAX_FRACTION_DIGITS = 9;
  private static final int MAX_OFFSET_HOURS = 18;

  private final ZoneRules sourceZoneRules;

  public EventTimestamps(ZoneId sourceZone) {
    this.sourceZoneRules = sourceZone.getRules();
  }

  /** The instant, or NULL with MISSING_TIMESTAMP (null-like) or INVALID_TIMESTAMP. */
  public FieldResult<Instant> clean(String raw) {
    String text = CleanText.clean(raw);
    if (CleanText.isNullLike(text)) {
      return FieldResult.withIssue(null, IssueCode.MISSING_TIMESTAMP);
    }
    Instant instant = parse(text);
    return instant == null
        ? FieldResult.withIssue(null, IssueCode.INVALID_TIMESTAMP)
        : FieldResult.ok(instant);
  }

  private @Nullable Instant parse(String text) {
    int length = text.length();
    if ((length == EPOCH_SECONDS_DIGITS || length == EPOCH_MILLIS_DIGITS)
        && isAllDigits(text)) {
      long epoch = Long.parseLong(text);
      return length == EPOCH_SECONDS_DIGITS
          ? Instant.ofEpochSecond(epoch)
          : Instant.ofEpochMilli(epoch);
    }
    if (length < SHORTEST_DATE_TIME) {
      return null;
    }
    if (text.charAt(4) == '-') {
      return parseIso(text);
    }
    if (text.charAt(4) == '/' && text.charAt(7) == '/') {
      return parseNaive(text, digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
    }
    char daySeparator = text.charAt(2);
    if ((daySeparator == '.' || daySeparator == '/') && text.charAt(5) == daySeparator) {
      return parseNaive(text, digits(text, 6, 4), digits(text, 3, 2), digits(text, 0, 2));
    }
    return null;
  }

  /** {@code yyyy-MM-dd(T| )HH:mm[:ss[.f{1,9}]][offset]}. */
  private @Nullable Instant parseIso(String text) {
    int length = text.length();
    char dateTimeSeparator = text.charAt(10);
    if (text.charAt(7) != '-'
        || (dateTimeSeparator != 'T' && dateTimeSeparator != 't' && dateTimeSeparator != ' ')
        || text.charAt(13) != ':') {
      return null;
    }
    int position = 16;
    int second = 0;
    int nano = 0;
    if (position < length && text.charAt(position) == ':') {
      second = digits(text, 17, 2);
      position = 19;
      if (position < length && text.charAt(position) == '.') {
        int fractionStart = ++position;
        while (position < length
            && position - fractionStart < MAX_FRACTION_DIGITS
            && isDigit(text.charAt(position))) {
          nano = nano * 10 + (text.charAt(position) - '0');
          position++;
        }
        int fractionDigits = position - fractionStart;
        if (fractionDigits == 0) {
          return null;
        }
        for (int i = fractionDigits; i < MAX_FRACTION_DIGITS; i++) {
          nano *= 10;
        }
      }
    }
    ZoneOffset offset = null;
    if (position < length) {
      offset = parseOffset(text, position);
      if (offset == null) {
        return null;
      }
    }
    return toInstant(
        digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2),
        digits(text, 11, 2), digits(text, 14, 2), second, nano, offset);
  }

  /** {@code Z}, {@code ±hh:mm}, {@code ±hhmm} or {@code ±hh} running to the end of the text. */
  private static @Nullable ZoneOffset parseOffset(String text, int start) {
    int length = text.length();
    char sign = text.charAt(start);
    if (sign == 'Z' || sign == 'z') {
      return start + 1 == length ? ZoneOffset.UTC : null;
    }
    if (sign != '+' && sign != '-') {
      return null;
    }
    int hours = digits(text, start + 1, 2);
    int minutes = 0;
    int afterHours = start + 3;
    if (afterHours < length) {
      int minutesStart = text.charAt(afterHours) == ':' ? afterHours + 1 : afterHours;
      if (minutesStart + 2 != length) {
        return null;
      }
      minutes = digits(text, minutesStart, 2);
    }
    if (hours < 0 || minutes < 0 || minutes > 59
        || hours > MAX_OFFSET_HOURS || (hours == MAX_OFFSET_HOURS && minutes > 0)) {
      return null;
    }
    return sign == '+'
        ? ZoneOffset.ofHoursMinutes(hours, minutes)
        : ZoneOffset.ofHoursMinutes(-hours, -minutes);
  }

  /** The time part {@code HH:mm[:ss]} of the slash and dot forms, which take no offset. */
  private @Nullable Instant parseNaive(String text, int year, int month, int day) {
    int length = text.length();
    if (text.charAt(10) != ' ' || text.charAt(13) != ':') {
      return null;
    }
    int second = 0;
    if (length != 16) {
      if (length != 19 || text.charAt(16) != ':') {
        return null;
      }
      second = digits(text, 17, 2);
    }
    return toInstant(year, month, day, digits(text, 11, 2), digits(text, 14, 2), second, 0, null);
  }

  /** Validates the fields (a negative one was not two digits) and applies the offset or zone. */
  private @Nullable Instant toInstant(
      int year, int month, int day, int hour, int minute, int second, int nano,
      @Nullable ZoneOffset offset) {
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
    // In a gap or an overlap getOffset gives the offset in force before the transition: the
    // contract's "earlier offset". In a gap that is the same instant java.time's default gives.
    ZoneOffset applied = offset != null ? offset : sourceZoneRules.getOffset(local);
    return Instant.ofEpochSecond(local.toEpochSecond(applied), nano - nano % 1_000);
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** The value of {@code count} ASCII digits at {@code start}, or -1 if they are not all there. */
  private static int digits(String text, int start, int count) {
    if (start < 0 || start + count > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isAllDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
