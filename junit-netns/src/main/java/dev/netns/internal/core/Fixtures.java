package dev.netns.internal.core;

import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import dev.netns.NetnsException;
import dev.netns.internal.Addresses;
import dev.netns.internal.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Building blocks shared by the extension and the programmatic API. */
public final class Fixtures {

  private Fixtures() {
  }

  /**
   * Creates a veth pair with each end directly in its namespace, sets both ends up, adds the
   * addresses and waits until both ends are ready for the first packet.
   *
   * @param leftName  {@code null} or empty for a generated name
   * @param rightName {@code null} or empty for a generated name
   */
  public static VethImpl createVeth(Scope scope, NetnsImpl left, String leftName, NetnsImpl right, String rightName,
                                    int mtu, List<String> leftAddresses, List<String> rightAddresses) {
    Ownership own = Ownership.get();
    String l = leftName == null || leftName.isEmpty() ? own.nextLinkName()
        : Names.requireInterfaceName(leftName, "veth left name");
    String r = rightName == null || rightName.isEmpty() ? own.nextLinkName()
        : Names.requireInterfaceName(rightName, "veth right name");
    if (Objects.equals(left.engineName(), right.engineName()) && l.equals(r)) {
      throw new IllegalArgumentException("both ends of the veth pair are named \"" + l + "\" in the same namespace "
          + left.display() + "; give them different names");
    }
    if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
      throw new IllegalArgumentException("veth mtu " + mtu + " is out of range; allowed is 0 (kernel default) or 68 to 65535");
    }
    List<String> la = validate(leftAddresses, "veth left address");
    List<String> ra = validate(rightAddresses, "veth right address");
    // An end outside this scope's own namespaces is marked and deleted when the scope closes, at
    // once: deleting only the namespace of the other end would leave it to the kernel's
    // asynchronous namespace teardown, and the next test could still meet it.
    boolean leftHere = scope.createdHere(left.engineName());
    boolean rightHere = scope.createdHere(right.engineName());
    String alias = leftHere && rightHere ? null : own.alias();
    registerOutsideEnd(scope, left, l);
    registerOutsideEnd(scope, right, r);
    Engine engine = scope.backend().engine();
    engine.createVeth(new VethSpec(left.engineName(), l, right.engineName(), r, mtu, alias));
    java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
    if (engine.inProcess()) {
      // microseconds per call: a thread of its own would cost more than the other side's work
      configure(left, l, la, failed);
      configure(right, r, ra, failed);
    } else {
      List<Runnable> sides = new ArrayList<>();
      sides.add(() -> configure(left, l, la, failed));
      sides.add(() -> configure(right, r, ra, failed));
      parallel(sides);
    }
    return new VethImpl(left, l, right, r);
  }

  /** Sets one end up with its addresses and waits for it; stops at once when the other end failed. */
  private static void configure(NetnsImpl ns, String dev, List<String> addresses, java.util.concurrent.atomic.AtomicBoolean failed) {
    try {
      List<NetOp> ops = new ArrayList<>();
      ops.add(new NetOp.LinkUp(dev));
      for (String a : addresses) ops.add(new NetOp.AddAddress(dev, a));
      List<LinkState> after = ns.scope().backend().engine().applyAndRead(ns.engineName(), ops);
      Readiness.await(ns, List.of(dev), after, true, failed::get);
    } catch (RuntimeException e) {
      failed.set(true);
      throw e;
    }
  }

  /**
   * For a link end made in a namespace this scope did not create: journaled when no scope of this
   * run owns the namespace (a later run reaps it after a kill -9), and deleted when the scope closes.
   */
  static void registerOutsideEnd(Scope scope, NetnsImpl ns, String dev) {
    if (scope.createdHere(ns.engineName())) return;
    Ownership own = Ownership.get();
    boolean journaled = !scope.owns(ns.engineName());
    if (journaled) own.journalLink(scope.backend().key(), ns.engineName(), dev);
    scope.onClose(ns.engineName(), "delete link " + dev, () -> {
      deleteIfMarked(ns, dev, own.alias());
      if (journaled) own.released(1);
    });
  }

  private static void deleteIfMarked(NetnsImpl ns, String dev, String alias) {
    for (LinkState s : ns.linkStates()) {
      if (s.name().equals(dev) && alias.equals(s.alias())) {
        ns.scope().backend().engine().apply(ns.engineName(), List.of(new NetOp.DeleteLink(dev)));
      }
    }
  }

  private static List<String> validate(List<String> cidrs, String what) {
    List<String> out = new ArrayList<>();
    for (String c : cidrs) out.add(Addresses.requireCidr(c, what));
    return out;
  }

  /** Runs independent steps on their own platform threads; rethrows the first failure with the rest suppressed. */
  public static void parallel(List<Runnable> steps) {
    if (steps.size() == 1) {
      steps.get(0).run();
      return;
    }
    List<Thread> threads = new ArrayList<>();
    List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 1; i < steps.size(); i++) {
      Runnable s = steps.get(i);
      Thread t = new Thread(() -> {
        try {
          s.run();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }, "netns-fixture");
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    try {
      steps.get(0).run();
    } catch (RuntimeException e) {
      failures.add(0, e);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NetnsException("interrupted while setting up fixtures", e);
      }
    }
    if (!failures.isEmpty()) {
      // the root cause first: a step that gave up because another failed is only a consequence
      failures.sort(java.util.Comparator.comparing(f -> f instanceof Readiness.Abandoned));
      RuntimeException first = failures.get(0);
      for (int i = 1; i < failures.size(); i++) first.addSuppressed(failures.get(i));
      throw first;
    }
  }
}
