package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.internal.spi.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The namespaces of one conformance check: a node namespace in which the plugin runs (its host
 * side: veths, routes, packet-filter rules land there) and the containers it attaches, plus a
 * host-local {@code dataDir} of its own. Closing it runs a best-effort DEL for every attachment
 * still open and removes every namespace and the directory, also when the check failed halfway:
 * nothing of a check outlives it, whatever the plugin did.
 */
final class ConformanceLab implements AutoCloseable {

  private static final AtomicInteger SEQ = new AtomicInteger();

  /** One raw plugin call: what it was given and what it did. */
  record Call(String plugin, String command, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    /** Standard output as one JSON document, or {@code null} when it is not exactly one. */
    JsonNode json() {
      if (stdout.isBlank()) return null;
      try {
        return Json.MAPPER.readTree(stdout);
      } catch (java.io.IOException e) {
        return null;
      }
    }

    /** For messages: {@code ptp ADD exit 1, stdout {...}, stderr ...}. */
    String describe() {
      StringBuilder b = new StringBuilder(plugin).append(' ').append(command).append(": exit ").append(exitCode)
          .append(", stdout ").append(stdout.isBlank() ? "<empty>" : oneLine(stdout));
      if (!stderr.isBlank()) b.append(", stderr ").append(oneLine(stderr));
      return b.toString();
    }

    /** Pretty-printed JSON and multi-line logs on one line, for tables and messages. */
    static String oneLine(String s) {
      return Json.excerpt(s.strip().replaceAll("\\s*\\n\\s*", " "));
    }
  }

  /** The calls of one chain operation; {@link #last()} is the failing one, or the last plugin's. */
  record ChainCall(List<Call> calls) {
    Call last() {
      for (Call c : calls) if (!c.ok()) return c;
      return calls.get(calls.size() - 1);
    }

    boolean ok() {
      return calls.stream().allMatch(Call::ok);
    }

    String describe() {
      return last().describe();
    }
  }

  private record Attachment(String containerId, String netnsPath, String version) {
  }

  final ConformanceSubject subject;
  final int id;
  final Netns node;
  final String dataDir;
  final String ifName;
  private final List<Netns> namespaces = new ArrayList<>();
  private final List<Attachment> open = new ArrayList<>();
  private final Map<String, JsonNode> results = new LinkedHashMap<>();

  /** The paths of the namespaces this lab made, cleared of stray files when it closes. */
  private final List<String> handedOut = new ArrayList<>();

  ConformanceLab(ConformanceSubject subject, String ifName, Consumer<Netns> hostSetup) {
    this.subject = subject;
    this.ifName = ifName;
    this.id = SEQ.incrementAndGet();
    this.dataDir = subject.cni.dataDir() + "/k" + id;
    this.node = subject.cni.target().createNamespace("k" + id + "-node");
    namespaces.add(node);
    handedOut.add(path(node));
    try {
      hostSetup.accept(node);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }


  /**
   * A fresh container namespace with {@code lo} down, as a runtime's new sandbox has it (the kit's
   * namespaces come with {@code lo} up otherwise, which would hide what a loopback plugin does).
   */
  synchronized Netns container(String role) {
    Netns ns = subject.cni.target().createNamespace("k" + id + "-" + role);
    namespaces.add(ns);
    handedOut.add(path(ns));
    ns.down("lo");
    return ns;
  }

  /** Deletes a container namespace now (a container that died before its DEL). */
  synchronized void remove(Netns ns) {
    subject.cni.target().removeNamespace(ns);
    namespaces.remove(ns);
  }

  String path(Netns ns) {
    return subject.cni.pathOf(ns);
  }

  /** A path where no namespace is: a container that is already gone or never was. */
  String missingPath() {
    return path(node) + "-gone-" + id;
  }

  // ------------------------------------------------------------------ raw calls

  /** The environment a runtime sets for a call. */
  Map<String, String> env(ConformanceSubject.Step step, String command, String containerId, String netnsPath,
                          String args) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", netnsPath);
    env.put("CNI_IFNAME", ifName);
    env.put("CNI_ARGS", args == null ? subject.options.args() : args);
    env.put("CNI_PATH", subject.cni.cniPathFor(step.binary(), step.found()));
    env.putAll(subject.options.env());
    return env;
  }

