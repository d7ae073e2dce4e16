// The Java contender of the message benchmarks: OpenJDK's jdk.sctp (over libsctp1), doing what
// bench/msgbench.c does, with the same commands and answers (one per line of standard input):
// SctpMultiChannel (one-to-many) for the batch, SctpChannel / SctpServerChannel (one-to-one) for
// the rest. Every channel gets SCTP_NODELAY and 4 MiB buffers; messages go on stream 1 with
// payload protocol id 46, from and into direct buffers (no copy through the Java heap).
import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpMultiChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

public class SctpBench {
    private static final int BUFFERS = 4 << 20;

    public static void main(String[] args) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = input.readLine()) != null; ) {
            String[] words = line.trim().split(" +");
            if (words.length != 4) { System.out.println("error: usage: batch|receive|send|threads|echo|ping N SIZE PORT"); continue; }
            int n = Integer.parseInt(words[1]), size = Integer.parseInt(words[2]), port = Integer.parseInt(words[3]);
            ByteBuffer payload = ByteBuffer.allocateDirect(size);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            switch (words[0]) {
                case "batch" -> System.out.println(format(batch(n, payload, address, buffer)));
                case "receive" -> {
                    try (SctpServerChannel listener = SctpServerChannel.open().bind(address)) {
                        System.out.println("listening");
                        System.out.flush();
                        System.out.println(format(receiveAll(listener, n, buffer)));
                    }
                }
                case "threads" -> {
                    try (SctpServerChannel listener = SctpServerChannel.open().bind(address)) {
                        Thread sender = new Thread(() -> sendAll(address, n, payload.duplicate()));
                        sender.start();
                        double ms = receiveAll(listener, n, buffer);
                        sender.join();
                        System.out.println(format(ms));
                    }
                }
                case "send" -> { sendAll(address, n, payload); System.out.println("sent"); }
                case "echo" -> {
                    try (SctpServerChannel listener = SctpServerChannel.open().bind(address)) {
                        System.out.println("listening");
                        System.out.flush();
                        echo(listener, n, buffer);
                        System.out.println("echoed");
                    }
                }
                case "ping" -> System.out.println(ping(address, n, payload, buffer));
                default -> System.out.println("error: unknown command " + words[0]);
            }
            System.out.flush();
        }
    }

    private static String format(double ms) { return String.format("%.3f", ms); }

    private static SctpChannel configure(SctpChannel channel) throws Exception {
        channel.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
        channel.setOption(SctpStandardSocketOptions.SO_SNDBUF, BUFFERS);
        channel.setOption(SctpStandardSocketOptions.SO_RCVBUF, BUFFERS);
        return channel;
    }

    private static SctpMultiChannel configure(SctpMultiChannel channel) throws Exception {
        channel.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true, null);
        channel.setOption(SctpStandardSocketOptions.SO_SNDBUF, BUFFERS, null);
        channel.setOption(SctpStandardSocketOptions.SO_RCVBUF, BUFFERS, null);
        return channel;
    }

    private static SctpChannel connect(InetSocketAddress address) throws Exception {
        SctpChannel channel = configure(SctpChannel.open());
        channel.connect(address);
        return channel;
    }

    /** One whole message into the buffer (flipped for reading); notifications are passed over. */
    private static MessageInfo receiveMessage(SctpChannel channel, ByteBuffer buffer) throws Exception {
        while (true) {
            buffer.clear();
            MessageInfo info = channel.receive(buffer, null, null);
            if (info != null && info.isComplete()) { buffer.flip(); return info; }
        }
    }

    private static double batch(int n, ByteBuffer payload, InetSocketAddress address, ByteBuffer buffer) throws Exception {
        try (SctpMultiChannel server = configure(SctpMultiChannel.open()).bind(address);
             SctpMultiChannel client = configure(SctpMultiChannel.open())) {
            // A one-to-many channel has no connect: its first message sets the association up (untimed).
            // The channel learns of its associations only from notifications it receives, and this
            // end only sends: every message names the peer's address, which the kernel maps to it.
            MessageInfo info = MessageInfo.createOutgoing(address, 1).payloadProtocolID(46);
            client.send(payload.duplicate(), info);
            receiveComplete(server, buffer);
            int batch = Math.max(1, Math.min(64, 2 * 1024 * 1024 / payload.capacity()));   // as msgbench.c
            long start = System.nanoTime();
            for (int done = 0; done < n; ) {
                int count = Math.min(batch, n - done);
                for (int i = 0; i < count; i++) { payload.rewind(); client.send(payload, info); }
                for (int i = 0; i < count; i++) receiveComplete(server, buffer);
                done += count;
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static void receiveComplete(SctpMultiChannel channel, ByteBuffer buffer) throws Exception {
        while (true) {
            buffer.clear();
            MessageInfo info = channel.receive(buffer, null, null);
            if (info != null && info.isComplete()) return;
        }
    }

    /** Accepts one peer and receives N messages; milliseconds from the end of the warm-up (N/10) to the last. */
    private static double receiveAll(SctpServerChannel listener, int n, ByteBuffer buffer) throws Exception {
        try (SctpChannel connection = configure(listener.accept())) {
            int warmUp = n / 10;
            long start = System.nanoTime();
            for (int received = 0; received < n; ) {
                receiveMessage(connection, buffer);
                if (++received == warmUp) start = System.nanoTime();
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static void sendAll(InetSocketAddress address, int n, ByteBuffer payload) {
        try (SctpChannel client = connect(address)) {
            MessageInfo info = MessageInfo.createOutgoing(null, 1).payloadProtocolID(46);
            for (int i = 0; i < n; i++) { payload.rewind(); client.send(payload, info); }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static void echo(SctpServerChannel listener, int n, ByteBuffer buffer) throws Exception {
        try (SctpChannel connection = configure(listener.accept())) {
            MessageInfo info = MessageInfo.createOutgoing(null, 1).payloadProtocolID(46);
            for (int i = 0; i < n; i++) {
                receiveMessage(connection, buffer);
                connection.send(buffer, info);
            }
        }
    }

    private static String ping(InetSocketAddress address, int n, ByteBuffer payload, ByteBuffer buffer) throws Exception {
        try (SctpChannel client = connect(address)) {
            MessageInfo info = MessageInfo.createOutgoing(null, 1).payloadProtocolID(46);
            double[] roundTrips = new double[n];
            int warmUp = n / 10;
            long start = 0;
            for (int i = 0; i < n; i++) {
                long sent = System.nanoTime();
                if (i == warmUp) start = sent;
                payload.rewind();
                client.send(payload, info);
                receiveMessage(client, buffer);
                roundTrips[i] = (System.nanoTime() - sent) / 1e3;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            double[] timed = Arrays.copyOfRange(roundTrips, warmUp, n);
            Arrays.sort(timed);
            return String.format("%.3f %.1f %.1f", ms, timed[timed.length / 2], timed[(int) (timed.length * 0.99)]);
        }
    }
}
