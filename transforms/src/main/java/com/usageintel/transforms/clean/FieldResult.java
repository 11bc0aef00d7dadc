package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One field after cleaning: the value to load (NULL, {@code Unknown}, a capped number or the
 * cleaned value) and the one issue the field raised, if any.
 */
public record FieldResult<T>(@Nullable T value, @Nullable IssueCode issue) {

  public static <T> FieldResult<T> ok(T value) {
    return new FieldResult<>(value, null);
  }

  public static <T> FieldResult<T> withIssue(@Nullable T value, IssueCode issue) {
    return new FieldResult<>(value, issue);
  }
}
