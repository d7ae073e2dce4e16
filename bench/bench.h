/* What the C references in bench/ share: a clock and a way to fail. */
#ifndef SCTPPS_BENCH_H
#define SCTPPS_BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif
#define SOL_SCTP 132

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what) { perror(what); exit(1); }
#endif
