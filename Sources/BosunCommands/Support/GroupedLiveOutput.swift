import Dispatch
import Execution
import Foundation
import Rendering
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows a run the way ``GroupedRunView`` lays it out: finished steps' grouped output scrolling
/// above a status area of the running steps, which a timer redraws a few times a second (never
/// once per output line, so a chatty step costs a buffer append, not a terminal write).
/// Without `live` (not a terminal, with `--quiet`) there is no status area: only the finished
/// steps' blocks are printed.
///
/// The view is pure; this writer owns the clock, the terminal's size, the timer, and the pauses
/// while a prompt asks on the terminal (see ``pause()``). Events arrive masked (``RedactingObserver``).
final class GroupedLiveOutput: ExecutionObserver, Sendable {
    private struct State {
        var view: GroupedRunView
        var area = StatusArea()
        /// Prompts open on the terminal: while any is, nothing is drawn or printed.
        var pauses = 0
        /// Text to print above the area, not written yet (held while a prompt is open, or until
        /// the next frame when one was just drawn).
        var pending = ""
        /// When the last frame was written (monotonic seconds).
        var lastFrame = -Double.infinity
        var timer: (any DispatchSourceTimer)?
        var ended = false
    }

    private let console: Console
    private let live: Bool
    private let state: Mutex<State>
    /// How often the timer redraws the status area while steps run.
    static let redrawInterval = DispatchTimeInterval.milliseconds(150)
    /// A step's start or end draws a frame at once unless one was drawn this recently (seconds):
    /// 2,000 short steps make at most 20 frames a second, not 4,000.
    static let minimumFrameGap = 0.05

    init(console: Console, quiet: Bool, live: Bool) {
        self.console = console
        self.live = live
        state = Mutex(State(view: GroupedRunView(settings: .init(style: console.style, quiet: quiet))))
    }

    func handle(_ event: ExecutionEvent) {
        let now = Self.now()
        state.withLock { state in
            let above = state.view.apply(event, at: now) ?? ""
            switch event {
            case .runStarted:
                startTimer(&state)
                show(above: above, &state, at: now)
            case .runFinished:
                end(&state, above: above)
            case .stepStarted, .stepFinished, .rollbackStarted:
                show(above: above, &state, at: now)
            default:
                // A command or a line of output changes only the status area: the next tick draws it.
                if !above.isEmpty { show(above: above, &state, at: now) }
            }
        }
    }

    /// Names the run in the note about lines not kept in memory.
    func named(runID: String) {
        state.withLock { $0.view.settings.runID = runID }
    }

    /// Stops drawing and erases the status area until as many ``resume()`` calls: for a question
    /// asked on the terminal, which the area must not overwrite.
    func pause() {
        state.withLock { state in
            state.pauses += 1
            if state.pauses == 1 { write(state.area.clear()) }
        }
    }

    func resume() {
        let now = Self.now()
        state.withLock { state in
            state.pauses = max(0, state.pauses - 1)
            if state.pauses == 0 && !state.ended { frame(&state, at: now) }
        }
    }

    /// Runs `body` (which prints to standard error: a warning, Ctrl-C's notice) with the status
    /// area erased, then draws it again.
    func aside(_ body: () -> Void) {
        let now = Self.now()
        state.withLock { state in
            write(state.area.clear())
            body()
            if state.pauses == 0 && !state.ended && live { frame(&state, at: now) }
        }
    }

    /// Leaves no status area behind (the run ended, or never got to its end) and stops the timer.
    func finish() {
        state.withLock { state in
            if !state.ended { end(&state, above: "") }
        }
    }

    private func end(_ state: inout State, above: String) {
        state.ended = true
        state.timer?.cancel()
        state.timer = nil
        write(state.area.clear() + state.pending + above)
        state.pending = ""
    }

    private func show(above: String, _ state: inout State, at now: Double) {
        state.pending += above
        guard state.pauses == 0, !state.ended else { return }
        if !live {
            write(state.pending)
            state.pending = ""
        } else if now - state.lastFrame >= Self.minimumFrameGap {
            frame(&state, at: now)
        }
    }

    /// Writes what is pending above the area and the area as it is now, in one write.
    private func frame(_ state: inout State, at now: Double) {
        let (columns, rows) = Self.terminalSize()
        // Fewer lines than the screen has, or moving up over the area would stop at its top.
        let lines = state.view.statusLines(at: now, width: columns, height: min(40, rows - 2))
        guard let text = state.area.replace(above: state.pending, with: lines) else { return }
        state.pending = ""
        state.lastFrame = now
        write(text)
    }

    private func tick() {
        let now = Self.now()
        state.withLock { state in
            if state.pauses == 0 && !state.ended { frame(&state, at: now) }
        }
    }

    private func startTimer(_ state: inout State) {
        guard live, state.timer == nil, !state.ended else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + Self.redrawInterval, repeating: Self.redrawInterval, leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        state.timer = timer
    }

    private func write(_ text: String) {
        if !text.isEmpty { console.output(text) }
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Standard output's columns and rows (TIOCGWINSZ), 80×24 when it cannot tell.
    static func terminalSize() -> (columns: Int, rows: Int) {
        var size = winsize()
        let status = withUnsafeMutablePointer(to: &size) { ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0) }
        guard status == 0 else { return (80, 24) }
        return (size.ws_col > 0 ? Int(size.ws_col) : 80, size.ws_row > 0 ? Int(size.ws_row) : 24)
    }
}

/// Asks through another gate with the live status area paused, so that the question on the
/// terminal (``TerminalApproval``) is not drawn over; prompts are asked one at a time, and the
/// area stays away until the last one open is answered.
struct LiveAreaPausingApproval: ApprovalGate {
    let inner: any ApprovalGate
    let output: GroupedLiveOutput

    func approve(prompt: String, stepID: String) async -> Bool {
        output.pause()
        defer { output.resume() }
        return await inner.approve(prompt: prompt, stepID: stepID)
    }

    var denialMessage: String { inner.denialMessage }

    func decide(prompt: String, context: CommandContext) async -> ApprovalVerdict {
        output.pause()
        defer { output.resume() }
        return await inner.decide(prompt: prompt, context: context)
    }
}
