import Foundation
import PlanModel

/// The folders a run's commands write into, made before the first step starts (the journal has
/// already created the run folder itself).
enum RunWorkspace {
    static func prepare(for plan: CompiledPlan) throws {
        // Terraform writes plan files there (`plan -out=<run>/terraform/<step>.tfplan`) but does
        // not create missing folders.
        if plan.steps.contains(where: { $0.kind == .terraform }) {
            try FileManager.default.createDirectory(
                atPath: plan.runDirectory + "/terraform", withIntermediateDirectories: true)
        }
        // Files steps read from the run folder (a kustomize overlay with the release's images).
        for file in plan.steps.flatMap(\.runFiles) {
            try FileManager.default.createDirectory(
                atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: file.path), options: .atomic)
        }
    }
}
