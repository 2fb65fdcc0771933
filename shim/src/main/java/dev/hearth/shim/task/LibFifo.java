package dev.hearth.shim.task;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** mkfifo(3) through libc (the JDK has no way to make a FIFO), errno as {@link LastErrorException}. */
interface LibFifo extends Library {
    LibFifo INSTANCE = Native.load("c", LibFifo.class);

    int mkfifo(String path, int mode) throws LastErrorException;
}
