/**
 * The native engine: {@link dev.netns.internal.netlink.NetlinkEngine} talks to the local kernel
 * through libc (bound with jffi, the call layer of jnr-ffi) and rtnetlink, without starting processes.
 *
 * <ul>
 *   <li>Namespaces are made as {@code ip netns add} makes them: a fresh thread unshares a new
 *       network namespace and bind-mounts {@code /proc/thread-self/ns/net} onto
 *       {@code /run/netns/NAME} (a shared mount, as iproute2 leaves it), so {@code ip netns}
 *       lists, enters and deletes them.</li>
 *   <li>A netlink socket belongs to the namespace of the thread that opened it; the engine keeps
 *       one per namespace ({@link dev.netns.internal.netlink.RtnlSocket}), opened by a thread that
 *       entered the namespace and then ended, and uses it from any thread, one request at a
 *       time.</li>
 *   <li>Work that must run inside a namespace (opening sockets, {@code /proc/sys/net} files,
 *       TCP connects) runs on a dedicated platform thread that is used once and discarded
 *       ({@link dev.netns.internal.netlink.NsThread}).</li>
 *   <li>Probes: one ICMP echo over a raw socket of the namespace, or one TCP connect from a
 *       socket opened inside it.</li>
 * </ul>
 */
package dev.netns.internal.netlink;
