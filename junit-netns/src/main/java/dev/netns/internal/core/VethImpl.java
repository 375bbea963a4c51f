package dev.netns.internal.core;

import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.Veth;

/** A veth pair created by the framework; each accessor re-reads the kernel. */
public final class VethImpl implements Veth {

  private final NetnsImpl leftNs;
  private final String leftName;
  private final NetnsImpl rightNs;
  private final String rightName;

  VethImpl(NetnsImpl leftNs, String leftName, NetnsImpl rightNs, String rightName) {
    this.leftNs = leftNs;
    this.leftName = leftName;
    this.rightNs = rightNs;
    this.rightName = rightName;
  }

  @Override
  public Link left() {
    return leftNs.link(leftName).orElseThrow(() -> new NetnsException(
        "veth end " + leftName + " is no longer in " + leftNs.display() + " (moved or deleted?)"));
  }

  @Override
  public Link right() {
    return rightNs.link(rightName).orElseThrow(() -> new NetnsException(
        "veth end " + rightName + " is no longer in " + rightNs.display() + " (moved or deleted?)"));
  }

  public String leftName() {
    return leftName;
  }

  public String rightName() {
    return rightName;
  }

  @Override
  public String toString() {
    return "veth " + leftName + " in " + leftNs.display() + " <-> " + rightName + " in " + rightNs.display();
  }
}
