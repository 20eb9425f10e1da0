import ArgumentParser
import Deployment
import Execution
import Foundation
import Rendering

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: what ran, how each step ended, and optionally its output.",
        discussion: "RUN is a run id from `bosun runs`, or `last` for the newest run.")

    @Argument(help: "The run id, or `last`.") var runID: String
    @OptionGroup var state: StateOptions
    @Flag(help: "Also print each step's log (commands and output).") var logs = false
    @Flag(help: "Print JSON (the run and its step records) instead of text.") var json = false

    func run() throws {
        let console = Console()
        let store = RunStore(stateDir: state.resolvedStateDirectory)
        let metadata: RunMetadata
        let records: [StepRecord]
        do {
            (metadata, records) = try store.load(try RunReference(runID).resolve(in: store))
        } catch {
            throw CommandFailure("\(error)")
        }
        if json {
            console.output(RunDocument.json(metadata: metadata, steps: records) + "\n")
            return
        }
        console.output(RunDetailRenderer.render(metadata: metadata, records: records, style: console.style))
        if logs {
            let logs = store.logs(runID: metadata.runID, steps: records.map(\.id))
            for record in records {
                guard let text = logs[record.id] else { continue }
                console.line("")
                console.line(console.style.bold("── \(record.id) ──"))
                console.output(text)
            }
        }
    }
}
