package dev.netns.internal.core;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.internal.spi.CleanupScope;
import dev.netns.internal.spi.NamespacePort;
import dev.netns.internal.spi.TargetPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Target} a test sees: a backend plus the test's own fixture scope (for {@link #host()}).
 * It is also the {@link TargetPort} through which the CNI harness reaches the target.
 */
public final class ScopedTarget implements Target, TargetPort {

  private final Scope scope;

  public ScopedTarget(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Scope scope() {
    return scope;
  }

  public Backend backend() {
    return scope.backend();
  }

  @Override
  public String describe() {
    return scope.backend().describe();
  }

  @Override
  public String location() {
    return scope.backend().location();
  }

  @Override
  public Netns host() {
    return scope.host();
  }

  @Override
  public List<Netns> namespaces() {
    List<Netns> out = new ArrayList<>();
    for (String n : scope.backend().engine().listNamespaces()) {
      out.add(scope.adopt(n));
    }
    return out;
  }

  @Override
  public Optional<Netns> namespace(String name) {
    return scope.backend().engine().listNamespaces().contains(name) ? Optional.of(scope.adopt(name)) : Optional.empty();
  }

  @Override
  public Netns createNamespace(String logicalName) {
    return Scope.activeFor(scope).createNamespace(logicalName);
  }

  @Override
  public List<Netns> testNamespaces() {
    List<Netns> out = new ArrayList<>();
    for (Scope s = Scope.activeFor(scope); s != null; s = s.parent()) {
      for (Netns n : s.madeNamespaces()) {
        if (!out.contains(n)) out.add(n);
      }
    }
    return out;
  }

  @Override
  public void removeNamespace(Netns namespace) {
    NetnsImpl ns = (NetnsImpl) resolve(namespace).orElseThrow(() -> new IllegalArgumentException(
        "namespace " + namespace + " is not on this test's target (" + describe() + ")"));
    // the scope that made it: a class-level target hands createNamespace to the running test's scope
    ns.scope().removeNamespace(ns);
  }

  @Override
  public java.util.Map<String, java.util.Map<String, dev.netns.ProbeResult>> probeCells(dev.netns.Reachability grid) {
    return dev.netns.internal.reach.GridRunner.run(grid);
  }

  @Override
  public boolean isLocalKernel() {
    return scope.backend().hostIsStandIn();
  }

  @Override
  public NamespacePort hostSide() {
    return scope.host();
  }

  @Override
  public Optional<NamespacePort> resolve(Netns ns) {
    return ns instanceof NetnsImpl impl && impl.scope().backend() == scope.backend() ? Optional.of(impl) : Optional.empty();
  }

  /** The scope that closes first: the namespace's own when it was made by a scope this one does not enclose. */
  @Override
  public CleanupScope cleanupScopeFor(NamespacePort ns) {
    NetnsImpl container = (NetnsImpl) (ns instanceof Netns n ? resolve(n) : Optional.<NamespacePort>empty())
        .orElseThrow(() -> new IllegalArgumentException(
            "namespace " + ns.display() + " is not on this test's target (" + describe() + ")"));
    if (container.isOwned() && !scope.owns(container.engineName())) return container.scope();
    return scope;
  }

  @Override
  public String runId() {
    return Ownership.get().runId();
  }

  @Override
  public Path stateDir() {
    return Ownership.get().stateDir();
  }

  @Override
  public String toString() {
    return describe();
  }
}
