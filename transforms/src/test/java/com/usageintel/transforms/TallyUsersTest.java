package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;

import com.usageintel.schemas.DimUser;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UsageEventCoder;
import com.usageintel.transforms.aggregate.CurrentAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

public class TallyUsersTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String UNKNOWN = UsageEvent.UNKNOWN;

  /** Microseconds since the epoch of an ISO instant. */
  private static long micros(String iso) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(iso));
  }

  private static PCollection<DimUser> dimUsers(
      String name, PCollection<KV<String, CurrentAttributes>> users) {
    return users.apply(name, MapElements.into(TypeDescriptor.of(DimUser.class))
        .via(user -> user.getValue().toDimUser(user.getKey())));
  }

  /** Each attribute as value@instant/feature of the event it came from, in the order of all(). */
  private static PCollection<String> describe(PCollection<KV<String, CurrentAttributes>> users) {
    return users.apply("DescribeUsers", MapElements.into(TypeDescriptors.strings())
        .via(user -> {
          StringBuilder text = new StringBuilder(user.getKey());
          for (CurrentAttributes.Latest latest : user.getValue().all()) {
            text.append(' ').append(latest.value());
            if (latest.value() != null) {
              text.append('@').append(Instant.EPOCH.plus(latest.atMicros(), ChronoUnit.MICROS))
                  .append('/').append(latest.featureName());
            }
          }
          return text.toString();
        }));
  }

  @Test
  public void eachAttributeIsTheLatestKnownValue() {
    List<UsageEvent> events = List.of(
        // U1: the latest event has an Unknown region, so the region of the 17th wins; the other
        // attributes come from the 18th. First seen the 16th, last seen the 18th.
        event("U1", "2025-09-16T07:00:00Z", "Charging Status")
            .setRegion("Spain").setSubscriptionStatus("trial").setVehicleModel("VW Golf").build(),
        event("U1", "2025-09-17T08:00:00Z", "Navigation")
            .setRegion("UK").setSubscriptionStatus("trial").setVehicleModel("VW Golf").build(),
        event("U1", "2025-09-18T09:00:00Z", "Navigation")
            .setRegion(UNKNOWN).setSubscriptionStatus("active").setVehicleModel("VW ID.4")
            .setOsType("iOS").build(),
        // U4: region never known -> Unknown. One microsecond later beats a feature that sorts
        // first: cancelled (Voice Assistant, .000001) over active (Climate Control, .000000).
        event("U4", "2025-09-17T10:00:00.000001Z", "Voice Assistant")
            .setRegion(UNKNOWN).setSubscriptionStatus("cancelled").build(),
        event("U4", "2025-09-17T10:00:00Z", "Climate Control")
            .setRegion(UNKNOWN).setSubscriptionStatus("active").setOsType("iOS").build(),
        // U5: a single event, every attribute Unknown.
        event("U5", "2025-09-19T00:00:00Z", "Navigation")
            .setRegion(UNKNOWN).setSubscriptionStatus(UNKNOWN).setVehicleModel(UNKNOWN)
            .setOsType(UNKNOWN).build());

    PCollection<UsageEvent> input = pipeline.apply(Create.of(events));
    PCollection<KV<String, CurrentAttributes>> byDefault = input.apply("Default", TallyUsers.ofEvents());
    PCollection<KV<String, CurrentAttributes>> oneShard =
        input.apply("OneShard", TallyUsers.ofEvents().withShards(1));

    // U4: os from its latest event (.000001, Android, the TestEvents default).
    List<DimUser> expected = List.of(
        DimUser.create("U1", "UK", "active", "VW ID.4", "iOS",
            micros("2025-09-16T07:00:00Z"), micros("2025-09-18T09:00:00Z")),
        DimUser.create("U4", UNKNOWN, "cancelled", "VW ID.4", "Android",
            micros("2025-09-17T10:00:00Z"), micros("2025-09-17T10:00:00.000001Z")),
        DimUser.create("U5", UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN,
            micros("2025-09-19T00:00:00Z"), micros("2025-09-19T00:00:00Z")));
    PAssert.that(dimUsers("DimUsersDefault", byDefault)).containsInAnyOrder(expected);
    PAssert.that(dimUsers("DimUsersOneShard", oneShard)).containsInAnyOrder(expected);
    pipeline.run();
  }

  @Test
  public void aTieAtOneInstantGoesToTheFeatureThatSortsFirstAsUtf8() {
    String at = "2025-09-17T12:00:00Z";
    List<UsageEvent> events = List.of(
        // U2: "Climate Control" sorts before "Navigation": Italy, trial, Audi e-tron, Android.
        event("U2", at, "Navigation")
            .setRegion("Spain").setSubscriptionStatus("active").setVehicleModel("VW Golf")
            .setOsType("iOS").build(),
        event("U2", at, "Climate Control")
            .setRegion("Italy").setSubscriptionStatus("trial").setVehicleModel("Audi e-tron")
            .setOsType("Android").build(),
        // A later event with every attribute Unknown changes none of them.
        event("U2", "2025-09-17T13:00:00Z", "Navigation")
            .setRegion(UNKNOWN).setSubscriptionStatus(UNKNOWN).setVehicleModel(UNKNOWN)
            .setOsType(UNKNOWN).build(),
        // U3: U+FF21 (fullwidth A) sorts before U+1F600 as UTF-8 bytes, but after it as UTF-16
        // units (String.compareTo): France, not Poland. Its subscription is Unknown, so the
        // emoji event's "trial" is the only known one.
        event("U3", at, "x\uFF21")
            .setRegion("France").setSubscriptionStatus(UNKNOWN).build(),
        event("U3", at, "x\uD83D\uDE00")
            .setRegion("Poland").setSubscriptionStatus("trial").build());

    PCollection<KV<String, CurrentAttributes>> users =
        pipeline.apply(Create.of(events)).apply(TallyUsers.ofEvents());

    // Order: region, subscription status, vehicle model, OS.
    PAssert.that(describe(users))
        .containsInAnyOrder(
            "U2 Italy@2025-09-17T12:00:00Z/Climate Control"
                + " trial@2025-09-17T12:00:00Z/Climate Control"
                + " Audi e-tron@2025-09-17T12:00:00Z/Climate Control"
                + " Android@2025-09-17T12:00:00Z/Climate Control",
            "U3 France@2025-09-17T12:00:00Z/x\uFF21"
                + " trial@2025-09-17T12:00:00Z/x\uD83D\uDE00"
                + " VW ID.4@2025-09-17T12:00:00Z/x\uFF21"
                + " Android@2025-09-17T12:00:00Z/x\uFF21");
    PAssert.that(dimUsers("DimUsers", users))
        .containsInAnyOrder(
            DimUser.create("U2", "Italy", "trial", "Audi e-tron", "Android",
                micros(at), micros("2025-09-17T13:00:00Z")),
            DimUser.create("U3", "France", "trial", "VW ID.4", "Android", micros(at), micros(at)));
    pipeline.run();
  }

  @Test
  public void noEventsGiveNoUsers() {
    PCollection<KV<String, CurrentAttributes>> users =
        pipeline.apply(Create.empty(UsageEventCoder.of())).apply(TallyUsers.ofEvents());

    PAssert.that(users).empty();
    pipeline.run();
  }
}
