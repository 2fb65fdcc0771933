package dev.hearth.sys;

import com.sun.jna.LastErrorException;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signal numbers and names (Linux numbering, the same on x86_64 and aarch64) and kill(2).
 * Names are accepted as containerd and ctr users write them: {@code SIGTERM}, {@code TERM},
 * {@code 15}, {@code SIGRTMIN+3}.
 */
public final class Signals {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
            SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
            SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20,
            SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27,
            SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31;
    /** First and last real-time signal as glibc exposes them (glibc reserves 32 and 33). */
    public static final int SIGRTMIN = 34, SIGRTMAX = 64;

    private static final Map<String, Integer> BY_NAME = new TreeMap<>();
    private static final String[] BY_NUMBER = new String[SIGRTMIN];

    static {
        String[] names = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
                "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
                "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int n = 1; n < names.length; n++) {
            BY_NUMBER[n] = "SIG" + names[n];
            BY_NAME.put(names[n], n);
        }
        BY_NAME.put("IOT", SIGABRT);
        BY_NAME.put("POLL", SIGIO);
        BY_NAME.put("CLD", SIGCHLD);
    }

    private Signals() {}

    /**
     * Parses a signal given by name or number.
     *
     * @throws IllegalArgumentException naming the text when it is no Linux signal
     */
    public static int parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("signal: empty");
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("signal " + text + ": out of range 1.." + SIGRTMAX);
            }
            if (n < 1 || n > SIGRTMAX) throw new IllegalArgumentException("signal " + text + ": out of range 1.." + SIGRTMAX);
            return n;
        }
        if (s.startsWith("SIG")) s = s.substring(3);
        Integer known = BY_NAME.get(s);
        if (known != null) return known;
        Integer rt = realtime(s);
        if (rt != null) return rt;
        throw new IllegalArgumentException("signal " + text + ": unknown signal name");
    }

    /** RTMIN, RTMIN+n, RTMAX, RTMAX-n. */
    private static Integer realtime(String s) {
        int base;
        String rest;
        if (s.startsWith("RTMIN")) { base = SIGRTMIN; rest = s.substring(5); }
        else if (s.startsWith("RTMAX")) { base = SIGRTMAX; rest = s.substring(5); }
        else return null;
        int n = base;
        if (!rest.isEmpty()) {
            char sign = rest.charAt(0);
            String digits = rest.substring(1);
            if ((sign != '+' && sign != '-') || digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)
                    || digits.length() > 2) return null;
            n = sign == '+' ? base + Integer.parseInt(digits) : base - Integer.parseInt(digits);
        }
        return n >= SIGRTMIN && n <= SIGRTMAX ? n : null;
    }

    /** {@code SIGTERM} for 15, {@code SIGRTMIN+2} for 36, {@code SIG99} when out of range. */
    public static String name(int signal) {
        if (signal > 0 && signal < BY_NUMBER.length && BY_NUMBER[signal] != null) return BY_NUMBER[signal];
        if (signal == SIGRTMIN) return "SIGRTMIN";
        if (signal > SIGRTMIN && signal <= SIGRTMAX) return "SIGRTMIN+" + (signal - SIGRTMIN);
        return "SIG" + signal;
    }

    /**
     * Sends {@code signal} to process {@code pid} (signal 0 only checks that it exists).
     *
     * @return false when no such process exists (ESRCH), true when the signal was sent
     * @throws IllegalArgumentException for a pid that would address a process group or every
     *     process (0, negative) or an invalid signal
     * @throws IllegalStateException when the kernel refuses (EPERM), naming pid and signal
     */
    public static boolean kill(long pid, int signal) {
        // kill(0|-1|-pgid) addresses groups or everything: never what a caller of this method means.
        if (pid <= 0 || pid > Integer.MAX_VALUE) throw new IllegalArgumentException("kill: invalid pid " + pid);
        if (signal < 0 || signal > SIGRTMAX) throw new IllegalArgumentException("kill: invalid signal " + signal);
        try {
            LibC.INSTANCE.kill((int) pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) return false;
            throw new IllegalStateException("kill(" + pid + ", " + name(signal) + "): " + e.getMessage(), e);
        }
    }
}
