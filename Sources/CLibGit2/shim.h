// The libgit2 C API, from /usr/include (Debian/Ubuntu: apt-get install libgit2-dev).
#include <git2.h>
