/* The C reference of the message benchmarks: the limit of plain sendmsg/recvmsg, with
 * SCTP_SNDINFO on every send (as sctp_sendv does) and SCTP_RCVINFO on every receive (as
 * sctp_recvv does), each message read to its MSG_EOR. Every socket gets SCTP_NODELAY and
 * 4 MiB buffers (SO_SNDBUF, SO_RCVBUF; the driver raises net.core.[rw]mem_max), as every
 * other contender does. Messages go on stream 1 with payload protocol id 46.
 *
 * It stays up and runs one command per line of standard input, answering one line each, so
 * that the driver (bench/Invoke-Bench.ps1) starts it once and contenders take turns:
 *   batch N SIZE PORT    one-to-many pair in this thread: send a batch (2 MiB of messages, at
 *                        most 64), receive it, until N went through  -> "<ms>"
 *   receive N SIZE PORT  listen one-to-one, answer "listening", accept, receive N messages
 *                        -> "<ms>" from the end of the warm-up (N/10) to the last message
 *   send N SIZE PORT     connect one-to-one, send N messages as fast as the kernel takes them -> "sent"
 *   threads N SIZE PORT  receive and send at once, in two threads of this process -> as receive
 *   echo N SIZE PORT     listen one-to-one, answer "listening", accept, send back each of N messages -> "echoed"
 *   ping N SIZE PORT     connect one-to-one, N round trips (send, wait for the echo)
 *                        -> "<ms> <p50 us> <p99 us>" of those after the warm-up (N/10) */
#include "bench.h"   /* first: linux/sctp.h needs the socket headers before it */

#include <linux/sctp.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define RECEIVE_BUFFER (256 * 1024)

static int new_socket(int type) {
    int fd = socket(AF_INET, type, IPPROTO_SCTP), on = 1, buffer_size = 4 * 1024 * 1024;
    if (fd < 0) die("socket");
    setsockopt(fd, SOL_SCTP, SCTP_NODELAY, &on, sizeof on);
    setsockopt(fd, SOL_SCTP, SCTP_RECVRCVINFO, &on, sizeof on);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_size, sizeof buffer_size);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_size, sizeof buffer_size);
    return fd;
}

static int new_listener(int type, int port) {
    int fd = new_socket(type);
    struct sockaddr_in addr = loopback(port);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0) die("bind/listen");
    return fd;
}

static int new_client(int type, int port) {
    int fd = new_socket(type);
    struct sockaddr_in addr = loopback(port);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
    return fd;
}

static void send_message(int fd, const char *payload, int size, sctp_assoc_t assoc) {
    char control[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
    struct iovec iov = { (void *)payload, size };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = IPPROTO_SCTP;
    cmsg->cmsg_type = SCTP_SNDINFO;
    cmsg->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
    struct sctp_sndinfo info = { .snd_sid = 1, .snd_ppid = htonl(46), .snd_assoc_id = assoc };
    memcpy(CMSG_DATA(cmsg), &info, sizeof info);
    if (sendmsg(fd, &msg, 0) != size) die("sendmsg");
}

/* One recvmsg; 1 when it ended a message (not a notification), 0 otherwise. */
static int receive_piece(int fd, char *buffer, int *length) {
    char control[256];
    struct iovec iov = { buffer, RECEIVE_BUFFER };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    ssize_t n = recvmsg(fd, &msg, 0);
    if (n < 0) die("recvmsg");
    if (length) *length = (int)n;
    return (msg.msg_flags & MSG_EOR) && !(msg.msg_flags & MSG_NOTIFICATION);
}

static void receive_message(int fd, char *buffer, int *length) {
    while (!receive_piece(fd, buffer, length)) {}
}

static int batch_for(int size) {
    int batch = 2 * 1024 * 1024 / size;   /* well inside the send buffer and the receive window */
    return batch < 1 ? 1 : batch > 64 ? 64 : batch;
}

static sctp_assoc_t first_association(int fd) {
    char ids_buffer[64];
    socklen_t len = sizeof ids_buffer;
    if (getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, ids_buffer, &len) < 0) die("SCTP_GET_ASSOC_ID_LIST");
    return ((struct sctp_assoc_ids *)ids_buffer)->gaids_assoc_id[0];
}

