/**
 * The CNI plugin harness: runs real CNI plugin binaries (single plugins and {@code .conflist}
 * chains) against a test's namespaces exactly as a container runtime does, and returns typed
 * results ({@link dev.netns.cni.CniResult}) and errors ({@link dev.netns.cni.CniException}).
 * Start at {@link dev.netns.cni.Cni}, which a test gets injected without an annotation.
 */
package dev.netns.cni;
