// The floor for one LimitTop sample: only the syscalls a steady-state tick needs (list /proc; per process
// read stat and status, fstatat PID/fd for the fd count; read loadavg and the /proc/sys limits).
// Prints the CPU time (user+sys) per tick. Usage: baseline [TICKS]   (cc -O2 -o baseline baseline.c)
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];

static long slurp(int dir, const char *path) {
    int fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    long total = 0, n;
    while ((n = read(fd, buf + total, sizeof buf - total)) > 0) total += n;
    close(fd);
    return total;
}

static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    int ticks = argc > 1 ? atoi(argv[1]) : 200;
    int proc = open("/proc", O_RDONLY | O_DIRECTORY);
    char dents[32768], path[64];
    long sink = 0;
    int procs = 0;
    double start = cpu_ms();
    for (int t = 0; t < ticks; t++) {
        lseek(proc, 0, SEEK_SET);
        long n;
        procs = 0;
        while ((n = syscall(SYS_getdents64, proc, dents, sizeof dents)) > 0) {
            for (long pos = 0; pos < n;) {
                struct { unsigned long ino; long off; unsigned short reclen; unsigned char type; char name[]; } *d = (void *)(dents + pos);
                pos += d->reclen;
                if (d->name[0] < '1' || d->name[0] > '9') continue;
                procs++;
                snprintf(path, sizeof path, "%s/stat", d->name); sink += slurp(proc, path);
                snprintf(path, sizeof path, "%s/status", d->name); sink += slurp(proc, path);
                struct stat st;
                snprintf(path, sizeof path, "%s/fd", d->name);
                if (fstatat(proc, path, &st, 0) == 0) sink += st.st_size;
            }
        }
        sink += slurp(proc, "loadavg") + slurp(proc, "sys/kernel/threads-max") + slurp(proc, "sys/kernel/pid_max") + slurp(proc, "sys/fs/file-nr");
    }
    double per = (cpu_ms() - start) / ticks;
    printf("%d processes: %.3f ms CPU per tick (%d ticks, sink %ld)\n", procs, per, ticks, sink);
    return 0;
}
