// swift-tools-version: 6.2
// A libFuzzer target for plans, kept out of the main package so that normal builds never need
// the fuzzer runtime: each input is loaded and, when it loads, compiled for every environment,
// so that variable resolution and the compiler are fuzzed as well as the loader. Built and run by
// `make fuzz` (and, time-boxed, by CI).
//
// SwiftPM gives an executable its own `main`, which clashes with libFuzzer's, so the code is
// linked with libFuzzer's no-main runtime and `main` hands control to `LLVMFuzzerRunDriver`.
// Coverage instrumentation must reach every module (Yams, its C libyaml, the loader, the
// compiler), so it is passed on the command line by `make fuzz`, not set here.
import PackageDescription

let package = Package(
    name: "BosunFuzz",
    dependencies: [.package(name: "Bosun", path: "../..")],
    targets: [
        .executableTarget(
            name: "PlanFuzzer",
            dependencies: [
                .product(name: "BosunPlanLoading", package: "Bosun"),
                .product(name: "BosunPlanCompiler", package: "Bosun"),
            ],
            linkerSettings: [.unsafeFlags(["-sanitize=address", "-Xlinker", "--whole-archive",
                                           "-Xlinker", "/opt/swift/usr/lib/clang/21/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a",
                                           "-Xlinker", "--no-whole-archive", "-lstdc++"])]
        ),
    ]
)
