import ArgumentParser
import BosunBasics
import Execution
import Foundation

/// `bosun init`: a starter plan to begin from.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter plan (deploy.yaml and k8s/web.yaml) into a folder.",
        discussion: """
            The plan has a local environment on the sandbox (`bosun sandbox start`, then `bosun apply \
            deploy.yaml --env local`) and a protected EKS environment to fill in. Nothing is written \
            when either file exists already.
            Exit status: 0 written, 2 a file exists or usage.
            """)

    @Argument(help: "The folder to write into (default: the current folder).", completion: .directory)
    var folder: String = "."

    @Option(help: "The plan's name and namespace (default: from the folder's name).") var name: String?
    @OptionGroup var state: StateOptions

    func validate() throws {
        if let name, StarterProject.name(fromFolder: name) != name {
            throw ValidationError("--name must be lowercase letters, digits and dashes, starting with a letter (like a namespace), got '\(name)'")
        }
    }

    func run() throws {
        let console = Console()
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        let planPath = root + "/" + StarterProject.planFile
        let kubeconfig = state.directory(forPlan: planPath) + "/sandbox/kubeconfig"
        let project = StarterProject(
            name: name ?? StarterProject.name(fromFolder: (root as NSString).lastPathComponent),
            sandboxKubeconfig: StarterProject.relativePath(of: kubeconfig, from: root))
        let existing = project.files.map(\.path).filter { FileManager.default.fileExists(atPath: root + "/" + $0) }
        guard existing.isEmpty else {
            throw CommandFailure("\(existing.map { root + "/" + $0 }.joined(separator: " and ")) exist\(existing.count == 1 ? "s" : ""): nothing written",
                                 status: .invalidInput)
        }
        do {
            for file in project.files {
                let path = root + "/" + file.path
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try file.text.write(toFile: path, atomically: true, encoding: .utf8)
            }
        } catch {
            throw CommandFailure("cannot write the starter plan into \(root): \(SystemErrorText.of(error))")
        }
        let trimmed = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        let shown = trimmed == "." || trimmed.isEmpty ? "" : trimmed + "/"
        console.line("wrote \(shown)\(StarterProject.planFile) (plan \(project.name)) and \(shown)\(StarterProject.manifestFile)")
        console.line("try it: bosun sandbox start && bosun apply \(shown)\(StarterProject.planFile) --env local")
    }
}
