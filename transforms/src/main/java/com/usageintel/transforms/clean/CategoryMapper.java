package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.UsageEvent;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a categorical value through the reference data (contract section 2): a null-like value
 * becomes {@code Unknown}, a value whose match key is the key of a member's canonical spelling or
 * of one of its aliases becomes that canonical member, and any other value stays as its own
 * (unmapped) member in its cleaned spelling and case.
 */
public final class CategoryMapper implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Map<String, IssueCode> MISSING_CODES =
      Map.of(
          RawColumns.REGION, IssueCode.MISSING_REGION,
          RawColumns.VEHICLE_MODEL, IssueCode.MISSING_VEHICLE_MODEL,
          RawColumns.FEATURE_NAME, IssueCode.MISSING_FEATURE,
          RawColumns.OS_TYPE, IssueCode.MISSING_OS_TYPE,
          RawColumns.SUBSCRIPTION_STATUS, IssueCode.MISSING_SUBSCRIPTION_STATUS);

  /** Per categorical column: match key of every canonical spelling and alias → canonical member. */
  private final HashMap<String, HashMap<String, String>> canonicalByKeyByColumn = new HashMap<>();

  /**
   * Fails with a message naming the column and spellings when the reference data is ambiguous: two
   * members whose spellings share a match key, or a spelling with no letter or digit to match on.
   */
  public CategoryMapper(ReferenceData referenceData) {
    for (String column : ReferenceData.CATEGORICAL_COLUMNS) {
      canonicalByKeyByColumn.put(column, indexByKey(column, referenceData.members(column)));
    }
  }

  /** The cleaned value of a categorical column; {@code column} is a {@link RawColumns} name. */
  public FieldResult<String> map(String column, String raw) {
    HashMap<String, String> canonicalByKey = canonicalByKeyByColumn.get(column);
    if (canonicalByKey == null) {
      throw new IllegalArgumentException(
          column + " is not a categorical column; expected one of "
              + ReferenceData.CATEGORICAL_COLUMNS);
    }
    String cleaned = CleanText.clean(raw);
    if (CleanText.isNullLike(cleaned)) {
      return FieldResult.withIssue(UsageEvent.UNKNOWN, MISSING_CODES.get(column));
    }
    String canonical = canonicalByKey.get(MatchKey.of(cleaned));
    return canonical == null
        ? FieldResult.withIssue(cleaned, IssueCode.UNMAPPED_VALUE)
        : FieldResult.ok(canonical);
  }

  private static HashMap<String, String> indexByKey(
      String column, List<ReferenceData.Member> members) {
    HashMap<String, String> canonicalByKey = new HashMap<>();
    // Which member and spelling claimed each key, to name both in a conflict.
    Map<String, ReferenceData.Member> memberByKey = new HashMap<>();
    Map<String, String> spellingByKey = new HashMap<>();
    for (ReferenceData.Member member : members) {
      List<String> spellings = new ArrayList<>();
      spellings.add(member.canonical());
      spellings.addAll(member.aliases());
      for (String spelling : spellings) {
        String key = MatchKey.of(spelling);
        if (key.isEmpty()) {
          throw new IllegalArgumentException(
              "reference data for " + column + ": '" + spelling + "' of '" + member.canonical()
                  + "' has no letter or digit to match on");
        }
        ReferenceData.Member owner = memberByKey.putIfAbsent(key, member);
        if (owner != null && owner != member) {
          throw new IllegalArgumentException(
              "reference data for " + column + ": '" + spelling + "' of '" + member.canonical()
                  + "' and '" + spellingByKey.get(key) + "' of '" + owner.canonical()
                  + "' have the same match key '" + key + "'");
        }
        spellingByKey.putIfAbsent(key, spelling);
        canonicalByKey.put(key, member.canonical());
      }
    }
    return canonicalByKey;
  }
}
