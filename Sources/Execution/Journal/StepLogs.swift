import BosunBasics
import Foundation
import PlanModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `logs/<step>.log` files of a run. A step's file is created with its first line of output,
/// headed by the lines Bosun wrote for it so far (`$ command`, `# attempt 2`): a step that prints
/// nothing leaves no file (its commands are in `events.jsonl`, and `bosun show --logs` takes them
/// from there), which spares a 2,000-step run 2,000 file creations.
/// Not thread-safe: ``JournalWriter`` uses it from its queue only.
struct StepLogs {
    enum Work: Sendable {
        /// A line of Bosun's own about the step: written only once the step prints something.
        case note(step: String, text: String)
        /// A line the step printed.
        case output(step: String, text: String)
        case finished(step: String)
    }

    let folder: URL
    private var open: [String: Int32] = [:]
    private var notes: [String: [String]] = [:]
    /// The errno of the first failure.
    private(set) var error: Int32?

    init(folder: URL) {
        self.folder = folder
    }

    /// The file a step's output goes to: one per step, whatever its id (see ``StepFileName``).
    static func fileName(for stepID: String) -> String {
        StepFileName.of(stepID) + ".log"
    }

    /// The name journals before 2026-12 gave it (`/` as `__`, so `a/b` and `a__b` shared one).
    static func legacyFileName(for stepID: String) -> String {
        stepID.replacingOccurrences(of: "/", with: "__") + ".log"
    }

    mutating func apply(_ work: Work) {
        switch work {
        case .note(let step, let text):
            if let fd = open[step] { write(text, to: fd) } else { notes[step, default: []].append(text) }
        case .output(let step, let text):
            guard let fd = open[step] ?? create(step) else { return }
            write(text, to: fd)
        case .finished(let step):
            notes[step] = nil
            if let fd = open.removeValue(forKey: step) { _ = close(fd) }
        }
    }

    mutating func closeAll() {
        for fd in open.values { _ = close(fd) }
        open.removeAll()
        notes.removeAll()
    }

    private mutating func create(_ step: String) -> Int32? {
        let path = folder.appending(path: Self.fileName(for: step)).path
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            error = error ?? errno
            return nil
        }
        open[step] = fd
        let header = notes.removeValue(forKey: step) ?? []
        if !header.isEmpty { write(header.joined(separator: "\n"), to: fd) }
        return fd
    }

    private mutating func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        let failure = FullWrite.write(bytes, to: fd)
        if failure != 0 { error = error ?? failure }
    }
}
