package com.usageintel.pipeline.warehouse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.usageintel.pipeline.TestDatabase;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UsageEventCoder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Each event comes out unchanged with its user's key from the registry: a registered user keeps
 * theirs, a new user is registered once and all their events share the new key, and a member of
 * another dimension with the same name is another member.
 */
public class KeyEventsByUserTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final PostgresDataSource db = TestWarehouse.fresh();

  /** The registry's rows, in key order: dimension, member, key. */
  private static final String REGISTRY = "select dimension, member, sk from dim_key order by sk";

  /**
   * Before the run the registry holds a vehicle model named U3 (key 1) and the user U2 (key 2): the
   * keys are an identity, given in the order of the rows.
   */
  @Before
  public void registerEarlierMembers() {
    TestDatabase.execute(db.jdbcUrl(),
        "insert into dim_key (dimension, member) values ('vehicle', 'U3'), ('user', 'U2')");
  }

  @After
  public void dropWarehouse() {
    TestDatabase.drop(db.jdbcUrl());
  }

  private static UsageEvent use(String user, String at) {
    return TestWarehouse.event(user, at, "Navigation").build();
  }

  /** Each user's keys, as the registry holds them now. */
  private static Map<String, Integer> registeredUsers(String jdbcUrl) {
    Map<String, Integer> users = new HashMap<>();
    for (List<String> row : TestDatabase.rows(jdbcUrl, REGISTRY)) {
      if (row.get(0).equals("user")) {
        users.put(row.get(1), Integer.parseInt(row.get(2)));
      }
    }
    return users;
  }

  @Test
  public void registeredUsersKeepTheirKeyAndNewUsersGetOneEach() {
    List<UsageEvent> events = List.of(
        use("U1", "2025-09-01T08:00:00Z"), use("U1", "2025-09-02T08:00:00Z"),
        use("U2", "2025-09-01T09:00:00Z"), use("U2", "2025-09-03T09:00:00Z"),
        use("U3", "2025-09-01T10:00:00Z"));

    PCollection<KV<Integer, UsageEvent>> keyed =
        pipeline.apply(Create.of(events)).apply(KeyEventsByUser.in(db));

    PAssert.that(keyed.apply("Events", Values.create())).containsInAnyOrder(events);
    String url = db.jdbcUrl();
    PAssert.that(keyed.apply("UserKeys", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers()))
            .via(event -> KV.of(event.getValue().getUserId(), event.getKey()))))
        .satisfies(pairs -> {
          Map<String, Set<Integer>> keys = new HashMap<>();
          for (KV<String, Integer> pair : pairs) {
            keys.computeIfAbsent(pair.getKey(), user -> new HashSet<>()).add(pair.getValue());
          }
          // By hand: U2 keeps key 2. U1 (both events) and U3 get a key each, new: above the
          // registry's 1 and 2 (not the vehicle U3's 1), and not the same. Runners that key in
          // parallel may use up a number, so which keys exactly is not fixed.
          assertEquals(Set.of(2), keys.get("U2"));
          assertEquals(1, keys.get("U1").size());
          assertEquals(1, keys.get("U3").size());
          int u1 = keys.get("U1").iterator().next();
          int u3 = keys.get("U3").iterator().next();
          assertTrue("new keys " + keys, u1 > 2 && u3 > 2);
          assertNotEquals(u1, u3);
          // The keys the events carry are the ones registered, once each, for good.
          assertEquals(Map.of("U1", u1, "U2", 2, "U3", u3), registeredUsers(url));
          return null;
        });
    pipeline.run();

    // The vehicle model U3 is still key 1; the registry has just the two users more.
    List<List<String>> registry = TestDatabase.rows(url, REGISTRY);
    assertEquals(List.of(List.of("vehicle", "U3", "1"), List.of("user", "U2", "2")),
        registry.subList(0, 2));
    assertEquals(4, registry.size());
  }

  @Test
  public void noEventsRegisterNoUser() {
    PAssert.that(pipeline.apply(Create.empty(UsageEventCoder.of())).apply(KeyEventsByUser.in(db)))
        .empty();
    pipeline.run();

    assertEquals(List.of(List.of("vehicle", "U3", "1"), List.of("user", "U2", "2")),
        TestDatabase.rows(db.jdbcUrl(), REGISTRY));
  }
}
