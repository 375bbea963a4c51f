package dev.netns.internal.core;

import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.NetOp;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One line of the ownership journal: something a run created or changed on a target, written
 * before the kernel call so that a later run can undo it if this JVM dies first.
 *
 * <p>Each kind formats itself as one tab-separated line, parses itself from one, and undoes itself
 * against an {@link Engine} for a dead run. A namespace of {@code null} is the target's own
 * namespace (written {@code "-"} on disk, the format earlier versions wrote and still read).
 * Undoing touches only what is still exactly as the dead run left it (a link with its alias, a
 * route with the same destination, gateway and device, a neighbour with the same MAC), so that
 * something made by hand with a similar name survives.
 */
public sealed interface JournalEntry {

  /** The on-disk stand-in for the target's own namespace (and for an absent gateway or device). */
  String NONE = "-";

  /** The target (see {@link Backend#key()}) this entry was made on. */
  String targetKey();

  /** The entry as one journal line, without the line break. */
  String format();

  /**
   * Undoes this entry on {@code engine} for the dead run {@code runId}, if what it names still
   * exists ({@code existingNamespaces}: the names the target lists now). May throw when the kernel
   * refuses; {@link #reapAll} logs that and goes on with the next entry.
   */
  void reap(Engine engine, Set<String> existingNamespaces, String runId);

  /** What {@link #reap} undoes, for logs, e.g. {@code route 10.1.0.0/24 dev eth0 in the target's own namespace}. */
  String describe();

  /**
   * Reads one journal line; empty for a blank, unknown or malformed line (a line from a newer
   * version, a torn write after {@code kill -9}): reaping never fails on a line.
   */
  static Optional<JournalEntry> parse(String line) {
    if (line == null || line.isBlank()) return Optional.empty();
    String[] f = line.split("\t", -1);
    try {
      return Optional.ofNullable(switch (f[0]) {
        case "ns" -> f.length >= 3 ? new Namespace(f[1], f[2]) : null;
        case "link" -> f.length >= 4 ? new Link(f[1], orNull(f[2]), f[3]) : null;
        case "sysctl" -> f.length >= 5 ? new Sysctl(f[1], orNull(f[2]), f[3], f[4]) : null;
        case "route" -> f.length >= 6 ? new Route(f[1], orNull(f[2]), f[3], orNull(f[4]), orNull(f[5])) : null;
        case "neigh" -> f.length >= 6 ? new Neighbour(f[1], orNull(f[2]), f[3], f[4], f[5]) : null;
        default -> null;
      });
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a field the record refuses: empty, or a sysctl key outside /proc/sys
    }
  }

