package org.minigpt.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A slowloris attack on loopback: connections that send their headers a few bytes at a time and never finish them,
 * and connections that send whole headers and then hold their body back, a byte now and then. Closing it drops them.
 */
public final class SlowClients implements AutoCloseable {
    private final List<Socket> trickling = new ArrayList<>();
    private final List<Socket> holdingBodies = new ArrayList<>();
    private final Thread dripper;
    private volatile boolean closed;

    private SlowClients(URI server, String path, int connections) throws IOException {
        String host = server.getHost() + ":" + server.getPort();
        for (int i = 0; i < connections; i++) {
            Socket headers = open(server);
            send(headers, "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
            trickling.add(headers);
            Socket body = open(server);
            send(body, "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{");
            holdingBodies.add(body);
        }
        dripper = new Thread(this::drip, "slow-clients");
        dripper.setDaemon(true);
        dripper.start();
    }

    /** {@code connections} connections of each kind to {@code path}. */
    public static SlowClients attack(URI server, String path, int connections) throws IOException {
        return new SlowClients(server, path, connections);
    }

    /** How many of the connections the server has not closed yet (after a write to each). */
    public int open() {
        return (int) trickling.stream().filter(socket -> !socket.isClosed()).count()
                + (int) holdingBodies.stream().filter(socket -> !socket.isClosed()).count();
    }

    private static Socket open(URI server) throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout(1000);
        return socket;
    }

    private void drip() {
        int line = 0;
        while (!closed) {
            line++;
            for (Socket socket : trickling) {
                sendQuietly(socket, "X-Slow-" + line + ": 1\r\n");
            }
            for (Socket socket : holdingBodies) {
                sendQuietly(socket, " ");
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void sendQuietly(Socket socket, String text) {
        if (socket.isClosed()) {
            return;
        }
        try {
            send(socket, text);
        } catch (IOException e) {
            try {
                socket.close(); // the server dropped it
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        dripper.interrupt();
        dripper.join(5000);
        for (Socket socket : trickling) {
            sendQuietly(socket, "");
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        for (Socket socket : holdingBodies) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
