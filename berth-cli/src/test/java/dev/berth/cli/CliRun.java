package dev.berth.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in process and captures what it prints, for the subcommands' tests. */
final class CliRun {
  private CliRun() {}

  /** The exit code and everything written to stdout and stderr. */
  record Result(int code, String out, String err) {}

  /** {@code berth admin <args> --data <data>}. */
  static Result admin(java.nio.file.Path data, String... args) {
    String[] full = new String[args.length + 3];
    full[0] = "admin";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--data";
    full[args.length + 2] = data.toString();
    return run(full);
  }

  static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
