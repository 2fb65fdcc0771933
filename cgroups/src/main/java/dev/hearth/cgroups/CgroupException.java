package dev.hearth.cgroups;

/** A cgroup operation failed; the message names the cgroup, the file and the cause. */
public final class CgroupException extends Exception {
    public CgroupException(String message) { super(message); }
    public CgroupException(String message, Throwable cause) { super(message, cause); }
}
