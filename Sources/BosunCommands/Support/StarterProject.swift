import Foundation

/// What `bosun init` writes: a plan with a local sandbox environment and one cloud environment,
/// and the manifest it applies. It validates, and applies against the sandbox as written.
struct StarterProject {
    /// The plan's name and namespace.
    let name: String
    /// The sandbox's kubeconfig as the plan names it (relative to the plan's folder).
    let sandboxKubeconfig: String

    static let planFile = "deploy.yaml"
    static let manifestFile = "k8s/web.yaml"

    /// Files to write, by path relative to the folder.
    var files: [(path: String, text: String)] {
        [(Self.planFile, plan), (Self.manifestFile, manifest)]
    }

    /// A name for the plan from a folder's name: lowercase letters, digits and dashes, as a
    /// Kubernetes namespace must be.
    static func name(fromFolder folder: String) -> String {
        let words = folder.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let name = words.joined(separator: "-").prefix(40).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        guard let first = name.first, first.isLetter else { return "app" }
        return name
    }

    var plan: String {
        """
        # A starter plan from `bosun init`. Try it on the local sandbox, from this folder:
        #   bosun sandbox start
        #   bosun apply \(Self.planFile) --env local
        #   bosun apply \(Self.planFile) --env local --set version=1.27.1   # a new release
        # Then make it yours: `bosun validate \(Self.planFile)`, `bosun plan \(Self.planFile) --env prod`.
        plan: \(name)
        description: the web Deployment and its Service, released by the rollout step
        namespace: \(name)
        vars:
          version: "1.27.0"          # the image tag a release deploys

        environments:
          local:                     # the sandbox (`bosun sandbox start` writes its kubeconfig)
            provider: kubectl
            kubeconfig: \(sandboxKubeconfig)
          prod:                      # an EKS cluster: fill in yours (`bosun providers` lists the profiles)
            provider: eks
            cluster: my-cluster
            region: us-east-1
            protected: true          # runs only from a pinned or given revision (`bosun pin`, --rev)

        phases:
          - name: cluster
            steps:
              - connect: cluster     # credentials into the run's own kubeconfig, then a health check
              - namespace: \(name)

          - name: app
            steps:
              - id: web
                apply: k8s/
                render: true         # ${version} in the manifests is the plan's variable
                wait: { for: condition=Available, resource: deployment/web, timeout: 120s }
              # A release: set the image, wait for the rollout; on failure `kubectl rollout undo`.
              - id: release-web
                rollout:
                  deployment: web
                  image: "web=nginx:${version}"
                  timeout: 120s

        """
    }

    var manifest: String {
        """
        # The application: one Deployment and its Service. The container is named like the
        # Deployment, so that the plan's rollout sets its image (web=nginx:<version>).
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: \(name)
          labels: { app: web }
        spec:
          replicas: 2
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
              containers:
                - name: web
                  image: nginx:${version}
                  ports:
                    - { name: http, containerPort: 80 }
                  readinessProbe:
                    httpGet: { path: /, port: http }
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: \(name)
        spec:
          selector: { app: web }
          ports:
            - { name: http, port: 80, targetPort: http }

        """
    }

    /// `target` relative to `folder` (both absolute, standardized), for a path the plan names.
    static func relativePath(of target: String, from folder: String) -> String {
        let to = target.split(separator: "/")
        let from = folder.split(separator: "/")
        var common = 0
        while common < min(to.count, from.count) && to[common] == from[common] { common += 1 }
        // Nothing shared but the root: the absolute path says more than a chain of "..".
        guard common > 0 else { return target }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...].map(String.init)).joined(separator: "/")
    }
}
