// ltpids: the kernel's own answer to "how many PIDs are left", for PidNamespaceTests.
// Runs as PID 1 of a new PID namespace on Linux 6.14+, where kernel.pid_max is per namespace:
//   unshare --pid --fork --mount-proc ltpids OUT CMD [ARG...]
// 1. sets the namespace's pid_max to 1000 and forks sleepers until fork() fails (EAGAIN);
// 2. frees every number below 300 and checks that fork() still fails (the allocator never goes below 300 again);
// 3. frees the 60 numbers 600..659, then makes a session whose leader exits (its number stays held);
// 4. runs CMD with stdout to OUT (limittop --once --json) and waits for it;
// 5. forks until EAGAIN again and prints how many succeeded: the numbers that were free.
// Prints one "key value" line per step. Exiting as PID 1 makes the kernel kill every task of the namespace.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t kids[4096];
static int nkids;

static int fill(void) {
    int n = 0;
    for (;;) {
        pid_t p = fork();
        if (p < 0) return n;
        if (p == 0) { for (;;) pause(); }
        if (nkids < 4096) kids[nkids++] = p;
        n++;
    }
}

static void reap(int lo, int hi) {
    for (int i = 0; i < nkids; i++) {
        if (kids[i] >= lo && kids[i] < hi) {
            kill(kids[i], SIGKILL);
            waitpid(kids[i], NULL, 0);
            kids[i] = 0;
        }
    }
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3 || getpid() != 1) {
        fprintf(stderr, "usage: unshare --pid --fork --mount-proc ltpids OUT CMD [ARG...]\n");
        return 2;
    }
    int fd = open("/proc/sys/kernel/pid_max", O_WRONLY);
    if (fd < 0 || write(fd, "1000", 4) != 4) { printf("error pid_max %d\n", errno); return 3; }
    close(fd);

    int filled = fill();
    printf("filled %d errno %d\n", filled, errno);
    reap(1, 300);
    pid_t p = fork();
    if (p == 0) _exit(0);
    if (p > 0) waitpid(p, NULL, 0);
    printf("fork-after-freeing-low %d errno %d\n", p > 0 ? 1 : 0, p > 0 ? 0 : errno);

    reap(600, 660);
    pid_t a = fork();
    if (a == 0) {
        setsid();
        if (fork() == 0) { for (;;) pause(); }
        _exit(0);
    }
    waitpid(a, NULL, 0);
    printf("lost-session %d\n", a);

    pid_t lt = fork();
    if (lt == 0) {
        int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    int st = 0;
    waitpid(lt, &st, 0);
    printf("limittop %d exit %d\n", lt, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));

    int free_numbers = fill();
    printf("free %d errno %d\n", free_numbers, errno);
    return 0;
}
