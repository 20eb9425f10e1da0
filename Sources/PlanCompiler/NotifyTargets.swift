import BosunBasics
import PlanLoading

/// The webhooks of a plan's runs on one environment: the plan's `notify:` and then the
/// environment's, each with its `${…}` resolved (a secret variable or `${env:NAME}` may hold the
/// URL, which is then masked like any secret), without repeats.
enum NotifyTargets {
    static func resolve(_ document: PlanDocument, environment: EnvironmentSpec, scope: inout VariableScope,
                        into diagnostics: inout DiagnosticBag) -> [String] {
        var urls: [String] = []
        for written in document.notify + environment.notify {
            let url = scope.interpolate(written, &diagnostics)
            // A literal was checked by the loader; a resolved one is checked here.
            if written.value.contains("${"), let problem = WebhookURL.problem(url) {
                diagnostics.error("'notify' takes http or https URLs with a host: once its variables are resolved, \(problem)",
                                  at: written.location, hint: "check the variables it uses")
                continue
            }
            if !urls.contains(url) { urls.append(url) }
        }
        return urls
    }
}
