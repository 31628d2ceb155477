/*
 * The C side of NativeFlowCallBenchmark: the same three operations through libouroboros-dev
 * directly, measured the same way, so that the Java binding's per-call overhead is the difference.
 *
 *   empty read:  a non-blocking flow_read on a flow with nothing queued (-EAGAIN)
 *   write+read:  per batch of BATCH packets, wait (untimed) until the echo server has queued the
 *                BATCH replies of the previous batch in our receive ring, then time BATCH
 *                flow_reads of those ready replies and BATCH flow_writes of new requests; one
 *                operation is one read plus one write
 *   round trip:  flow_write of a request, then flow_read (busy-polled) of its reply
 *
 * Requests are oping's (u32 type 0, u32 id, network order) with a u32 at byte 8 that marks the
 * last request of a batch. The peer is `flowcall -l SYNC`: a thread per flow answers every packet
 * as oping's server does (the same bytes, the type set to ECHO_REPLY, 1), with a blocking read,
 * until the client deallocates; after the reply to a marked request it writes one byte to the
 * FIFO SYNC. That byte is how the client knows, without a call that would disturb the flow (or,
 * in Java, allocate), that the whole batch is queued. Every reply is checked: its size, its type
 * and its id (a lost or reordered packet stops the run with an error), and a batch that is not
 * answered within 5 s means the server stopped.
 * Build at benchmark time: gcc -O2 -pthread -o flowcall flowcall.c -louroboros-dev   (never commit the binary)
 * Usage: flowcall NAME SYNC [SIZE [SECONDS [BATCH]]]   or   flowcall -l SYNC
 * BATCH must equal NativeFlowCallBenchmark.BATCH (32) for the figures to compare.
 */
#define _POSIX_C_SOURCE 199309L
#include <ouroboros/dev.h>
#include <ouroboros/errno.h>
#include <ouroboros/fccntl.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define ECHO_REQUEST 0
#define ECHO_REPLY   1
#define SYNC_WAIT_NS 5e9

static int sync_fd = -1;

static double now_ns(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return t.tv_sec * 1e9 + t.tv_nsec;
}

static uint32_t get32(const char * buf, int offset)
{
        uint32_t v;
        memcpy(&v, buf + offset, 4);
        return ntohl(v);
}

static void put32(char * buf, int offset, uint32_t value)
{
        uint32_t v = htonl(value);
        memcpy(buf + offset, &v, 4);
}

static int write_request(int fd, char * buf, uint32_t id, int last, int size)
{
        ssize_t n;
        put32(buf, 0, ECHO_REQUEST);
        put32(buf, 4, id);
        put32(buf, 8, last);
        n = flow_write(fd, buf, size);
        if (n != size) {
                fprintf(stderr, "flow_write of request %u failed: %zd\n", id, n);
                return -1;
        }
        return 0;
}

/* checks a reply: its size, its type and that it answers request id */
static int check_reply(ssize_t n, const char * in, uint32_t id, int size)
{
        if (n == size && get32(in, 0) == ECHO_REPLY && get32(in, 4) == id)
                return 0;
        if (n < 0)
                fprintf(stderr, "reply %u: flow_read gave %zd (-EAGAIN %d: not queued)\n", id, n, -EAGAIN);
        else
                fprintf(stderr, "reply %u: %zd bytes of type %u for id %u, expected %d bytes of type %d\n",
                        id, n, n >= 8 ? get32(in, 0) : 0, n >= 8 ? get32(in, 4) : 0, size, ECHO_REPLY);
        return -1;
}

static ssize_t read_spin(int fd, char * buf, size_t count)
{
        ssize_t n;
        while ((n = flow_read(fd, buf, count)) == -EAGAIN)
                ;
        return n;
}

/* untimed: waits until the server has queued a whole batch (one byte on the FIFO), yielding */
static int await_batch(void)
{
        double deadline = now_ns() + SYNC_WAIT_NS;
        int    queued;
        char   c;

        while (1) {
                if (ioctl(sync_fd, FIONREAD, &queued) < 0) {
                        perror("ioctl(FIONREAD) on the sync FIFO");
                        return -1;
                }
                if (queued > 0)
                        return read(sync_fd, &c, 1) == 1 ? 0 : -1;
                if (now_ns() > deadline) {
                        fprintf(stderr, "no batch echoed within 5 s: the echo server stopped\n");
                        return -1;
                }
                sched_yield();
        }
}

