/* Reference for the peel-off benchmark: N associations on one one-to-many
 * socket, each peeled off with SCTP_SOCKOPT_PEELOFF_FLAGS (SOCK_CLOEXEC), as
 * Invoke-SctpPeelOff does by default. Prints one line: "<n> <milliseconds>".
 * With "guard", each peel-off is preceded by the check SctpPS makes (a
 * descriptor is free: dup then close), so the managed API can be compared
 * with C doing the same work.
 * Usage: peeloff N PORT [guard] */
#include <arpa/inet.h>
#include <linux/sctp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <string.h>

#include "bench.h"

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000, port = argc > 2 ? atoi(argv[2]) : 30000;
    int guard = argc > 3 && strcmp(argv[3], "guard") == 0;
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;               /* 2n+ descriptors, as .NET raises it too */
    setrlimit(RLIMIT_NOFILE, &rl);

    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int server = socket(AF_INET, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP);
    if (server < 0) die("socket");
    if (bind(server, (struct sockaddr *)&addr, sizeof addr) < 0) die("bind");
    if (listen(server, 128) < 0) die("listen");
    for (int i = 0; i < n; i++) {
        int c = socket(AF_INET, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP);
        if (c < 0 || connect(c, (struct sockaddr *)&addr, sizeof addr) < 0) die("client");
    }
    for (;;) {                                /* the server side comes up asynchronously */
        uint32_t count = 0;
        socklen_t len = sizeof count;
        if (getsockopt(server, SOL_SCTP, SCTP_GET_ASSOC_NUMBER, &count, &len) < 0) die("SCTP_GET_ASSOC_NUMBER");
        if ((int)count >= n) break;
        usleep(1000);
    }
    socklen_t len = sizeof(struct sctp_assoc_ids) + sizeof(sctp_assoc_t) * (n + 16);
    struct sctp_assoc_ids *ids = malloc(len);
    if (getsockopt(server, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, ids, &len) < 0) die("SCTP_GET_ASSOC_ID_LIST");

    double start = now_ms();
    for (uint32_t i = 0; i < ids->gaids_number_of_ids; i++) {
        if (guard) {
            int spare = fcntl(server, F_DUPFD_CLOEXEC, 0);
            if (spare < 0) die("F_DUPFD_CLOEXEC");
            close(spare);
        }
        sctp_peeloff_flags_arg_t arg = { .p_arg = { .associd = ids->gaids_assoc_id[i] }, .flags = SOCK_CLOEXEC };
        socklen_t alen = sizeof arg;
        if (getsockopt(server, SOL_SCTP, SCTP_SOCKOPT_PEELOFF_FLAGS, &arg, &alen) < 0) die("SCTP_SOCKOPT_PEELOFF_FLAGS");
    }
    printf("%u %.3f\n", ids->gaids_number_of_ids, now_ms() - start);
    return 0;
}
