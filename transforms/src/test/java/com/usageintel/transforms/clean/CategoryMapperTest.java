package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.UsageEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract section 2, categorical fields, with the default reference data; section 7, unmapped. */
class CategoryMapperTest {
  private static final CategoryMapper DEFAULT = new CategoryMapper(ReferenceData.loadDefault());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          uk              | UK
          UK              | UK
          u.k.            | UK
          U.K.            | UK
          gb              | UK
          great britain   | UK
          Great  Britain  | UK
          united kingdom  | UK
          de              | Germany
          deutschland     | Germany
          GERMANY         | Germany
          nl              | Netherlands
          holland         | Netherlands
          the netherlands | Netherlands
          es              | Spain
          españa          | Spain
          ESPAÑA          | Spain
          espana          | Spain
          it              | Italy
          italia          | Italy
          pl              | Poland
          polska          | Poland
          fr              | France
          france          | France
          """)
  void mapsRegionAliases(String raw, String canonical) {
    assertEquals(FieldResult.ok(canonical), DEFAULT.map(RawColumns.REGION, raw));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          'Audi  e-tron'   | Audi e-tron
          audi etron       | Audi e-tron
          SkodaEnyaq       | Škoda Enyaq
          skoda enyaq      | Škoda Enyaq
          VW-ID4           | VW ID.4
          vw id.4          | VW ID.4
          porsche taycan   | Porsche Taycan
          vw golf          | VW Golf
          """)
  void mapsVehicleModelsByKey(String raw, String canonical) {
    assertEquals(FieldResult.ok(canonical), DEFAULT.map(RawColumns.VEHICLE_MODEL, raw));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          remote climate  | Climate Control
          charging        | Charging Status
          voice           | Voice Assistant
          nav             | Navigation
          NAV             | Navigation
          Navigation      | Navigation
          lock/unlock     | Lock/Unlock
          remote start    | Remote Start
          trip history    | Trip History
          """)
  void mapsFeatureAliases(String raw, String canonical) {
    assertEquals(FieldResult.ok(canonical), DEFAULT.map(RawColumns.FEATURE_NAME, raw));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          'a n d r o i d'  | Android
          ANDROID          | Android
          '  ios'          | iOS
          IOS              | iOS
          iphone os        | iOS
          winphone         | Other
          windows phone    | Other
          """)
  void mapsOsTypes(String raw, String canonical) {
    assertEquals(FieldResult.ok(canonical), DEFAULT.map(RawColumns.OS_TYPE, raw));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          ' inactive'  | inactive
          canceled     | cancelled
          churned      | cancelled
          expired      | inactive
          Active       | active
          TRIAL        | trial
          """)
  void mapsSubscriptionStatuses(String raw, String canonical) {
    assertEquals(FieldResult.ok(canonical), DEFAULT.map(RawColumns.SUBSCRIPTION_STATUS, raw));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          region              | Austria                 | Austria
          region              | austria                 | austria
          region              | '  Lower   Saxony '     | Lower Saxony
          vehicle_model       | Tesla Model 3           | Tesla Model 3
          feature_name        | Seat Heating            | Seat Heating
          os_type             | Symbian                 | Symbian
          subscription_status | paused                  | paused
          """)
  void keepsUnmappedValuesInTheirCleanedSpelling(String column, String raw, String member) {
    assertEquals(
        FieldResult.withIssue(member, IssueCode.UNMAPPED_VALUE), DEFAULT.map(column, raw));
  }

  @Test
  void unmappedSpellingsThatDifferInCaseAreTwoMembers() {
    assertNotEquals(
        DEFAULT.map(RawColumns.REGION, "Austria").value(),
        DEFAULT.map(RawColumns.REGION, "austria").value());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          region              | N/A     | MISSING_REGION
          vehicle_model       | null    | MISSING_VEHICLE_MODEL
          feature_name        | ''      | MISSING_FEATURE
          os_type             | unknown | MISSING_OS_TYPE
          subscription_status | ?       | MISSING_SUBSCRIPTION_STATUS
          region              | NaN     | MISSING_REGION
          """)
  void nullLikeBecomesUnknown(String column, String raw, IssueCode missing) {
    assertEquals(FieldResult.withIssue(UsageEvent.UNKNOWN, missing), DEFAULT.map(column, raw));
  }

  @Test
  void usesTheReferenceDataItIsGiven(@TempDir Path dir) throws IOException {
    CategoryMapper mapper =
        mapperFor(
            dir,
            "{\"region\": [{\"canonical\": \"Austria\", \"aliases\": [\"at\", \"österreich\"]}]}");

    assertEquals(FieldResult.ok("Austria"), mapper.map(RawColumns.REGION, "ÖSTERREICH"));
    assertEquals(FieldResult.ok("Austria"), mapper.map(RawColumns.REGION, "AT"));
    assertEquals(
        FieldResult.withIssue("UK", IssueCode.UNMAPPED_VALUE), mapper.map(RawColumns.REGION, "UK"));
    // A column the file leaves out has no members: every value is unmapped.
    assertEquals(
        FieldResult.withIssue("nav", IssueCode.UNMAPPED_VALUE),
        mapper.map(RawColumns.FEATURE_NAME, "nav"));
  }

  @Test
  void rejectsTwoMembersSharingAKey(@TempDir Path dir) {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                mapperFor(
                    dir,
                    "{\"region\": [{\"canonical\": \"UK\", \"aliases\": [\"gb\"]},"
                        + " {\"canonical\": \"Gibraltar\", \"aliases\": [\"G.B.\"]}]}"));
    assertEquals(
        "reference data for region: 'G.B.' of 'Gibraltar' and 'gb' of 'UK' have the same match key 'gb'",
        error.getMessage());
  }

  @Test
  void acceptsSpellingsOfOneMemberSharingAKey(@TempDir Path dir) {
    assertDoesNotThrow(
        () ->
            mapperFor(
                dir,
                "{\"feature_name\": [{\"canonical\": \"Lock/Unlock\", \"aliases\": [\"lock unlock\"]}]}"));
  }

  @Test
  void rejectsASpellingWithNothingToMatchOn(@TempDir Path dir) {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> mapperFor(dir, "{\"region\": [{\"canonical\": \"UK\", \"aliases\": [\"--\"]}]}"));
    assertTrue(error.getMessage().contains("'--' of 'UK'"), error.getMessage());
  }

  @Test
  void rejectsAColumnThatIsNotCategorical() {
    assertThrows(
        IllegalArgumentException.class, () -> DEFAULT.map(RawColumns.USER_ID, "u1"));
  }

  private static CategoryMapper mapperFor(Path dir, String json) throws IOException {
    Path file = Files.writeString(dir.resolve("reference.json"), json, StandardCharsets.UTF_8);
    return new CategoryMapper(ReferenceData.load(file));
  }
}
