// swift-tools-version: 6.2
import PackageDescription

// Layers, lowest first; a module imports only modules above it in this list.
//   BosunBasics    diagnostics, source locations, durations
//   BuildInfo      the version, and the commit the binary is built from (Plugins/BuildInfoPlugin)
//   CLibGit2       the system libgit2 C API (pkg-config libgit2)
//   GitKit         a safe Swift wrapper over libgit2: revisions, trees at a commit, status, diffs
//   PlanGraph      domain-free DAG algorithms (levels, critical path, cycles)
//   PlanModel      the compiled plan: steps, their exact commands, the DAG
//   PlanLoading    YAML -> the plan as written, with every error located
//   Providers      provider profiles from providers/*.yaml
//   PlanCompiler   written plan + environment + profiles -> CompiledPlan
//   CProcessSpawn  clone(CLONE_VFORK) into a new process group with a parent-death signal, pidfd_open (C: Swift cannot)
//   Execution      scheduler, CommandRunner implementations, child processes, tool preflight, run journal
//   Revisions      plans at git revisions: checkouts, pins, protected-environment rules, history, diffs
//   ChangePreview  what a run would change: each step's read-only probe (terraform plan, kubectl
//                  diff, the live deployment and namespace) run through the executor, and read
//                  into one report
//   Deployment     the application: apply, plan, rollback, resume and source selection as calls
//                  with typed requests, results and errors
//   Rendering      text / JSON / DOT / Mermaid views of compiled plans and runs; run reports
//                  (JUnit, GitHub annotations, GitLab code quality, HTML)
//   Sandbox        a local stand-in for a Kubernetes API server (tests and demos; needs nothing above)
//   BosunCommands  the CLI: argument parsing and wiring only
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

// Release builds (`make install`, `make bench`) link libgit2 and the libraries it needs into the
// binary: loading libgit2.so and the 14 shared libraries behind it cost every command 2 ms of
// start-up (a C program calling git_libgit2_version starts in 3.55 ms with them, 1.45 ms
// without). GSSAPI stays shared: Debian ships no static one. Debug builds link the shared ones.
let staticLibGit2 = (
    swift: [SwiftSetting.unsafeFlags(["-Xfrontend", "-disable-autolink-library", "-Xfrontend", "git2"], .when(configuration: .release))],
    linker: [LinkerSetting.unsafeFlags(
        ["git2", "mbedtls", "mbedx509", "mbedcrypto", "http_parser", "ssh2", "pcre2-8", "z", "crypto"].flatMap { ["-Xlinker", "-l:lib\($0).a"] }
            + ["-Xlinker", "-l:libgssapi_krb5.so.2"],
        .when(configuration: .release))]
)

/// For the modules that import GitKit (so see libgit2's module map and would link libgit2.so).
let seesLibGit2 = strictSettings + staticLibGit2.swift

