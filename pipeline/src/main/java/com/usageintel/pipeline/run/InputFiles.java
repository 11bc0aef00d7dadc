package com.usageintel.pipeline.run;

import com.usageintel.pipeline.UserFacingException;
import com.usageintel.transforms.csv.CsvFiles;
import com.usageintel.transforms.csv.CsvHeader;
import com.usageintel.transforms.csv.InvalidHeaderException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Checks every input before anything is written (contract sections 1 and 7): each path or glob
 * matches at least one file, and every file is readable and has the required columns. Failures
 * are one line naming the file.
 */
public final class InputFiles {
  private InputFiles() {}

  /** The matched files, in the order given, after checking every header. */
  static List<String> checkHeaders(List<String> patterns) {
    if (patterns == null || patterns.isEmpty() || patterns.stream().allMatch(p -> p == null || p.isBlank())) {
      throw new UserFacingException(
          "no input was named (--input is empty): pass --input=<file, glob or comma-separated list>");
    }
    if (patterns.stream().anyMatch(p -> p == null || p.isBlank())) {
      throw new UserFacingException("--input has an empty entry (" + String.join(",", patterns)
          + "): name a file, glob or comma-separated list without empty items");
    }
    List<MatchResult.Metadata> files = new ArrayList<>();
    for (String pattern : patterns) {
      files.addAll(match(pattern));
    }
    List<String> names = new ArrayList<>();
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().toString();
      try (InputStream in =
          CsvFiles.decompressed(
              Channels.newInputStream(FileSystems.open(file.resourceId())), name)) {
        CsvHeader.read(in, name);
      } catch (InvalidHeaderException e) {
        throw new UserFacingException(e.getMessage(), e);
      } catch (IOException e) {
        throw new UserFacingException("cannot read " + name + ": " + UserFacingException.firstLine(e), e);
      }
      names.add(name);
    }
    return names;
  }

  /**
   * The patterns with every local path made absolute: the pipeline may run in other processes
   * (a cluster's workers) whose working directory is not this one.
   */
  public static List<String> absolute(List<String> patterns) {
    List<String> absolute = new ArrayList<>();
    for (String pattern : patterns) {
      absolute.add(HAS_SCHEME.matcher(pattern).matches()
          ? pattern
          : Path.of(pattern).toAbsolutePath().toString());
    }
    return absolute;
  }

  /** A URI scheme, as Beam's FileSystems recognises one ({@code gs://...}, {@code file:/...}). */
  private static final Pattern HAS_SCHEME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9+.]*:/.*");

  private static List<MatchResult.Metadata> match(String pattern) {
    if (!HAS_SCHEME.matcher(pattern).matches() && Files.isDirectory(Path.of(pattern))) {
      throw new UserFacingException("input " + pattern + " is a directory: name its files, e.g. --input='"
          + Path.of(pattern).resolve("*.csv") + "'");
    }
    MatchResult result;
    try {
      result = FileSystems.match(pattern, EmptyMatchTreatment.DISALLOW);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserFacingException("cannot read input " + pattern + ": " + UserFacingException.firstLine(e), e);
    }
    try {
      List<MatchResult.Metadata> matched = new ArrayList<>(result.metadata());
      matched.removeIf(m -> m.resourceId().isDirectory());
      if (matched.isEmpty()) {
        throw new UserFacingException("no file matches input " + pattern);
      }
      return matched;
    } catch (IOException e) {
      throw new UserFacingException("no file matches input " + pattern, e);
    }
  }
}
