package dev.hearth.launcher;

/**
 * The network of a Kubernetes pod that a function belongs to, as the CRI set it up.
 *
 * @param namespace  the path of the pod's network namespace (the function's thread joins it)
 * @param resolvConf the host path of the pod's resolv.conf (its DNS servers and search list), or
 *                   null when the spec mounts none
 */
public record PodNetwork(String namespace, String resolvConf) {}