let package = Package(
    name: "Bosun",
    platforms: [.macOS(.v15)],  // the floor for Mutex only: Execution (clone, epoll, pidfd) builds on Linux alone, and says so with #error elsewhere
    products: [
        .executable(name: "bosun", targets: ["bosun"]),
        // For the fuzzer in Tests/Fuzz (a separate package, so normal builds never need libFuzzer).
        .library(name: "BosunPlanLoading", targets: ["PlanLoading"]),
        .library(name: "BosunPlanCompiler", targets: ["PlanCompiler", "Providers", "PlanModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Health checks (httpCheck) on SwiftNIO, which the sandbox brings anyway: URLSession would
        // link FoundationNetworking and libcurl, whose ~40 shared libraries every start-up loaded.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "BosunBasics", swiftSettings: strictSettings),
        // The version and the commit the binary is built from (`bosun --version`).
        .target(name: "BuildInfo", swiftSettings: strictSettings, plugins: ["BuildInfoPlugin"]),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        // No pkgConfig: its `-lgit2` would come first on every link line and win over the static
        // archives of release builds. Debian's git2.h is in /usr/include; the module map's
        // `link "git2"` links the shared library in debug builds (see staticLibGit2).
        .systemLibrary(name: "CLibGit2", providers: [.apt(["libgit2-dev"])]),
        .target(
            name: "GitKit", dependencies: ["CLibGit2"],
            swiftSettings: seesLibGit2, linkerSettings: staticLibGit2.linker
        ),
        // clone(CLONE_VFORK) with a parent-death signal, and pidfd_open, for the process reactor (calls Swift cannot make directly).
        .target(name: "CProcessSpawn"),
        .target(name: "PlanModel", dependencies: ["BosunBasics", "PlanGraph"], swiftSettings: strictSettings),
        .target(
            name: "PlanLoading",
            dependencies: ["BosunBasics", "Yams"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Providers",
            dependencies: ["BosunBasics", "PlanModel", "PlanLoading", "Yams"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PlanGraph",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PlanCompiler",
            dependencies: ["BosunBasics", "PlanModel", "PlanLoading", "Providers", "PlanGraph"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Execution",
            dependencies: [
                "BosunBasics", "PlanModel", "PlanGraph", "CProcessSpawn",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Revisions",
            dependencies: ["BosunBasics", "PlanModel", "Execution", "GitKit", "Yams"],
            swiftSettings: seesLibGit2
        ),
        .target(
            name: "ChangePreview",
            dependencies: ["BosunBasics", "PlanModel", "PlanGraph", "Execution", "Yams"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Deployment",
            dependencies: ["BosunBasics", "PlanModel", "PlanLoading", "Providers", "PlanCompiler", "Execution", "Revisions", "ChangePreview"],
            swiftSettings: seesLibGit2
        ),
        .target(
            name: "Rendering",
            dependencies: [
                "BosunBasics", "PlanModel", "PlanGraph", "Execution", "Revisions", "ChangePreview", "Rainbow",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: seesLibGit2
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "Yams",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "BosunCommands",
            dependencies: [
                "BosunBasics", "BuildInfo", "GitKit", "PlanLoading", "Providers", "PlanCompiler", "Execution", "Revisions", "ChangePreview", "Deployment", "Rendering", "Sandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                "Rainbow",
            ],
            swiftSettings: seesLibGit2
        ),
        .executableTarget(name: "bosun", dependencies: ["BosunCommands"], swiftSettings: seesLibGit2),

        .testTarget(name: "BosunBasicsTests", dependencies: ["BosunBasics"], swiftSettings: strictSettings),
        .testTarget(name: "PlanLoadingTests", dependencies: ["PlanLoading"], swiftSettings: strictSettings),
        .testTarget(name: "PlanGraphTests", dependencies: ["PlanGraph"], swiftSettings: strictSettings),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Execution", "PlanModel", "PlanGraph", "BosunBasics"], swiftSettings: strictSettings),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit"], swiftSettings: strictSettings),
        .testTarget(
            name: "PlanCompilerTests",
            dependencies: ["PlanCompiler", "PlanLoading", "Providers", "Execution"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ExecutionTests",
            dependencies: ["Execution", "PlanModel", "PlanGraph"],
            // Golden JSON files, read by path (#filePath) and compared byte for byte.
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        // The providers with the real aws, az and kubectl CLIs against local stand-ins (make deps installs them).
        .testTarget(
            name: "ProviderIntegrationTests",
            dependencies: ["Execution", "PlanModel"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        // Apply, resume and source rules as calls, with scripted runners and real git repositories.
        .testTarget(
            name: "DeploymentTests",
            dependencies: ["Deployment", "Execution", "PlanModel", "Revisions", "GitKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "RevisionsTests", dependencies: ["Revisions", "GitKit", "Execution"], swiftSettings: strictSettings),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox"], swiftSettings: strictSettings),
        .testTarget(
            name: "ChangePreviewTests",
            dependencies: ["ChangePreview", "Execution", "PlanModel", "Rendering"],
            // Output captured from the real kubectl and terraform, read by path (#filePath).
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BosunCommandsTests",
            dependencies: ["BosunCommands", "Execution"],
            // The JUnit schema the report tests validate against, read by path (#filePath).
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
