package dev.netns.internal.core;

import dev.netns.Bridge;
import dev.netns.Netns;

/** Fluent set-up of a bridge created with {@link Netns#bridge(String)}. */
final class BridgeImpl implements Bridge {

  private final NetnsImpl ns;
  private final String name;

  BridgeImpl(NetnsImpl ns, String name) {
    this.ns = ns;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Netns netns() {
    return ns;
  }

  @Override
  public Bridge address(String cidr) {
    ns.addAddress(name, cidr);
    return this;
  }

  @Override
  public Bridge attach(String device) {
    ns.setMaster(device, name);
    ns.up(device);
    return this;
  }

  @Override
  public Bridge up() {
    ns.up(name);
    return this;
  }

  @Override
  public Bridge down() {
    ns.down(name);
    return this;
  }

  @Override
  public String toString() {
    return "bridge " + name + " in " + ns.display();
  }
}
