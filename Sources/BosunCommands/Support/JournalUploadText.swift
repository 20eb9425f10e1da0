import Execution

/// After a run's summary: where its journal was uploaded (`state.s3`), or, loudly on standard
/// error, that it was not and why, in the aws CLI's words. Either way the run ended as the
/// summary says: the upload never changes the exit status.
enum JournalUploadText {
    static func show(_ upload: JournalUploadOutcome, runID: String, journal: String?, console: Console) {
        switch upload {
        case .uploaded(let destination, _):
            console.line(console.style.dim("journal uploaded to \(destination)"))
        case .failed(let destination, let reason):
            let kept = journal.map { "it is kept on this machine in \($0)" } ?? "it is kept on this machine"
            console.progress(console.errorStyle.warning("warning: ")
                + "the journal of run \(runID) was not uploaded to \(destination): \(reason)\n"
                + "  \(kept); the run's outcome and exit status are unchanged")
        }
    }
}
