package dev.netns.internal.core;

import dev.netns.internal.spi.LinkState;
import dev.netns.Link;
import dev.netns.Netns;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A snapshot of one link, as read from the engine. */
public final class LinkImpl implements Link {

  private final NetnsImpl netns;
  private final LinkState state;

  public LinkImpl(NetnsImpl netns, LinkState state) {
    this.netns = netns;
    this.state = state;
  }

  public LinkState state() {
    return state;
  }

  @Override
  public String name() {
    return state.name();
  }

  @Override
  public int index() {
    return state.index();
  }

  @Override
  public Netns netns() {
    return netns;
  }

  @Override
  public boolean isUp() {
    return state.isUp();
  }

  @Override
  public int mtu() {
    return state.mtu();
  }

  @Override
  public List<String> addresses() {
    return state.addresses();
  }

  @Override
  public String operState() {
    return state.operState();
  }

  @Override
  public String kind() {
    return state.kind();
  }

  @Override
  public String mac() {
    return state.mac();
  }

  @Override
  public Optional<String> master() {
    return Optional.ofNullable(state.master());
  }

  @Override
  public OptionalInt peerIndex() {
    // in another namespace the peer may well have the same index (a pod's eth0 and its node veth
    // are often both index 2); only within one namespace is "peer index == own index" meaningless
    boolean sameIndexHere = state.peerIndex() == state.index() && state.linkNetnsId() < 0;
    return state.peerIndex() > 0 && !sameIndexHere ? OptionalInt.of(state.peerIndex()) : OptionalInt.empty();
  }

  @Override
  public OptionalInt linkNetnsId() {
    return state.linkNetnsId() >= 0 ? OptionalInt.of(state.linkNetnsId()) : OptionalInt.empty();
  }

  @Override
  public List<String> flags() {
    return state.flags();
  }

  @Override
  public Optional<Link> peer() {
    return Peers.peerOf(netns, state);
  }

  /** {@code veth-red UP 10.0.0.1/24} style, as in failure messages. */
  @Override
  public String toString() {
    return state.name() + " (" + (state.isUp() ? "UP" : "DOWN") + ", state " + state.operState()
        + ", mtu " + state.mtu() + (state.addresses().isEmpty() ? "" : ", " + String.join(" ", state.addresses()))
        + ") in " + netns.display();
  }
}
