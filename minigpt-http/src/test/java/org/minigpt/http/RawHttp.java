package org.minigpt.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A request written by hand on a socket: Java's HTTP client will not send a Host header other than the URI's. */
public final class RawHttp {
    private RawHttp() {
    }

    /** The whole reply, status line and headers included, to a GET of {@code path} with the given {@code Host}. */
    public static String get(URI server, String path, String host) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
