package dev.netns;

/**
 * A veth pair: two interfaces joined like the two ends of a cable. Each call re-reads the kernel.
 *
 * <pre>{@code
 * assertThat(red).link(cable.left().name()).isUp().isVethPeerOf(cable.right());
 * }</pre>
 */
public interface Veth {

  /** The left end (the namespace named by {@code @VethPair(left = ...)}), as the kernel reports it now. */
  Link left();

  /** The right end, as the kernel reports it now. */
  Link right();
}
