/* What the C references in bench/ share: a clock, a way to fail, and the socket set-up every
 * contender of the message benchmarks gets alike (SCTP_NODELAY, 4 MiB buffers). */
#ifndef SCTPPS_BENCH_H
#define SCTPPS_BENCH_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif
#define SOL_SCTP 132

static inline double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline void die(const char *what) { perror(what); exit(1); }

static inline struct sockaddr_in loopback(int port) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}
#endif
