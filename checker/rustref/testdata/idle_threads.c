/*
 * What an idle thread costs, for the figure ten_thousand_tasks quotes: start
 * N threads with the default stack (8 MiB on Linux), let each block, and
 * compare the process's address space (VmSize) and resident memory (VmRSS)
 * before and after. Linux only (it reads /proc/self/status).
 *
 *   cc -O2 -pthread checker/rustref/testdata/idle_threads.c -o /tmp/idle_threads
 *   /tmp/idle_threads 1000
 *
 * Measured for the course on Linux x86-64: VmSize +8196 KiB per thread,
 * VmRSS +8.3 KiB per thread, the same with 1,000 and 4,000 threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *idle(void *arg) {
	(void)arg;
	pthread_barrier_wait(&started);
	pause();
	return NULL;
}

/* kib returns a "Name:  123 kB" field of /proc/self/status, in KiB. */
static long kib(const char *name) {
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, name, strlen(name)))
			v = atol(line + strlen(name));
	fclose(f);
	return v;
}

int main(int argc, char **argv) {
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	pthread_attr_t attr;
	size_t stack;
	pthread_attr_init(&attr);
	pthread_attr_getstacksize(&attr, &stack);
	pthread_barrier_init(&started, NULL, n + 1);
	long rss0 = kib("VmRSS:"), size0 = kib("VmSize:");
	for (int i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, &attr, idle, NULL)) {
			perror("pthread_create");
			return 1;
		}
	}
	pthread_barrier_wait(&started);
	long rss1 = kib("VmRSS:"), size1 = kib("VmSize:");
	printf("%d idle threads, %zu KiB stacks: VmSize +%ld KiB per thread, VmRSS +%.1f KiB per thread\n",
	       n, stack / 1024, (size1 - size0) / n, (double)(rss1 - rss0) / n);
	return 0;
}
