package dev.netns.internal.kind;

/** Prints {@link KindBackend#unavailable} for args[0] (cluster) and args[1] (node): run in a child JVM by tests. */
public final class KindProbe {

  private KindProbe() {
  }

  /** Prints "available" or the reason. */
  public static void main(String[] args) {
    System.out.println(KindBackend.unavailable(args[0], args[1]).orElse("available"));
    System.exit(0);
  }
}
