// Starting a step's process. Written in C because the child must run code between fork and exec
// (prctl, which posix_spawn cannot do) and because Swift does not import the variadic syscall(2)
// that pidfd_open and close_range need.
#define _GNU_SOURCE
#include "process_spawn.h"

#ifndef __linux__
#error "Bosun starts child processes with clone, prctl and pidfd_open: it builds on Linux only"
#endif

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct child_arguments {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *directory;
    int fds[3];
    pid_t parent;
    // Written by the child before it gives up; read by the parent once the child has exec'd or
    // exited (CLONE_VFORK suspends the parent until then, and CLONE_VM shares this memory).
    volatile int error;
};

static void close_from_3(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3, ~0U, 0) == 0) return;
#endif
    // Before Linux 5.9. Bosun opens everything close-on-exec; this catches what it inherited.
    struct rlimit limit;
    long last = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? (long)limit.rlim_cur : 65536;
    if (last > 65536) last = 65536;
    for (long fd = 3; fd < last; fd++) close((int)fd);
}

// Runs in the child, on its own stack but in the parent's memory: only system calls, no
// allocation, no locks, nothing that returns into the parent's frames.
static int child_main(void *raw) {
    struct child_arguments *args = raw;
    // Every signal was blocked by the parent before clone, so none of its handlers can run here
    // in its memory. Back to the defaults first, then unblocked just before exec.
    struct sigaction fallback = {.sa_handler = SIG_DFL};
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP) sigaction(signal, &fallback, NULL);
    }
    // Its own group, so one signal reaches everything the command starts, and Ctrl-C at the
    // terminal reaches Bosun only (which then stops children on its own terms).
    if (setpgid(0, 0) != 0) goto failed;
    // Dies with Bosun, even by kill -9. The signal fires when the *thread* that cloned this child
    // ends, which is why every child is started from the reactor's one long-lived thread.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) goto failed;
    // Bosun may have died before prctl took effect: then no signal will ever come.
    if (getppid() != args->parent) {
        args->error = ESRCH;
        _exit(127);
    }
    for (int target = 0; target < 3; target++) {
        int fd = args->fds[target];
        if (fd == target) {
            // dup2 onto itself keeps close-on-exec: clear it, or the child would lose the stream.
            if (fcntl(fd, F_SETFD, 0) != 0) goto failed;
        } else if (dup2(fd, target) < 0) {
            goto failed;
        }
    }
    close_from_3();
    if (args->directory != NULL && chdir(args->directory) != 0) goto failed;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(args->path, args->argv, args->envp);
failed:
    args->error = errno != 0 ? errno : EINVAL;
    _exit(127);
}

int bosun_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid) {
    struct child_arguments args = {
        .path = path, .argv = argv, .envp = envp, .directory = directory,
        .fds = {stdin_fd, stdout_fd, stderr_fd}, .parent = getpid(), .error = 0,
    };
    // The child's stack, on ours: it lives until exec (CLONE_VFORK), as in musl's posix_spawn.
    _Alignas(16) char stack[16 * 1024];
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    pid_t child = clone(child_main, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
    int error = child < 0 ? errno : args.error;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (child < 0) return error;
    if (error != 0) {
        // It never ran the program: reap it here, it is nobody else's.
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
        return error;
    }
    *pid = child;
    return 0;
}

int bosun_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int bosun_has_exited(pid_t pid) {
    siginfo_t info = {0};
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return -1;
    return info.si_pid == pid ? 1 : 0;
}

int bosun_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

char *const *bosun_environ(void) {
    return environ;
}

static _Thread_local const void *current_loop;

void bosun_set_current_loop(const void *loop) { current_loop = loop; }

const void *bosun_current_loop(void) { return current_loop; }
