package dev.netns.internal.spi;

/**
 * A veth pair to create: left end {@code leftName} in namespace {@code leftNs}, right end
 * {@code rightName} in {@code rightNs} ({@code null} namespace = the engine's own namespace).
 *
 * @param mtu   0 for the kernel default
 * @param alias written as the interface alias of both ends (the owner marker), or {@code null}
 */
public record VethSpec(String leftNs, String leftName, String rightNs, String rightName, int mtu, String alias) {
}
