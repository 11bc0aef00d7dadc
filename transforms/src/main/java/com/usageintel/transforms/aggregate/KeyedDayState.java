package com.usageintel.transforms.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One day's tally of the events of one part of the fleet, named by its key: the whole fleet (no
 * key), a feature, or an OS and numbered version. Each kind is a state table of the warehouse, and
 * the cross-day tables are computed from these alone. Two states are equal when they are of the
 * same kind, key, day and tally.
 *
 * <p>Package-private on purpose: Beam ships functions serialized, and Java 17 deserializes two
 * references to one inherited method, such as {@code DayState::dateSk} and {@code
 * FeatureDayState::dateSk} in one class, as the same function whenever that method's class is
 * visible to the caller. Hidden, each reference is compiled to a lambda of its own.
 */
abstract class KeyedDayState {
  private final List<String> key;
  private final int dateSk;
  private final EventTally tally;

  KeyedDayState(List<String> key, int dateSk, EventTally tally) {
    this.key = List.copyOf(key);
    this.dateSk = dateSk;
    this.tally = tally;
  }

  /** The key's values in the state table's column order; empty for the whole fleet. */
  List<String> key() {
    return key;
  }

  public int dateSk() {
    return dateSk;
  }

  public EventTally tally() {
    return tally;
  }

  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && ((KeyedDayState) o).key.equals(key)
        && ((KeyedDayState) o).dateSk == dateSk
        && ((KeyedDayState) o).tally.equals(tally);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, dateSk);
  }

  @Override
  public String toString() {
    return (key.isEmpty() ? "the fleet" : String.join(" ", key))
        + " on " + dateSk + " (" + tally.events() + " events)";
  }

  /** Makes a state of one kind from its key, day and tally; for the coder. */
  interface Restore<S> extends Serializable {
    S restore(List<String> key, int dateSk, EventTally tally);
  }

  /** The coder of one kind of state, whose keys have {@code keySize} values. */
  static <S extends KeyedDayState> Coder<S> coder(Class<S> kind, int keySize, Restore<S> restore) {
    return new StateCoder<>(kind, keySize, restore);
  }

  /**
   * The key's values, the day, then the tally. One class serves every kind, so equality is by the
   * kind it decodes (AtomicCoder would make all kinds' coders equal).
   */
  private static final class StateCoder<S extends KeyedDayState> extends CustomCoder<S> {
    private static final Coder<String> TEXT = StringUtf8Coder.of();
    private static final Coder<Integer> DAY = VarIntCoder.of();
    private static final Coder<EventTally> TALLY = EventTally.coder();

    private final Class<S> kind;
    private final int keySize;
    private final Restore<S> restore;

    StateCoder(Class<S> kind, int keySize, Restore<S> restore) {
      this.kind = kind;
      this.keySize = keySize;
      this.restore = restore;
    }

    @Override
    public void encode(S state, OutputStream out) throws IOException {
      for (String value : state.key()) {
        TEXT.encode(value, out);
      }
      DAY.encode(state.dateSk(), out);
      TALLY.encode(state.tally(), out);
    }

    @Override
    public S decode(InputStream in) throws IOException {
      List<String> key = new ArrayList<>(keySize);
      for (int i = 0; i < keySize; i++) {
        key.add(TEXT.decode(in));
      }
      return restore.restore(key, DAY.decode(in), TALLY.decode(in));
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      verifyDeterministic(this, "a state is its key, day and tally", TEXT, DAY, TALLY);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StateCoder<?> other && other.kind == kind;
    }

    @Override
    public int hashCode() {
      return kind.hashCode();
    }
  }
}
