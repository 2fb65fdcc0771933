package dev.hearth.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls of this package. Declared {@code throws LastErrorException} so errno reaches Java. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int kill(int pid, int signal) throws LastErrorException;
}
