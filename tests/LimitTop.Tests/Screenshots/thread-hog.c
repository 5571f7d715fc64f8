/* Parks N threads (default 10) until killed: a thread-heavy process for screenshots. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
static void *park(void *a) { (void)a; for (;;) pause(); return 0; }
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10;
  for (int i = 0; i < n; i++) { pthread_t t; pthread_attr_t at; pthread_attr_init(&at); pthread_attr_setstacksize(&at, 65536); if (pthread_create(&t, &at, park, 0)) break; }
  for (;;) pause();
}
