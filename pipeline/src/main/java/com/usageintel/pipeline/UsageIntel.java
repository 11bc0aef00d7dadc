package com.usageintel.pipeline;

import com.usageintel.pipeline.bench.BenchCommand;
import com.usageintel.pipeline.cli.RunCommand;
import com.usageintel.pipeline.cli.ServeCommand;
import com.usageintel.pipeline.generate.GenerateCommand;
import com.usageintel.pipeline.report.ReportCommand;
import com.usageintel.pipeline.run.UsageIntelOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command line: {@code usage-intel run|generate|serve|report|bench}, each with {@code --help}. */
@Command(
    name = "usage-intel",
    mixinStandardHelpOptions = true,
    versionProvider = UsageIntel.Version.class,
    description = "Connected-vehicle usage analytics: raw CSV events to a PostgreSQL star schema.",
    subcommands = {RunCommand.class, GenerateCommand.class, ServeCommand.class, ReportCommand.class,
        BenchCommand.class})
public final class UsageIntel implements Runnable {
  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an error, not just its one-line message.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new UsageIntel());
    commandLine
        .getSubcommands()
        .get("run")
        .getCommandSpec()
        .usageMessage()
        .footer(
            "",
            "Pipeline options (usage-intel's and Beam's, as --name=value):",
            beamOptionsHelp());
    commandLine.setExecutionExceptionHandler(
        (error, cmd, parseResult) -> {
          boolean verbose = parseResult.hasMatchedOption("--verbose")
              || parseResult.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--verbose"));
          if (verbose) {
            error.printStackTrace(cmd.getErr());
          }
          cmd.getErr().println("usage-intel: " + UserFacingException.firstLine(error));
          return 1;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static String beamOptionsHelp() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PipelineOptionsFactory.printHelp(
        new PrintStream(buffer, true, StandardCharsets.UTF_8), UsageIntelOptions.class);
    return buffer.toString(StandardCharsets.UTF_8);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"usage-intel " + SoftwareVersion.get()};
    }
  }
}