  /**
   * Undoes what a dead run left on one target: its changes newest first (a later change may rest
   * on an earlier one), then its namespaces in one batch (one call, not one per namespace).
   * An entry that cannot be undone is logged and skipped.
   *
   * @return the namespaces deleted
   */
  static List<String> reapAll(Engine engine, List<JournalEntry> entries, String runId) {
    Set<String> existing = new HashSet<>(engine.listNamespaces());
    Set<String> doomed = new LinkedHashSet<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      JournalEntry e = entries.get(i);
      if (e instanceof Namespace n) {
        if (existing.contains(n.name())) doomed.add(n.name());
        continue;
      }
      try {
        e.reap(engine, existing, runId);
      } catch (RuntimeException failure) {
        Logger.getLogger(JournalEntry.class.getName()).warning("could not undo " + e.describe() + " of dead run " + runId + ": " + failure.getMessage());
      }
    }
    List<String> names = List.copyOf(doomed);
    if (!names.isEmpty()) engine.deleteNamespaces(names);
    return names;
  }

  /** A namespace the run created: deleted whole. */
  record Namespace(String targetKey, String name) implements JournalEntry {
    public Namespace {
      require(targetKey, "target key");
      require(name, "namespace name");
    }

    @Override
    public String format() {
      return "ns\t" + targetKey + "\t" + name;
    }

    @Override
    public void reap(Engine engine, Set<String> existingNamespaces, String runId) {
      if (existingNamespaces.contains(name)) engine.deleteNamespaces(List.of(name));
    }

    @Override
    public String describe() {
      return "namespace " + name;
    }
  }

  /** A link the run made in a namespace it did not own, marked with its alias: deleted if it still has that alias. */
  record Link(String targetKey, String ns, String device) implements JournalEntry {
    public Link {
      require(targetKey, "target key");
      requireNs(ns);
      require(device, "link name");
    }

    @Override
    public String format() {
      return "link\t" + targetKey + "\t" + disk(ns) + "\t" + device;
    }

    @Override
    public void reap(Engine engine, Set<String> existingNamespaces, String runId) {
      if (!present(ns, existingNamespaces)) return;
      String alias = Ownership.ALIAS_PREFIX + runId;
      boolean ours = engine.links(ns).stream().anyMatch(l -> l.name().equals(device) && alias.equals(l.alias()));
      if (ours) engine.apply(ns, List.of(new NetOp.DeleteLink(device)));
    }

    @Override
    public String describe() {
      return "link " + device + " in " + where(ns);
    }
  }

  /** A sysctl the run changed in a namespace it did not own, with its value before: put back. */
  record Sysctl(String targetKey, String ns, String key, String oldValue) implements JournalEntry {
    public Sysctl {
      require(targetKey, "target key");
      requireNs(ns);
      dev.netns.SysctlKey.of(key); // a journal is a file: a key it names must not leave /proc/sys
      Objects.requireNonNull(oldValue, "oldValue"); // may be empty: some sysctls read as nothing
      // one field of one line: a value with a tab or line break would split the line
      oldValue = oldValue.replace('\t', ' ').replace('\n', ' ');
    }

    @Override
    public String format() {
      return "sysctl\t" + targetKey + "\t" + disk(ns) + "\t" + key + "\t" + oldValue;
    }

    @Override
    public void reap(Engine engine, Set<String> existingNamespaces, String runId) {
      if (present(ns, existingNamespaces)) engine.apply(ns, List.of(new NetOp.Sysctl(key, oldValue)));
    }

    @Override
    public String describe() {
      return "sysctl " + key + "=" + oldValue + " in " + where(ns);
    }
  }

  /**
   * A route the run added in a namespace it did not own: deleted only while the table still has
   * exactly that route (same destination, gateway and device; any device when none was given).
   */
  record Route(String targetKey, String ns, String destination, String gateway, String device) implements JournalEntry {
    public Route {
      require(targetKey, "target key");
      requireNs(ns);
      require(destination, "route destination");
      if (gateway != null) require(gateway, "route gateway");
      if (device != null) require(device, "route device");
    }

    @Override
    public String format() {
      return "route\t" + targetKey + "\t" + disk(ns) + "\t" + destination + "\t" + disk(gateway) + "\t" + disk(device);
    }

    @Override
    public void reap(Engine engine, Set<String> existingNamespaces, String runId) {
      if (!present(ns, existingNamespaces)) return;
      Optional<dev.netns.Route> found = engine.routes(ns).stream().filter(this::matches).findFirst();
      if (found.isEmpty()) return; // gone with its device, or deleted by hand: nothing of ours is left
      // the device the kernel chose when none was given, so that no other route to the same place goes
      engine.apply(ns, List.of(new NetOp.DeleteRoute(destination, gateway, found.get().device())));
    }

    /** Whether {@code r} is this route as the kernel lists it. */
    boolean matches(dev.netns.Route r) {
      if (!sameDestination(r)) return false;
      if (!Objects.equals(lower(gateway), lower(r.gateway()))) return false;
      return device == null || device.equals(r.device());
    }

    private boolean sameDestination(dev.netns.Route r) {
      if ("default".equals(destination)) return r.isDefault() && r.family() == 4;
      if ("::/0".equals(destination)) return r.isDefault() && r.family() == 6;
      return hostless(destination).equals(hostless(r.destination()));
    }

    /** ip lists a host route without its {@code /32} or {@code /128}. */
    private static String hostless(String cidr) {
      String c = lower(cidr);
      if (c.endsWith("/32") && !c.contains(":")) return c.substring(0, c.length() - 3);
      if (c.endsWith("/128")) return c.substring(0, c.length() - 4);
      return c;
    }

    @Override
    public String describe() {
      return "route " + destination + (gateway == null ? "" : " via " + gateway)
          + (device == null ? "" : " dev " + device) + " in " + where(ns);
    }
  }

  /** A permanent neighbour entry the run added: deleted only while it still has this MAC. */
  record Neighbour(String targetKey, String ns, String address, String device, String mac) implements JournalEntry {
    public Neighbour {
      require(targetKey, "target key");
      requireNs(ns);
      require(address, "neighbour address");
      require(device, "neighbour device");
      require(mac, "neighbour MAC");
    }

    @Override
    public String format() {
      return "neigh\t" + targetKey + "\t" + disk(ns) + "\t" + address + "\t" + device + "\t" + mac;
    }

    @Override
    public void reap(Engine engine, Set<String> existingNamespaces, String runId) {
      if (!present(ns, existingNamespaces)) return;
      boolean ours = engine.neighbours(ns).stream().anyMatch(e -> e.address().equals(address)
          && e.device().equals(device) && mac.equalsIgnoreCase(e.mac()) && e.isPermanent());
      if (ours) engine.apply(ns, List.of(new NetOp.DeleteNeighbour(address, device)));
    }

    @Override
    public String describe() {
      return "neighbour " + address + " dev " + device + " in " + where(ns);
    }
  }

  // ---------------------------------------------------------------- helpers of the records

  private static String orNull(String field) {
    return NONE.equals(field) ? null : field;
  }

  private static String disk(String value) {
    return value == null ? NONE : value;
  }

  private static boolean present(String ns, Set<String> existing) {
    return ns == null || existing.contains(ns);
  }

  private static String where(String ns) {
    return ns == null ? "the target's own namespace" : "namespace " + ns;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** A field of one line: not empty, no tab or line break, not the {@code "-"} stand-in. */
  private static void require(String value, String what) {
    if (value == null || value.isEmpty() || NONE.equals(value) || value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(what + " in a journal entry must be a non-empty word without tabs or "
          + "line breaks and not \"-\", got " + (value == null ? "null" : "\"" + value + "\""));
    }
  }

  private static void requireNs(String ns) {
    if (ns != null) require(ns, "namespace");
  }
}
