#ifndef BOSUN_PROCESS_SPAWN_H
#define BOSUN_PROCESS_SPAWN_H

#ifdef __linux__
#include <sys/types.h>
// The event loop's system calls, which Swift's Glibc module leaves out.
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) as the leader of a new process group,
/// in `directory`, with its standard input, output and error on the given descriptors, every
/// signal at its default disposition and unblocked, no other descriptor open, and SIGKILL as its
/// parent-death signal (it dies when the calling *thread* ends, so call it from one that lives
/// as long as Bosun). Returns 0 and sets `*pid`, or returns the errno of the failure (the child
/// never ran the program, and was reaped).
int bosun_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid);

/// A descriptor that becomes readable when `pid` exits (pidfd_open(2)), or -1 with errno set
/// (ENOSYS before Linux 5.3).
int bosun_pidfd_open(pid_t pid);

/// 1 if child `pid` has exited (it is left a zombie, still to be reaped), 0 if it runs, -1 with
/// errno set: waitid with WNOWAIT, whose siginfo_t union Swift reads poorly.
int bosun_has_exited(pid_t pid);

/// pipe2(fds, O_CLOEXEC): pipe2 is a GNU extension, not in Swift's view of <unistd.h>.
int bosun_pipe_cloexec(int fds[2]);

/// The environment of this process (`environ`), for children that inherit it unchanged.
char *const *bosun_environ(void);

/// Marks the calling thread as the one that runs the event loop known by `loop` (any address
/// that names it); `bosun_current_loop` returns it on that thread, NULL elsewhere. A
/// thread-local: asking which loop, if any, is running here costs no system call.
void bosun_set_current_loop(const void *loop);
const void *bosun_current_loop(void);
#endif

#endif
