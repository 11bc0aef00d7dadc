package com.usageintel.pipeline.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer that rows are written into directly, so a row costs no String and no encoder. */
final class RowBuffer {
  private byte[] bytes;
  private int length;

  RowBuffer(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  int length() {
    return length;
  }

  void append(byte[] value) {
    ensureRoom(value.length);
    System.arraycopy(value, 0, bytes, length, value.length);
    length += value.length;
  }

  void append(char ascii) {
    ensureRoom(1);
    bytes[length++] = (byte) ascii;
  }

  void appendLowerCase(byte[] asciiValue) {
    ensureRoom(asciiValue.length);
    for (byte b : asciiValue) {
      bytes[length++] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
  }

  /** Repeats bytes already written, for a duplicate row. */
  void appendCopyOf(int from, int to) {
    ensureRoom(to - from);
    System.arraycopy(bytes, from, bytes, length, to - from);
    length += to - from;
  }

  /** A non-negative number left-padded with zeros to {@code digits} characters. */
  void appendPadded(long value, int digits) {
    ensureRoom(digits);
    for (int i = length + digits - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
  }

  void appendNumber(long value) {
    if (value < 0) {
      append('-');
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    appendPadded(value, digits);
  }

  /** A non-negative count of tenths as a decimal with one fraction digit: 184 is {@code 18.4}. */
  void appendTenths(long tenths, char decimalSeparator) {
    appendNumber(tenths / 10);
    append(decimalSeparator);
    append((char) ('0' + tenths % 10));
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
  }

  private void ensureRoom(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }
}
