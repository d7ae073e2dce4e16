/* Reference for the message benchmark: the limit of plain sendmsg/recvmsg.
 * One one-to-many listener and one one-to-many client on loopback, SCTP_NODELAY
 * on both. One thread sends a batch of messages of SIZE bytes with SCTP_SNDINFO
 * (as sctp_sendv does), then receives them with SCTP_RCVINFO on (as sctp_recvv
 * does), each read to its MSG_EOR; repeated until N messages went through.
 * A batch is as many messages as fit well in the receive window (2 MiB of them,
 * at most 64), so nothing waits on the kernel's scheduler: under User-Mode Linux
 * (one CPU, slow context switches) a sender and a receiver in two threads measure
 * the scheduler, not the API. Both sockets get 4 MiB buffers (SO_SNDBUF,
 * SO_RCVBUF; the driver raises net.core.[rw]mem_max), as the managed and cmdlet
 * runs do.  Prints one line: "<n> <size> <milliseconds>".
 * Usage: msgbench N SIZE PORT */
#include <arpa/inet.h>
#include <linux/sctp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* The batch every benchmark uses: messages per send/receive round for a size. */
static int batch_for(int size) {
    int batch = 2 * 1024 * 1024 / size;   /* well inside the send buffer and the receive window */
    return batch < 1 ? 1 : batch > 64 ? 64 : batch;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: msgbench N SIZE PORT\n"); return 2; }
    int n = atoi(argv[1]), size = atoi(argv[2]), port = atoi(argv[3]), on = 1;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    int server = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    int client = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    if (server < 0 || client < 0) die("socket");
    setsockopt(server, SOL_SCTP, SCTP_NODELAY, &on, sizeof on);
    setsockopt(client, SOL_SCTP, SCTP_NODELAY, &on, sizeof on);
    setsockopt(server, SOL_SCTP, SCTP_RECVRCVINFO, &on, sizeof on);
    int buffer_size = 4 * 1024 * 1024;
    for (int i = 0; i < 2; i++) {
        int fd = i == 0 ? server : client;
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_size, sizeof buffer_size);
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_size, sizeof buffer_size);
    }
    if (bind(server, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(server, 16) < 0) die("bind/listen");
    if (connect(client, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
    char ids_buffer[64];
    socklen_t len = sizeof ids_buffer;
    if (getsockopt(client, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, ids_buffer, &len) < 0) die("SCTP_GET_ASSOC_ID_LIST");
    sctp_assoc_t assoc = ((struct sctp_assoc_ids *)ids_buffer)->gaids_assoc_id[0];

    char *payload = calloc(1, size), *buffer = malloc(256 * 1024);
    char send_control[CMSG_SPACE(sizeof(struct sctp_sndinfo))], recv_control[256];
    int batch = batch_for(size);
    double start = now_ms();
    for (int done = 0; done < n;) {
        int count = n - done < batch ? n - done : batch;
        for (int i = 0; i < count; i++) {
            struct iovec iov = { payload, size };
            struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = send_control, .msg_controllen = sizeof send_control };
            struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
            cmsg->cmsg_level = IPPROTO_SCTP;
            cmsg->cmsg_type = SCTP_SNDINFO;
            cmsg->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
            struct sctp_sndinfo info = { .snd_sid = 1, .snd_ppid = htonl(46), .snd_assoc_id = assoc };
            memcpy(CMSG_DATA(cmsg), &info, sizeof info);
            if (sendmsg(client, &msg, 0) != size) die("sendmsg");
        }
        for (int received = 0; received < count;) {
            struct iovec iov = { buffer, 256 * 1024 };
            struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = recv_control, .msg_controllen = sizeof recv_control };
            if (recvmsg(server, &msg, 0) < 0) die("recvmsg");
            if ((msg.msg_flags & MSG_EOR) && !(msg.msg_flags & MSG_NOTIFICATION)) received++;
        }
        done += count;
    }
    printf("%d %d %.3f\n", n, size, now_ms() - start);
    return 0;
}
