import BosunBasics
import PlanGraph

/// The compiled plan as JSON in one pass: byte for byte what its `Codable` conformance gives
/// through `JSONEncoder` with sorted keys and unescaped slashes (tests compare the two), so that
/// `plan.json` reads back with `JSONDecoder` and ``PlanDigest`` values stay what they were.
/// A run writes this for every step twice before its first step starts (the journal's copy and
/// the digest); through `JSONEncoder` that cost ~30 µs a step.
extension CompiledPlan {
    package func json(pretty: Bool) -> [UInt8] {
        var json = JSONWriter(pretty: pretty, reservingCapacity: 512 * steps.count + 1024)
        json.object { json in
            json.field("clusterLock", clusterLock)
            json.field("criticalPath") { $0.array(ints: criticalPath) }
            json.field("description", description)
            json.field("environment", environment)
            json.field("graph") { json in
                json.object { json in
                    json.field("dependencies") { $0.array(nested: graph.dependencies) }
                    json.field("dependents") { $0.array(nested: graph.dependents) }
                }
            }
            json.field("journalUpload", journalUpload)
            json.field("kubeconfig", kubeconfig)
            json.field("levels") { $0.array(ints: levels) }
            json.field("lockLeaseSeconds", lockLeaseSeconds)
            json.field("planFile", planFile)
            json.field("planName", planName)
            json.field("providerCheck") { $0.array(commands: providerCheck) }
            json.field("recordsKept", recordsKept)
            json.field("runDirectory", runDirectory)
            json.field("steps") { json in json.array { json in for step in steps { json.step(step) } } }
            json.field("tools") { json in json.array { json in for tool in tools { json.value(tool) } } }
            json.field("variables", variables)
            json.field("workingDirectory", workingDirectory)
        }
        return json.bytes
    }
}

private extension JSONWriter {
    mutating func array(ints: [Int]) {
        array { json in for value in ints { json.value(value) } }
    }

    mutating func array(nested: [[Int]]) {
        array { json in for row in nested { json.array(ints: row) } }
    }

    mutating func array(commands: [StepCommand]) {
        array { json in for command in commands { json.command(command) } }
    }

    mutating func step(_ step: CompiledStep) {
        object { json in
            json.field("changesFrom", step.changesFrom)
            json.field("commands") { $0.array(commands: step.commands) }
            json.field("files", step.files)
            json.field("id", step.id)
            json.field("idempotent", step.idempotent)
            json.field("intent") { $0.value(step.intent) }
            json.field("kind", step.kind.rawValue)
            json.field("location") { json in
                json.object { json in
                    json.field("column", step.location.column)
                    json.field("file", step.location.file)
                    json.field("line", step.location.line)
                }
            }
            json.field("onFailure") { $0.array(commands: step.onFailure) }
            json.field("phase", step.phase)
            json.field("pool", step.pool)
            json.field("retries", step.retries)
            json.field("runFiles") { json in
                json.array { json in
                    for file in step.runFiles {
                        json.object { json in
                            json.field("contents", file.contents)
                            json.field("path", file.path)
                        }
                    }
                }
            }
            json.field("summary", step.summary)
            json.field("timeout", step.timeout)
            json.field("variables", step.variables)
        }
    }

    /// Synthesized enum coding: the case name, holding its unlabeled value as `_0`.
    mutating func command(_ command: StepCommand) {
        object { json in
            switch command {
            case .approval(let prompt):
                json.field("approval") { json in json.object { $0.field("prompt", prompt) } }
            case .clusterLease(let lease):
                json.field("clusterLease") { json in json.object { $0.field("lease", lease) } }
            case .exec(let exec):
                json.field("exec") { json in json.object { json in json.field("_0") { $0.exec(exec) } } }
            case .httpCheck(let check):
                json.field("httpCheck") { json in json.object { json in json.field("_0") { $0.httpCheck(check) } } }
            }
        }
    }

    mutating func exec(_ exec: ExecCommand) {
        object { json in
            json.field("argv", exec.argv)
            json.field("captureAs", exec.captureAs)
            json.field("environment", exec.environment)
            json.field("expectOutput", exec.expectOutput)
            if let reads = exec.reads { json.field("reads") { $0.reading(reads) } }
            json.field("stdin", exec.stdin)
            json.field("stdinLabel", exec.stdinLabel)
            json.field("stdoutFile", exec.stdoutFile)
        }
    }

