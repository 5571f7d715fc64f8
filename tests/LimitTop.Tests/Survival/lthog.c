// Load generator for LimitTop's survival scenarios.
//   lthog fill NAME         sets comm to NAME, then creates sleeping threads until the kernel refuses
//                           (EAGAIN), and keeps retrying every 2 ms so that every slot freed by anyone
//                           else of the same user is taken too. Prints "full N" each time it hits the wall
//                           after growing. Runs until killed, or until stdin reaches EOF when "-" is
//                           passed as a third argument.
//   lthog churn RATE SECS   fork()s RATE children per second for SECS seconds; each child _exit()s at once.
//                           Prints "churned N" at the end.
//   lthog name NAME [TAG…]  sets comm to NAME (any bytes; \n etc. given literally by the caller), prints
//                           "ready PID" and sleeps until killed.
//   lthog wait              prints "ready PID" and sleeps until killed (for exec through odd symlink names).
//   lthog grow RATE         prints "ready PID", then adds sleeping threads at a steady RATE per second, on the
//                           clock (a late start catches up), until the kernel refuses one; then sleeps until killed.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *sleeper(void *arg) { (void)arg; for (;;) pause(); return NULL; }

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int fill(void) {
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 64 * 1024);
    long threads = 1, reported = 0;
    for (;;) {
        pthread_t t;
        int rc = pthread_create(&t, &a, sleeper, NULL);
        if (rc == 0) { threads++; continue; }
        if (threads != reported) { printf("full %ld\n", threads); reported = threads; }
        usleep(2000);
    }
    return 0;
}

static int churn(long rate, long secs) {
    long start = now_ms(), end = start + secs * 1000, n = 0;
    while (now_ms() < end) {
        long due = (now_ms() - start) * rate / 1000;
        while (n < due) {
            pid_t p = fork();
            if (p == 0) _exit(0);
            if (p > 0) n++;
            else break;
        }
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
        usleep(1000);
    }
    while (waitpid(-1, NULL, 0) > 0) {}
    printf("churned %ld\n", n);
    return 0;
}

static int grow(long rate) {
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 64 * 1024);
    printf("ready %d\n", getpid());
    long start = now_ms(), n = 0;
    for (;;) {
        long due = (now_ms() - start) * rate / 1000;
        while (n < due) {
            pthread_t t;
            if (pthread_create(&t, &a, sleeper, NULL) != 0) { printf("full %ld\n", n + 1); for (;;) pause(); }
            n++;
        }
        usleep(20000);
    }
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 3 && strcmp(argv[1], "fill") == 0) {
        prctl(PR_SET_NAME, argv[2], 0, 0, 0);
        return fill();
    }
    if (argc == 4 && strcmp(argv[1], "churn") == 0) return churn(atol(argv[2]), atol(argv[3]));
    if (argc >= 3 && strcmp(argv[1], "name") == 0) { // further arguments only tag the command line
        prctl(PR_SET_NAME, argv[2], 0, 0, 0);
        printf("ready %d\n", getpid());
        for (;;) pause();
    }
    if (argc == 2 && strcmp(argv[1], "wait") == 0) {
        printf("ready %d\n", getpid());
        for (;;) pause();
    }
    if (argc == 3 && strcmp(argv[1], "grow") == 0) return grow(atol(argv[2]));
    fprintf(stderr, "usage: lthog fill NAME | churn RATE SECS | name NAME | wait | grow RATE\n");
    return 2;
}
