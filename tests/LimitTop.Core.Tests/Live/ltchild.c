// Test child for LimitTop's live oracle tests and the benchmark load generator.
// Usage: ltchild THREADS FILES RTSIGNALS NAME
//   Runs THREADS tasks in total (THREADS-1 extra threads that only sleep), opens FILES extra fds on
//   /dev/null, queues RTSIGNALS blocked real-time signals to itself, sets its comm to NAME (may contain
//   any byte), prints "ready PID" and then obeys stdin commands, one per line:
//     fork    -> fork() once; child exits at once; prints "ok" or "err ERRNO"
//     thread  -> pthread_create() once; prints "ok" or "err ERRNO"
//   EOF on stdin ends the process (so a crashed test runner leaves nothing behind).
// Usage: ltchild userns THREADS NAME
//   unshare(CLONE_NEWUSER), prints "unshared PID", waits for a line on stdin (the test writes uid_map and
//   gid_map meanwhile), becomes uid/gid 0 of the new namespace, then runs THREADS tasks, prints "ready PID"
//   and obeys the same stdin commands.
// Usage: ltchild churn MILLISECONDS
//   Forks short-lived children (some with a few threads) for the given time: processes vanish mid-read.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "lttasks.h"

static long now_ms(void) { return (long)(lt_now_s() * 1000); }

static void *brief(void *arg) { (void)arg; usleep(2000); return NULL; }

static int churn(long ms) {
    long end = now_ms() + ms;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("started\n");
    int n = 0;
    while (now_ms() < end) {
        pid_t p = fork();
        if (p == 0) {
            pthread_t t[3];
            int k = n % 4;
            for (int i = 0; i < k && i < 3; i++) pthread_create(&t[i], NULL, brief, NULL);
            usleep(5000 + (n % 8) * 5000); // 5-40 ms: long enough to be listed, short enough to vanish mid-read
            _exit(0);
        }
        if (p > 0) n++;
        // keep at most ~20 alive; reap what has exited
        while (waitpid(-1, NULL, n % 20 == 0 ? 0 : WNOHANG) > 0) {}
        usleep(1000);
    }
    while (waitpid(-1, NULL, 0) > 0) {}
    printf("churned %d\n", n);
    return 0;
}

static int serve(void);

static int userns(int threads, const char *name) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (unshare(CLONE_NEWUSER) != 0) { printf("err unshare %d\n", errno); return 3; }
    printf("unshared %d\n", getpid());
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 0;
    if (setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) { printf("err setresuid %d\n", errno); return 3; }
    for (int i = 1; i < threads; i++) {
        int rc = lt_start_thread();
        if (rc != 0) { printf("err thread %d %d\n", i, rc); return 3; }
    }
    prctl(PR_SET_NAME, name, 0, 0, 0);
    printf("ready %d\n", getpid());
    return serve();
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "churn") == 0) return churn(atol(argv[2]));
    if (argc == 4 && strcmp(argv[1], "userns") == 0) return userns(atoi(argv[2]), argv[3]);
    if (argc != 5) { fprintf(stderr, "usage: ltchild THREADS FILES RTSIGNALS NAME | churn MS\n"); return 2; }
    int threads = atoi(argv[1]), files = atoi(argv[2]), sigs = atoi(argv[3]);
    for (int fd = 3; fd < 1024; fd++) close(fd); // whatever the parent leaked: fd counts must be exact
    setvbuf(stdout, NULL, _IOLBF, 0);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    pthread_sigmask(SIG_BLOCK, &set, NULL); // inherited by every thread: the signals stay queued

    for (int i = 1; i < threads; i++) {
        int rc = lt_start_thread();
        if (rc != 0) { printf("err thread %d %d\n", i, rc); return 3; }
    }
    for (int i = 0; i < files; i++) {
        if (open("/dev/null", O_RDONLY) < 0) { printf("err open %d\n", errno); return 3; }
    }
    union sigval v = { .sival_int = 0 };
    for (int i = 0; i < sigs; i++) {
        if (sigqueue(getpid(), SIGRTMIN, v) != 0) { printf("err sigqueue %d\n", errno); return 3; }
    }
    prctl(PR_SET_NAME, argv[4], 0, 0, 0);
    printf("ready %d\n", getpid());
    return serve();
}

static int serve(void) {
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "fork", 4) == 0) {
            pid_t p = fork();
            if (p == 0) _exit(0);
            if (p < 0) { printf("err %d\n", errno); continue; }
            waitpid(p, NULL, 0);
            printf("ok\n");
        } else if (strncmp(line, "thread", 6) == 0) {
            int rc = lt_start_thread();
            if (rc != 0) printf("err %d\n", rc); else printf("ok\n");
        }
    }
    return 0;
}
