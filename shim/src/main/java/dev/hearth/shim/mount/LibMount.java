package dev.hearth.shim.mount;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * mount(2) and umount2(2) through libc, errno as {@link LastErrorException}; open(2) and close(2)
 * to hold a mount by a descriptor.
 */
interface LibMount extends Library {
    LibMount INSTANCE = Native.load("c", LibMount.class);

    /** The same values on x86_64 and aarch64 (asm-generic). */
    int O_PATH = 0x200000;
    int O_CLOEXEC = 0x80000;

    int mount(String source, String target, String fstype, NativeLong flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
