import Foundation
import PlanModel
import Providers

/// What a step reads of the plan's folder beyond the path its kind names: the files and folders
/// a `run:` argv names, and the files kustomizations name in turn (a base, a patch). `bosun diff`
/// shows a change to any of them as a change of the step; nothing here is refused or reported,
/// since kubectl, not Bosun, reads them.
extension StepExpander {
    /// Records the words of `argv` that name a file or folder inside the plan's folder (a folder
    /// counts with everything below it, and with what a kustomization in it names). A flag's
    /// value counts too (`--filename=k8s/app.yaml`); the program only when it is a path
    /// (`./deploy.sh`), since a bare name is looked up on PATH.
    mutating func noteNamedPaths(in argv: [String], into step: inout CompiledStep) {
        for (position, word) in argv.enumerated() where position > 0 || word.contains("/") {
            guard let (relative, isFolder) = planPath(named: word) else { continue }
            note(relative, into: &step)
            if isFolder { noteKustomization(in: relative, into: &step) }
        }
    }

    /// Records every file and folder the kustomization in `folder` (relative to the plan's
    /// folder) names, through its bases and resources, that lies inside the plan's folder.
    mutating func noteKustomization(in folder: String, into step: inout CompiledStep) {
        let absolute = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: context.planFolder + "/")).standardizedFileURL.path
        guard KustomizationReader.file(in: absolute) != nil else { return }
        var reading = KustomizationReader(folder: context.folder)
        _ = reading.deployments(in: absolute) { _, _ in [] }
        for path in reading.read { note(path, into: &step) }
    }

    /// Records the provider's path parameters (a kubeconfig) that lie inside the plan's folder:
    /// the connect step reads them. `values` are command words (`{plan}/kube.yaml`).
    mutating func noteProviderPaths(_ values: [String: String], of profile: ProviderProfile, into step: inout CompiledStep) {
        let folders = PlanFolders(run: CommandWord.run, plan: context.planFolder)
        for name in values.keys.sorted() where profile.parameter(named: name)?.isPath == true {
            let path = CommandWord.resolve(values[name]!, in: folders) ?? values[name]!
            if let (relative, _) = planPath(named: path) { note(relative, into: &step) }
        }
    }

    private func note(_ relative: String, into step: inout CompiledStep) {
        if !step.files.contains(relative) { step.files.append(relative) }
    }

    /// The path inside the plan's folder that `word` names, relative to it ("." for the folder
    /// itself), when something is there; nil for words that name nothing of the folder.
    private func planPath(named word: String) -> (relative: String, isFolder: Bool)? {
        var candidate = Substring(word)
        if candidate.hasPrefix("-") {
            guard let equals = candidate.firstIndex(of: "=") else { return nil }
            candidate = candidate[candidate.index(after: equals)...]
        }
        guard !candidate.isEmpty, !candidate.contains("\n") else { return nil }
        let folder = context.folder
        let absolute = candidate.hasPrefix("/") ? String(candidate) : folder.path + "/" + candidate
        let lexical = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let relative = folder.name(of: lexical)
        var isFolder: ObjCBool = false
        guard !relative.hasPrefix("/"), FileManager.default.fileExists(atPath: lexical, isDirectory: &isFolder) else { return nil }
        return (relative, isFolder.boolValue)
    }
}
