#ifndef BOSUN_PROCESS_SPAWN_H
#define BOSUN_PROCESS_SPAWN_H

#include <sys/types.h>
// The event loop's system calls, which Swift's Glibc module leaves out.
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) as the leader of a new process group,
/// in `directory`, with its standard input, output and error on the given descriptors, every
/// signal at its default disposition and unblocked, and no other descriptor open.
/// Returns 0 and sets `*pid`, or returns the errno of the failure (the child never ran).
int bosun_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid);

/// A descriptor that becomes readable when `pid` exits (pidfd_open(2)), or -1 with errno set
/// (ENOSYS before Linux 5.3).
int bosun_pidfd_open(pid_t pid);

/// pipe2(fds, O_CLOEXEC): pipe2 is a GNU extension, not in Swift's view of <unistd.h>.
int bosun_pipe_cloexec(int fds[2]);

/// The environment of this process (`environ`), for children that inherit it unchanged.
char *const *bosun_environ(void);

#endif
