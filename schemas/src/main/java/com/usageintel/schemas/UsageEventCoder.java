package com.usageintel.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The coder of {@link UsageEvent}: its fields one after another. Events cross every grouping
 * step; on Flink a schema coder (event to Row to bytes and back) was a third of the CPU time.
 */
public final class UsageEventCoder extends AtomicCoder<UsageEvent> {
  private static final UsageEventCoder INSTANCE = new UsageEventCoder();
  private static final Coder<String> TEXT = StringUtf8Coder.of();
  private static final Coder<Double> OPTIONAL_NUMBER = NullableCoder.of(DoubleCoder.of());
  private static final Coder<Integer> OPTIONAL_FLAG = NullableCoder.of(VarIntCoder.of());
  private static final Coder<Long> WHOLE = VarLongCoder.of();

  private UsageEventCoder() {}

  public static UsageEventCoder of() {
    return INSTANCE;
  }

  /** What {@code @DefaultCoder} asks of a coder class. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(UsageEvent.class), INSTANCE);
  }

  @Override
  public void encode(UsageEvent event, OutputStream out) throws IOException {
    TEXT.encode(event.getUserId(), out);
    TEXT.encode(event.getRegion(), out);
    TEXT.encode(event.getVehicleModel(), out);
    TEXT.encode(event.getFeatureName(), out);
    OPTIONAL_NUMBER.encode(event.getSessionDurationMin(), out);
    OPTIONAL_FLAG.encode(event.getErrorFlag(), out);
    OPTIONAL_NUMBER.encode(event.getFeedbackRating(), out);
    TEXT.encode(event.getAppVersion(), out);
    TEXT.encode(event.getOsType(), out);
    TEXT.encode(event.getSubscriptionStatus(), out);
    WHOLE.encode(event.getFeatureUsedAtMicros(), out);
    TEXT.encode(event.getSourceFile(), out);
    WHOLE.encode(event.getLineNumber(), out);
    TEXT.encode(event.getRawText(), out);
  }

  @Override
  public UsageEvent decode(InputStream in) throws IOException {
    return UsageEvent.builder()
        .setUserId(TEXT.decode(in))
        .setRegion(TEXT.decode(in))
        .setVehicleModel(TEXT.decode(in))
        .setFeatureName(TEXT.decode(in))
        .setSessionDurationMin(OPTIONAL_NUMBER.decode(in))
        .setErrorFlag(OPTIONAL_FLAG.decode(in))
        .setFeedbackRating(OPTIONAL_NUMBER.decode(in))
        .setAppVersion(TEXT.decode(in))
        .setOsType(TEXT.decode(in))
        .setSubscriptionStatus(TEXT.decode(in))
        .setFeatureUsedAtMicros(WHOLE.decode(in))
        .setSourceFile(TEXT.decode(in))
        .setLineNumber(WHOLE.decode(in))
        .setRawText(TEXT.decode(in))
        .build();
  }

  /**
   * Equal events encode to equal bytes: every field does, in a fixed order. (Beam's DoubleCoder
   * makes no such promise for doubles used as grouping keys; events are never grouping keys.)
   */
  @Override
  public void verifyDeterministic() {}
}
