package dev.hearth.cgroups;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** rmdir(2) with its errno: cgroup removal must tell EBUSY (still populated) from ENOENT (gone). */
interface CLib extends Library {
    CLib INSTANCE = Native.load("c", CLib.class);

    int rmdir(String path) throws LastErrorException;
}
