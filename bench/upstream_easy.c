/* Reference for bench/upstream.bench.sh: the same GET loop on libcurl's easy interface,
 * one handle (so one reused connection) per thread. Usage: upstream_easy URL COUNT THREADS.
 * Prints "<µs per request> <requests> <threads>". */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *url;

static size_t sink(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }

struct job { long count; int failed; };

static void *worker(void *arg) {
    struct job *job = arg;
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    for (long i = 0; i < job->count; i++) {
        long code = 0;
        if (curl_easy_perform(h) != CURLE_OK) { job->failed = 1; break; }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        if (code != 200) { job->failed = 1; break; }
    }
    curl_easy_cleanup(h);
    return NULL;
}

static double run(long count, int threads) {
    pthread_t t[threads];
    struct job jobs[threads];
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < threads; i++) {
        jobs[i].count = count / threads + (i < count % threads ? 1 : 0);
        jobs[i].failed = 0;
        pthread_create(&t[i], NULL, worker, &jobs[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        if (jobs[i].failed) { fprintf(stderr, "request failed\n"); exit(1); }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: upstream_easy URL COUNT THREADS\n"); return 2; }
    url = argv[1];
    long count = atol(argv[2]);
    int threads = atoi(argv[3]);
    if (count <= 0 || threads <= 0) return 2;
    curl_global_init(CURL_GLOBAL_ALL);
    long warm = count / 10 > threads * 20 ? count / 10 : threads * 20;
    run(warm, threads);
    double micros = run(count, threads);
    printf("%.2f %ld %d\n", micros / count, count, threads);
    curl_global_cleanup();
    return 0;
}
