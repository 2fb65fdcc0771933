package dev.hearth.shim.mount;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** mount(2) and umount2(2) through libc, errno as {@link LastErrorException}. */
interface LibMount extends Library {
    LibMount INSTANCE = Native.load("c", LibMount.class);

    int mount(String source, String target, String fstype, NativeLong flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
}
