/// Resolving the `{run}` and `{plan}` tokens of a compiled plan's commands (``CommandWord``).
extension StepCommand {
    /// The command with its tokens resolved word by word: the folders from `folders`, captured
    /// values from `captures` (kept as written when nil). Nil when a capture it names is missing.
    /// Standard input is data, not a word: it is sent as written.
    package func resolved(in folders: PlanFolders, captures: ((String) -> String?)? = nil) -> StepCommand? {
        guard case .exec(var exec) = self, exec.hasTokens else { return self }
        var argv: [String] = []
        argv.reserveCapacity(exec.argv.count)
        for word in exec.argv {
            guard let resolved = CommandWord.resolve(word, in: folders, captures: captures) else { return nil }
            argv.append(resolved)
        }
        exec.argv = argv
        if let file = exec.stdoutFile {
            guard let resolved = CommandWord.resolve(file, in: folders, captures: captures) else { return nil }
            exec.stdoutFile = resolved
        }
        for (name, value) in exec.environment {
            guard let resolved = CommandWord.resolve(value, in: folders, captures: captures) else { return nil }
            exec.environment[name] = resolved
        }
        return .exec(exec)
    }
}

extension ExecCommand {
    /// Whether any word of the command holds a token (or an escaped `{`).
    var hasTokens: Bool {
        argv.contains(where: CommandWord.hasTokens) || stdoutFile.map(CommandWord.hasTokens) == true
            || environment.values.contains(where: CommandWord.hasTokens)
    }
}

extension GeneratedFile {
    /// The file as written into the run folder: its path resolved, and the folders in its contents
    /// named relative to the file's own folder (kustomize refuses absolute resources).
    package func resolved(in folders: PlanFolders) -> GeneratedFile {
        let path = CommandWord.resolve(path, in: folders) ?? path
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        return GeneratedFile(path: path, contents: CommandWord.resolve(contents, in: folders.relative(from: folder)) ?? contents)
    }
}

extension CompiledPlan {
    /// The plan as people read it, as if its folders were `folders`: every command's tokens
    /// written as the folders they stand for (a dry run's `<state>/runs/<run>`), captures kept as
    /// `{capture:NAME}`. It is not meant to be digested or journaled: the compiled plan is.
    package func shown(in folders: PlanFolders) -> CompiledPlan {
        var plan = self
        plan.runDirectory = folders.run
        plan.workingDirectory = folders.plan
        let show = { (command: StepCommand) in command.resolved(in: folders) ?? command }
        plan.kubeconfig = CommandWord.resolve(kubeconfig, in: folders) ?? kubeconfig
        plan.steps = steps.map { step in
            var step = step
            step.commands = step.commands.map(show)
            step.onFailure = step.onFailure.map(show)
            step.preview = step.preview.map(show)
            step.runFiles = step.runFiles.map { $0.resolved(in: folders) }
            return step
        }
        plan.providerCheck = providerCheck.map(show)
        return plan
    }

    /// ``shown(in:)`` with the plan's own folders.
    package func shown() -> CompiledPlan { shown(in: folders) }

    /// The kubeconfig's path on this machine.
    package var kubeconfigPath: String { CommandWord.resolve(kubeconfig, in: folders) ?? kubeconfig }
}
