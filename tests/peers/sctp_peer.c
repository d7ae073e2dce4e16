/*
 * An SCTP peer that is not SctpPS, for judging endings from the other side.
 *
 *   sctp_peer listen PORT            one-to-many listener on 127.0.0.1
 *   sctp_peer connect HOST PORT      one-to-many socket, connects to HOST:PORT
 *
 * Its socket is always one-to-many (SOCK_SEQPACKET), so that it sees every association
 * change as a notification. It prints one line per event on stdout, flushed:
 *
 *   READY port=P                     listening / connecting
 *   COMM_UP assoc=A in=I out=O
 *   SHUTDOWN_EVENT assoc=A           the other side sent SHUTDOWN
 *   ASSOC_CHANGE SHUTDOWN_COMP assoc=A
 *   ASSOC_CHANGE COMM_LOST assoc=A error=E [reason=TEXT]   (E: cause code, host order)
 *   ASSOC_CHANGE CANT_STR_ASSOC|RESTART assoc=A error=E
 *   MESSAGE assoc=A stream=S ppid=P len=L text=T           (with "verbose"; text: printable bytes)
 *   RECEIVED assoc=A messages=N bytes=B in_sequence=yes|no  when an association ends
 *
 * "in_sequence" checks that each message begins with its number (uint32, network order,
 * from 0): what a sender that numbers its messages gave, none lost, none reordered.
 * Commands on stdin, one per line, act on the most recent association:
 *   send TEXT | eof | abort | close | verbose | quiet | exit
 * End of stdin ends the program (its socket is closed gracefully by exit).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_ASSOC 64

struct tally {
    sctp_assoc_t id;
    unsigned long messages, bytes;
    int in_sequence;
};

static struct tally tallies[MAX_ASSOC];
static sctp_assoc_t last_assoc;
static int verbose;

static struct tally *tally_of(sctp_assoc_t id)
{
    for (int i = 0; i < MAX_ASSOC; i++)
        if (tallies[i].id == id) return &tallies[i];
    for (int i = 0; i < MAX_ASSOC; i++)
        if (tallies[i].id == 0) {
            tallies[i] = (struct tally){ .id = id, .in_sequence = 1 };
            return &tallies[i];
        }
    return &tallies[0];
}

static void report(sctp_assoc_t id)
{
    struct tally *t = tally_of(id);
    printf("RECEIVED assoc=%d messages=%lu bytes=%lu in_sequence=%s\n", id, t->messages, t->bytes,
           t->in_sequence ? "yes" : "no");
    t->id = 0;
}

static void notification(const unsigned char *buf, size_t len)
{
    const union sctp_notification *n = (const void *)buf;
    switch (n->sn_header.sn_type) {
    case SCTP_ASSOC_CHANGE: {
        const struct sctp_assoc_change *c = &n->sn_assoc_change;
        /* Linux passes the cause code through in network byte order. */
        int error = ntohs(c->sac_error);
        switch (c->sac_state) {
        case SCTP_COMM_UP:
            last_assoc = c->sac_assoc_id;
            tally_of(c->sac_assoc_id);
            printf("COMM_UP assoc=%d in=%u out=%u\n", c->sac_assoc_id, c->sac_inbound_streams, c->sac_outbound_streams);
            break;
        case SCTP_SHUTDOWN_COMP:
            printf("ASSOC_CHANGE SHUTDOWN_COMP assoc=%d\n", c->sac_assoc_id);
            report(c->sac_assoc_id);
            break;
        case SCTP_COMM_LOST: {
            /* sac_info: the ABORT chunk's causes; a user-initiated abort (12) may carry a reason. */
            char reason[256] = "";
            size_t info = len > sizeof(*c) ? len - sizeof(*c) : 0;
            if (info >= 4 && error == 12) {
                /* the ABORT chunk's body: the cause header (code, length), then the reason bytes */
                const unsigned char *cause = c->sac_info;
                size_t cause_len = ntohs(*(const uint16_t *)(cause + 2));
                size_t n_reason = cause_len > 4 ? cause_len - 4 : 0;
                if (n_reason > info - 4) n_reason = info - 4;
                if (n_reason > sizeof(reason) - 1) n_reason = sizeof(reason) - 1;
                for (size_t i = 0; i < n_reason; i++)
                    reason[i] = cause[4 + i] >= 32 && cause[4 + i] < 127 ? cause[4 + i] : '.';
                reason[n_reason] = 0;
            }
            printf("ASSOC_CHANGE COMM_LOST assoc=%d error=%d%s%s\n", c->sac_assoc_id, error, reason[0] ? " reason=" : "", reason);
            report(c->sac_assoc_id);
            break;
        }
        case SCTP_RESTART:
            printf("ASSOC_CHANGE RESTART assoc=%d error=%d\n", c->sac_assoc_id, error);
            break;
        case SCTP_CANT_STR_ASSOC:
            printf("ASSOC_CHANGE CANT_STR_ASSOC assoc=%d error=%d\n", c->sac_assoc_id, error);
            break;
        }
        break;
    }
    case SCTP_SHUTDOWN_EVENT:
        printf("SHUTDOWN_EVENT assoc=%d\n", n->sn_shutdown_event.sse_assoc_id);
        break;
    }
    fflush(stdout);
}