    mutating func httpCheck(_ check: HTTPCheck) {
        object { json in
            json.field("attempts", check.attempts)
            json.field("expectStatus", check.expectStatus)
            json.field("interval", check.interval)
            json.field("requestTimeout", check.requestTimeout)
            json.field("url", check.url)
        }
    }
}

/// Synthesized enum coding for the typed intent: `{"case": {"label": value, …}}`, `_0` for an
/// unlabeled value, an absent optional left out (plan.json and `bosun plan --format json` alike).
extension JSONWriter {
    package mutating func value(_ intent: StepIntent) {
        object { json in
            switch intent {
            case .terraformInit(let dir):
                json.field("terraformInit") { json in json.object { $0.field("dir", dir) } }
            case .terraform(let dir, let address):
                json.field("terraform") { json in json.object { json in
                    json.field("address", address)
                    json.field("dir", dir)
                } }
            case .connect(let provider, let programs):
                json.field("connect") { json in json.object { json in
                    json.field("programs", programs)
                    json.field("provider", provider)
                } }
            case .namespace(let name):
                json.field("namespace") { json in json.object { $0.field("name", name) } }
            case .apply(let paths, let render, let deployments):
                json.field("apply") { json in json.object { json in
                    json.field("deployments") { $0.array(deployments: deployments) }
                    json.field("paths", paths)
                    json.field("render", render)
                } }
            case .kustomize(let dir, let images, let deployments):
                json.field("kustomize") { json in json.object { json in
                    json.field("deployments") { $0.array(deployments: deployments) }
                    json.field("dir", dir)
                    json.field("images", images)
                } }
            case .rollout(let rollout):
                json.field("rollout") { json in json.object { json in json.field("_0") { $0.rollout(rollout) } } }
            case .check(let url):
                json.field("check") { json in json.object { $0.field("url", url) } }
            case .run(let program, let usesCluster):
                json.field("run") { json in json.object { json in
                    json.field("program", program)
                    json.field("usesCluster", usesCluster)
                } }
            case .approve(let prompt):
                json.field("approve") { json in json.object { $0.field("prompt", prompt) } }
            case .serviceRollback(let deployment, let toRevision):
                json.field("serviceRollback") { json in json.object { json in
                    json.field("deployment") { $0.deployment(deployment) }
                    json.field("toRevision", toRevision)
                } }
            case .barrier:
                json.field("barrier") { json in json.object { _ in } }
            case .clusterLock(let lease):
                json.field("clusterLock") { json in json.object { $0.field("lease", lease) } }
            }
        }
    }

    private mutating func rollout(_ rollout: RolloutIntent) {
        object { json in
            json.field("container", rollout.container)
            json.field("deployment") { $0.deployment(rollout.deployment) }
            json.field("health", rollout.health)
            json.field("image", rollout.image)
            json.field("timeout", rollout.timeout)
        }
    }

    private mutating func array(deployments: [DeploymentRef]) {
        array { json in for deployment in deployments { json.deployment(deployment) } }
    }

    mutating func reading(_ reading: OutputReading) {
        object { json in
            switch reading {
            case .deployment(let deployment, let moment, let required):
                json.field("deployment") { json in json.object { json in
                    json.field("_0") { $0.deployment(deployment) }
                    json.field("moment", moment.rawValue)
                    json.field("required", required)
                } }
            case .revisions(let choice):
                json.field("revisions") { json in json.object { json in
                    json.field("_0") { json in json.object { json in
                        json.field("deployment") { $0.deployment(choice.deployment) }
                        json.field("toRevision", choice.toRevision)
                        json.field("verdicts") { json in json.object { json in
                            for key in choice.verdicts.keys.sorted() { json.field(key, choice.verdicts[key]) }
                        } }
                    } }
                } }
            }
        }
    }
}

extension JSONWriter {
    /// A deployment reference as its `Codable` conformance writes it (plan.json, events and run.json alike).
    package mutating func deployment(_ deployment: DeploymentRef) {
        object { json in
            json.field("name", deployment.name)
            json.field("namespace", deployment.namespace)
        }
    }

    /// A tool requirement as its `Codable` conformance writes it (plan.json and plan output alike).
    package mutating func value(_ tool: ToolRequirement) {
        object { json in
            json.field("program", tool.program)
            json.field("provider", tool.provider)
            json.field("steps", tool.steps)
            json.field("versionArgv", tool.versionArgv)
        }
    }
}
