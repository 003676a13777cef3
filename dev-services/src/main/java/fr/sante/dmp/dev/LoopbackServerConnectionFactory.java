package fr.sante.dmp.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;

/** jSMPP listens on all interfaces by default; the embedded SMSC must only be reachable from this machine. */
final class LoopbackServerConnectionFactory implements ServerConnectionFactory {
    private volatile ServerSocket socket;

    @Override
    public ServerConnection listen(int port) throws IOException {
        return listen(port, 0, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout) throws IOException {
        return listen(port, timeout, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        ss.setSoTimeout(timeout);
        socket = ss;
        return new ServerSocketConnection(ss);
    }

    int boundPort() {
        return socket.getLocalPort();
    }
}
