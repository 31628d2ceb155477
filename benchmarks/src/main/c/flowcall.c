/*
 * The C side of NativeFlowCallBenchmark: the same three operations through libouroboros-dev
 * directly, so that the Java binding's per-call overhead is the difference.
 *
 *   empty read:  a non-blocking flow_read on a flow with nothing queued (-EAGAIN)
 *   write+read:  with WINDOW echo requests in flight, flow_read of the next (ready) reply and
 *                flow_write of a new request
 *   round trip:  flow_write of a request, then flow_read (busy-polling) of its reply
 *
 * The peer is `flowcall -l`: a thread per flow answers every packet as oping's server does (the
 * same bytes, the type set to ECHO_REPLY) with a blocking read, until the client deallocates (any echo server, such as oping -l, also works).
 * Build at benchmark time: gcc -O2 -pthread -o flowcall flowcall.c -louroboros-dev   (never commit the binary)
 * Usage: flowcall NAME [SIZE [SECONDS [WINDOW]]]   or   flowcall -l
 */
#define _POSIX_C_SOURCE 199309L
#include <ouroboros/dev.h>
#include <ouroboros/errno.h>
#include <ouroboros/fccntl.h>

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ns(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return t.tv_sec * 1e9 + t.tv_nsec;
}

static void request(char * buf, uint32_t id)
{
        uint32_t type = htonl(0);
        uint32_t nid  = htonl(id);
        memcpy(buf, &type, 4);
        memcpy(buf + 4, &nid, 4);
}

static int read_spin(int fd, char * buf)
{
        int n;
        while ((n = flow_read(fd, buf, 1500)) == -EAGAIN)
                ;
        if (n < 0)
                fprintf(stderr, "flow_read failed: %d\n", n);
        return n;
}

static int write_request(int fd, char * buf, uint32_t id, int size)
{
        int n;
        request(buf, id);
        n = flow_write(fd, buf, size);
        if (n < 0)
                fprintf(stderr, "flow_write failed: %d\n", n);
        return n;
}

static void * echo(void * o)
{
        char            buf[1500];
        struct timespec slice = {0, 100 * 1000 * 1000};
        uint32_t        reply = htonl(1);
        int             fd    = (int) (intptr_t) o;
        int             idle  = 0;
        int             n;

        fccntl(fd, FLOWSFLAGS, FLOWFRDWR | FLOWFRNOPART);
        fccntl(fd, FLOWSRCVTIMEO, &slice);
        /* a dealloc by the peer is not always seen by a read: give up after 30 s of silence */
        while (idle < 300) {
                n = flow_read(fd, buf, sizeof(buf));
                if (n == -ETIMEDOUT) {
                        ++idle;
                        continue;
                }
                if (n < 0) {
                        if (n != -EFLOWDOWN)
                                fprintf(stderr, "flow %d: flow_read failed: %d\n", fd, n);
                        break;
                }
                idle = 0;
                if (n >= 4) {
                        memcpy(buf, &reply, 4); /* as oping's server: ECHO_REPLY */
                        flow_write(fd, buf, n);
                }
        }
        flow_dealloc(fd);
        return NULL;
}

static int serve(void)
{
        pthread_t thread;
        int       fd;

        while (1) {
                fd = flow_accept(NULL, NULL);
                if (fd < 0) {
                        fprintf(stderr, "flow_accept failed: %d\n", fd);
                        return 1;
                }
                if (pthread_create(&thread, NULL, echo, (void *) (intptr_t) fd) == 0)
                        pthread_detach(thread);
                else
                        flow_dealloc(fd);
        }
}

int main(int argc, char ** argv)
{
        char     buf[1500];
        char     in[1500];
        int      size    = argc > 2 ? atoi(argv[2]) : 64;
        double   seconds = argc > 3 ? atof(argv[3]) : 3;
        int      window  = argc > 4 ? atoi(argv[4]) : 16;
        long     ops;
        double   t0;
        double   t1;
        int      fd;
        int      i;

        if (argc == 2 && strcmp(argv[1], "-l") == 0)
                return serve();

        if (argc < 2 || size < 64 || size > 1500 || window < 1) {
                fprintf(stderr, "usage: flowcall NAME [SIZE 64..1500 [SECONDS [WINDOW]]] | flowcall -l\n");
                return 2;
        }

        memset(buf, 0, sizeof(buf));
        fd = flow_alloc(argv[1], NULL, NULL);
        if (fd < 0) {
                fprintf(stderr, "flow_alloc(%s) failed: %d\n", argv[1], fd);
                return 1;
        }
        fccntl(fd, FLOWSFLAGS, FLOWFRDWR | FLOWFRNOPART | FLOWFRNOBLOCK);

        /* empty reads, in batches of 1000 until the time is up */
        ops = 0;
        t0 = now_ns();
        do {
                for (i = 0; i < 1000; ++i)
                        if (flow_read(fd, in, sizeof(in)) != -EAGAIN) {
                                fprintf(stderr, "flow_read on an empty flow did not give -EAGAIN\n");
                                return 1;
                        }
                ops += 1000;
                t1 = now_ns();
        } while (t1 - t0 < seconds * 1e9);
        printf("empty_read_ns %.1f\n", (t1 - t0) / ops);

        /* write + read of a ready packet, WINDOW requests in flight */
        for (i = 0; i < window; ++i) {
                if (write_request(fd, buf, i, size) < 0)
                        return 1;
        }
        ops = 0;
        t0 = now_ns();
        do {
                for (i = 0; i < 1000; ++i) {
                        if (read_spin(fd, in) < 0)
                                return 1;
                        if (write_request(fd, buf, i, size) < 0)
                                return 1;
                }
                ops += 1000;
                t1 = now_ns();
        } while (t1 - t0 < seconds * 1e9);
        printf("write_read_ns %.1f\n", (t1 - t0) / ops);
        for (i = 0; i < window; ++i)
                if (read_spin(fd, in) < 0)
                        return 1;

        /* round trips */
        ops = 0;
        t0 = now_ns();
        do {
                for (i = 0; i < 1000; ++i) {
                        if (write_request(fd, buf, i, size) < 0 || read_spin(fd, in) < 0)
                                return 1;
                }
                ops += 1000;
                t1 = now_ns();
        } while (t1 - t0 < seconds * 1e9);
        printf("round_trip_ns %.1f\n", (t1 - t0) / ops);

        flow_dealloc(fd);
        return 0;
}
