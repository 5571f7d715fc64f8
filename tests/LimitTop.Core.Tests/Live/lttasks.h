// What the live tests' C programs share (ltchild.c, ltrefuse.c): a thread that only sleeps, started with a
// small stack (so thousands fit under a test's limits), and a monotonic clock.
#ifndef LTTASKS_H
#define LTTASKS_H
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static void *lt_sleeper(void *arg) { (void)arg; for (;;) pause(); return NULL; }

// pthread_create() of one sleeping thread with a 64 KiB stack: 0 or the error number.
static int lt_start_thread(void) {
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 64 * 1024);
    pthread_t t;
    int rc = pthread_create(&t, &a, lt_sleeper, NULL);
    pthread_attr_destroy(&a);
    return rc;
}

static double lt_now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
