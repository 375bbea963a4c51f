package dev.netns.internal.core;

import dev.netns.Netns;
import dev.netns.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link Target} a test sees: a backend plus the test's own fixture scope (for {@link #host()}). */
public final class ScopedTarget implements Target {

  private final Scope scope;

  public ScopedTarget(Scope scope) {
    this.scope = scope;
  }

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
  public String toString() {
    return describe();
  }
}
