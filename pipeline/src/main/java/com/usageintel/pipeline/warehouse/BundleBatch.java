package com.usageintel.pipeline.warehouse;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The elements of one bundle gathered into batches of at most {@code size}, for the steps that
 * talk to the database a batch at a time. Loads are batch jobs in the global window; a batch never
 * spans windows.
 */
final class BundleBatch<T> {
  private final int size;
  private List<T> elements = new ArrayList<>();
  private @Nullable BoundedWindow window;

  BundleBatch(int size) {
    this.size = size;
  }

  /** Adds an element: the full batch when this one fills it, otherwise null. */
  @Nullable List<T> add(T element, BoundedWindow elementWindow) {
    if (window != null && !window.equals(elementWindow) && !elements.isEmpty()) {
      throw new IllegalStateException("elements of one batch must share a window");
    }
    window = elementWindow;
    elements.add(element);
    return elements.size() >= size ? take() : null;
  }

  boolean isEmpty() {
    return elements.isEmpty();
  }

  /** The elements gathered so far, which this batch then forgets. */
  List<T> take() {
    List<T> taken = elements;
    elements = new ArrayList<>();
    return taken;
  }

  /** The window of the elements gathered; where the end of a bundle outputs what is left. */
  BoundedWindow window() {
    return window;
  }
}
