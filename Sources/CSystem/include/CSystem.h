#ifndef SWITCHBOARD_CSYSTEM_H
#define SWITCHBOARD_CSYSTEM_H
// Linux-only system calls the server loop needs, gathered so Swift sees one module.
// The shims exist where Swift's import is awkward: epoll_event is packed on x86_64,
// sockaddr casts are noisy, and errno is a macro.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <stdint.h>
#include <stddef.h>
#include <pthread.h>

/// One epoll readiness report with a plain (unpacked) layout.
typedef struct {
    int32_t fd;
    uint32_t events;
} csys_event;

/// Current errno.
int csys_errno(void);

/// Adds, modifies (op = EPOLL_CTL_*) or removes fd with the given event mask.
int csys_epoll_ctl(int epfd, int op, int fd, uint32_t events);

/// epoll_wait into an unpacked array; returns the count or -1 (errno set).
int csys_epoll_wait(int epfd, csys_event *out, int max, int timeout_ms);

/// A non-blocking, close-on-exec TCP listener on an IPv4/IPv6 literal host. `reuseport`
/// lets every loop own a listener on the same port. Returns the fd, or -errno.
/// `*bound_port` receives the port actually bound (useful with port 0).
int csys_listen(const char *host, int port, int reuseport, int backlog, int *bound_port);

/// Binds (without SO_REUSEPORT) to check that nobody listens on the port, then releases it.
/// With port 0 this picks a port no other socket uses. Returns the port, or -errno.
/// SO_REUSEPORT alone would let a second server silently share a port, or hand two
/// servers asking for port 0 the same one.
int csys_claim_port(const char *host, int port);

/// accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC and TCP_NODELAY set; writes "ip:port" into
/// `peer` (at least 64 bytes). Returns the fd or -1 (errno set).
int csys_accept(int listen_fd, char *peer, size_t peer_len);

/// send with MSG_NOSIGNAL so a reset peer never raises SIGPIPE.
ssize_t csys_send(int fd, const void *buf, size_t len);

/// Writes "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n" (37 bytes) for the given epoch second.
void csys_format_date_header(int64_t epoch_seconds, char out[38]);

/// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
long csys_raise_nofile_limit(void);

/// Current CLOCK_REALTIME seconds and CLOCK_MONOTONIC nanoseconds.
int64_t csys_realtime_seconds(void);
uint64_t csys_monotonic_ns(void);

/// Ignores SIGPIPE process-wide (writes to reset peers must fail with EPIPE, not kill us).
void csys_ignore_sigpipe(void);

/// Sets SO_LINGER {1, 0} so close() sends RST (used when refusing over-limit connections).
void csys_set_linger_zero(int fd);

/// Names a thread (≤ 15 characters) so it shows in top/gdb.
void csys_set_thread_name(pthread_t thread, const char *name);

#endif
