/*
 * dagrun: the floor of the scheduler benchmarks. It reads a DAG (the `dag.txt` that
 * Benchmarks/generate.py writes next to build.ninja) and runs each node's command with
 * posix_spawnp, at most -j N at once, waiting with waitpid: no journal, no output handling,
 * no shell. What any scheduler that starts the same processes must cost at least.
 *
 *   dagrun [-j N] FILE        run the DAG; exit 1 if a command fails (no new command starts then)
 *   dagrun --version          print a line and exit (the start-up of a small C program)
 *
 * FILE:  "dagrun 1" / "NODES EDGES" / NODES lines "ARGC WORD..." (ARGC 0: a barrier, no
 * command) / EDGES lines "A B" (node B needs node A). Words contain no whitespace.
 * Compiled by Benchmarks/run.py with `cc -O2`.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct node {
    char **argv;        /* NULL for a barrier */
    int remaining;      /* dependencies not finished yet */
    int first, count;   /* its dependents: dependents[first .. first+count) */
};

static void die(const char *what) {
    fprintf(stderr, "dagrun: %s\n", what);
    exit(2);
}

int main(int argc, char **argv) {
    int jobs = 1;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            puts("dagrun 1 (C floor: posix_spawnp + waitpid)");
            return 0;
        } else if (strcmp(argv[i], "-j") == 0 && i + 1 < argc) {
            jobs = atoi(argv[++i]);
        } else if (strncmp(argv[i], "-j", 2) == 0 && argv[i][2]) {
            jobs = atoi(argv[i] + 2);
        } else {
            path = argv[i];
        }
    }
    if (!path || jobs < 1) die("usage: dagrun [-j N] FILE | --version");
    FILE *in = fopen(path, "r");
    if (!in) die(strerror(errno));

    int version, n, e;
    if (fscanf(in, "dagrun %d %d %d", &version, &n, &e) != 3 || version != 1 || n < 0 || e < 0)
        die("not a dagrun 1 file");
    struct node *nodes = calloc(n ? n : 1, sizeof *nodes);
    int *from = malloc(sizeof(int) * (e ? e : 1)), *to = malloc(sizeof(int) * (e ? e : 1));
    int *dependents = malloc(sizeof(int) * (e ? e : 1));
    char word[4096];
    for (int i = 0; i < n; i++) {
        int words;
        if (fscanf(in, "%d", &words) != 1 || words < 0) die("bad node line");
        if (words == 0) continue;
        nodes[i].argv = calloc(words + 1, sizeof(char *));
        for (int w = 0; w < words; w++) {
            if (fscanf(in, "%4095s", word) != 1) die("bad node line");
            nodes[i].argv[w] = strdup(word);
        }
    }
    for (int k = 0; k < e; k++) {
        if (fscanf(in, "%d %d", &from[k], &to[k]) != 2 || from[k] < 0 || from[k] >= n || to[k] < 0 || to[k] >= n)
            die("bad edge line");
        nodes[from[k]].count++;
        nodes[to[k]].remaining++;
    }
    fclose(in);
    for (int i = 0, at = 0; i < n; i++) {
        nodes[i].first = at;
        at += nodes[i].count;
        nodes[i].count = 0;
    }
    for (int k = 0; k < e; k++) {
        struct node *a = &nodes[from[k]];
        dependents[a->first + a->count++] = to[k];
    }

    /* A FIFO of ready nodes (every node enters it once), and the running children by pid. */
    int *ready = malloc(sizeof(int) * (n ? n : 1)), head = 0, tail = 0;
    for (int i = 0; i < n; i++)
        if (nodes[i].remaining == 0) ready[tail++] = i;
    pid_t *pids = calloc(jobs, sizeof(pid_t));
    int *running = calloc(jobs, sizeof(int)), active = 0, failed = 0, done = 0;

    while (done < n) {
        while (head < tail && !failed) {
            int i = ready[head];
            if (!nodes[i].argv) {           /* a barrier finishes at once */
                head++;
                done++;
                for (int d = 0; d < nodes[i].count; d++) {
                    int b = dependents[nodes[i].first + d];
                    if (--nodes[b].remaining == 0) ready[tail++] = b;
                }
                continue;
            }
            if (active == jobs) break;
            head++;
            pid_t pid;
            int error = posix_spawnp(&pid, nodes[i].argv[0], NULL, NULL, nodes[i].argv, environ);
            if (error) {
                fprintf(stderr, "dagrun: %s: %s\n", nodes[i].argv[0], strerror(error));
                failed = 1;
                break;
            }
            pids[active] = pid;
            running[active++] = i;
        }
        if (active == 0) break;             /* finished, or failed with nothing left to wait for */
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            die(strerror(errno));
        }
        int slot = 0;
        while (slot < active && pids[slot] != pid) slot++;
        if (slot == active) continue;       /* not one of ours */
        int i = running[slot];
        pids[slot] = pids[active - 1];
        running[slot] = running[active - 1];
        active--;
        done++;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "dagrun: node %d failed\n", i);
            failed = 1;
            continue;
        }
        for (int d = 0; d < nodes[i].count; d++) {
            int b = dependents[nodes[i].first + d];
            if (--nodes[b].remaining == 0) ready[tail++] = b;
        }
    }
    return failed || done < n ? 1 : 0;
}
