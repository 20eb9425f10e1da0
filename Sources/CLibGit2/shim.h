// The libgit2 C API, found through pkg-config (Debian/Ubuntu: apt-get install libgit2-dev).
#include <git2.h>