  /** Runs one plugin in the node namespace with exactly this environment ({@code unset}: variables removed) and input. */
  Call raw(ConformanceSubject.Step step, Map<String, String> env, Set<String> unset, String stdin) {
    List<String> argv = new ArrayList<>();
    Map<String, String> e = new LinkedHashMap<>(env);
    if (!unset.isEmpty()) {
      // the JVM's environment is passed on, so a variable is only really absent when env(1) removes it
      argv.add("env");
      for (String u : unset) {
        argv.add("-u");
        argv.add(u);
        e.remove(u);
      }
    }
    argv.add(step.binary());
    ExecResult r = subject.cni.execIn(node, new ExecRequest(argv, e,
        stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), subject.options.timeout()));
    return new Call(step.type(), e.getOrDefault("CNI_COMMAND", "<no CNI_COMMAND>"), r.exitCode(), r.stdout(), r.stderr());
  }

  /** The configuration plugin {@code i} gets: the kit's own dataDir, capability arguments, a version override. */
  ObjectNode conf(int i, String version) {
    ObjectNode conf = subject.steps.get(i).conf().deepCopy();
    if (version != null) conf.put("cniVersion", version);
    JsonNode ipam = conf.get("ipam");
    if (ipam instanceof ObjectNode o && "host-local".equals(o.path("type").asText(null))) o.put("dataDir", dataDir);
    NetConf.injectRuntimeConfig(conf, subject.options.capabilityArgs());
    return conf;
  }

  // ------------------------------------------------------------------ chain operations

  /** ADD through the chain, as libcni does; the attachment is DELeted on close unless {@link #del} succeeded. */
  ChainCall add(Netns container, String containerId, String args) {
    return add(container == null ? missingPath() : path(container), containerId, args, null);
  }

  ChainCall add(String netnsPath, String containerId, String args, String version) {
    List<Call> calls = new ArrayList<>();
    synchronized (this) {
      open.add(new Attachment(containerId, netnsPath, version));
    }
    JsonNode prev = null;
    for (int i = 0; i < subject.steps.size(); i++) {
      ObjectNode conf = conf(i, version);
      if (prev != null) conf.set("prevResult", prev);
      ConformanceSubject.Step step = subject.steps.get(i);
      Call c = raw(step, env(step, "ADD", containerId, netnsPath, args), Set.of(), NetConf.write(conf));
      calls.add(c);
      if (!c.ok()) break;
      prev = c.json();
      if (prev == null) break;
    }
    ChainCall out = new ChainCall(calls);
    if (out.ok() && prev != null) {
      synchronized (this) {
        results.put(containerId, prev);
      }
    }
    return out;
  }

  /** CHECK through the chain with {@code prevResult} (the ADD's result when {@code null}). */
  ChainCall check(Netns container, String containerId, JsonNode prevResult, String version) {
    JsonNode prev = prevResult;
    if (prev == null) {
      synchronized (this) {
        prev = results.get(containerId);
      }
    }
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < subject.steps.size(); i++) {
      ObjectNode conf = conf(i, version);
      if (prev != null) conf.set("prevResult", prev);
      ConformanceSubject.Step step = subject.steps.get(i);
      Call c = raw(step, env(step, "CHECK", containerId, path(container), null), Set.of(), NetConf.write(conf));
      calls.add(c);
      if (!c.ok()) break;
    }
    return new ChainCall(calls);
  }

  /** DEL through the chain in reverse order, every plugin called; the ADD's result as prevResult for 0.4.0 and later. */
  ChainCall del(String netnsPath, String containerId, String version) {
    JsonNode prev;
    synchronized (this) {
      prev = results.get(containerId);
    }
    String v = version == null ? subject.version : version;
    List<Call> calls = new ArrayList<>();
    for (int i = subject.steps.size() - 1; i >= 0; i--) {
      ObjectNode conf = conf(i, version);
      if (prev != null && NetConf.atLeast(v, "0.4.0")) conf.set("prevResult", prev);
      ConformanceSubject.Step step = subject.steps.get(i);
      calls.add(raw(step, env(step, "DEL", containerId, netnsPath, null), Set.of(), NetConf.write(conf)));
    }
    ChainCall out = new ChainCall(calls);
    if (out.ok()) {
      synchronized (this) {
        open.removeIf(a -> a.containerId().equals(containerId));
        results.remove(containerId);
      }
    }
    return out;
  }

  ChainCall del(Netns container, String containerId) {
    return del(path(container), containerId, null);
  }

  /** The lease files host-local holds in this lab's dataDir for the network ({@code lock} and bookkeeping excluded). */
  List<String> leases() {
    List<String> out = new ArrayList<>();
    for (String f : subject.cni.session().files.list(dataDir + "/" + subject.name)) {
      if (f.equals("lock") || f.startsWith("last_reserved_ip")) continue;
      out.add(f);
    }
    return out;
  }

  @Override
  public void close() {
    List<Attachment> left;
    synchronized (this) {
      left = new ArrayList<>(open);
      open.clear();
    }
    for (int i = left.size() - 1; i >= 0; i--) {
      Attachment a = left.get(i);
      try {
        del(a.netnsPath(), a.containerId(), a.version());
      } catch (RuntimeException ignored) {
        // best effort, as a runtime tearing down a sandbox; the namespaces below go in any case
      }
    }
    RuntimeException failure = null;
    List<Netns> all;
    synchronized (this) {
      all = new ArrayList<>(namespaces);
      namespaces.clear();
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        subject.cni.target().removeNamespace(all.get(i));
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
        else failure.addSuppressed(e);
      }
    }
    // a plugin called with a namespace path where none is (a gone or missing container) may leave
    // an empty file there, which `ip netns list` then shows: the kit's own paths are cleared
    List<String> stray = new ArrayList<>(handedOut);
    stray.add(missingPath());
    for (String p : stray) {
      try {
        subject.cni.session().files.deleteStrayFile(p);
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
        else failure.addSuppressed(e);
      }
    }
    try {
      subject.cni.session().files.deleteTree(dataDir);
    } catch (RuntimeException e) {
      if (failure == null) failure = e;
      else failure.addSuppressed(e);
    }
    if (failure != null) throw failure;
  }
}
