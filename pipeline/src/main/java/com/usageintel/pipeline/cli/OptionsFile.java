package com.usageintel.pipeline.cli;

import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * {@code --optionsFile=<file>}: pipeline options kept in a properties file ({@code name=value},
 * {@code #} comments), as in {@code run-configs/}. Options given on the command line win over
 * the file's.
 */
final class OptionsFile {
  static final String FLAG = "--optionsFile=";

  private OptionsFile() {}

  /** The arguments with every {@code --optionsFile=} replaced by the options in that file. */
  static List<String> expand(List<String> args) {
    List<String> fromFiles = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith(FLAG)) {
        fromFiles.addAll(read(Path.of(arg.substring(FLAG.length()))));
      } else {
        rest.add(arg);
      }
    }
    return withDefaults(fromFiles, rest);
  }

  /** {@code args} plus every default that {@code args} does not set itself. */
  static List<String> withDefaults(List<String> defaults, List<String> args) {
    List<String> merged = new ArrayList<>();
    for (String option : defaults) {
      if (args.stream().noneMatch(arg -> sameOption(arg, option))) {
        merged.add(option);
      }
    }
    merged.addAll(args);
    return merged;
  }

  /** Beam rejects an option given twice, so a command-line option replaces the file's. */
  private static boolean sameOption(String a, String b) {
    return name(a).equals(name(b));
  }

  private static String name(String arg) {
    int equals = arg.indexOf('=');
    return equals < 0 ? arg : arg.substring(0, equals);
  }

  private static List<String> read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UserFacingException("cannot read options file " + file + ": " + UserFacingException.firstLine(e), e);
    }
    List<String> args = new ArrayList<>();
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      args.add("--" + name + "=" + properties.getProperty(name).strip());
    }
    return args;
  }
}
