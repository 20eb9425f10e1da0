import BosunBasics
import Foundation
import PlanLoading
import PlanModel
import Providers

/// Terraform and connect steps: the two that depend on the environment's settings.
extension StepExpander {
    /// The environment's terraform folder and var file, or a diagnostic at `location` when it has none.
    mutating func terraformSettings(at location: SourceLocation, into step: inout CompiledStep) -> (dir: String, varFile: String?)? {
        guard let spec = context.environment.terraform else {
            diagnostics.error(
                "terraform step, but environment '\(context.environment.name.value)' has no terraform settings", at: location,
                hint: "add 'terraform: { dir: <folder>, var_file: <file> }' to environment '\(context.environment.name.value)'")
            return nil
        }
        return (existingPath(spec.dir, what: "terraform dir", into: &step).path, spec.varFile.map { scope.interpolate($0, &diagnostics) })
    }

    /// Terraform runs with `-chdir` so that every step keeps the plan's folder as working directory.
    static let terraformEnvironment = ["TF_IN_AUTOMATION": "1", "TF_INPUT": "0"]

    static func terraformInit(dir: String) -> StepCommand {
        .exec(ExecCommand(["terraform", "-chdir=\(CommandWord.escaped(dir))", "init", "-input=false", "-no-color"],
                          environment: terraformEnvironment))
    }

    mutating func expandTerraform(_ target: Located<String>, into step: inout CompiledStep) {
        let address = scope.interpolate(target, &diagnostics)
        step.summary = "terraform apply -target=\(address)"
        guard let settings = terraformSettings(at: target.location, into: &step) else { return }
        let planFile = CommandWord.inRun("terraform/\(StepNaming.fileName(for: step.id)).tfplan")
        let chdir = "-chdir=" + word(settings.dir)
        var plan = ["terraform", chdir, "plan", "-input=false", "-no-color", "-target=" + word(address)]
        if let varFile = settings.varFile { plan.append("-var-file=" + word(varFile)) }
        plan.append("-out=\(planFile)")
        step.commands = [
            .exec(ExecCommand(plan, environment: Self.terraformEnvironment)),
            .exec(ExecCommand(["terraform", chdir, "apply", "-input=false", "-no-color", planFile],
                              environment: Self.terraformEnvironment)),
        ]
        step.intent = .terraform(dir: settings.dir, address: address)
        // One terraform at a time per folder: they share its state lock.
        step.pool = "terraform:\(settings.dir)"
    }

    mutating func expandConnect(into step: inout CompiledStep, at location: SourceLocation) {
        guard let profile = context.provider else { return }
        let values = providerValues(profile)
        let target = values["cluster"] ?? values["context"]
        step.summary = "connect to \(profile.name) " + (target.map { "cluster \($0) " } ?? "") + "and check health"
        step.commands = providerCommands(profile)
        noteProviderPaths(values, of: profile, into: &step)
        step.intent = .connect(provider: profile.name, programs: Self.programs(of: step.commands))
    }

    static func programs(of commands: [StepCommand]) -> [String] {
        var programs: [String] = []
        for program in commands.compactMap({ $0.argv?.first }) where !programs.contains(program) { programs.append(program) }
        return programs
    }

    /// The profile's connect commands, then its health check whose output must match `expect`.
    mutating func providerCommands(_ profile: ProviderProfile) -> [StepCommand] {
        let values = providerValues(profile)
        var commands: [StepCommand] = profile.connect.map { template in
            let rendered = template.render(values)
            return .exec(ExecCommand(rendered.argv, stdoutFile: rendered.stdout, expectOutput: template.expect))
        }
        let health = profile.health.render(values)
        commands.append(.exec(ExecCommand(health.argv, expectOutput: profile.health.expect)))
        return commands
    }

    /// Provider parameter values as command words (variables resolved, paths made absolute, the
    /// plan's folder as `{plan}`) plus `{run_kubeconfig}`.
    private mutating func providerValues(_ profile: ProviderProfile) -> [String: String] {
        var values = [ArgvTemplate.runKubeconfig: context.kubeconfig]
        for parameter in context.environment.parameters {
            let value = scope.interpolate(Located(parameter.value.value, at: parameter.location), &diagnostics)
            if profile.parameter(named: parameter.value.name)?.isPath == true {
                let file = localFile(value, parameter: parameter.value.name, at: parameter.location)
                localFiles[file.parameter] = file
                values[parameter.value.name] = commandPath(file.path)
            } else {
                values[parameter.value.name] = word(value)
            }
        }
        return values
    }

    /// An absolute path as commands name it: `{plan}/…` inside the plan's folder (where a revision
    /// was materialized differs from run to run), else as it is.
    private func commandPath(_ absolute: String) -> String {
        let folder = context.planFolder.hasSuffix("/") ? context.planFolder : context.planFolder + "/"
        if absolute == context.planFolder { return CommandWord.plan }
        return absolute.hasPrefix(folder) ? CommandWord.inPlan(String(absolute.dropFirst(folder.count))) : word(absolute)
    }

    /// A path parameter's file: relative paths are the plan's folder's; in a revision's copy that
    /// lacks the file, the working tree's file of the same path is read (it is machine-local).
    private func localFile(_ value: String, parameter: String, at location: SourceLocation) -> LocalFile {
        let expanded = (value as NSString).expandingTildeInPath
        let isAbsolute = (expanded as NSString).isAbsolutePath
        let path = URL(fileURLWithPath: isAbsolute ? expanded : context.planFolder + "/" + expanded).standardizedFileURL.path
        if !FileManager.default.fileExists(atPath: path), !isAbsolute, let workingTree = context.workingTreeFolder {
            // Missing from both, it is the working tree's file that the user is told to create.
            let local = URL(fileURLWithPath: workingTree + "/" + expanded).standardizedFileURL.path
            let exists = FileManager.default.fileExists(atPath: local)
            return LocalFile(parameter: parameter, path: local, location: location, exists: exists, fromWorkingTree: exists)
        }
        return LocalFile(parameter: parameter, path: path, location: location,
                         exists: FileManager.default.fileExists(atPath: path), fromWorkingTree: false)
    }
}
