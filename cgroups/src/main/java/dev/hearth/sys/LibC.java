package dev.hearth.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls of this package. Declared {@code throws LastErrorException} so errno reaches
 * Java. {@code size_t}/{@code ssize_t} are mapped to Java {@code long}: hearth runs on LP64 Linux
 * (x86_64, aarch64) only.
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000; // same value on x86_64 and aarch64

    int kill(int pid, int signal) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    int inotify_init1(int flags) throws LastErrorException;

    int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;

    int inotify_rm_watch(int fd, int wd) throws LastErrorException;
}
