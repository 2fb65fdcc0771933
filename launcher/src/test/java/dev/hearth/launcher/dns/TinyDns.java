package dev.hearth.launcher.dns;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A DNS server for tests: answers A queries for the names of its table (absolute, lower case), NXDOMAIN for
 * other names, no records for other types; just enough for the JDK's DNS client. Port 0 picks a free one.
 */
public final class TinyDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    public TinyDns(InetAddress address, Map<String, String> table) throws Exception {
        this(address, 0, table);
    }

    public TinyDns(InetAddress address, int port, Map<String, String> table) throws Exception {
        socket = new DatagramSocket(port, address);
        thread = Thread.ofPlatform().daemon().name("tiny-dns").start(() -> {
            byte[] buffer = new byte[512];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                    socket.receive(query);
                    byte[] answer = answer(Arrays.copyOf(buffer, query.getLength()), table);
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    private static byte[] answer(byte[] query, Map<String, String> table) {
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (query[at] != 0) {
            int length = query[at];
            name.append(new String(query, at + 1, length, StandardCharsets.US_ASCII)).append('.');
            at += length + 1;
        }
        int questionEnd = at + 5; // the name's zero byte, type, class
        int type = ((query[at + 1] & 0xff) << 8) | (query[at + 2] & 0xff);
        String key = name.toString().toLowerCase();
        String address = type == 1 ? table.get(key) : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(0x81); // a response; recursion desired
        out.write(table.containsKey(key) ? 0x80 : 0x83); // recursion available; NXDOMAIN for an unknown name
        out.writeBytes(new byte[] {0, 1, 0, address == null ? (byte) 0 : (byte) 1, 0, 0, 0, 0});
        out.write(query, 12, questionEnd - 12);
        if (address != null) {
            out.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4});
            for (String part : address.split("\\.")) out.write(Integer.parseInt(part));
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        thread.join(2000);
    }
}
