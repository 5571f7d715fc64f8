// Loopback socket load for the whole-app benchmark (compare/compare.sh).
// Usage: sockload ESTABLISHED TIME_WAIT
//   Holds ESTABLISHED/2 loopback connections open (each shows as two ESTAB sockets: client and server) and
//   keeps about TIME_WAIT sockets in TIME_WAIT (system-wide, /proc/net/sockstat "tw"): a burst at start, then
//   every 100 ms as many new short connections as have left TIME_WAIT (60 s on Linux; client closes first,
//   so the client side waits).
//   Connections are spread over 16 listeners so ephemeral ports (one range per destination) never run out.
//   Raises its own soft RLIMIT_NOFILE to what it needs (the hard limit bounds one instance: run several for more).
//   The held connections are set to reset on close (SO_LINGER 0), so stopping leaves no TIME_WAIT behind
//   except the TIME_WAIT population itself. Prints "ready" when the load stands; exits when
//   stdin reaches EOF or on SIGTERM, closing everything (the kernel then finishes the TIME_WAITs by itself).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LISTENERS 16

static int lfd[LISTENERS];
static struct sockaddr_in laddr[LISTENERS];

static int pair(int i, int *client, int *server) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0) return -1;
    if (connect(c, (struct sockaddr *)&laddr[i % LISTENERS], sizeof laddr[0]) < 0) { close(c); return -1; }
    int s = accept(lfd[i % LISTENERS], NULL, NULL);
    if (s < 0) { close(c); return -1; }
    *client = c;
    *server = s;
    return 0;
}

static void reset_on_close(int fd) {
    struct linger l = { 1, 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

static int time_wait_one(int i) {
    int c, s;
    if (pair(i, &c, &s) < 0) return -1;
    close(c); // active close: the client side goes to TIME_WAIT
    close(s);
    return 0;
}

static long tw_now(void) {
    FILE *f = fopen("/proc/net/sockstat", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, " tw ");
        if (strncmp(line, "TCP:", 4) == 0 && p) v = atol(p + 4);
    }
    fclose(f);
    return v;
}

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: sockload ESTABLISHED TIME_WAIT\n"); return 2; }
    long est = atol(argv[1]), tw = atol(argv[2]);
    long conns = est / 2;
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    if ((rlim_t)(conns * 2 + 256) > rl.rlim_max) { fprintf(stderr, "sockload: %ld fds exceed the hard RLIMIT_NOFILE %lu\n", conns * 2 + 256, (unsigned long)rl.rlim_max); return 1; }
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) { perror("setrlimit NOFILE"); return 1; }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < LISTENERS; i++) {
        lfd[i] = socket(AF_INET, SOCK_STREAM, 0);
        memset(&laddr[i], 0, sizeof laddr[i]);
        laddr[i].sin_family = AF_INET;
        laddr[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof laddr[i];
        if (bind(lfd[i], (struct sockaddr *)&laddr[i], len) < 0 || listen(lfd[i], 128) < 0 ||
            getsockname(lfd[i], (struct sockaddr *)&laddr[i], &len) < 0) { perror("listen"); return 1; }
    }
    for (long i = 0; i < conns; i++) {
        int c, s;
        if (pair((int)i, &c, &s) < 0) { fprintf(stderr, "connection %ld: %s\n", i, strerror(errno)); return 1; }
        reset_on_close(c);
        reset_on_close(s);
    }
    for (long i = 0; i < tw; i++) time_wait_one((int)i);
    printf("ready %ld established %ld time_wait\n", conns * 2, tw);

    long next = now_ms() + 100;
    int k = 0;
    for (;;) {
        struct pollfd p = { 0, POLLIN, 0 };
        long wait = next - now_ms();
        int r = poll(&p, 1, wait > 0 ? (int)wait : 0);
        if (r > 0) {
            char b[64];
            if (read(0, b, sizeof b) <= 0) return 0;
        }
        if (now_ms() >= next) {
            next += 100;
            long have = tw_now();
            for (long n = tw - have; have >= 0 && n > 0; n--) time_wait_one(k++);
        }
    }
}
