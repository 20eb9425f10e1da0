import Foundation
import PlanModel

extension RunStore {
    /// The compiled plan run `runID` ran, as its journal keeps it (`plan.json`, secrets masked):
    /// its phases, where each step is written and the DAG, for the reports `bosun show` renders.
    package func plan(runID: String) throws(RunStoreError) -> CompiledPlan {
        let file = URL(fileURLWithPath: stateDir).appending(path: "runs").appending(path: runID).appending(path: "plan.json")
        do {
            return try JournalJSON.read(CompiledPlan.self, from: file)
        } catch {
            throw .unreadable(id: runID, path: file.path, reason: "\(error)")
        }
    }
}
