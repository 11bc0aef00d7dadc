package com.usageintel.pipeline;

import com.usageintel.transforms.CombinePerKeyInShards;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Gives every user of the run an integer key from the warehouse's key registry ({@code dim_key}),
 * registering the users it has not seen: the key a user keeps forever, and the element of every
 * distinct-user bitmap. Runs take turns, so the workers of one run register disjoint users.
 */
public final class AssignUserKeys
    extends PTransform<PCollection<String>, PCollectionView<Map<String, Integer>>> {
  private static final int BATCH_USERS = 10_000;

  private final PostgresDataSource dataSource;
  private final int shards;

  private AssignUserKeys(PostgresDataSource dataSource, int shards) {
    this.dataSource = dataSource;
    this.shards = shards;
  }

  public static AssignUserKeys in(PostgresDataSource dataSource, int shards) {
    return new AssignUserKeys(dataSource, shards);
  }

  @Override
  public PCollectionView<Map<String, Integer>> expand(PCollection<String> userIds) {
    return userIds
        .apply("KeyByUser", WithKeys.<String, String>of(user -> user).withKeyType(TypeDescriptors.strings()))
        .apply("DistinctUsers", CombinePerKeyInShards.of(Count.<String>combineFn(), shards))
        .apply("Users", Keys.create())
        .apply("LookUpOrRegister", ParDo.of(new KeyUsersFn(dataSource)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()))
        .apply("UserKeys", View.asMap());
  }

  private static final class KeyUsersFn extends DoFn<String, KV<String, Integer>> {
    // Only users not registered yet are inserted: an insert that conflicts still uses up a key.
    private static final String REGISTER = "insert into dim_key (dimension, member)"
        + " select 'user', u.member from unnest(?::text[]) as u (member)"
        + " where not exists (select 1 from dim_key k where k.dimension = 'user' and k.member = u.member)"
        + " order by u.member on conflict do nothing";
    private static final String LOOK_UP =
        "select member, sk from dim_key where dimension = 'user' and member = any(?::text[])";

    private final PostgresDataSource dataSource;
    private transient DataSource pool;
    private transient List<String> batch;

    KeyUsersFn(PostgresDataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Setup
    public void setup() {
      pool = dataSource.apply(null);
    }

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>();
    }

    @ProcessElement
    public void processElement(@Element String user, OutputReceiver<KV<String, Integer>> out)
        throws SQLException {
      batch.add(user);
      if (batch.size() >= BATCH_USERS) {
        keyBatch().forEach(out::output);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws SQLException {
      for (KV<String, Integer> keyed : keyBatch()) {
        context.output(keyed, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }

    private List<KV<String, Integer>> keyBatch() throws SQLException {
      List<KV<String, Integer>> keyed = new ArrayList<>(batch.size());
      if (batch.isEmpty()) {
        return keyed;
      }
      try (Connection connection = pool.getConnection()) {
        Array users = connection.createArrayOf("text", batch.toArray());
        try (PreparedStatement register = connection.prepareStatement(REGISTER)) {
          register.setArray(1, users);
          register.executeUpdate();
        }
        try (PreparedStatement lookUp = connection.prepareStatement(LOOK_UP)) {
          lookUp.setArray(1, users);
          try (ResultSet rs = lookUp.executeQuery()) {
            while (rs.next()) {
              keyed.add(KV.of(rs.getString(1), rs.getInt(2)));
            }
          }
        }
      }
      if (keyed.size() != batch.size()) {
        throw new IllegalStateException(
            "registered " + batch.size() + " users but found keys for " + keyed.size());
      }
      batch = new ArrayList<>();
      return keyed;
    }
  }
}
