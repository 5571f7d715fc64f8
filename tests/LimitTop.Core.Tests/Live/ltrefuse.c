// Test program for the refusal witness's live tests and storm benchmark: it asks the kernel for tasks
// and counts, itself, how many requests were refused — the oracle the witness's count is compared with.
// Usage: ltrefuse MODE N [SECONDS]
//   thread  N : N pthread_create() calls; created threads sleep (so the count stays at the limit)
//   fork    N : N fork() calls; children pause
//   seccomp N : installs a seccomp filter that makes clone3 fail with EPERM, then N pthread_create() calls
//   storm   N SECONDS : fork() in a loop for SECONDS seconds (N is ignored), children exit at once
// Prints "ready PID" and waits for a line on stdin ("go") so the test can place it in a cgroup first;
// then prints "failed F of N errno E" (E: the last errno) and waits for EOF on stdin before exiting
// (its tasks stay alive meanwhile, so the state the witness reads is the state that refused).
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "lttasks.h"


static int deny_clone3(void) {
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { .len = sizeof f / sizeof f[0], .filter = f };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) return errno;
    return 0;
}


int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: ltrefuse thread|fork|seccomp|storm N [SECONDS]\n"); return 2; }
    const char *mode = argv[1];
    long n = atol(argv[2]);
    double seconds = argc > 3 ? atof(argv[3]) : 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready %d\n", getpid());
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 0;

    long failed = 0, tries = 0;
    int last = 0;
    pid_t *children = calloc(n > 0 ? n : 1, sizeof(pid_t));
    long nchildren = 0;
    if (strcmp(mode, "seccomp") == 0) {
        int e = deny_clone3();
        if (e) { printf("seccomp-error %d\n", e); return 1; }
    }
    if (strcmp(mode, "storm") == 0) {
        double end = lt_now_s() + seconds;
        while (lt_now_s() < end) {
            for (int i = 0; i < 256; i++) {
                tries++;
                pid_t p = fork();
                if (p == 0) _exit(0);
                if (p < 0) { failed++; last = errno; }
                else waitpid(p, NULL, 0);
            }
        }
    } else {
        for (long i = 0; i < n; i++) {
            tries++;
            if (strcmp(mode, "fork") == 0) {
                pid_t p = fork();
                if (p == 0) { for (;;) pause(); }
                if (p < 0) { failed++; last = errno; } else children[nchildren++] = p;
            } else {
                int rc = lt_start_thread();
                if (rc != 0) { failed++; last = rc; }
            }
        }
    }
    printf("failed %ld of %ld errno %d\n", failed, tries, last);
    while (fgets(line, sizeof line, stdin)) { }
    for (long i = 0; i < nchildren; i++) kill(children[i], SIGKILL);
    for (long i = 0; i < nchildren; i++) waitpid(children[i], NULL, 0);
    return 0;
}
