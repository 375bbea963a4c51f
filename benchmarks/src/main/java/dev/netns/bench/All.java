package dev.netns.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks in one run: the kind node operations ({@link KindNodeBench}: native,
 * channel, docker exec) and the per-test cost through the JUnit Platform ({@link JUnitPathBench}:
 * the seed-003 lab against the tutorial's commands). Arguments: {@code --rounds N} for the kind
 * operations, {@code --runs N} fresh JVMs for the JUnit path, {@code --shell N} shell labs,
 * {@code --kind CLUSTER NODE} (default the stand-in {@code jn-kind jn-kind-worker}; {@code --kind none}
 * leaves the kind part out).
 */
public final class All {

  private All() {
  }

  public static void main(String[] args) throws Exception {
    List<String> kind = new ArrayList<>(List.of("jn-kind", "jn-kind-worker"));
    List<String> junit = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> {
          kind.add("--rounds");
          kind.add(args[++i]);
        }
        case "--runs", "--shell", "--jvm" -> {
          junit.add(args[i]);
          junit.add(args[++i]);
        }
        case "--kind" -> {
          String c = args[++i];
          if (c.equals("none")) {
            kind = null;
          } else {
            kind.set(0, c);
            kind.set(1, args[++i]);
          }
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; allowed: --rounds N, --runs N, --shell N, --jvm OPTION, --kind CLUSTER NODE | --kind none");
      }
    }
    if (kind != null) {
      List<String> a = kind;
      String cluster = a.get(0);
      String node = a.get(1);
      int rounds = a.size() > 3 ? Integer.parseInt(a.get(3)) : 200;
      System.out.println(KindNodeBench.run(cluster, node, rounds));
    }
    JUnitPathBench.main(junit.toArray(new String[0]));
    KindNodeBench.exitUnlessInSurefire();
  }
}