static void message(const unsigned char *buf, size_t len, const struct sctp_sndrcvinfo *info)
{
    struct tally *t = tally_of(info->sinfo_assoc_id);
    if (len >= 4) {
        uint32_t seq;
        memcpy(&seq, buf, 4);
        if (ntohl(seq) != t->messages) t->in_sequence = 0;
    } else {
        t->in_sequence = 0;
    }
    t->messages++;
    t->bytes += len;
    last_assoc = info->sinfo_assoc_id;
    if (verbose) {
        printf("MESSAGE assoc=%d stream=%u ppid=%u len=%zu text=", info->sinfo_assoc_id, info->sinfo_stream,
               ntohl(info->sinfo_ppid), len);
        for (size_t i = 0; i < len && i < 200; i++) putchar(buf[i] >= 32 && buf[i] < 127 ? buf[i] : '.');
        putchar('\n');
        fflush(stdout);
    }
}

static void command(int fd, char *line)
{
    line[strcspn(line, "\r\n")] = 0;
    struct sctp_sndrcvinfo info = { .sinfo_assoc_id = last_assoc };
    int rc = 0;
    if (strncmp(line, "send ", 5) == 0) {
        rc = sctp_send(fd, line + 5, strlen(line + 5), &info, 0);
    } else if (strcmp(line, "eof") == 0) {
        info.sinfo_flags = SCTP_EOF;
        rc = sctp_send(fd, NULL, 0, &info, 0);
    } else if (strcmp(line, "abort") == 0) {
        info.sinfo_flags = SCTP_ABORT;
        rc = sctp_send(fd, NULL, 0, &info, 0);
    } else if (strcmp(line, "close") == 0) {
        close(fd);
        printf("CLOSED\n");
        fflush(stdout);
        exit(0);
    } else if (strcmp(line, "verbose") == 0) {
        verbose = 1;
    } else if (strcmp(line, "quiet") == 0) {
        verbose = 0;
    } else if (strcmp(line, "exit") == 0) {
        exit(0);
    }
    if (rc < 0) {
        printf("ERROR %s: %s\n", line, strerror(errno));
        fflush(stdout);
    } else {
        printf("OK %s\n", line);
        fflush(stdout);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s listen PORT | connect HOST PORT\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    int fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    if (fd < 0) { perror("socket"); return 1; }
    struct sctp_event_subscribe events = { .sctp_data_io_event = 1, .sctp_association_event = 1, .sctp_shutdown_event = 1 };
    if (setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof events) < 0) { perror("SCTP_EVENTS"); return 1; }
    int buffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    struct sctp_initmsg init = { .sinit_num_ostreams = 10, .sinit_max_instreams = 10 };
    setsockopt(fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init);

    struct sockaddr_in addr = { .sin_family = AF_INET };
    if (strcmp(argv[1], "listen") == 0) {
        addr.sin_port = htons(atoi(argv[2]));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(fd, (void *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
        if (listen(fd, 16) < 0) { perror("listen"); return 1; }
    } else if (argc >= 4) {
        addr.sin_port = htons(atoi(argv[3]));
        if (inet_pton(AF_INET, argv[2], &addr.sin_addr) != 1) { fprintf(stderr, "bad address\n"); return 2; }
        if (connect(fd, (void *)&addr, sizeof addr) < 0) { perror("connect"); return 1; }
    }
    printf("READY port=%s\n", argv[argc - 1]);
    fflush(stdout);

    size_t size = 1 << 20, have = 0;
    unsigned char *buf = malloc(size);
    struct pollfd fds[2] = { { .fd = fd, .events = POLLIN }, { .fd = 0, .events = POLLIN } };
    /* stdin is read with read(2), not stdio: lines that arrive together must all be seen
     * (fgets would keep the second in its buffer, where poll cannot see it). */
    char line[4096];
    size_t pending = 0;
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            perror("poll");
            return 1;
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(0, line + pending, sizeof line - 1 - pending);
            if (n <= 0) return 0;
            pending += n;
            char *start = line, *end;
            while ((end = memchr(start, '\n', line + pending - start)) != NULL) {
                *end = 0;
                command(fd, start);
                start = end + 1;
            }
            pending = line + pending - start;
            memmove(line, start, pending);
        }
        if (fds[0].revents & POLLIN) {
            struct sctp_sndrcvinfo info = { 0 };
            int flags = 0;
            ssize_t n = sctp_recvmsg(fd, buf + have, size - have, NULL, NULL, &info, &flags);
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                printf("RECV_ERROR %s\n", strerror(errno));
                fflush(stdout);
                continue;
            }
            have += n;
            if (!(flags & MSG_EOR)) {
                if (size - have < 65536) buf = realloc(buf, size *= 2);
                continue;
            }
            if (flags & MSG_NOTIFICATION) notification(buf, have);
            else message(buf, have, &info);
            have = 0;
        }
    }
}
