package dev.hearth.launcher.js;

import java.security.SecureRandom;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Host half of crypto.js: random bytes from the JDK's SecureRandom (the kernel's generator on
 * Linux). The bytes travel as a string of char codes 0-255, the cheapest form the sandbox lets
 * through (no host objects or buffers reach the guest).
 */
final class CryptoHost implements HostApi {

    /** getRandomValues' quota; nothing asks for more. */
    static final int MAX_BYTES = 65536;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        host.put("crypto.randomBytes", (ProxyExecutable) args -> randomBytes(args[0].asInt()));
    }

    static String randomBytes(int count) {
        if (count < 0 || count > MAX_BYTES) {
            throw new IllegalArgumentException("random byte count " + count + " is outside 0.." + MAX_BYTES);
        }
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = (char) (bytes[i] & 0xff);
        }
        return new String(chars);
    }
}
