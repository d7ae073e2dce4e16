// An SCTP peer that is not SctpPS: OpenJDK's jdk.sctp (over libsctp1), for interoperability tests.
//   send HOST PORT STREAM PPID TEXT   connect, send one message, wait for the peer's reply, print it
//   receive PORT COUNT                listen one-to-one, print COUNT messages, reply "ack" to the last
// Every received message is printed as: stream=<n> ppid=<n> text=<text>
import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

public class JavaSctpPeer {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("send")) {
            try (SctpChannel channel = SctpChannel.open(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 0, 0)) {
                MessageInfo info = MessageInfo.createOutgoing(null, Integer.parseInt(args[3]))
                        .payloadProtocolID(Integer.parseInt(args[4]));
                channel.send(ByteBuffer.wrap(args[5].getBytes(StandardCharsets.UTF_8)), info);
                print(channel);
            }
        } else {
            try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])))) {
                System.out.println("listening");
                System.out.flush();
                try (SctpChannel channel = server.accept()) {
                    int count = Integer.parseInt(args[2]);
                    MessageInfo last = null;
                    for (int i = 0; i < count; i++) last = print(channel);
                    channel.send(ByteBuffer.wrap("ack".getBytes(StandardCharsets.UTF_8)),
                            MessageInfo.createOutgoing(null, last.streamNumber()).payloadProtocolID(last.payloadProtocolID()));
                    Thread.sleep(500);
                }
            }
        }
    }

    private static MessageInfo print(SctpChannel channel) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        MessageInfo info;
        do {
            info = channel.receive(buffer, null, null);   // notifications come back null-handled
        } while (info == null);
        buffer.flip();
        System.out.println("stream=" + info.streamNumber() + " ppid=" + info.payloadProtocolID()
                + " text=" + StandardCharsets.UTF_8.decode(buffer));
        System.out.flush();
        return info;
    }
}
