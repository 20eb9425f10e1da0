import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into cancellation of a task, so that Ctrl-C (or a closed
/// terminal) stops a run the same structured way a failure does (children get SIGTERM, then
/// SIGKILL) instead of killing Bosun and leaving them behind. Child processes run in their own
/// process groups, so the terminal's Ctrl-C reaches only Bosun, which then stops them itself.
final class InterruptSignals {
    private var sources: [any DispatchSourceSignal] = []

    /// Starts listening; `onSignal` gets the signal number and how many signals arrived so far.
    init(_ onSignal: @escaping @Sendable (Int32, Int) -> Void) {
        let counter = SignalCounter()
        for number in Self.handled {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { onSignal(number, counter.increment()) }
            source.resume()
            sources.append(source)
        }
    }

    static let handled = [SIGINT, SIGTERM, SIGHUP]

    /// Restores the default dispositions.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in Self.handled { signal(number, SIG_DFL) }
    }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        default: "SIGTERM"
        }
    }
}

private final class SignalCounter: Sendable {
    private let value = Mutex(0)

    func increment() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
