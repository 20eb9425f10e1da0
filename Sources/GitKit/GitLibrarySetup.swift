import Foundation

/// libgit2's one-time set-up, started early so that a command does not wait for it.
///
/// libgit2 (Debian's, built with mbedTLS) reads and parses the system's whole CA bundle while it
/// initializes, for HTTPS remotes Bosun never uses: measured at 4.5 ms of CPU, a third of a
/// 1-step `bosun apply`. Started on a thread of its own while the command line is parsed and the
/// plan read, it costs a command nothing it would wait for on a machine with a second core; the
/// first call that needs libgit2 waits for it to finish, never for a second start.
package enum GitLibrarySetup {
    /// Returns at once; libgit2 is set up on another thread.
    package static func startInBackground() {
        let thread = Thread { LibGit2.ensureInitialized() }
        thread.name = "bosun.libgit2-setup"
        thread.start()
    }
}
