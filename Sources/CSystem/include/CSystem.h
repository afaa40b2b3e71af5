#ifndef SWITCHBOARD_CSYSTEM_H
#define SWITCHBOARD_CSYSTEM_H
// Linux-only system calls the server loop needs, gathered so Swift sees one module.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#endif
