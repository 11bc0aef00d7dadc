package com.usageintel.pipeline.warehouse;

import com.usageintel.schemas.UsageEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Gives every event its user's integer key from the warehouse's key registry ({@code dim_key}),
 * registering the users it has not seen: the key a user keeps forever, and the element of every
 * distinct-user bitmap. Events are keyed in batches, one lookup of the batch's users each, where
 * they are: a side input of every user's key would be rebuilt for each bundle by the Direct runner,
 * and a join would move every event once more.
 */
public final class KeyEventsByUser
    extends PTransform<PCollection<UsageEvent>, PCollection<KV<Integer, UsageEvent>>> {
  private static final int BATCH_EVENTS = 50_000;

  private final PostgresDataSource dataSource;

  private KeyEventsByUser(PostgresDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public static KeyEventsByUser in(PostgresDataSource dataSource) {
    return new KeyEventsByUser(dataSource);
  }

  @Override
  public PCollection<KV<Integer, UsageEvent>> expand(PCollection<UsageEvent> events) {
    return events
        .apply("KeyUsersInBatches", ParDo.of(new KeyUsersFn(dataSource)))
        .setCoder(KvCoder.of(VarIntCoder.of(), events.getCoder()));
  }

  private static final class KeyUsersFn extends DoFn<UsageEvent, KV<Integer, UsageEvent>> {
    // Only users not registered yet are inserted: an insert that conflicts still uses up a key. A
    // worker that registers a user another is registering waits for it, then finds its key.
    private static final String REGISTER = "insert into dim_key (dimension, member)"
        + " select 'user', batch.member from unnest(?::text[]) as batch (member)"
        + " where not exists (select 1 from dim_key registered"
        + " where registered.dimension = 'user' and registered.member = batch.member)"
        + " order by batch.member on conflict do nothing";
    private static final String LOOK_UP =
        "select member, sk from dim_key where dimension = 'user' and member = any(?::text[])";

    private final PostgresDataSource dataSource;
    private transient DataSource pool;
    private transient BundleBatch<UsageEvent> batch;

    KeyUsersFn(PostgresDataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Setup
    public void setup() {
      pool = dataSource.apply(null);
    }

    @StartBundle
    public void startBundle() {
      batch = new BundleBatch<>(BATCH_EVENTS);
    }

    @ProcessElement
    public void processElement(
        @Element UsageEvent event, BoundedWindow window, OutputReceiver<KV<Integer, UsageEvent>> out)
        throws SQLException {
      List<UsageEvent> full = batch.add(event, window);
      if (full != null) {
        key(full).forEach(out::output);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws SQLException {
      if (!batch.isEmpty()) {
        BoundedWindow window = batch.window();
        for (KV<Integer, UsageEvent> keyed : key(batch.take())) {
          context.output(keyed, window.maxTimestamp(), window);
        }
      }
    }

    private List<KV<Integer, UsageEvent>> key(List<UsageEvent> batch) throws SQLException {
      Set<String> users = new LinkedHashSet<>();
      batch.forEach(event -> users.add(event.getUserId()));
      Map<String, Integer> keys = new HashMap<>();
      try (Connection connection = pool.getConnection()) {
        Array names = connection.createArrayOf("text", users.toArray());
        try (PreparedStatement register = connection.prepareStatement(REGISTER)) {
          register.setArray(1, names);
          register.executeUpdate();
        }
        try (PreparedStatement lookUp = connection.prepareStatement(LOOK_UP)) {
          lookUp.setArray(1, names);
          try (ResultSet rs = lookUp.executeQuery()) {
            while (rs.next()) {
              keys.put(rs.getString(1), rs.getInt(2));
            }
          }
        }
      }
      List<KV<Integer, UsageEvent>> keyed = new ArrayList<>(batch.size());
      for (UsageEvent event : batch) {
        Integer key = keys.get(event.getUserId());
        if (key == null) {
          throw new IllegalStateException("user " + event.getUserId() + " got no key in dim_key");
        }
        keyed.add(KV.of(key, event));
      }
      return keyed;
    }
  }
}
