import BosunBasics
import Foundation
import PlanModel

/// The folders a run's commands write into, made before the first step starts (the journal has
/// already created the run folder itself).
enum RunWorkspace {
    static func prepare(for plan: CompiledPlan) throws {
        // Terraform writes plan files there (`plan -out=<run>/terraform/<step>.tfplan`) but does
        // not create missing folders.
        if plan.steps.contains(where: { $0.kind == .terraform }) {
            try PrivateFiles.createFolder(plan.runDirectory + "/terraform")
        }
        // Files steps read from the run folder (a kustomize overlay with the release's images),
        // with the run's folders filled in now that they are known.
        for file in plan.steps.flatMap(\.runFiles).map({ $0.resolved(in: plan.folders) }) {
            try PrivateFiles.createFolder((file.path as NSString).deletingLastPathComponent)
            try PrivateFiles.write(Array(file.contents.utf8), to: file.path)
        }
    }
}