static void * echo(void * o)
{
        char            buf[1500];
        struct timespec slice  = {0, 100 * 1000 * 1000};
        struct timespec stuck  = {5, 0};
        int             fd     = (int) (intptr_t) o;
        int             idle   = 0;
        long            echoed = 0;
        long            failed = 0;
        ssize_t         n;
        ssize_t         w;

        fccntl(fd, FLOWSFLAGS, FLOWFRDWR | FLOWFRNOPART);
        fccntl(fd, FLOWSRCVTIMEO, &slice);
        /* a pool that stays full (a wedge left by a killed process) fails the write loudly, not for ever */
        fccntl(fd, FLOWSSNDTIMEO, &stuck);
        /* a dealloc by the peer is not always seen by a read: give up after 30 s of silence */
        while (idle < 300) {
                n = flow_read(fd, buf, sizeof(buf));
                if (n == -ETIMEDOUT) {
                        ++idle;
                        continue;
                }
                if (n < 0) {
                        if (n != -EFLOWDOWN)
                                fprintf(stderr, "flow %d: flow_read failed: %zd\n", fd, n);
                        break;
                }
                idle = 0;
                if (n < 12)
                        continue;
                put32(buf, 0, ECHO_REPLY); /* as oping's server */
                w = flow_write(fd, buf, n);
                if (w != n) {
                        ++failed;
                        fprintf(stderr, "flow %d: flow_write of reply %u failed: %zd\n", fd, get32(buf, 4), w);
                        continue;
                }
                ++echoed;
                if (get32(buf, 8) != 0 && write(sync_fd, "b", 1) != 1)
                        perror("write to the sync FIFO");
        }
        fprintf(stderr, "flow %d: echoed %ld packets, %ld writes failed\n", fd, echoed, failed);
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
        int      size    = argc > 3 ? atoi(argv[3]) : 64;
        double   seconds = argc > 4 ? atof(argv[4]) : 3;
        int      batch   = argc > 5 ? atoi(argv[5]) : 32;
        uint32_t id      = 0;
        uint32_t expect  = 0;
        double   timed;
        long     ops;
        double   t0;
        double   t1;
        ssize_t  n;
        int      fd;
        int      i;
        char     c;
        struct timespec stuck = {5, 0};

        if (argc < 3 || (strcmp(argv[1], "-l") != 0 && (size < 64 || size > 1500 || batch < 1 || batch > 256))) {
                fprintf(stderr, "usage: flowcall NAME SYNC [SIZE 64..1500 [SECONDS [BATCH 1..256]]] | flowcall -l SYNC\n");
                return 2;
        }
        setvbuf(stdout, NULL, _IOLBF, 0); /* each figure as soon as it is measured */
        sync_fd = open(argv[2], O_RDWR); /* read-write: a FIFO opened so never blocks */
        if (sync_fd < 0) {
                perror(argv[2]);
                return 1;
        }
        if (strcmp(argv[1], "-l") == 0)
                return serve();

        memset(buf, 0, sizeof(buf));
        fd = flow_alloc(argv[1], NULL, NULL);
        if (fd < 0) {
                fprintf(stderr, "flow_alloc(%s) failed: %d\n", argv[1], fd);
                return 1;
        }
        fccntl(fd, FLOWSFLAGS, FLOWFRDWR | FLOWFRNOPART | FLOWFRNOBLOCK);
        fccntl(fd, FLOWSSNDTIMEO, &stuck); /* as the server: a full pool fails within 5 s */

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

        /* write + read of ready packets, a batch at a time; only the reads and writes are timed */
        while (ioctl(sync_fd, FIONREAD, &i) == 0 && i > 0 && read(sync_fd, &c, 1) == 1)
                ; /* a byte left by an earlier client */
        for (i = 0; i < batch; ++i)
                if (write_request(fd, buf, id++, i == batch - 1, size) < 0)
                        return 1;
        ops = 0;
        timed = 0;
        do {
                if (await_batch() < 0)
                        return 1;
                t0 = now_ns();
                for (i = 0; i < batch; ++i) {
                        n = flow_read(fd, in, sizeof(in));
                        if (check_reply(n, in, expect++, size) < 0)
                                return 1;
                }
                for (i = 0; i < batch; ++i)
                        if (write_request(fd, buf, id++, i == batch - 1, size) < 0)
                                return 1;
                t1 = now_ns();
                timed += t1 - t0;
                ops += batch;
        } while (timed < seconds * 1e9);
        if (await_batch() < 0)
                return 1;
        for (i = 0; i < batch; ++i)
                if (check_reply(flow_read(fd, in, sizeof(in)), in, expect++, size) < 0)
                        return 1;
        printf("write_read_ns %.1f\n", timed / ops);
        printf("write_read_replies %u\n", expect);

        /* round trips */
        ops = 0;
        t0 = now_ns();
        do {
                for (i = 0; i < 1000; ++i) {
                        if (write_request(fd, buf, id, 0, size) < 0)
                                return 1;
                        if (check_reply(read_spin(fd, in, sizeof(in)), in, id++, size) < 0)
                                return 1;
                }
                ops += 1000;
                t1 = now_ns();
        } while (t1 - t0 < seconds * 1e9);
        printf("round_trip_ns %.1f\n", (t1 - t0) / ops);

        flow_dealloc(fd);
        return 0;
}