/* A batch, then its receipt, on one thread: nothing waits on the scheduler (see Invoke-Bench.ps1). */
static void batch(int n, int size, int port, char *payload, char *buffer) {
    int server = new_listener(SOCK_SEQPACKET, port), client = new_client(SOCK_SEQPACKET, port);
    sctp_assoc_t assoc = first_association(client);
    int per_batch = batch_for(size);
    double start = now_ms();
    for (int done = 0; done < n;) {
        int count = n - done < per_batch ? n - done : per_batch;
        for (int i = 0; i < count; i++) send_message(client, payload, size, assoc);
        for (int received = 0; received < count;) received += receive_piece(server, buffer, NULL);
        done += count;
    }
    printf("%.3f\n", now_ms() - start);
    close(client);
    close(server);
}

/* Receives N messages on an accepted socket; the clock runs from the end of the warm-up to the last. */
static double receive_all(int connection, int n, char *buffer) {
    int warm_up = n / 10;
    double start = now_ms();
    for (int received = 0; received < n;) {
        received += receive_piece(connection, buffer, NULL);
        if (received == warm_up) start = now_ms();
    }
    return now_ms() - start;
}

static void send_all(int port, int n, int size, const char *payload) {
    int client = new_client(SOCK_STREAM, port);
    for (int i = 0; i < n; i++) send_message(client, payload, size, 0);
    close(client);   /* graceful: SHUTDOWN once everything queued is delivered */
}

struct sender { int port, n, size; const char *payload; };

static void *sender_thread(void *arg) {
    struct sender *s = arg;
    send_all(s->port, s->n, s->size, s->payload);
    return NULL;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(void) {
    char line[256], command[32];
    char *buffer = malloc(RECEIVE_BUFFER), *payload = calloc(1, RECEIVE_BUFFER);
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof line, stdin)) {
        int n, size, port;
        if (sscanf(line, "%31s %d %d %d", command, &n, &size, &port) != 4 || size > RECEIVE_BUFFER) {
            printf("error: usage: batch|receive|send|threads|echo|ping N SIZE PORT\n");
            continue;
        }
        if (strcmp(command, "batch") == 0) {
            batch(n, size, port, payload, buffer);
        } else if (strcmp(command, "receive") == 0 || strcmp(command, "threads") == 0) {
            int listener = new_listener(SOCK_STREAM, port);
            pthread_t thread;
            struct sender s = { port, n, size, payload };
            if (command[0] == 'r') printf("listening\n");
            else if (pthread_create(&thread, NULL, sender_thread, &s) != 0) die("pthread_create");
            int connection = accept(listener, NULL, NULL);
            if (connection < 0) die("accept");
            double ms = receive_all(connection, n, buffer);
            if (command[0] == 't') pthread_join(thread, NULL);
            printf("%.3f\n", ms);
            close(connection);
            close(listener);
        } else if (strcmp(command, "send") == 0) {
            send_all(port, n, size, payload);
            printf("sent\n");
        } else if (strcmp(command, "echo") == 0) {
            int listener = new_listener(SOCK_STREAM, port);
            printf("listening\n");
            int connection = accept(listener, NULL, NULL), length;
            if (connection < 0) die("accept");
            for (int i = 0; i < n; i++) {
                receive_message(connection, buffer, &length);
                send_message(connection, buffer, length, 0);
            }
            printf("echoed\n");
            close(connection);
            close(listener);
        } else if (strcmp(command, "ping") == 0) {
            int client = new_client(SOCK_STREAM, port), warm_up = n / 10;
            double *rtt = malloc(sizeof(double) * n), start = 0;
            for (int i = 0; i < n; i++) {
                if (i == warm_up) start = now_ms();
                double sent = now_ms();
                send_message(client, payload, size, 0);
                receive_message(client, buffer, NULL);
                rtt[i] = (now_ms() - sent) * 1000;
            }
            double ms = now_ms() - start;
            qsort(rtt + warm_up, n - warm_up, sizeof(double), compare_doubles);
            int timed = n - warm_up;
            printf("%.3f %.1f %.1f\n", ms, rtt[warm_up + timed / 2], rtt[warm_up + (int)(timed * 0.99)]);
            free(rtt);
            close(client);
        } else {
            printf("error: unknown command %s\n", command);
        }
    }
    return 0;
}
